"""The published XLSX: 目录 + the nine tables + the self-evaluation tables + 名词解释, each printable on its
own, text never a formula, the model embedded very hidden and read back by `check`/`build`."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE_YAML
from juesuan.core.document import EMBED_SHEET, TableBlock
from juesuan.render.xlsx import write_xlsx


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from openpyxl import load_workbook

    from juesuan.core import codec
    from juesuan.report import assemble

    model = codec.read_path(EXAMPLE_YAML)
    document = assemble(model)
    document.draft = True
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    write_xlsx(document, path)
    return model, document, path, load_workbook(path)


def test_sheet_list_is_exactly_the_published_tables(built):
    _, _, _, wb = built
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["目录", "公开01表 收入支出决算总表", "公开02表 收入决算表", "公开03表 支出决算表",
                       "公开04表 财政拨款收入支出决算总表", "公开05表 一般公共预算财政拨款支出决算表",
                       "公开06表 一般公共预算财政拨款基本支出决算明细表", "公开07表 政府性基金预算财政拨款收入支出决算表",
                       "公开08表 国有资本经营预算财政拨款支出决算表", "公开09表 财政拨款“三公”经费及会议费、培训费支出决算表",
                       "整体支出绩效自评表", "项目绩效自评表", "名词解释"]
    assert wb[EMBED_SHEET].sheet_state == "veryHidden"
    assert "单位概况" not in wb.sheetnames  # not the input workbook


def test_toc_links_every_sheet(built):
    _, _, _, wb = built
    toc = wb["目录"]
    links = [toc.cell(r, 2).hyperlink.location for r in range(3, toc.max_row + 1) if toc.cell(r, 2).hyperlink]
    assert links == [f"'{ws.title}'!A1" for ws in wb.worksheets[1:] if ws.sheet_state == "visible"]


def test_each_sheet_prints_on_its_own(built):
    from juesuan.render import _layout

    _, document, _, wb = built
    tables = {tb.title: tb for tb in document.blocks if isinstance(tb, TableBlock)}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert ws.print_area and ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert "&P" in ws.oddFooter.center.text and "草稿" in ws.oddHeader.center.text
        title = ws.cell(1, 1).value
        if title in tables and tables[title].header:
            tb = tables[title]
            assert ws.print_title_rows  # header rows repeat on every printed page
            assert ws.page_setup.orientation == ("landscape" if _layout.landscape(tb) else "portrait")
        used = range(1, ws.max_row + 1)
        assert all(ws.row_dimensions[r].height for r in used if any(c.value is not None for c in ws[r])), ws.title


def test_header_rows_have_heights_for_their_wrapped_labels(built):
    _, _, _, wb = built
    ws = wb["公开04表 财政拨款收入支出决算总表"]
    first, last = (int(x) for x in ws.print_title_rows.replace("$", "").split(":"))
    heights = [ws.row_dimensions[r].height for r in range(first, last + 1)]
    assert all(h and h >= 20 for h in heights) and max(heights) > 20  # a label on two lines gets two lines


def test_amounts_are_numbers_and_glossary_is_filled(built):
    from decimal import Decimal

    model, document, _, wb = built
    ws = wb["公开01表 收入支出决算总表"]
    numbers = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float, Decimal))]
    assert numbers and all(c.number_format == "#,##0.00" for row in ws.iter_rows() for c in row
                           if isinstance(c.value, (int, float, Decimal)))
    glossary = [ws_row[0].value for ws_row in wb["名词解释"].iter_rows(min_row=2) if ws_row[0].value]
    assert len(glossary) >= 5 and all("：" in g for g in glossary)
    assert not any(c.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_model_reads_back_through_check_and_build(built):
    from juesuan.formats import read_input

    model, _, path, _ = built
    assert read_input(path) == model
