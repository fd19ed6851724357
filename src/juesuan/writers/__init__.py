"""Writers: the report and the workbook in each output format."""
