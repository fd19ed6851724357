"""Printed amounts as Decimal, and interval arithmetic on their printed precision.

A figure printed as 12.34 stands for the half-open interval [12.335, 12.345).  A sum is
inconsistent only when the interval of its addends and the interval of its total do not meet
(XBRL Calculations 1.1).  The precision of a figure is the exponent of its Decimal: Decimal("0.30")
was printed with 2 decimals, Decimal("0.3") with 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
TEN_THOUSAND = Decimal("10000")

_NUMBER_RE = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


# The largest amount the model holds: 10^15 万元 (10^19 元) is far beyond any budget, and keeps every sum
# exact within Decimal's 28 digits.  NaN, Infinity and anything larger are refused when reading.
AMOUNT_LIMIT = Decimal("1e15")
MAX_DECIMALS = 12


class AmountOutOfRange(ValueError):
    """A number that is not a finite amount the model can hold; str() is the Chinese reason."""


def check_amount(value: Decimal) -> Decimal:
    """`value` when it is a finite amount within AMOUNT_LIMIT and MAX_DECIMALS; else AmountOutOfRange."""
    if not value.is_finite():
        raise AmountOutOfRange(f"“{value}”不是有限的数字")
    if abs(value) >= AMOUNT_LIMIT:
        raise AmountOutOfRange(f"金额 {value} 超出可处理的范围（绝对值应小于 10^15 万元）")
    exp = value.as_tuple().exponent
    if isinstance(exp, int) and -exp > MAX_DECIMALS:
        raise AmountOutOfRange(f"数字 {value} 的小数位过多（最多 {MAX_DECIMALS} 位）")
    return value


class Outcome(StrEnum):
    """How a checked identity came out."""

    EXACT = "exact"
    ROUNDING = "rounding"  # explained by 尾差: info, never an error
    MISMATCH = "mismatch"


def half_unit(value: Decimal) -> Decimal:
    """Half of the last printed digit: 12.34 -> 0.005, 50 -> 0.5."""
    exp = value.as_tuple().exponent
    if not isinstance(exp, int):
        raise ValueError(f"not a finite amount: {value}")
    return Decimal(5).scaleb(exp - 1)


def parse_amount(text: str) -> Decimal | None:
    """Parse a printed number ("1,234.50", "-3", "") keeping its printed precision.

    Blank, "-" and "—" mean an empty cell (None).  Raises ValueError for anything else, and its
    subclass AmountOutOfRange for a number beyond what the model holds (check_amount).
    """
    s = text.strip().replace("，", ",").replace(" ", "").replace("\u3000", "")
    if s in {"", "-", "—", "——", "－"}:
        return None
    if s.startswith("(") and s.endswith(")"):
        s = "-" + s[1:-1]
    if not _NUMBER_RE.match(s) or s in {"+", "-", "."}:
        raise ValueError(text)
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(text) from exc
    return check_amount(value)


def quantize(value: Decimal, places: int = 2) -> Decimal:
    """Round half up to `places` decimals, as the published reports do."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def yuan_to_wan(value: Decimal) -> Decimal:
    """Convert 元 to 万元 at 2 decimals."""
    return quantize(value / TEN_THOUSAND)


def fmt_amount(value: Decimal | None, places: int = 2) -> str:
    """Format for tables: 2 decimals, blank for None."""
    if value is None:
        return ""
    return f"{quantize(value, places):.{places}f}"


def fmt_plain(value: Decimal) -> str:
    """Format without thousands separators and with the value's own precision."""
    return f"{value:f}"


def compare_sum(total: Decimal | None, addends: Iterable[Decimal | None]) -> tuple[Outcome, Decimal]:
    """Compare a printed total with printed addends by interval arithmetic.

    A blank cell is a printed zero at the precision of the table (0.01).  Returns the outcome and
    the difference total − Σaddends.  Intervals are half-open, so the sum interval
    [Σx − Σh, Σx + Σh) meets [T − h, T + h) iff |T − Σx| < Σh + h.
    """
    items = list(addends)
    t = ZERO if total is None else total
    diff = t - sum((ZERO if a is None else a for a in items), ZERO)
    if diff == 0:
        return Outcome.EXACT, diff
    envelope = sum((_half_or_cent(a) for a in items), _half_or_cent(total))
    return (Outcome.ROUNDING if abs(diff) < envelope else Outcome.MISMATCH), diff


def _half_or_cent(value: Decimal | None) -> Decimal:
    return CENT / 2 if value is None else half_unit(value)


def compare_equal(a: Decimal | None, b: Decimal | None) -> tuple[Outcome, Decimal]:
    """Two printed copies of one figure: they must agree within their printed precision.

    At equal precision that means exactly; "50" against 50.00 is rounding.
    """
    diff = (ZERO if a is None else a) - (ZERO if b is None else b)
    if diff == 0:
        return Outcome.EXACT, diff
    envelope = _half_or_cent(a) + _half_or_cent(b)
    return (Outcome.ROUNDING if abs(diff) < envelope else Outcome.MISMATCH), diff


def ratio_interval(num: Decimal, den: Decimal, exact: bool = False) -> tuple[Decimal, Decimal] | None:
    """Interval of num/den×100 given printed operands (None when the denominator may be zero)."""
    hn = ZERO if exact else half_unit(num)
    hd = ZERO if exact else half_unit(den)
    lo_d, hi_d = den - hd, den + hd
    if lo_d <= 0 <= hi_d:
        return None
    cands = [(num + sn * hn) / (den + sd * hd) * HUNDRED for sn in (-1, 1) for sd in (-1, 1)]
    return min(cands), max(cands)


def compare_percent(stated: Decimal, num: Decimal, den: Decimal) -> tuple[Outcome, Decimal, Decimal] | None:
    """Check a stated percentage against its printed operands.

    Returns (outcome, expected rounded to the stated precision, difference) or None when the
    denominator is zero.
    """
    interval = ratio_interval(num, den)
    if interval is None:
        return None
    exp = stated.as_tuple().exponent
    places = max(0, -exp) if isinstance(exp, int) else 2
    expected = quantize(num / den * HUNDRED, places)
    diff = stated - expected
    if diff == 0:
        return Outcome.EXACT, expected, diff
    h = half_unit(stated)
    lo, hi = interval
    # stated stands for [stated-h, stated+h); operands give [lo, hi]
    meets = stated - h <= hi and lo < stated + h
    return (Outcome.ROUNDING if meets else Outcome.MISMATCH), expected, diff


def percent(num: Decimal, den: Decimal, places: int = 2) -> Decimal | None:
    """num/den as a percentage rounded half up; None when den is zero."""
    if den == 0:
        return None
    return quantize(num / den * HUNDRED, places)
