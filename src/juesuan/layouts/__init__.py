"""Table layouts: one definition of how a profile's table lays out a model's rows and columns, used
by every writer and reader of grids (formats/workbook) and by the report's tables (report/tables.py).

- `economic`: which codes go in which column block (profile blocks + the unit's other codes);
- `matrix`: the cells of a matrix table (三公) printed as one row of column pairs (Shanghai).
"""
