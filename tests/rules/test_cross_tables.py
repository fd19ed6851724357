"""Cross-table rules (rules/cross_tables.py): a passing and a failing case each."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.core.model import Row, Table

from .util import assert_cell_rule, at, first_code, get, put, rich_unit, run_rule

CASES = [
    ("X-001", ("T02", "total", "total")),
    ("X-001", ("T02", "total", "other_income")),
    ("X-002", ("T03", "total", "total")),
    ("X-002", lambda m: ("T03", first_code(m, "T03", 3), "total")),
    ("X-003", ("T04", "fund_budget", "amount")),
    ("X-003", ("T04", "income_total", "amount")),
    ("X-004", ("T05", "total", "total")),
    ("X-004", lambda m: ("T05", first_code(m, "T05", 3), "total")),
    ("X-005", ("T07", "total", "total")),
    ("X-005", ("T07", "total", "opening_balance")),
    ("X-005", ("T07", "total", "closing_balance")),
    ("X-006", ("T08", "total", "total")),
    ("X-006", lambda m: ("T08", first_code(m, "T08", 3), "total")),
    ("X-008", ("T05", "total", "basic")),
]


@pytest.mark.parametrize(("rule_id", "pick"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_equality_rule_pass_and_fail(rule_id, pick):
    assert_cell_rule(rule_id, pick)


def test_x001_appropriation_is_sum_of_three_funds():
    m = rich_unit()
    m.tables["T01"].row("state_capital_budget").values["amount"] += D("1.00")
    f = at(run_rule(m, "X-001"), ("T02", "total", "appropriation"))
    assert f.severity == "error" and f.difference == D("-1.00")
    assert {"table": "T01", "row": "state_capital_budget", "column": "amount"} in f.location["terms"]


def test_x009_t05_not_above_t03():
    m = rich_unit()
    assert run_rule(m, "X-009") == []
    code = first_code(m, "T05", 7)
    limit = get(m, ("T03", code, "total"))
    put(m, ("T05", code, "total"), limit + D("1.00"))
    f = at(run_rule(m, "X-009"), ("T05", code, "total"))
    assert (f.rule, f.severity, f.found, f.expected, f.difference) == ("X-009", "error", limit + 1, limit, D("1.00"))
    assert f.location["column_no"] == 1 and f.location["table_number"] == "公开05表"


@pytest.mark.parametrize(("code", "col"), [("30212", "overseas"), ("30216", "training")])
def test_x010_t06_not_above_t09(code, col):
    m = rich_unit()
    assert run_rule(m, "X-010") == []
    limit = get(m, ("T09", "actual", col))
    put(m, ("T06", code, "amount"), limit + D("1.00"))
    f = at(run_rule(m, "X-010"), ("T06", code, "amount"))
    assert (f.severity, f.found, f.expected, f.difference) == ("error", limit + 1, limit, D("1.00"))
    assert {"table": "T09", "row": "actual", "column": col} in f.location["terms"]


def test_x007_empty_table_needs_reason():
    m = rich_unit()
    assert run_rule(m, "X-007") == []
    m2 = rich_unit()
    t4 = m2.tables["T04"]
    for r in t4.rows:  # no 政府性基金 at all
        r.values.pop("fund_budget", None)
        if r.key in ("fund_budget", "opening_fund_budget"):
            r.values.clear()
    m2.tables["T07"] = Table("T07", [Row("total", "合计")], empty_reason="本单位不涉及故公开空表")
    assert run_rule(m2, "X-007") == []
    m2.tables["T07"].empty_reason = None
    (f,) = run_rule(m2, "X-007")
    assert (f.rule, f.severity, f.location["table"], f.location["table_number"]) == ("X-007", "warning", "T07", "公开07表")
    assert f.expected == "本单位不涉及故公开空表"
    # a T07 with figures while T04 has no 政府性基金: the figures disagree with T04 (error)
    m2.tables["T07"] = Table("T07", [Row("total", "合计", {"total": D("5.00"), "project": D("5.00")})])
    f = at(run_rule(m2, "X-005"), ("T07", "total", "total"))
    assert f.severity == "error" and f.found == D("5.00") and f.expected == D("0.00")


def test_x011_economic_vs_functional_warning():
    m = rich_unit()
    assert run_rule(m, "X-011") == []
    old = get(m, ("T06", "30109", "amount"))
    put(m, ("T06", "30109", "amount"), old + D("2.86"))
    (f,) = run_rule(m, "X-011")
    assert (f.rule, f.severity, f.location["table"], f.location["row"]) == ("X-011", "warning", "T06", "30109")
    assert (f.found, f.expected, f.difference) == (old + D("2.86"), get(m, ("T05", "2080506", "basic")), D("2.86"))
    assert f.location["related"]["row"] == "2080506" and f.location["related"]["column_no"] == 2


def test_x011_medical_includes_civil_servant_subsidy():
    m = rich_unit()
    put(m, ("T06", "30111", "amount"), None)
    (f,) = run_rule(m, "X-011")
    assert f.location["row"] == "30110" and f.location["related"]["row"] == "21011"


def test_x012_agency_running_costs_warning():
    m = rich_unit()
    m.unit.unit_kind = "行政单位"
    assert run_rule(m, "X-012") == []
    t6 = m.table("T06")
    capital = [r for r in t6.rows if r.key.startswith("310")]
    t6.rows = [r for r in t6.rows if not r.key.startswith("310")]  # no capital spending
    public = get(m, ("T06", "public_total", "amount"))
    m.agency_running_costs.actual += D("0.30")
    (f,) = run_rule(m, "X-012")
    assert (f.rule, f.severity, f.location["row"], f.location["table"]) == ("X-012", "warning", "public_total", "T06")
    assert (f.found, f.expected, f.difference) == (public + D("0.30"), public, D("0.30"))
    assert f.location["field"] == "agency_running_costs.actual"
    # a 事业单位, a unit of unknown kind, or capital spending in the basic expenditure: a question
    for kind in ("事业单位", None):
        m.unit.unit_kind = kind
        (f,) = run_rule(m, "X-012")
        assert f.severity == "info" and "不一定等于公用经费" in f.message
    m.unit.unit_kind = "参公事业单位"
    assert run_rule(m, "X-012")[0].severity == "warning"
    t6.rows.extend(capital)
    (f,) = run_rule(m, "X-012")
    assert f.severity == "info" and "资本性支出" in f.message


def test_absent_table_is_not_checked_once():
    """A table missing from the input (e.g. a partial audit) gives one 未检查 per identity, no errors."""
    m = rich_unit()
    del m.tables["T03"]
    for rid in ("X-002", "X-009"):
        (f,) = run_rule(m, rid)
        assert (f.status, f.location["table"]) == ("not_checked", "T03") and "公开03表" in f.message
