"""Recording the comparison of a claim with what it was bound to (rounding-aware, core.amounts)."""

from __future__ import annotations

from decimal import Decimal

from juesuan.core.amounts import Outcome, compare_equal, compare_percent
from juesuan.prose.claims import Check, Claim

# rule ids (rules/narrative.py reports them)
R_TABLE = "NAR-001"  # amount vs table
R_PERCENT = "NAR-002"  # percentage vs its operands
R_ARITH = "NAR-003"  # stated difference / change vs its operands
R_SUM = "NAR-004"  # 其中 breakdown vs total
R_DIRECTION = "NAR-005"  # direction word vs sign
R_RESTATE = "NAR-006"  # same statement elsewhere
R_COUNT = "NAR-007"  # count vs the list it counts
R_PERF = "NAR-008"  # performance prose vs performance tables
R_ZERO_BASE = "NAR-009"  # rate over a zero or different base
R_ASSETS = "NAR-010"  # assets / procurement statements consistent
R_AGENCY = "NAR-011"  # 机关运行经费 vs 公用经费
R_NAME = "NAR-012"  # a 科目 named differently from the table (reported from the name differences)


def fmt(d: Decimal) -> str:
    return format(d, "f")


def clause_of(c: Claim) -> str:
    """The clause of the claim's sentence before the claim (from the last ，；。：)."""
    prefix = c.sentence.text[:c.start]
    return prefix[max(prefix.rfind("，"), prefix.rfind("；"), prefix.rfind("。"), prefix.rfind("：")) + 1:]


def operand(c: Claim) -> Decimal:
    """A stated operand, or the table figure it matched (more precise) when it matched."""
    for ch in c.checks:
        if ch.rule == R_TABLE and ch.outcome in ("exact", "rounding") and isinstance(ch.expected, Decimal):
            if ch.expected.as_tuple().exponent < c.wan.as_tuple().exponent:  # type: ignore[operator]
                return ch.expected
    return c.wan


def add(c: Claim, rule: str, target: str, expected: Decimal | None, found: Decimal, *, severity: str | None = None,
        note: str = "") -> None:
    """Compare a stated figure with the figure it names."""
    if expected is None:
        return
    o, diff = compare_equal(found, expected)
    c.checks.append(Check(rule, target, expected, o.value, diff, note, severity))


def add_percent(c: Claim, rule: str, target: str, num: Decimal, den: Decimal, *, severity: str | None = None,
                note: str = "") -> None:
    """Compare a stated percentage with num / den (an undefined base is its own finding)."""
    res = compare_percent(c.value, num, den)
    if res is None:
        c.checks.append(Check(R_ZERO_BASE, target, "无意义（分母为0）", "undefined", None,
                              note or "分母为0，比例没有意义，不应写出百分比", "info"))
        return
    o, expected, diff = res
    if o is Outcome.MISMATCH and diff is not None and abs(diff) <= Decimal("0.01") and c.value.as_tuple().exponent == -2:
        o = Outcome.ROUNDING  # one hundredth of a point: the printed operands were rounded before the division
        note = note or "百分比相差0.01个百分点，属于尾差"
    c.checks.append(Check(rule, target, expected, o.value, diff, note, severity))


def mark_operand(c: Claim, rule: str, target: str) -> None:
    """A figure used as an operand of a check: bound, and checked with it."""
    c.bound = True
    if not c.checks:
        c.checks.append(Check(rule, target, None, "exact"))
