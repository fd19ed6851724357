"""Prose reading on the seed with one sentence changed: each case has a passing and a failing form.

Line and page breaks inside a sentence, 万 without 元, 科目 written as 名称（编码） with a name that
differs slightly from the table's, a sentence listing several 科目's figures, percentages one
hundredth of a point off (尾差), and direction / comparison words."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import SEED
from juesuan.app.audit import audit_file

from .helpers import audit_seed_with

ITEM2 = ("2. 社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）。年初预算72.97万元，支出决算82.13万元，"
         "完成年初预算的112.55%，决算数大于年初预算数的主要原因是：由于人员工资变动，追加了相关费用。")


_audit = audit_seed_with


def _fails(report, rule, found=None):
    return [f for f in report.findings if f.rule == rule and f.status == "fail"
            and (found is None or f.found == found)]


def _checked(report, text):
    unchecked = report.extra_summary["claims"]["unchecked"]
    return not any(u["text"] == text for u in unchecked)


@pytest.mark.parametrize("brk", ["\n", "\n\f\n— 12 —\n"])  # a line break; a page break with its page number
@pytest.mark.parametrize(("value", "wrong"), [("82.13", False), ("92.13", True)])
def test_figure_split_from_its_unit_by_a_line_break(tmp_path, value, wrong, brk):
    new = ITEM2.replace("支出决算82.13万元，", f"支出决算{value}{brk}万元，")
    r = _audit(tmp_path, ITEM2, new)
    assert _checked(r, f"{value}万元")
    assert bool(_fails(r, "NAR-001", D(value))) is wrong


@pytest.mark.parametrize(("value", "wrong"), [("82.13", False), ("92.13", True)])
def test_wan_without_yuan_is_an_amount(tmp_path, value, wrong):
    r = _audit(tmp_path, ITEM2, ITEM2.replace("支出决算82.13万元，", f"支出决算{value}万，"))
    hits = _fails(r, "NAR-001", D(value))
    assert bool(hits) is wrong
    if wrong:
        assert hits[0].severity == "error" and hits[0].location["sentence"].startswith("年初预算")


CODED = "6. 行政运行（2080101），2024年度决算数为{value}万元。"


@pytest.mark.parametrize(("name", "value", "name_finding", "amount_error"), [
    ("行政运行", "82.13", False, False),
    ("行政运行支出", "82.13", True, False),   # bound by code; the name difference is its own finding
    ("行政运行", "1,082.13", False, True),   # thousands separator read, figure wrong
    ("住房公积金", "82.13", False, False),    # code and name disagree: uncertain, not checked
])
def test_item_bound_by_code_and_fuzzy_name(tmp_path, name, value, name_finding, amount_error):
    sentence = CODED.format(value=value).replace("行政运行", name)
    r = _audit(tmp_path, ITEM2, ITEM2 + "\n\n" + sentence)
    names = _fails(r, "NAR-012")
    assert bool(names) is name_finding
    if name_finding:
        assert names[0].severity == "warning" and "行政运行" in names[0].message and names[0].location["sentence"]
    assert bool(_fails(r, "NAR-001", D(value.replace(",", "")))) is amount_error
    if name == "住房公积金":
        assert not _checked(r, f"{value}万元")


LIST = ("按支出功能分类，社会保障和就业支出（类）{a}万元，教育支出（类）{b}万元。")


@pytest.mark.parametrize(("a", "b", "errors"), [("679.30", "0.28", 0), ("679.30", "0.38", 1)])
def test_a_sentence_listing_several_items_binds_each_to_its_own(tmp_path, a, b, errors):
    r = _audit(tmp_path, ITEM2, ITEM2 + "\n\n" + LIST.format(a=a, b=b))
    hits = [f for f in _fails(r, "NAR-001") if f.location.get("sentence", "").startswith("按支出功能分类")]
    assert len(hits) == errors
    for f in hits:
        assert "205" in f.message and "合计" not in f.message  # its own 类, never the total


@pytest.mark.parametrize(("rate", "severity"), [("112.55%", None), ("112.56%", "info"), ("112.65%", "error")])
def test_percentage_one_hundredth_off_is_rounding(tmp_path, rate, severity):
    r = _audit(tmp_path, ITEM2, ITEM2.replace("112.55%", rate))
    hits = _fails(r, "NAR-002", D(rate[:-1]))
    if severity is None:
        assert not hits
    else:
        assert hits and hits[0].severity == severity and hits[0].rounding is (severity == "info")


@pytest.mark.parametrize(("word", "wrong"), [("大于", False), ("小于", True), ("等于", True)])
def test_comparison_word_against_budget_and_actual(tmp_path, word, wrong):
    r = _audit(tmp_path, ITEM2, ITEM2.replace("决算数大于年初预算数", f"决算数{word}年初预算数"))
    hits = [f for f in _fails(r, "NAR-005") if "82.13" in f.message or "72.97" in f.message]
    assert bool(hits) is wrong
    if wrong:
        assert hits[0].severity == "error" and f"“{word}”" in hits[0].message


@pytest.mark.parametrize(("words", "wrong"), [("高于上年的318.39万元", False), ("低于上年的318.39万元", True)])
def test_comparison_word_between_two_figures(tmp_path, words, wrong):
    old = "2024年度收入总计、支出总计均为691.29万元，"
    r = _audit(tmp_path, old, f"2024年度收入总计691.29万元，{words}，")
    hits = [f for f in _fails(r, "NAR-005") if "318.39" in f.message]
    assert bool(hits) is wrong


@pytest.mark.parametrize(("sentence", "wrong"), [
    ("培训费支出与上年持平，增加0万元。", False),
    ("培训费支出与上年持平，增加0.20万元。", True),
])
def test_same_as_prior_with_a_change(tmp_path, sentence, wrong):
    r = _audit(tmp_path, ITEM2, ITEM2 + "\n\n" + sentence.replace("，增加", "增加"))
    assert bool([f for f in _fails(r, "NAR-005") if "持平" in f.message]) is wrong


@pytest.mark.parametrize(("rate", "wrong"), [("15.63%", False), ("16.63%", True)])
def test_share_of_the_total_the_sentence_states(tmp_path, rate, wrong):
    r = _audit(tmp_path, "基本支出108.04万元，占15.63%", f"基本支出108.04万元，占总支出的{rate}")
    assert _checked(r, rate)
    hits = _fails(r, "NAR-002", D(rate[:-1]))
    assert bool(hits) is wrong
    if wrong:
        assert "691.29" in hits[0].message  # over the 本年支出合计 the sentence states


@pytest.mark.parametrize(("value", "wrong"), [("679.30", False), ("689.30", True)])
def test_class_named_without_its_marker(tmp_path, value, wrong):
    r = _audit(tmp_path, ITEM2, ITEM2 + f"\n\n按支出功能分类，社会保障和就业支出{value}万元。")
    assert _checked(r, f"{value}万元")
    hits = _fails(r, "NAR-001", D(value))
    assert bool(hits) is wrong
    if wrong:
        assert "208" in hits[0].message


@pytest.mark.parametrize(("value", "outcome"), [("679.30", None), ("679.29", "info"), ("679.31", "error")])
def test_total_one_unit_off_from_the_sum_of_its_rounded_parts_is_rounding(tmp_path, value, outcome):
    # 社会保障和就业支出（类） is printed as 679.30; its 款 rows add to 662.43 + 13.91 + 2.95 = 679.29:
    # a text that says 679.29 added the rounded parts (尾差), 679.31 is one unit off for no reason (error)
    r = _audit(tmp_path, ITEM2, ITEM2 + f"\n\n按支出功能分类，社会保障和就业支出（类）{value}万元。")
    hits = _fails(r, "NAR-001", D(value))
    if outcome is None:
        assert not hits
    else:
        assert hits and hits[0].severity == outcome and hits[0].rounding is (outcome == "info")


@pytest.mark.parametrize(("new", "contradiction"), [
    ("支出决算比上年增加0.30万元，下降的主要原因", True),
    ("支出决算比上年减少0.30万元，下降的主要原因", False),  # as printed: the words agree
])
def test_change_word_against_the_reason_word(tmp_path, new, contradiction):
    old = "支出决算比上年减少0.30万元，下降的主要原因"
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "report.txt"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    f = [x for x in audit_file(p).findings if x.rule == "NAR-005" and x.status == "fail"]
    assert bool(f) == contradiction
    if contradiction:
        assert "原因说明写的是“下降”" in f[0].message and f[0].location["claim"] == "0.30万元"


SPENDING = "2024年度本年支出合计691.29万元，其中：基本支出108.04万元，占15.63%；项目支出583.26万元，占84.37%。"


@pytest.mark.parametrize(("value", "share", "rules"), [
    ("679.30", "98.27%", []),
    ("689.30", "98.27%", ["NAR-001", "NAR-002"]),  # the figure is wrong, and so is its share
    ("679.30", "88.27%", ["NAR-002"])])
def test_class_in_the_all_funds_section_binds_to_the_expenditure_table(tmp_path, value, share, rules):
    """支出决算情况说明 speaks of all funds: its 类 figures are the expenditure table's (公开03表), and
    占总支出的X% is over that table's 合计 when the sentence states no total of its own."""
    r = _audit(tmp_path, SPENDING, SPENDING + f"\n\n按支出功能分类，社会保障和就业支出{value}万元，占总支出的{share}。")
    assert _checked(r, f"{value}万元") and _checked(r, share)
    hits = [f for f in r.findings if f.status == "fail" and f.location.get("sentence", "").startswith("按支出功能分类")]
    assert sorted(f.rule for f in hits) == rules
    if "NAR-001" in rules:
        assert "公开03表 208" in next(f.message for f in hits if f.rule == "NAR-001")
    if "NAR-002" in rules:
        assert "691.29" in next(f.message for f in hits if f.rule == "NAR-002")


CHANGES = "与上年相比，本年支出增加20.00万元。其中：设备购置{w1}{a}万元，差旅{w2}{b}万元，其他保持不变。"


@pytest.mark.parametrize(("w1", "a", "w2", "b", "rule", "severity"), [
    ("增加", "25.00", "减少", "5.00", None, None),
    ("增加", "25.00", "增加", "5.00", "NAR-005", "error"),  # one word flipped: only 减少 makes the parts add up
    ("增加", "26.00", "减少", "5.00", "NAR-004", "info"),  # no single word explains it: the parts may be partial
])
def test_changes_of_the_parts_add_up_to_the_total_change(tmp_path, w1, a, w2, b, rule, severity):
    r = _audit(tmp_path, ITEM2, ITEM2 + "\n\n" + CHANGES.format(w1=w1, a=a, w2=w2, b=b))
    assert (_checked(r, f"{a}万元") and _checked(r, f"{b}万元")) is (rule != "NAR-004")
    hits = [f for f in r.findings if f.status == "fail" and f.rule in ("NAR-004", "NAR-005")
            and ("设备购置" in f.location.get("sentence", "") or "20.00万元" in f.message)]
    assert [(f.rule, f.severity) for f in hits] == ([(rule, severity)] if rule else [])
    if rule == "NAR-005":
        assert hits[0].location["claim"] == "5.00万元" and "“减少”" in hits[0].message
    if rule == "NAR-004":
        assert "26.00万元" in hits[0].message  # the parts are quoted: the reader sees which figures were added


def test_item_budgets_adding_up_quote_their_parts(tmp_path):
    """The 项 budgets that should add up to the stated 年初预算 are quoted in the finding (its evidence)."""
    r = _audit(tmp_path, "年初预算72.97万元", "年初预算82.97万元")
    hits = [f for f in _fails(r, "NAR-004") if "各项级科目年初预算数之和" in f.message]
    assert hits and "82.97万元" in hits[0].message


@pytest.mark.parametrize(("value", "wrong"), [("10.00", False), ("98.81", True)])
def test_small_and_micro_enterprise_amount_not_above_the_procurement_total(tmp_path, value, wrong):
    old = "（二）政府采购授予中小企业合同金额0万元"
    sentence = f"在面向小微企业预留的政府采购项目中，由小微企业供应商中标或成交的，采购金额{value}万元。"
    r = _audit(tmp_path, old, sentence + "\n\n" + old)
    assert _checked(r, f"{value}万元")
    hits = _fails(r, "NAR-004", D(value))
    assert bool(hits) is wrong
    if wrong:
        assert "88.81" in hits[0].message


@pytest.mark.parametrize(("sentence", "checked"), [
    ("支出决算比上年减少0.30万元，下降3.30%。", True),  # the change and the current figure give the 上年数
    ("支出决算比上年下降3.30%。", False),  # nothing gives the 上年数: not checked, and the reason says so
])
def test_rate_against_the_prior_year_without_a_prior_figure_says_why(tmp_path, sentence, checked):
    r = _audit(tmp_path, ITEM2, ITEM2 + "\n\n公用经费8.80万元。" + sentence)
    assert _checked(r, "3.30%") is checked
    why = [f.message for f in r.findings if f.rule == "NAR-000" and "“3.30%”" in f.message]
    assert bool(why) is not checked
    if why:
        assert "未找到上年数" in why[0]


TOTALS_LINE = ("2024年度收入总计、支出总计均为691.29万元，与上年相比收入总计、支出总计均增加372.90万元，增长117.12%，"
               "增长的主要原因是：上年项目支出不及时导致资金结转至今年支付。")
INCOME_CHANGES = "与上年相比，收入总计增加372.90万元。其中：财政拨款收入增加{a}万元，其他收入增加72.90万元。"


@pytest.mark.parametrize(("a", "severity"), [("300.00", None), ("310.00", "warning")])
def test_changes_naming_every_income_source_are_a_complete_list(tmp_path, a, severity):
    """Parts naming every income source the income table prints with an amount: a sum that differs from
    the total change is a mistake (a warning), not the info note of a list that may be partial."""
    r = _audit(tmp_path, TOTALS_LINE, TOTALS_LINE + "\n\n" + INCOME_CHANGES.format(a=a))
    assert _checked(r, f"{a}万元") and _checked(r, "72.90万元")
    hits = [f for f in r.findings if f.status == "fail" and f.rule == "NAR-004" and "增减相抵" in f.message]
    assert [f.severity for f in hits] == ([severity] if severity else [])
    if severity:
        assert f"{a}万元" in hits[0].message and "全部" in hits[0].message
