"""The 绩效自评表 keep their identifying rows as a header: repeated on each PDF page, tblHeader in the DOCX."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
from lxml import etree

from juesuan.core.document import Document, TableBlock
from juesuan.core.model import Evaluation, FundLine, Indicator
from juesuan.render.docx import write_docx
from juesuan.render.pdf import write_pdf
from juesuan.report.evaluation import overall_table, project_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAME = "乡村振兴专项资金项目"


def long_project() -> TableBlock:
    """A project table with 60 indicators: longer than one A4 page."""
    ev = Evaluation(kind="project", name=NAME, department="某某局", implementer="某某中心",
                    funds=[FundLine("年度资金总额", Decimal("10"), Decimal("10"), Decimal("9"), Decimal("90"))],
                    budget_weight=Decimal("10"), budget_score=Decimal("9"))
    ev.indicators = [Indicator("产出指标", "数量指标", f"完成第{i}项任务", "≥1", "1", Decimal("1"), Decimal("1"),
                               "无") for i in range(60)]
    return project_table(ev, block_id="perf.project.1", title="项目支出绩效自评表", subtitle="附表")


def test_header_rows_are_the_identifying_rows():
    tb = long_project()
    assert [row[0].text for row in tb.header] == ["项目名称", "主管部门"]
    assert tb.body[0][0].text == "项目资金（万元）"
    ov = overall_table(Evaluation(kind="overall", name="某某单位"), block_id="perf.overall", title="整体", subtitle="")
    assert [row[0].text for row in ov.header] == ["部门（单位）名称"]
    assert ov.body[0][0].text == "年度主要任务完成情况"


@pytest.fixture(scope="module")
def doc():
    return Document(title="某某单位", subtitle="2024年度部门决算", blocks=[long_project()])


def test_pdf_repeats_the_header_on_every_page(doc, tmp_path):
    import pymupdf

    path = tmp_path / "r.pdf"
    write_pdf(doc, path)
    with pymupdf.open(path) as pdf:
        pages = [p.get_text() for p in pdf]
    table_pages = pages[1:]  # after the cover: the table, from its title to its 总分 row
    assert len(table_pages) >= 2 and "项目支出绩效自评表" in table_pages[0] and "总分" in table_pages[-1]
    for text in table_pages:
        assert "项目名称" in text and NAME in text and "主管部门" in text


def test_docx_marks_header_rows_and_rows_never_split(doc, tmp_path):
    path = tmp_path / "r.docx"
    write_docx(doc, path)
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rows = root.findall(f".//{W}tbl/{W}tr")
    assert len(rows) == 2 + 1 + 1 + 2 + 1 + 60 + 1
    for i, tr in enumerate(rows):
        trpr = tr.find(f"{W}trPr")
        assert trpr.find(f"{W}cantSplit") is not None
        assert (trpr.find(f"{W}tblHeader") is not None) == (i < 2)
