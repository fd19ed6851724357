"""Our example's DOCX exported by LibreOffice (as most real reports are exported from WPS or Word):
every line of a justified paragraph is its own text line in the PDF, and one line closing on
punctuation may hang past the margin.  The reader joins the lines of one paragraph, so each figure
keeps its label, and the prose findings are those of the HTML build of the same example."""

from __future__ import annotations

import pytest

from conftest import DATA

PDF = DATA / "libreoffice" / "yulin-2024-libreoffice.pdf"


@pytest.fixture(scope="module")
def published():
    from juesuan.formats.published.read import read_published

    return read_published(PDF)


@pytest.fixture(scope="module")
def report(published):
    from juesuan.app.audit import audit_published

    return audit_published(published)


def _block(published, words: str):
    hits = [b for b in published.blocks if b.kind != "table" and words in b.text]
    assert len(hits) == 1, words
    return hits[0]


def test_the_lines_of_a_justified_paragraph_are_one_block(published):
    b = _block(published, "机关事业单位基本养老保险缴费支出（项）")
    assert b.text.startswith("5.社会保障和就业支出（类）行政事业单位养老支出")  # the item's own paragraph
    assert "年初预算9.99万元，支出决算9.52万元，完成年初预算的95.30%" in b.text
    assert b.text.endswith("年初预算数大于实际支付数。")
    assert "6.社会保障和就业支出" not in b.text  # the next item, indented, is a paragraph of its own


def test_each_figure_keeps_its_label(report):
    claims = report.extra_summary["claims"]
    assert claims["checked"] >= 147 and claims["found"] == 149  # 127 before the lines were joined
    wrong = [f for f in report.findings if f.status == "fail" and f.rule in ("NAR-002", "NAR-004", "NAR-005", "F-008")
             and f.severity in ("error", "warning")]
    # the only one left is the HTML build's own: 65.14% worked out on the self-evaluation table's total
    assert [(f.rule, str(f.found)) for f in wrong] == [("NAR-002", "65.14")]


def _indicators(ev):
    return [(i.level1, i.level2, i.name, i.weight, i.score, (i.achieved or "").replace(" ", ""))
            for i in ev.indicators]


def test_a_self_evaluation_table_continued_without_its_merged_cells_reads_like_the_data(published):
    """The 绩效自评表 goes on over the page without the merged 一级/二级指标 cells, so the next page
    draws fewer column rules: each cell goes to the column at its x-position (not to the n-th), and
    the row keeps the 一级/二级指标 above it.  Every indicator reads as in the example's data."""
    from conftest import EXAMPLE_YAML
    from juesuan.core import codec

    data = codec.read_path(EXAMPLE_YAML).performance
    perf = published.model.performance
    for ours, theirs in [(data.overall, perf.overall), *zip(data.projects, perf.projects, strict=True)]:
        assert _indicators(theirs) == _indicators(ours)
        assert (theirs.total_weight, theirs.total_score, theirs.level1_points) == \
            (ours.total_weight, ours.total_score, ours.level1_points)
    # the indicator that carried the false NAR-008 “937.36万人次” vs 5: its 实际完成值, not its 分值
    visits = next(i for i in perf.projects[0].indicators if i.name == "人社局网站访问量")
    assert (visits.achieved, visits.weight) == ("937.36万", 5)


def test_errors_are_the_datas_own(report):
    """Every error the audit reports on the LibreOffice PDF is one the example's data carries (the
    checks of the model report the same), and no NAR-008 compares a figure with a 分值."""
    from conftest import EXAMPLE_YAML
    from juesuan.app.check import run_checks
    from juesuan.core import codec

    key = lambda f: (f.rule, str(f.found), str(f.expected))  # noqa: E731
    errors = sorted(key(f) for f in report.findings if f.severity == "error" and f.status == "fail")
    data = sorted(key(f) for f in run_checks(codec.read_path(EXAMPLE_YAML)).findings
                  if f.severity == "error" and f.status == "fail")
    assert errors == data and len(errors) == 6  # P-001 65/50, 20/30, 5/10 … (the example's planted weights)
    nar008 = [key(f) for f in report.findings if f.rule == "NAR-008" and f.status == "fail"]
    assert nar008 == [("NAR-008", "13", "37")]  # “原创信息13条” against 37条: true (the HTML build has it)
