"""The Shanghai wording of the 情况说明 (issue 10 precision): “三公”经费财政拨款支出 is the “三公” figure, not the
财政拨款 total; 政府性基金预算财政拨款收入X万元，支出Y万元 are the fund table's; an item's 完成预算的X% is not
divided by the “三公” budget stated before it (but by the item's own 预算数 in the table); a reason in its own sentence (…下降14.39%。主要原因是…) and a
change against 2023年度 are reasons for the change, not for the budget variance."""

from __future__ import annotations

from decimal import Decimal as D

import pytest


def _model():
    from juesuan.core.model import FinalAccounts, Row, Table

    t5 = Table("T05", [Row("total", "合计", {"total": D("3166.88"), "basic": D("1425.20"), "project": D("1741.68")})])
    t7 = Table("T07", [Row("total", "合计", {"income": D("56.42"), "total": D("51.13")})])
    t9 = Table("T09", [Row("budget", "预算数", {"total": D("42.20"), "vehicle_operation": D("12.02"),
                                               "reception": D("2.58")}),
                       Row("actual", "决算数", {"total": D("35.82"), "vehicle_operation": D("11.78"),
                                               "reception": D("2.20")})])
    return FinalAccounts(year=2024, profile="shanghai-2024", tables={"T05": t5, "T07": t7, "T09": t9})


def _read(paras: list[tuple[str, str]]):
    from juesuan.formats.published.blocks import Block
    from juesuan.prose.binding import read_prose

    blocks = []
    for heading, text in paras:
        blocks.append(Block("heading", heading, level=2))
        blocks.append(Block("para", text))
    prose = read_prose(blocks, _model())
    return prose, {c.text: c for c in prose.claims}


def _outcomes(claim) -> list[str]:
    return [ch.outcome for ch in claim.checks]


@pytest.mark.parametrize(("actual", "outcome"), [("35.82", "exact"), ("35.28", "mismatch")])
def test_three_public_appropriation_spending_is_the_three_public_total(actual, outcome):
    _, claims = _read([("（一）“三公”经费财政拨款支出决算总体情况说明。",
                        f"“三公”经费财政拨款支出年初预算为42.20万元，支出决算为{actual}万元，完成预算的84.88%。")])
    assert _outcomes(claims["42.20万元"]) == ["exact"]  # the “三公” table's 预算数, not 公开05表's total
    assert _outcomes(claims[f"{actual}万元"]) == [outcome]
    assert "“三公”经费表" in claims[f"{actual}万元"].checks[0].target


@pytest.mark.parametrize(("expenditure", "outcome"), [("51.13", "exact"), ("51.31", "mismatch")])
def test_fund_income_and_spending_are_the_fund_tables(expenditure, outcome):
    _, claims = _read([("八、政府性基金预算财政拨款收入支出决算情况说明",
                        f"政府性基金预算财政拨款收入56.42万元，支出{expenditure}万元，支出具体情况如下：")])
    assert _outcomes(claims["56.42万元"]) == ["exact"]
    assert _outcomes(claims[f"{expenditure}万元"]) == [outcome]
    assert "本年支出" in claims[f"{expenditure}万元"].checks[0].target


def test_an_items_completion_is_not_divided_by_the_three_public_budget():
    # as DOCX and PDF read it: the item's sub-heading is a paragraph, so the “三公” sentence precedes it
    _, claims = _read([("（二）“三公”经费财政拨款支出决算具体情况说明。",
                        "“三公”经费财政拨款支出年初预算为42.20万元，支出决算为35.82万元，完成预算的84.88%。"),
                       ("（二）“三公”经费财政拨款支出决算具体情况说明。",
                        "公务接待费支出决算2.20万元，完成预算的85.27%，占6.14%。")])
    # its budget is not stated: the “三公” table's 预算数 of 公务接待费 (2.58), never 2.20 ÷ 42.20
    assert _outcomes(claims["85.27%"]) == ["exact"]
    assert "公务接待费 预算数 2.58" in claims["85.27%"].checks[0].target and "42.20" not in claims["85.27%"].checks[0].target
    assert _outcomes(claims["84.88%"]) == ["exact"]


def test_a_reason_in_its_own_sentence_or_against_a_named_year_is_the_changes():
    prose, _ = _read([("（一）一般公共预算财政拨款支出决算总体情况",
                       "一般公共预算财政拨款支出3166.88万元，占本年支出合计的100.00%。与2023年度相比，一般公共预算财政拨款支出"
                       "增加195.14万元，增长6.57%。主要原因：人员工资调整。"),
                      ("（三）一般公共预算财政拨款支出决算具体情况",
                       "一般公共预算财政拨款支出年初预算为2563.61万元，支出决算为3166.88万元，完成年初预算的123.53%。"
                       "决算数大于预算数的主要原因：年中追加经费。"),
                      ("（一）机关运行经费支出情况",
                       "机关运行经费支出207.35万元，比2023年度减少34.84万元，下降14.39%。主要原因是压减公用经费。")])
    reasons = prose.facts.reasons
    assert reasons["general_budget_change"] == "人员工资调整。"
    assert reasons["general_budget_variance"] == "年中追加经费。"
    assert reasons["agency_running_costs_change"] == "压减公用经费。"
    assert "agency_running_costs_variance" not in reasons
