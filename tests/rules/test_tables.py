"""Intra-table rules (rules/tables.py): a passing and a failing case each."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.core.model import Row

from .util import assert_cell_rule, first_code, rich_unit, run_rule


def _item(table):
    return lambda m: (table, first_code(m, table, 7), "total")


def _section(table, col="total"):
    return lambda m: (table, first_code(m, table, 5), col)


CASES = [
    ("T01-001", ("T01", "income_total", "amount")),
    ("T01-002", ("T01", "expenditure_total", "amount")),
    ("T01-003", ("T01", "income_grand_total", "amount")),
    ("T01-004", ("T01", "expenditure_grand_total", "amount")),
    ("T01-005", ("T01", "expenditure_grand_total", "amount")),
    ("T02-001", _item("T02")),
    ("T02-002", _section("T02", "appropriation")),
    ("T02-003", ("T02", "total", "superior_subsidy")),
    ("T03-001", _item("T03")),
    ("T03-002", _section("T03", "basic")),
    ("T03-003", ("T03", "total", "business")),
    ("T05-001", _item("T05")),
    ("T05-002", _section("T05", "project")),
    ("T05-003", ("T05", "total", "basic")),
    ("T07-001", _item("T07")),
    ("T07-002", _section("T07", "income")),
    ("T07-003", ("T07", "total", "closing_balance")),
    ("T07-004", lambda m: ("T07", first_code(m, "T07", 7), "closing_balance")),
    ("T08-001", _item("T08")),
    ("T08-002", _section("T08", "project")),
    ("T08-003", ("T08", "total", "total")),
    ("T04-001", lambda m: ("T04", next(r.key for r in m.table("T04").rows
                                       if r.key.isdigit() and r.values.get("total")), "total")),
    ("T04-002", ("T04", "income_total", "amount")),
    ("T04-003", ("T04", "expenditure_total", "general_budget")),
    ("T04-004", ("T04", "closing_balance", "fund_budget")),
    ("T04-005", ("T04", "expenditure_grand_total", "total")),
    ("T06-001", ("T06", "301", "amount")),
    ("T06-002", ("T06", "public_total", "amount")),
    ("T09-001", ("T09", "actual", "total")),
    ("T09-002", ("T09", "budget", "vehicle")),
]


@pytest.mark.parametrize(("rule_id", "pick"), CASES, ids=[c[0] for c in CASES])
def test_sum_rule_pass_and_fail(rule_id, pick):
    assert_cell_rule(rule_id, pick)


def test_t01_income_rows_are_addends():
    """Changing an addend (not the total) is reported at the total, naming the addend among the terms."""
    m = rich_unit()
    m.tables["T01"].row("other_income").values["amount"] += D("0.50")
    (f,) = run_rule(m, "T01-001")
    assert f.location["row"] == "income_total" and f.location["line"] == 27
    assert {"table": "T01", "row": "other_income", "column": "amount"} in f.location["terms"]
    assert f.difference == D("-0.50")


def test_t04_closing_split_in_own_rows():
    """年末结转 may be printed in rows 61–63 instead of row 60's columns: both layouts are read."""
    m = rich_unit()
    t = m.tables["T04"]
    amount = t.row("closing_balance").values.pop("fund_budget")
    t.row("closing_fund_budget").values["total"] = amount
    assert run_rule(m, "T04-004") == [] and run_rule(m, "T04-003") == [] and run_rule(m, "T04-001") == []
    t.row("closing_fund_budget").values["total"] = amount + D("2.00")
    (f,) = run_rule(m, "T04-004")
    assert f.location["row"] == "closing_fund_budget" and f.location["line"] == 62
    assert f.difference == D("2.00")


def test_t09_meeting_training_not_in_total():
    m = rich_unit()
    m.tables["T09"].row("actual").values["meeting"] = D("99.00")
    assert run_rule(m, "T09-001") == []


def test_rounding_is_info_not_error():
    m = rich_unit()
    m.tables["T01"].row("income_total").values["amount"] += D("0.01")
    (f,) = run_rule(m, "T01-001")
    assert f.severity == "info" and f.difference == D("0.01") and "尾差" in f.message


def test_parent_without_children_is_not_checked():
    m = rich_unit()
    t = m.tables["T05"]
    sec = first_code(m, "T05", 5)
    t.rows = [r for r in t.rows if not (len(r.key) == 7 and r.key.startswith(sec))]
    found = [f for f in run_rule(m, "T05-002") if f.location.get("row") == sec]
    assert found and all(f.status == "not_checked" for f in found)
    assert "未列示下级科目" in found[0].message


def test_hierarchy_pass_and_orphan():
    m = rich_unit()
    assert run_rule(m, "TAB-001") == []
    t = m.tables["T03"]
    item = first_code(m, "T03", 7)
    t.rows = [r for r in t.rows if r.key != item[:5]]
    found = run_rule(m, "TAB-001")
    assert {x.location["row"] for x in found} == {r.key for r in t.rows if r.key.startswith(item[:5])}
    f = next(x for x in found if x.location["row"] == item)
    assert (f.rule, f.severity, f.location["table"], f.location["row"]) == ("TAB-001", "error", "T03", item)
    assert f.found == item and f.expected == item[:5]
    # the class of the orphan is no longer checked against the missing section, and nothing crashes
    assert all(x.status in ("fail", "not_checked") for x in run_rule(m, "T03-002"))


def test_bad_code_length_is_left_to_cat001():
    """A code of the wrong length is reported once (CAT-001), not by TAB-001, and breaks no roll-up."""
    m = rich_unit()
    m.tables["T02"].rows.append(Row("2080", "坏代码", {"total": D("1.00")}))
    assert run_rule(m, "TAB-001") == [] and run_rule(m, "T02-002") == []
    (f,) = run_rule(m, "CAT-001")
    assert f.severity == "error" and f.location["row"] == "2080"


def test_t07_empty_table_checks_nothing():
    m = rich_unit()
    m.tables["T07"].rows = [Row("total", "合计")]
    for rid in ("T07-001", "T07-002", "T07-003", "T07-004"):
        assert run_rule(m, rid) == []
