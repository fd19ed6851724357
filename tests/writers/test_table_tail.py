"""A table longer than a page never leaves its last rows alone on the last page: the 绩效自评表's 总分 row
stays with the indicator rows before it, in the PDF and in the DOCX as LibreOffice lays it out.

The cases are project tables of 33–37 indicators after 0 or 3 paragraphs: without the keep rule each of
them printed its 总分 row alone on a page (with the repeated header above it) in the PDF, and the
34-indicator ones did so in the DOCX."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.core.document import Document, Paragraph, TableBlock
from juesuan.core.model import Evaluation, FundLine, Indicator
from juesuan.report.evaluation import overall_table, project_table

INDICATOR_ROW = re.compile(r"指标\d+：")
HEADER = re.compile(r"项目名称|部门（单位）名称")
FIRST_ROWS = re.compile(r"主要内容|项目资金")  # in the first body rows of each table


def project(n: int) -> TableBlock:
    ev = Evaluation(kind="project", name="乡村振兴专项资金项目", department="某某局", implementer="某某中心",
                    funds=[FundLine("年度资金总额", Decimal("10"), Decimal("10"), Decimal("9"), Decimal("90"))],
                    budget_weight=Decimal("10"), budget_score=Decimal("9"), total_weight=Decimal("100"),
                    total_score=Decimal("90"))
    ev.indicators = [Indicator("产出指标", f"数量指标{i // 7}", f"完成第{i}项任务", "≥1", "1", Decimal("1"),
                               Decimal("1"), "无") for i in range(n)]
    return project_table(ev, block_id="perf.project.1", title="项目支出绩效自评表", subtitle="附表")


def overall(n: int) -> TableBlock:
    ev = Evaluation(kind="overall", name="某某单位", total_weight=Decimal("100"), total_score=Decimal("90"))
    ev.indicators = [Indicator(f"产出指标{i // 9}", f"数量指标{i // 3}", f"完成第{i}项任务", "≥1", "1", Decimal("1"),
                               Decimal("1"), "") for i in range(n)]
    return overall_table(ev, block_id="perf.overall", title="部门整体支出绩效自评表", subtitle="")


def document(table: TableBlock, filler: int) -> Document:
    return Document(title="某某单位", subtitle="2024年度部门决算",
                    blocks=[*(Paragraph("本单位按要求开展绩效自评。" * 12) for _ in range(filler)), table])


CASES = [(kind, n, filler) for kind, ns in (("project", (31, 33, 34, 35, 36, 37)), ("overall", (40,)))
         for n in ns for filler in (0, 3)]


def lone_total_pages(pdf_path: Path) -> tuple[list[int], int]:
    """(pages whose table holds only the 总分 row besides the repeated header, or only the title, and the
    number of pages the table is on)."""
    import pymupdf

    lone, table_pages = [], 0
    with pymupdf.open(pdf_path) as pdf:
        for page in pdf:
            text = page.get_text()
            rows = INDICATOR_ROW.search(text)
            table_pages += bool(HEADER.search(text))  # the header rows repeat on every page of the table
            if ("总分" in text and not rows) or ("自评表" in text and not FIRST_ROWS.search(text)):
                lone.append(page.number + 1)
    return lone, table_pages


def _table(kind: str, n: int) -> TableBlock:
    return project(n) if kind == "project" else overall(n)


def test_pdf_keeps_the_total_row_with_the_table(tmp_path):
    from juesuan.render.pdf import write_pdf

    broken = 0
    for kind, n, filler in CASES:
        path = tmp_path / f"{kind}{n}_{filler}.pdf"
        write_pdf(document(_table(kind, n), filler), path)
        lone, spread = lone_total_pages(path)
        assert lone == [], (kind, n, filler)
        broken += spread >= 2
    assert broken == len(CASES)  # every table does run over a page break


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed; scripts/test.sh installs libreoffice-writer-nogui")
def test_docx_keeps_the_total_row_with_the_table(tmp_path):
    from juesuan.render.docx import write_docx

    names = []
    for kind, n, filler in CASES:
        name = f"{kind}{n}_{filler}"
        write_docx(document(_table(kind, n), filler), tmp_path / f"{name}.docx")
        names.append(name)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "lo"), *(str(tmp_path / f"{m}.docx") for m in names)],
                   check=True, capture_output=True, timeout=600)
    broken = 0
    for name in names:
        lone, spread = lone_total_pages(tmp_path / "lo" / f"{name}.pdf")
        assert lone == [], name
        broken += spread >= 2
    assert broken >= len(CASES) // 2  # most tables run over a page break (LibreOffice sets rows a little tighter)
