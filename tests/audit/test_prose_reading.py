"""Prose reading on the seed with one sentence changed: each case has a passing and a failing form.

Line and page breaks inside a sentence, 万 without 元, 科目 written as 名称（编码） with a name that
differs slightly from the table's, a sentence listing several 科目's figures, percentages one
hundredth of a point off (尾差), and direction / comparison words."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import SEED
from juesuan.app.audit import audit_file

ITEM2 = ("2. 社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）。年初预算72.97万元，支出决算82.13万元，"
         "完成年初预算的112.55%，决算数大于年初预算数的主要原因是：由于人员工资变动，追加了相关费用。")


def _audit(tmp_path, old: str, new: str):
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "report.txt"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return audit_file(p)


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
