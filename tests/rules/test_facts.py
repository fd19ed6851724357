"""Fact rules (rules/facts.py): staffing, procurement, “三公” counts, reasons, prior-year figures."""

from __future__ import annotations

from decimal import Decimal as D

from .util import first_code, get, rich_unit, run_rule


def test_f001_authorized_staff():
    m = rich_unit()
    assert run_rule(m, "F-001") == []
    m.unit.staffing.authorized_total += 1
    (f,) = run_rule(m, "F-001")
    assert (f.rule, f.severity, f.location["field"]) == ("F-001", "error", "unit.staffing.authorized_total")
    assert f.found - f.expected == f.difference == D(1)


def test_f002_actual_staff():
    m = rich_unit()
    assert run_rule(m, "F-002") == []
    s = m.unit.staffing
    s.actual["行政"] += 2
    (f,) = run_rule(m, "F-002")
    assert (f.severity, f.location["row_label"], f.location["field"]) == ("error", "实有人员", "unit.staffing.actual_total")
    assert (f.found, f.expected, f.difference) == (D(s.actual_total), D(s.actual_total + 2), D(-2))


def test_f003_procurement_total():
    m = rich_unit()
    assert run_rule(m, "F-003") == []
    old = m.procurement.total
    m.procurement.total += D("1.00")
    (f,) = run_rule(m, "F-003")
    assert (f.severity, f.location["field"], f.found, f.expected, f.difference) == (
        "error", "procurement.total", old + 1, old, D("1.00"))


def test_f004_sme_parts():
    m = rich_unit()
    assert run_rule(m, "F-004") == []
    p = m.procurement
    old = p.sme_goods
    p.sme_goods = p.goods + D("1.00")
    found = run_rule(m, "F-004")
    f = next(x for x in found if x.location["field"] == "procurement.sme_goods")
    assert (f.severity, f.found, f.expected, f.difference) == ("error", p.goods + 1, p.goods, D("1.00"))
    # the SME total no longer equals its three parts either
    g = next(x for x in found if x.location["field"] == "procurement.sme_total")
    assert g.difference == old - p.sme_goods


def test_f005_small_micro():
    m = rich_unit()
    assert run_rule(m, "F-005") == []
    p = m.procurement
    p.small_micro = p.sme_total + D("0.01")
    (f,) = run_rule(m, "F-005")
    assert (f.severity, f.location["field"]) == ("error", "procurement.small_micro")
    assert (f.found, f.expected, f.difference) == (p.sme_total + D("0.01"), p.sme_total, D("0.01"))


def test_f006_three_public_counts():
    m = rich_unit()
    assert run_rule(m, "F-006") == []
    m.tables["T09"].row("actual").values["reception"] = None
    m.tables["T09"].row("actual").values["total"] = None
    found = run_rule(m, "F-006")
    assert found and all(f.severity == "warning" for f in found)
    f = next(x for x in found if x.location["field"] == "three_public.reception_batches")
    assert (f.location["table"], f.location["row"], f.location["column"], f.location["column_no"]) == (
        "T09", "actual", "reception", 6)
    assert f.found == D(m.three_public.reception_batches) and f.expected is None and "公务接待费" in f.message


def test_f007_missing_reason():
    m = rich_unit()
    assert run_rule(m, "F-007") == []
    del m.reasons["general_budget_variance"]
    (f,) = run_rule(m, "F-007")
    actual = get(m, ("T05", "total", "total"))
    assert (f.rule, f.severity, f.location["field"]) == ("F-007", "warning", "reasons.general_budget_variance")
    assert (f.found, f.expected, f.difference) == (actual, m.general_budget_initial, actual - m.general_budget_initial)
    assert "缺少原因说明" in f.message


def test_f007_no_reason_needed_when_equal():
    m = rich_unit()
    m.reasons.clear()
    m.general_budget_initial = get(m, ("T05", "total", "total"))
    assert "reasons.general_budget_variance" not in {f.location["field"] for f in run_rule(m, "F-007")}


def test_f008_item_reason():
    m = rich_unit()
    assert run_rule(m, "F-008") == []
    code = first_code(m, "T05", 7)
    b = m.item_budget(code)
    b.reason = None
    (f,) = run_rule(m, "F-008")
    actual = get(m, ("T05", code, "total"))
    assert (f.severity, f.location["table"], f.location["row"], f.location["column_no"]) == ("warning", "T05", code, 1)
    assert code in f.message and "缺少原因说明" in f.message
    assert (f.found, f.expected, f.difference) == (actual, b.initial, actual - b.initial)
    b.initial = actual  # 持平: no reason needed
    assert run_rule(m, "F-008") == []


def test_f008_full_year_budget_is_the_basis_when_given():
    m = rich_unit()
    code = first_code(m, "T05", 7)
    b = m.item_budget(code)
    actual = get(m, ("T05", code, "total"))
    b.reason, b.initial, b.full_year = None, actual + 5, actual  # adjusted during the year to the 决算
    assert run_rule(m, "F-008") == []  # 决算数与全年预算数持平: no reason needed
    b.full_year = actual + 1
    (f,) = run_rule(m, "F-008")
    assert "全年预算" in f.message and "决算数小于全年预算数" in f.message
    assert (f.found, f.expected, f.difference) == (actual, actual + 1, -1)


def test_f009_prior_year_missing_is_not_checked():
    m = rich_unit()
    assert run_rule(m, "F-009") == []
    m.prior.training_actual = None
    (f,) = run_rule(m, "F-009")
    assert (f.status, f.severity, f.location["field"]) == ("not_checked", "warning", "prior.training_actual")
    m.tables["T09"].row("actual").values["training"] = None  # nothing to compare: nothing needed
    assert run_rule(m, "F-009") == []


def test_f007_blank_budget_in_t09_needs_a_reason():
    """A blank 预算数 in T09 is a zero budget: spending against it needs a reason."""
    m = rich_unit()
    m.tables["T09"].row("budget").values["training"] = None
    m.reasons.pop("training_variance")
    (f,) = run_rule(m, "F-007")
    actual = get(m, ("T09", "actual", "training"))
    assert (f.location["field"], f.found, f.expected, f.difference) == (
        "reasons.training_variance", actual, D(0), actual)
