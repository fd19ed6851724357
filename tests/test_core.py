"""Core: printed amounts, the codec round trip, profiles and derived figures."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan import derive
from juesuan.core import codec
from juesuan.core.amounts import Outcome, compare_equal, compare_sum, half_unit, parse_amount, yuan_to_wan
from juesuan.core.errors import InputError
from juesuan.domain.profiles import cn_ordinal, load_profile


@pytest.mark.parametrize(("text", "expected"), [
    ("1,234.50", D("1234.50")), (" 0.30 ", D("0.30")), ("-3", D("-3")), ("(2.00)", D("-2.00")),
    ("", None), ("—", None), ("1，234.5", D("1234.5")),
])
def test_parse_amount_keeps_printed_precision(text, expected):
    got = parse_amount(text)
    assert got == expected
    if expected is not None:
        assert got.as_tuple().exponent == expected.as_tuple().exponent


@pytest.mark.parametrize("text", ["12a", "1.2.3", "万元", "1,23.00", "."])
def test_parse_amount_rejects_text(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_half_unit_follows_printed_digits():
    assert half_unit(D("12.34")) == D("0.005")
    assert half_unit(D("50")) == D("0.5")
    assert half_unit(D("0.3")) == D("0.05")


def test_yuan_to_wan_rounds_half_up():
    assert yuan_to_wan(D("12345")) == D("1.23")
    assert yuan_to_wan(D("12350")) == D("1.24")


def test_compare_sum_outcomes():
    assert compare_sum(D("3.00"), [D("1.00"), D("2.00")]) == (Outcome.EXACT, D("0.00"))
    assert compare_sum(D("3.01"), [D("1.00"), D("2.00")])[0] is Outcome.ROUNDING
    assert compare_sum(D("3.18"), [D("1.00"), D("2.00")])[0] is Outcome.MISMATCH


def test_compare_equal_lower_precision_is_rounding_not_error():
    assert compare_equal(D("50"), D("50.30"))[0] is Outcome.ROUNDING
    assert compare_equal(D("0.2"), D("0.02"))[0] is Outcome.MISMATCH
    assert compare_equal(D("8.80"), D("8.81"))[0] is Outcome.MISMATCH


def test_codec_round_trip_json_and_yaml(example):
    assert codec.from_json(codec.to_json(example)) == example
    assert codec.from_yaml(codec.to_yaml(example)) == example
    # amounts stay strings with their precision, never floats
    assert '"691.29"' in codec.to_json(example)
    assert codec.from_json(codec.to_json(example)).general_budget_initial.as_tuple().exponent == -2


def test_codec_names_the_bad_field():
    with pytest.raises(InputError) as e:
        codec.from_yaml("year: 2024\nprocurement:\n  total: 十二\n", "unit.yaml")
    assert "unit.yaml" in str(e.value) and "procurement.total" in str(e.value) and "数字" in str(e.value)
    with pytest.raises(InputError) as e:
        codec.from_yaml("year: 2024\nunit:\n  nmae: x\n", "unit.yaml")
    assert "nmae" in str(e.value)
    with pytest.raises(InputError) as e:
        codec.from_json("{", "u.json")
    assert "JSON" in str(e.value) and "第 1 行" in str(e.value)


def test_profile_layout_matches_the_seed():
    p = load_profile("shaanxi-2024")
    t1 = p.table("T01")
    assert [r.line for r in t1.right.rows][:3] == [31, 32, 33]
    assert t1.row_spec("expenditure_grand_total").line == 60
    assert t1.right.rows[8].label == "九、卫生健康支出"
    assert p.table("T04").column("general_budget", "205").number == 3
    assert [c.number for c in p.table("T09").columns] == list(range(1, 9))
    assert cn_ordinal(26) == "二十六" and cn_ordinal(10) == "十" and cn_ordinal(20) == "二十"
    with pytest.raises(InputError):
        load_profile("nowhere-1999")


def test_change_direction_words():
    up = derive.change(D("691.29"), D("318.39"))
    assert (up.amount, up.rate, up.direction, up.rate_word) == (D("372.90"), D("117.12"), "增加", "增长")
    down = derive.change(D("8.80"), D("9.10"))
    assert (down.amount, down.direction, down.rate_word) == (D("-0.30"), "减少", "下降")
    flat = derive.change(D("5.00"), D("5.00"))
    assert flat.direction == "持平" and flat.rate == D("0.00")
    assert derive.change(D("1.00"), D("0")).rate is None
    assert derive.change(D("1.00"), None) is None


def test_completion_rate_not_defined_without_budget():
    assert derive.completion_rate(D("691.29"), D("150.56")) == D("459.15")
    assert derive.completion_rate(D("163.53"), D("0")) is None
    assert derive.completion_rate(D("163.53"), None) is None


def test_item_variances_of_the_example(example):
    items = {i.code: i for i in derive.item_variances(example)}
    assert len(items) == 9
    it = items["2080101"]
    assert (it.class_name, it.section_name, it.item_name) == ("社会保障和就业支出", "人力资源和社会保障管理事务", "行政运行")
    assert (it.initial, it.actual, it.rate, it.comparison) == (D("72.97"), D("82.13"), D("112.55"), "大于")
    assert items["2080199"].comparison == "新增" and items["2080199"].rate is None
    assert items["2050803"].comparison == "小于" and items["2050803"].rate == D("93.33")


def test_structures_of_the_example(example):
    assert derive.expenditure_structure(example) == [
        ("basic", "基本支出", D("108.04"), D("15.63")), ("project", "项目支出", D("583.26"), D("84.37"))]
    assert derive.income_structure(example) == [("appropriation", "财政拨款收入", D("691.29"), D("100.00"))]
