"""Performance self-evaluation rules (rules/performance.py)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.rules.performance import score_bounds

from .util import rich_unit, run_rule


@pytest.fixture
def m():
    return rich_unit()


def test_p001_level1_weights(m):
    assert run_rule(m, "P-001") == []
    ev = m.performance.projects[0]
    ev.indicators[0].weight += 5
    (f,) = run_rule(m, "P-001")
    assert (f.rule, f.severity, f.location["row_label"], f.location["column_label"]) == ("P-001", "error", "产出指标", "分值")
    assert (f.found, f.expected, f.difference) == (D(55), D(50), D(5))
    assert f.location["evaluation"] == "project" and f.location["table_title"].endswith("项目绩效自评表")


def test_p002_total_weight(m):
    assert run_rule(m, "P-002") == []
    m.performance.overall.total_weight = D(90)
    (f,) = run_rule(m, "P-002")
    assert (f.severity, f.found, f.expected, f.difference) == ("error", D(90), D(100), D(-10))
    m.performance.overall.total_weight = D(100)
    m.performance.overall.budget_weight = D(20)
    found = run_rule(m, "P-002")
    assert {(f.found, f.expected) for f in found} == {(D(100), D(110)), (D(110), D(100))}


def test_unread_weight_or_score_is_not_checked_not_an_error(m):
    """A 分值 / 得分 left blank (or lost by a reader) is not counted as 0: the sums over it are not
    checked, with the indicator named; the sums elsewhere still are."""
    ev = m.performance.projects[0]
    ind = next(i for i in ev.indicators if i.level1 == "产出指标")
    weight, ind.weight = ind.weight, None
    (f,) = run_rule(m, "P-001")
    assert (f.status, f.location["row_label"]) == ("not_checked", "产出指标")
    assert f"“{ind.name}”" in f.message and "无法核对" in f.message
    assert [x.status for x in run_rule(m, "P-002")] == ["not_checked"]
    ind.weight = weight + 1
    assert [x.status for x in run_rule(m, "P-001")] == ["fail"]  # a weight read and wrong is still an error
    ev.indicators[0].score = None
    assert [(x.status, x.location["column_label"]) for x in run_rule(m, "P-006")] == [("not_checked", "得分")]


def test_p003_score_le_weight(m):
    assert run_rule(m, "P-003") == []
    ind = m.performance.overall.indicators[2]
    ind.score = ind.weight + 1
    (f,) = run_rule(m, "P-003")
    assert (f.severity, f.location["row_label"], f.location["column_label"]) == ("error", ind.name, "得分")
    assert (f.found, f.expected, f.difference) == (ind.weight + 1, ind.weight, D(1))


@pytest.mark.parametrize(("weight", "rate", "bounds"), [
    (D(10), D("54.28"), (D(5), D(6))),
    (D(10), D("37.04"), (D(3), D(4))),
    (D(10), D("100.00"), (D(9), D(10))),  # 99.995…100.005 × 10: floor 9, capped at the weight
    (D(10), D("120.00"), (D(10), D(10))),
    (D(10), D("50.00"), (D(4), D(6))),  # 4.9995 … 5.0005
    (D(10), D("0"), (D(0), D(1))),
])
def test_score_bounds(weight, rate, bounds):
    assert score_bounds(weight, rate, 0) == bounds


def test_p004_budget_score(m):
    assert run_rule(m, "P-004") == []
    ev = m.performance.projects[0]
    ev.budget_rate, ev.budget_score = D("37.04"), D(4)
    ev.budget_actual, ev.budget_full_year = D("111.11"), D("300.00")
    assert run_rule(m, "P-004") == []
    ev.budget_score = D(3)  # rounding down is a local convention: accepted
    assert run_rule(m, "P-004") == []
    ev.budget_score = D(6)
    (f,) = run_rule(m, "P-004")
    assert (f.severity, f.location["row_label"], f.found, f.expected, f.difference) == (
        "warning", "预算执行", D(6), D(4), D(2))


def test_p005_execution_rate(m):
    assert run_rule(m, "P-005") == []
    ev = m.performance.overall
    ev.budget_full_year, ev.budget_actual, ev.budget_rate = D("460.56"), D("250.01"), D("54.28")
    assert run_rule(m, "P-005") == []
    ev.budget_rate = D("54.29")  # 250.01 / 460.56 may be 54.2856% from the 元 figures: 尾差
    (f,) = run_rule(m, "P-005")
    assert (f.severity, f.difference) == ("info", D("0.01"))
    ev.budget_rate = D("54.30")
    (f,) = run_rule(m, "P-005")
    assert (f.severity, f.location["column_label"], f.found, f.expected, f.difference) == (
        "error", "执行率", D("54.30"), D("54.28"), D("0.02"))


def test_p005_zero_budget(m):
    f0 = m.performance.projects[0].funds[-1]
    f0.full_year, f0.actual, f0.rate = D("0"), D("0"), D("0")
    assert run_rule(m, "P-005") == []
    f0.rate = D("10")
    (f,) = run_rule(m, "P-005")
    assert f.location["row_label"] == f0.label and f.found == D("10")


def test_p006_total_score(m):
    assert run_rule(m, "P-006") == []
    ev = m.performance.overall
    ev.total_score += 1
    (f,) = run_rule(m, "P-006")
    assert (f.severity, f.location["row_label"], f.location["column_label"]) == ("error", "总分", "得分")
    assert (f.found, f.expected, f.difference) == (ev.total_score, ev.total_score - 1, D(1))


def test_p007_tasks(m):
    assert run_rule(m, "P-007") == []
    ev = m.performance.overall
    ev.budget_full_year += D("1.00")
    (f,) = run_rule(m, "P-007")
    assert (f.severity, f.location["row_label"], f.location["column_label"]) == ("error", "金额合计", "全年预算数")
    assert (f.found, f.expected, f.difference) == (ev.budget_full_year, ev.budget_full_year - 1, D("1.00"))
    m2 = rich_unit()
    t = m2.performance.overall.tasks[0]
    t.actual_other += D("1.00")
    found = run_rule(m2, "P-007")
    assert any(f.location["row_label"] == t.name and f.location["column_label"] == "全年执行数总额" for f in found)


def test_p008_fund_lines(m):
    assert run_rule(m, "P-008") == []
    ev = m.performance.projects[0]
    ev.funds[2].full_year += D("1.00")  # 上年结转资金
    found = run_rule(m, "P-008")
    f = next(x for x in found if x.location["column_label"] == "全年预算数")
    total = ev.funds[0].full_year
    assert (f.severity, f.location["row_label"]) == ("error", "年度资金总额")
    assert (f.found, f.expected, f.difference) == (total, total + 1, D("-1.00"))


def test_p008_budget_line_matches_total_line(m):
    ev = m.performance.projects[0]
    ev.budget_actual += D("1.00")
    found = run_rule(m, "P-008")
    assert any(f.location["row_label"] == "预算执行" and f.difference == D("1.00") for f in found)
