"""The Shanghai 2024 report (PDF, WPS-made, ruled tables over 24 pages): all nine tables against
the golden data frozen after checking the rendered pages by eye, the profile detected, page numbers
on every finding, and its findings as reviewed by hand."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from conftest import CORPUS

from .helpers import table_lines

PDF = CORPUS / "shanghai-putuo-cpc-social-work-dept-2024-dept-final.pdf"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "shanghai-putuo-2024-tables.tsv"

pytestmark = pytest.mark.skipif(not PDF.exists(), reason="shared corpus not available")


@pytest.fixture(scope="module")
def published():
    from juesuan.formats.published.read import read_published

    return read_published(PDF)


@pytest.fixture(scope="module")
def prose(published):
    from juesuan.app.audit import read_prose

    return read_prose(published)


@pytest.fixture(scope="module")
def report(published, prose):
    from juesuan.app.audit import audit_published

    return audit_published(published, prose)


def test_nine_tables_match_golden_line_by_line(published):
    got = table_lines(published.model)
    want = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, f"golden line {i + 1}"


def test_shanghai_profile_detected_and_layout(published):
    m = published.model
    assert published.detected_profile == "shanghai-2024" and m.profile == "shanghai-2024"
    assert m.unit.name == "中共上海市普陀区委社会工作部"
    assert m.unit.units_covered == ["中共上海市普陀区委社会工作部（本级）", "上海市普陀区社会工作发展服务中心"]
    # "三公" as table 7 with 预算数 / 决算数 as columns, read into rows budget / actual
    assert [r.key for r in m.tables["T09"].rows] == ["budget", "actual"]
    assert m.tables["T09"].empty_reason and "没有财政拨款“三公”经费支出" in m.tables["T09"].empty_reason
    # a table continued on the next page without its title (T02 pages 6–7)
    assert m.tables["T02"].value("2210203", "total") == D("11.72")
    assert published.table_locs["T02"]["2210203"].page == 7
    assert published.table_locs["T04"]["expenditure_grand_total"].page == 11
    # merged multi-line names are joined
    assert m.tables["T05"].row("2080505").label == "机关事业单位基本养老保险缴费支出"
    assert m.tables["T06"].value("public_total", "amount") == D("10.23")


def test_item_full_year_budgets_read_from_the_prose(published, prose):
    assert prose.facts.item_full_year["2013999"] == D("202.24")
    items = {b.code: b for b in published.model.item_budgets}
    assert items["2013999"].full_year == D("202.24") and items["2210203"].full_year == D("11.72")
    assert items["2013901"].full_year == D("52.00") and items["2013901"].initial is None  # not stated per item
    assert sum(1 for b in items.values() if b.full_year is not None) == 9


def test_findings_reviewed_by_hand(report):
    s = report.summary()
    assert s["error"] == 0  # the report's figures agree; what it gets wrong is wording of rates
    rate0 = [f for f in report.findings if f.rule == "NAR-009" and f.found == D("100.00")]
    # 增长100.00% with a prior year of 0 (the unit was set up in 2024): 收支总计 (×3 same wording) and 机关运行经费
    assert len(rate0) == 2 and {f.location["page"] for f in rate0} == {17, 21}
    initial0 = [f for f in report.findings if f.rule == "NAR-009" and f.found == D("95.89")]
    assert initial0 and initial0[0].severity == "warning" and initial0[0].location["page"] == 18
    # the items are held against 全年预算数, as the report states them: 2013999 and 2210203 are 持平
    assert s["warning"] == 3 and not [f for f in report.findings if f.rule == "F-008"]
    # the body prints its second part (the tables) under the 目录's title without "第二部分": not a gap
    assert not [f for f in report.findings if f.rule == "DOC-003" and f.status == "fail"]
    # 住房保障支出（类）占9.55%: 29.42 / 307.82 = 9.56%, adjusted so the shares add to 100%: info
    share = [f for f in report.findings if f.rule == "NAR-002" and f.found == D("9.55")]
    assert share and share[0].severity == "info"
    # 302 商品和服务支出 10.23 vs Σ款 10.22: 尾差, info
    t6 = [f for f in report.findings if f.location.get("table") == "T06" and f.location.get("row") == "302"]
    assert t6 and all(f.severity == "info" for f in t6) and t6[0].location["page"] == 13
    for f in report.findings:
        if f.status == "fail" and f.location.get("table") or f.location.get("sentence"):
            assert "page" in f.location, f


def test_coverage_on_shanghai(report):
    c = report.summary()["claims"]
    assert c["found"] == 89
    assert c["checked"] >= 80
