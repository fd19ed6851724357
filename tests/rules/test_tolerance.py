"""Tolerance boundaries of the rounding-aware comparisons (amounts.py), worked out from the
half-open intervals: a figure printed as x with half-unit h stands for [x − h, x + h).

* n addends and a total, all at 2 decimals: the intervals meet iff |total − Σ| < (n + 1) × 0.005.
  Three addends: 0.01 is 尾差 (info), 0.02 a mismatch; five addends: 0.02 尾差, 0.03 mismatch.
* Two printed copies of one figure at the same precision: any difference is a mismatch.
* A percentage s (half-unit h) against num/den: the operands give the open interval
  ((num − hn)/(den + hd), (num + hn)/(den − hd)) × 100; s is 尾差 iff [s − h, s + h) meets it.
  The ends can never coincide with s ± h exactly (the half-units make odd numerators against even
  ones), so each edge is tested on the nearest printable figures either side.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.core.amounts import (
    Outcome,
    compare_equal,
    compare_percent,
    compare_sum,
    ratio_interval,
    yuan_to_wan,
)
from juesuan.core.model import FinalAccounts, Row, Table
from juesuan.rules.helpers import compare_le

from .util import run_rule

R, M, E = Outcome.ROUNDING, Outcome.MISMATCH, Outcome.EXACT


@pytest.mark.parametrize(("total", "addends", "outcome"), [
    ("0.33", ["0.11", "0.11", "0.11"], E),
    ("0.34", ["0.11", "0.11", "0.11"], R),  # +0.01 < 4 × 0.005
    ("0.32", ["0.11", "0.11", "0.11"], R),  # −0.01
    ("0.35", ["0.11", "0.11", "0.11"], M),  # +0.02 = 4 × 0.005: the intervals only touch (half-open)
    ("0.31", ["0.11", "0.11", "0.11"], M),
    ("0.57", ["0.11"] * 5, R),  # five addends: +0.02 < 6 × 0.005
    ("0.53", ["0.11"] * 5, R),
    ("0.58", ["0.11"] * 5, M),  # +0.03 = 6 × 0.005
    ("0.52", ["0.11"] * 5, M),
    # the edge itself, with a total printed at 4 decimals: envelope 3 × 0.005 + 0.00005 = 0.01505
    ("0.3450", ["0.11", "0.11", "0.11"], R),  # +0.0150 < 0.01505
    ("0.3451", ["0.11", "0.11", "0.11"], M),  # +0.0151 > 0.01505
])
def test_sum_edges(total, addends, outcome):
    got, diff = compare_sum(D(total), [D(a) for a in addends])
    assert got is outcome
    assert diff == D(total) - sum(D(a) for a in addends)


def test_sum_rounding_is_real():
    """The 尾差 outcomes happen with real 元 figures: 3 × 149 元 and 5 × 149 元 converted one by one."""
    one = yuan_to_wan(D(149))
    assert one == D("0.01")
    assert compare_sum(yuan_to_wan(D(447)), [one] * 3) == (R, D("0.01"))
    assert compare_sum(yuan_to_wan(D(745)), [one] * 5) == (R, D("0.02"))


def test_sum_blank_total_and_addends():
    assert compare_sum(None, [None, None]) == (E, D(0))
    # amounts.py reads a blank total as a printed 0.00: [−0.005, 0.005) only touches [0.005, 0.015)
    assert compare_sum(None, [D("0.01")])[0] is M


@pytest.mark.parametrize(("a", "b", "outcome"), [
    ("7.25", "7.25", E),
    ("7.25", "7.26", M),  # same precision: any difference is a mismatch
    ("7.25", "7.24", M),
    ("50", "50.30", R),  # "50" stands for [49.5, 50.5)
    ("50", "50.49", R),
    ("50", "50.50", R),  # 0.50 < 0.5 + 0.005
    ("50", "50.51", M),
    ("50", "50.500", R),  # edge 0.5 + 0.0005 = 0.5005 at 3 decimals
    ("50", "50.501", M),
])
def test_equal_edges(a, b, outcome):
    assert compare_equal(D(a), D(b))[0] is outcome


@pytest.mark.parametrize(("stated", "outcome"), [
    ("33.33", E),
    ("33.12", R), ("33.11", R),  # lower end of 0.995 / 3.005 = 33.1115…%: [33.105, 33.115) meets
    ("33.10", M),  # [33.095, 33.105) lies below
    ("33.55", R), ("33.56", R),  # upper end 1.005 / 2.995 = 33.5559…%: 33.555 < 33.5559
    ("33.57", M),  # [33.565, …) lies above
    ("33.3", E), ("33.1", R), ("33.0", M),  # one decimal: h = 0.05
])
def test_percent_edges(stated, outcome):
    lo, hi = ratio_interval(D("1.00"), D("3.00"))
    assert D("33.1114") < lo < D("33.1115") and D("33.5559") < hi < D("33.5560")
    got, expected, diff = compare_percent(D(stated), D("1.00"), D("3.00"))
    assert got is outcome
    assert expected == D("33.33").quantize(D(stated))
    assert diff == D(stated) - expected


def test_percent_zero_denominator():
    assert compare_percent(D("10.00"), D("1.00"), D("0.00")) is None
    assert compare_percent(D("10.00"), D("1.00"), D("0.01")) is not None  # [0.005, 0.015) excludes 0


@pytest.mark.parametrize(("a", "b", "outcome"), [
    ("0.28", "0.28", E), ("0.27", "0.28", E),
    ("0.29", "0.28", M),  # rounding is monotonic: at equal precision a > b is never 尾差
    ("50.30", "50", R),  # "50" may be 50.49
    ("50.50", "50", R),  # 50.495 < 50.5: still possible
    ("50.51", "50", M),  # 50.505 ≥ 50 + 0.5
])
def test_le_edges(a, b, outcome):
    assert compare_le(D(a), D(b))[0] is outcome


def _t09(total: str, parts: list[str]) -> FinalAccounts:
    vals = dict(zip(("overseas", "vehicle", "reception"), (D(p) for p in parts), strict=True))
    return FinalAccounts(2024, tables={"T09": Table("T09", [Row("actual", "决算数", {"total": D(total), **vals})])})


@pytest.mark.parametrize(("total", "severity"), [("0.34", "info"), ("0.35", "error")])
def test_rule_severity_follows_outcome(total, severity):
    """Through a rule: 0.01 on three addends is an info 尾差 finding, 0.02 an error."""
    m = _t09(total, ["0.11", "0.11", "0.11"])
    (f,) = run_rule(m, "T09-001")
    assert f.severity == severity and f.difference == D(total) - D("0.33")
    assert (f.location["table"], f.location["row"], f.location["column"], f.location["column_no"]) == (
        "T09", "actual", "total", 1)


@pytest.mark.parametrize(("total", "addends", "outcome"), [
    ("-0.34", ["-0.11", "-0.11", "-0.11"], R),  # ROUND_HALF_UP rounds away from zero: (−x−h, −x+h]
    ("-0.35", ["-0.11", "-0.11", "-0.11"], M),  # the edge stays strict
    ("0.12", ["0.23", "-0.11"], E),
    ("0.13", ["0.23", "-0.11"], R),  # mixed signs: an open interval, 0.01 < 3 × 0.005
    ("0.14", ["0.23", "-0.11"], M),  # 0.02 > 0.015
])
def test_sum_edges_negative(total, addends, outcome):
    assert compare_sum(D(total), [D(a) for a in addends])[0] is outcome
    # the half-open reading agrees with real 元 figures: −3 × 149 元 against −447 元
    assert compare_sum(yuan_to_wan(D(-447)), [yuan_to_wan(D(-149))] * 3)[0] is R
