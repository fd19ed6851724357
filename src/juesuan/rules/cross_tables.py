"""Identities between tables (domain.md §2.3): the same figure printed in two tables must agree."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from juesuan.core.amounts import Outcome, compare_equal, compare_sum, fmt_plain
from juesuan.derive import FUNDS, INCOME_SOURCES
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Family, Result, Status
from juesuan.rules.helpers import (
    Cell,
    cell_loc,
    check_equal,
    check_le,
    check_sum,
    coded,
    has_row,
    not_checked,
    rows,
    term,
    val,
)
from juesuan.rules.tables import closing_cell

FAMILY = Family("cross_tables")

FUND_KEYS = tuple(k for k, _ in FUNDS)


def _classes(ctx: Context, *tables: str) -> list[str]:
    """Union of the 类 codes of the tables, in first-seen order."""
    seen: dict[str, None] = {}
    for t in tables:
        for r in coded(ctx, t):
            if len(r.key) == 3:
                seen.setdefault(r.key, None)
    return list(seen)


def _absent(ctx: Context, *tables: str) -> Result | None:
    """A not-checked result when a table the identity needs is not in the input at all."""
    gone = [t for t in tables if t not in ctx.model.tables]
    if not gone:
        return None
    names = "、".join(ctx.profile.tables[t].number if t in ctx.profile.tables else t for t in gone)
    return not_checked(catalogue.phrase("absent_tables", names=names), ctx.loc(gone[0]))


def _nonblank(ctx: Context, *cells: Cell) -> bool:
    return any(val(ctx, c) is not None for c in cells)


# --- T01 against T02 / T03 -------------------------------------------------------------------

@FAMILY.rule("X-001")
def t01_t02(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T01", "T02")) is not None:
        yield gone
        return
    if not has_row(ctx, "T02", "total"):
        return
    yield check_equal(ctx, ("T02", "total", "total"), ("T01", "income_total", "amount"),
                      ctx.say("what"))
    yield check_sum(ctx, ("T02", "total", "appropriation"),
                    [("T01", f, "amount") for f in (*FUND_KEYS, "appropriation")], ctx.say("what_2"))
    for key, name in INCOME_SOURCES[1:]:
        yield check_equal(ctx, ("T02", "total", key), ("T01", key, "amount"), ctx.say("source", name=name))


@FAMILY.rule("X-002")
def t01_t03(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T01", "T03")) is not None:
        yield gone
        return
    if not has_row(ctx, "T03", "total"):
        return
    yield check_equal(ctx, ("T03", "total", "total"), ("T01", "expenditure_total", "amount"),
                      ctx.say("what"))
    for k in _classes(ctx, "T03", "T01"):
        if _nonblank(ctx, ("T03", k, "total"), ("T01", k, "amount")):
            yield check_equal(ctx, ("T03", k, "total"), ("T01", k, "amount"),
                              ctx.say("class", code=k))


# --- T04 against T01 / T02 / T05 / T07 / T08 ---------------------------------------------------

@FAMILY.rule("X-003")
def t04_income(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T04", "T01", "T02")) is not None:
        yield gone
        return
    if not rows(ctx, "T04"):
        return
    for f, name in FUNDS:
        if _nonblank(ctx, ("T04", f, "amount"), ("T01", f, "amount")):
            yield check_equal(ctx, ("T04", f, "amount"), ("T01", f, "amount"),
                              ctx.say("fund", name=name))
    if has_row(ctx, "T02", "total"):
        yield check_equal(ctx, ("T04", "income_total", "amount"), ("T02", "total", "appropriation"),
                          ctx.say("what"))


@FAMILY.rule("X-004")
def t04_t05(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T04", "T05")) is not None:
        yield gone
        return
    if not rows(ctx, "T04") and not rows(ctx, "T05"):
        return
    yield check_equal(ctx, ("T05", "total", "total"), ("T04", "expenditure_total", "general_budget"),
                      ctx.say("what"))
    for k in _classes(ctx, "T05", "T04"):
        if _nonblank(ctx, ("T05", k, "total"), ("T04", k, "general_budget")):
            yield check_equal(ctx, ("T05", k, "total"), ("T04", k, "general_budget"),
                              ctx.say("class", code=k))


def _fund_vs_table(ctx: Context, fund: str, table: str, balances: bool) -> Iterator[Result]:
    if not rows(ctx, "T04") and not rows(ctx, table):
        return
    name = dict(FUNDS)[fund]
    yield check_equal(ctx, (table, "total", "total"), ("T04", "expenditure_total", fund),
                      ctx.say("total", name=name))
    for k in _classes(ctx, table, "T04"):
        if _nonblank(ctx, (table, k, "total"), ("T04", k, fund)):
            yield check_equal(ctx, (table, k, "total"), ("T04", k, fund),
                              ctx.say("class", name=name, code=k))
    if balances:
        pairs = ((("T07", "total", "income"), ("T04", fund, "amount"), "income"),
                 (("T07", "total", "opening_balance"), ("T04", f"opening_{fund}", "amount"), "opening"),
                 (("T07", "total", "closing_balance"), closing_cell(ctx, fund), "closing"))
        for a, b, what in pairs:
            if _nonblank(ctx, a, b):
                yield check_equal(ctx, a, b, ctx.say("balance", name=name, what=ctx.say(what)))


@FAMILY.rule("X-005")
def t04_t07(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T04", "T07")) is not None:
        yield gone
        return
    yield from _fund_vs_table(ctx, "fund_budget", "T07", True)


@FAMILY.rule("X-006")
def t04_t08(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T04", "T08")) is not None:
        yield gone
        return
    yield from _fund_vs_table(ctx, "state_capital_budget", "T08", False)


def _fund_column_empty(ctx: Context, fund: str) -> bool:
    cells = [("T04", fund, "amount"), ("T04", f"opening_{fund}", "amount"), closing_cell(ctx, fund)]
    cells += [("T04", r.key, fund) for r in ctx.model.table("T04").rows]
    return all(val(ctx, c) is None for c in cells)  # 0.00 is a printed (tiny) figure, not an empty column


@FAMILY.rule("X-007")
def empty_fund_tables(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T04")) is not None:
        yield gone
        return
    if not rows(ctx, "T04"):
        return
    for fund, table in (("fund_budget", "T07"), ("state_capital_budget", "T08")):
        if not _fund_column_empty(ctx, fund):
            continue
        if (gone := _absent(ctx, table)) is not None:
            yield gone
            continue
        t = ctx.model.table(table)
        blank = all(x is None for r in t.rows for x in r.values.values())
        if blank and not (t.empty_reason or "").strip():
            layout = ctx.profile.tables.get(table)
            title = layout.title if layout else table
            yield Result(Status.FAIL, ctx.say("unexplained", table=title, reason=ctx.profile.empty_table_reason),
                         ctx.loc(table), None, ctx.profile.empty_table_reason)
        else:
            yield Result(Status.PASS)


# --- T05 against T06 and T03 -----------------------------------------------------------------

@FAMILY.rule("X-008")
def t05_t06(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T05", "T06")) is not None:
        yield gone
        return
    if not has_row(ctx, "T05", "total") and not rows(ctx, "T06"):
        return
    yield check_sum(ctx, ("T05", "total", "basic"), [("T06", "personnel_total", "amount"),
                                                      ("T06", "public_total", "amount")],
                    ctx.say("what"))


@FAMILY.rule("X-009")
def t05_le_t03(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T05", "T03")) is not None:
        yield gone
        return
    for r in ctx.model.table("T05").rows:
        if not (r.key.isdigit() or r.key == "total"):
            continue
        for c in ("total", "basic", "project"):
            if r.values.get(c) is not None:
                yield check_le(ctx, ("T05", r.key, c), ("T03", r.key, c),
                               ctx.say("exceeds", row=r.key if r.key != "total" else ctx.say("total")))


# --- T06 against T09 ---------------------------------------------------------------------------

T06_T09 = (("30212", "overseas", "因公出国（境）费用", "error"),
           ("30217", "reception", "公务接待费", "error"),
           ("30231", "vehicle_operation", "公务用车运行维护费", "error"),
           ("31013", "vehicle_purchase", "公务用车购置", "error"),
           ("30215", "meeting", "会议费", "error"),
           ("30216", "training", "培训费", "error"))


@FAMILY.rule("X-010")
def t06_le_t09(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T06", "T09")) is not None:
        yield gone
        return
    for code, col, name, _ in T06_T09:
        if col in ("meeting", "training") and not ctx.profile.three_public_includes_meeting_training:
            continue
        if val(ctx, ("T06", code, "amount")) is None:
            continue
        yield check_le(ctx, ("T06", code, "amount"), ("T09", "actual", col),
                       ctx.say("exceeds", code=code, name=name))


# --- economic against functional classification -----------------------------------------------

ECON_FUNC = (
    (("30108",), "2080505", "机关事业单位基本养老保险缴费"),
    (("30109",), "2080506", "职业年金缴费"),
    (("30110", "30111"), "21011", "职工基本医疗保险缴费及公务员医疗补助缴费"),
    (("30113",), "2210201", "住房公积金"),
)


@FAMILY.rule("X-011")
def econ_vs_function(ctx: Context) -> Iterator[Result]:
    if (gone := _absent(ctx, "T06", "T05")) is not None:
        yield gone
        return
    for econ, func, name in ECON_FUNC:
        e_cells = [("T06", c, "amount") for c in econ]
        f_cell = ("T05", func, "basic")
        e_vals = [x for x in (val(ctx, c) for c in e_cells) if x is not None]
        f_val = val(ctx, f_cell)
        if not e_vals and f_val is None:
            continue
        outcome, _ = compare_sum(f_val, e_vals)
        if outcome is Outcome.EXACT:
            yield Result(Status.PASS)
            continue
        loc = cell_loc(ctx, e_cells[0], [*e_cells, f_cell])
        loc["related"] = {k: v for k, v in ctx.loc("T05", func, "basic").items() if k != "terms"}
        found = sum(e_vals, Decimal("0.00"))
        expected = f_val if f_val is not None else Decimal("0.00")
        diff = found - expected
        codes = "+".join(econ)
        if outcome is Outcome.ROUNDING:
            yield Result(Status.FAIL, ctx.say("rounding", codes=codes, name=name, func=func, difference=fmt_plain(diff)),
                         loc, found, expected, diff, severity="info", rounding=True)
        else:
            yield Result(Status.FAIL, ctx.say("mismatch", codes=codes, name=name, func=func, found=fmt_plain(found),
                                              expected=fmt_plain(expected), difference=fmt_plain(diff)),
                         loc, found, expected, diff)


@FAMILY.rule("X-012")
def agency_running_costs(ctx: Context) -> Iterator[Result]:
    actual = ctx.model.agency_running_costs.actual
    if actual is None:
        return
    public = val(ctx, ("T06", "public_total", "amount"))
    outcome, _ = compare_equal(actual, public)
    if outcome is Outcome.EXACT:
        yield Result(Status.PASS)
        return
    loc = ctx.loc("T06", "public_total", "amount", section="机关运行经费", field="agency_running_costs.actual",
                  terms=[term(("T06", "public_total", "amount"))])
    res = ctx.equal_check(actual, public if public is not None else Decimal("0.00"), loc, ctx.say("what"))
    question = agency_question(ctx)
    if question and not res.rounding:  # 事业单位, kind unknown or capital spending: a question, not an error
        res.severity = "info"
        res.message += ctx.say("question", why=question)
    yield res


def agency_question(ctx: Context) -> str | None:
    """Why 机关运行经费 need not equal 公用经费 for this unit (None when it should)."""
    from juesuan.domain.profiles.detect import agency_costs_question

    capital = any((r.values.get("amount") or 0) > 0 for r in ctx.model.table("T06").rows if r.key.startswith("310"))
    key = agency_costs_question(ctx.model.unit.unit_kind, capital)
    return None if key is None else ctx.profile.raw.get("agency_costs_questions", {}).get(key, key)

