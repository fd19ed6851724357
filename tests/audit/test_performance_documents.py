"""A document of self-evaluation tables alone (published as a separate attachment) is audited with the
performance rules, not refused and not given 决算-table or 情况说明 findings (formats/published/kind.py
decides the kind; text.py and perf_tables.py read the tables)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import CORPUS

ANHUI = CORPUS / "anhui-guichi-tangxi-town-2022-project-performance-self-eval-table-excerpt.txt"
QINGSHEN = CORPUS / "sichuan-qingshen-drc-2023-project-performance-self-eval-table-excerpt.txt"
DAYING = CORPUS / "sichuan-daying-justice-bureau-2023-project-performance-self-eval-table-excerpt.txt"


def _audit(path):
    from juesuan.app.audit import audit_file

    return audit_file(path)


@pytest.mark.parametrize("path", [ANHUI, QINGSHEN, DAYING], ids=["anhui", "qingshen", "daying"])
def test_standalone_self_evaluation_tables_are_audited_as_performance(path):
    r = _audit(path)
    assert r.extra_summary["document_kind"] == "performance"
    rules = {f.rule for f in r.findings}
    assert not rules & {"CMP-001", "CMP-002", "CMP-003", "CMP-004", "CMP-005", "CMP-006", "CMP-008"}
    assert not [f for f in r.findings if f.rule.startswith(("T0", "X-")) and f.status == "fail"]


def test_anhui_fund_total_error_found_with_its_line():
    r = _audit(ANHUI)
    serious = [f for f in r.findings if f.status == "fail" and f.severity in ("error", "warning")]
    assert sorted((f.rule, f.location.get("column_label"), f.found) for f in serious) == [
        ("P-008", "全年执行数", Decimal(0)), ("P-008", "全年预算数", Decimal(0)), ("P-008", "年初预算数", Decimal(0))]
    assert all(f.location.get("source_line") == 9 for f in serious)  # 年度资金总额: 0 0 0 10 0 0
    unchecked = {f.rule for f in r.findings if f.status == "not_checked"}
    assert {"P-002", "P-006"} <= unchecked  # indicator rows split at spaces were not read


@pytest.mark.parametrize("path", [QINGSHEN, DAYING], ids=["qingshen", "daying"])
def test_sichuan_tables_yield_no_error_or_warning(path):
    r = _audit(path)
    assert not [f for f in r.findings if f.status == "fail" and f.severity in ("error", "warning")]
    from juesuan.formats.published.read import read_published

    (ev,) = read_published(path).model.performance.projects  # read, so "no finding" means checked
    assert ev.funds[0].label == "总额" and ev.budget_rate == Decimal("100.00") and ev.budget_weight == Decimal(10)
