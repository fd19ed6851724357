"""Wording rules: direction words follow the sign, 持平 when equal, 新增支出 without a completion
rate when there is no initial budget, and a missing reason is a visible placeholder plus a finding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.app.check import run_checks
from juesuan.core.document import Heading, Paragraph
from juesuan.report import assemble, missing_inputs

D = Decimal


def paragraphs(model, anchor_prefix: str) -> list[str]:
    return [b.text for b in assemble(model).blocks
            if isinstance(b, Paragraph) and b.anchor and b.anchor.startswith(anchor_prefix)]


def text_of(model, anchor: str) -> str:
    return "".join(paragraphs(model, anchor))


@pytest.mark.parametrize(("prior", "expected"), [
    ("318.39", "与上年相比收入总计、支出总计均增加372.90万元，增长117.12%，增长的主要原因是：原因甲。"),
    ("800.00", "与上年相比收入总计、支出总计均减少108.71万元，下降13.59%，下降的主要原因是：原因甲。"),
    ("691.29", "与上年相比持平。"),
])
def test_total_direction_follows_the_sign(example, prior, expected):
    example.prior.income_grand_total = D(prior)
    example.reasons["total_change"] = "原因甲"
    text = text_of(example, "s2.total")
    assert text == "2024年度收入总计、支出总计均为691.29万元，" + expected


def test_flat_needs_no_reason(example):
    example.prior.income_grand_total = D("691.29")
    example.reasons.pop("total_change")
    assert "【请填写原因】" not in text_of(example, "s2.total")
    assert not [g for g in missing_inputs(example) if g.field == "reasons.total_change"]


def test_prior_zero_gives_no_rate(example):
    example.prior.income_grand_total = D("0.00")
    text = text_of(example, "s2.total")
    assert "均增加691.29万元，增加的主要原因是：" in text
    assert "%" not in text


def test_prior_unknown_gives_no_comparison(example):
    example.prior.income_grand_total = None
    assert text_of(example, "s2.total") == "2024年度收入总计、支出总计均为691.29万元。"


@pytest.mark.parametrize(("prior", "words"), [("300.00", ("增加", "增长")), ("700.00", ("减少", "下降"))])
def test_general_budget_change_words(example, prior, words):
    example.prior.general_budget_expenditure = D(prior)
    text = text_of(example, "s2.general_budget")
    inc, rate = words
    assert f"与上年相比，财政拨款支出{inc}" in text
    assert f"，{rate}的主要原因是：" in text


def item_text(model, code: str) -> str:
    return text_of(model, f"s2.item.{code}")


def test_item_without_initial_budget_is_new_spending_without_a_rate(example):
    text = item_text(example, "2080199")
    assert text.endswith("年初预算0.00万元，支出决算163.53万元，新增支出的主要原因是：存在上年结转项目资金。")
    assert "完成年初预算" not in text


def test_item_with_no_budget_entry_at_all_is_new_spending(example):
    example.item_budgets = [b for b in example.item_budgets if b.code != "2089999"]
    text = item_text(example, "2089999")
    assert "新增支出的主要原因是：【请填写原因】。" in text
    assert "完成年初预算" not in text


def test_item_equal_to_budget_is_flat_without_reason(example):
    b = example.item_budget("2080101")
    b.initial, b.reason = D("82.13"), None
    text = item_text(example, "2080101")
    assert text.endswith("年初预算82.13万元，支出决算82.13万元，完成年初预算的100.00%，决算数与年初预算数持平。")
    assert "原因" not in text


@pytest.mark.parametrize(("initial", "word", "rate"), [("72.97", "大于", "112.55"), ("90.00", "小于", "91.26")])
def test_item_comparison_word_follows_the_sign(example, initial, word, rate):
    example.item_budget("2080101").initial = D(initial)
    text = item_text(example, "2080101")
    assert f"完成年初预算的{rate}%，决算数{word}年初预算数的主要原因是：" in text


def test_missing_item_reason_is_a_placeholder_and_an_error_finding(example):
    example.item_budget("2080108").reason = None
    assert "决算数大于年初预算数的主要原因是：【请填写原因】。" in item_text(example, "2080108")
    gaps = missing_inputs(example)
    assert [g.field for g in gaps if g.kind == "reason"] == ["item_budgets[2080108].reason"]
    report = run_checks(example)
    found = [f for f in report.findings if f.rule == "NAR-REASON-MISSING"]
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].location["field"] == "item_budgets[2080108].reason"


def test_one_missing_reason_is_one_finding(example):
    """A reason the wording prints is NAR-REASON-MISSING's (error); F-007/F-008 keep the ones it does
    not print, and report everything when the narrative family is not run (the audit)."""
    from juesuan.rules.engine import run

    example.reasons.pop("total_change")
    example.item_budget("2080108").reason = None

    def gaps(report):
        return sorted((f.rule, f.location.get("field")) for f in report.findings if f.status == "fail"
                      and f.rule in ("F-007", "F-008", "NAR-REASON-MISSING"))

    assert gaps(run_checks(example)) == [
        ("F-007", "reasons.general_budget_variance"),  # the Shaanxi wording does not print this reason
        ("NAR-REASON-MISSING", "item_budgets[2080108].reason"),
        ("NAR-REASON-MISSING", "reasons.total_change"),
    ]
    assert gaps(run(example, families=("facts",))) == [
        ("F-007", "reasons.general_budget_variance"), ("F-007", "reasons.total_change"),
        ("F-008", "item_budgets[2080108].reason"),
    ]


def test_example_has_no_missing_reason(example):
    report = run_checks(example)
    assert not [f for f in report.findings if f.rule in ("NAR-REASON-MISSING", "NAR-FACT-MISSING")]


def test_three_public_none_and_amounts(example):
    assert text_of(example, "s2.three_public.overseas") == "本单位2024年度无财政拨款因公出国（境）费支出。"
    t9 = example.table("T09")
    t9.row("budget").values.update(total=D("10.00"), reception=D("10.00"))
    t9.row("actual").values.update(total=D("8.00"), reception=D("8.00"))
    example.prior.three_public_actual = D("9.00")
    example.three_public.reception_batches, example.three_public.reception_persons = 4, 30
    example.reasons["three_public_variance"] = "厉行节约"
    example.reasons["three_public_change"] = "接待批次减少"
    whole = text_of(example, "s2.three_public")
    assert ("2024年度财政拨款“三公”经费支出预算10.00万元，支出决算8.00万元，完成预算的80.00%。"
            "决算数小于预算数的主要原因是：厉行节约。与上年相比减少1.00万元，下降11.11%，主要原因是：接待批次减少。") in whole
    assert text_of(example, "s2.three_public.reception") == (
        "2024年度财政拨款公务接待费支出预算10.00万元，支出决算8.00万元，完成预算的80.00%，占“三公”经费支出决算的100.00%。"
        "全年国内公务接待4批次、30人次。")


def test_three_public_counts_missing_are_placeholders(example):
    t9 = example.table("T09")
    t9.row("actual").values.update(total=D("2.00"), overseas=D("2.00"))
    text = text_of(example, "s2.three_public.overseas")
    assert "团组【请填写】个" in text
    assert {"three_public.overseas_groups", "three_public.overseas_persons"} <= {g.field for g in missing_inputs(example)}


def test_agency_running_costs_none(example):
    example.agency_running_costs.budget = example.agency_running_costs.actual = D("0")
    assert text_of(example, "s2.agency_running") == "本单位2024年度无机关运行经费支出。"


def test_fund_table_empty_sentence(example):
    assert text_of(example, "s2.fund") == "本单位2024年度无政府性基金预算财政拨款收支，已公开空表。"


def test_staffing_and_departments_count_from_the_data(example):
    example.unit.departments.append("财务室")
    doc = assemble(example)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "单位内设机构6个，分别为：办公室、社保卡管理室、网站管理室、网络运维室、12333咨询服务室、财务室。" in texts


def test_unit_glossary_overrides_and_extends_the_profile(example):
    from juesuan.core.model import GlossaryEntry

    example.glossary = [GlossaryEntry("基本支出", "单位自己的定义。"), GlossaryEntry("新名词", "新定义。")]
    texts = paragraphs(example, "glossary.")
    assert texts[0] == "1. 基本支出：单位自己的定义。"
    assert texts[-1] == "9. 新名词：新定义。"


def test_missing_contact_phone_is_a_fact_finding(example):
    example.unit.contact_phone = None
    assert "联系电话：【请填写】。" in text_of(example, "s2.other")
    found = [f for f in run_checks(example).findings if f.rule == "NAR-FACT-MISSING"]
    assert [f.location["field"] for f in found] == ["unit.contact_phone"]
    assert found[0].severity == "warning"


def test_headings_are_numbered_in_order(example):
    doc = assemble(example)
    level2 = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 2 and b.anchor
              and b.anchor.startswith("s2.")]
    assert level2[0].startswith("一、") and level2[-1].startswith("十四、") and len(level2) == 14


def test_an_empty_model_assembles_with_placeholders_only():
    import dataclasses

    from juesuan.core.model import FinalAccounts, Performance, UnitProfile

    known = {f"unit.{f.name}" for f in dataclasses.fields(UnitProfile)} | {
        f"performance.{f.name}" for f in dataclasses.fields(Performance)}
    for pid in ("shaanxi-2024", "shanghai-2024", "national"):
        model = FinalAccounts(year=2024, profile=pid)
        doc = assemble(model)
        assert any("【请填写】" in b.text for b in doc.blocks if isinstance(b, Paragraph))
        fields = {g.field for g in missing_inputs(model)}
        assert "unit.duties" in fields and "procurement.total" in fields
        for f in fields:  # every reported field names a real model field
            head = ".".join(f.split(".")[:2])
            assert head in known or f.split(".")[0] in ("procurement", "assets", "agency_running_costs"), f


def test_gaps_only_mode_finds_the_same_gaps_as_the_full_assembly(example):
    from juesuan.report.assembler import Assembler

    example.item_budget("2080108").reason = None
    example.unit.contact_phone = None
    example.table("T09").row("actual").values.update(total=D("2.00"), overseas=D("2.00"))
    for pid in ("shaanxi-2024", "shanghai-2024"):
        full = Assembler(example, pid)
        full.run()
        assert missing_inputs(example, pid) == full.missing and len(full.missing) >= 4
