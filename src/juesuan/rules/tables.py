"""Intra-table identities (domain.md §2.2): totals, row sums, hierarchy roll-ups, balances."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from juesuan.derive import FUNDS
from juesuan.layouts import classified, economic, two_sided
from juesuan.rules.engine import Context, Family, Result, Status
from juesuan.rules.helpers import (
    check_equal,
    check_sum,
    coded,
    column_keys,
    has_row,
    rollup,
    row_identity,
    rows,
    total_of_classes,
    val,
)

FAMILY = Family("tables")

# "appropriation": templates printing one 财政拨款收入 row instead of the three funds (blank elsewhere)
T01_INCOME = two_sided.INCOME_PARTS
FUND_KEYS = tuple(k for k, _ in FUNDS)
CLASSIFIED = tuple(classified.PARTS)


RuleFn = Callable[[Context], Iterator[Result]]


def _t01(row: str) -> tuple[str, str, str]:
    return ("T01", row, "amount")


# --- T01 收入支出决算总表 ---------------------------------------------------------------------

@FAMILY.rule("T01-001")
def t01_income_total(ctx: Context) -> Iterator[Result]:
    if not has_row(ctx, "T01", "income_total"):
        return
    yield check_sum(ctx, _t01("income_total"), [_t01(k) for k in T01_INCOME], ctx.say("what"))


@FAMILY.rule("T01-002")
def t01_expenditure_total(ctx: Context) -> Iterator[Result]:
    if not has_row(ctx, "T01", "expenditure_total"):
        return
    classes = [r.key for r in coded(ctx, "T01")]
    yield check_sum(ctx, _t01("expenditure_total"), [_t01(k) for k in classes],
                    ctx.say("what"))


@FAMILY.rule("T01-003")
def t01_income_grand_total(ctx: Context) -> Iterator[Result]:
    if not has_row(ctx, "T01", "income_grand_total"):
        return
    yield check_sum(ctx, _t01("income_grand_total"),
                    [_t01("income_total"), _t01("use_of_balance"), _t01("opening_balance")],
                    ctx.say("what"))


@FAMILY.rule("T01-004")
def t01_expenditure_grand_total(ctx: Context) -> Iterator[Result]:
    if not has_row(ctx, "T01", "expenditure_grand_total"):
        return
    yield check_sum(ctx, _t01("expenditure_grand_total"),
                    [_t01("expenditure_total"), _t01("balance_distribution"), _t01("closing_balance")],
                    ctx.say("what"))


@FAMILY.rule("T01-005")
def t01_balance(ctx: Context) -> Iterator[Result]:
    if not (has_row(ctx, "T01", "income_grand_total") or has_row(ctx, "T01", "expenditure_grand_total")):
        return
    yield check_equal(ctx, _t01("expenditure_grand_total"), _t01("income_grand_total"),
                      ctx.say("what"))


# --- T02 收入决算表 / T03 支出决算表 / T05 一般公共预算财政拨款支出决算表 ----------------------------

def _classified_rules(table: str, total_col: str, parts: tuple[str, ...]) -> tuple[RuleFn, RuleFn, RuleFn]:
    """The three rules every 类/款/项 table has: row identity, roll-up, 合计 = Σ类."""
    def row_sum(ctx: Context) -> Iterator[Result]:
        yield from row_identity(ctx, table, total_col, parts, ctx.say("row_sum"))

    def roll(ctx: Context) -> Iterator[Result]:
        yield from rollup(ctx, table, column_keys(ctx, table) or (total_col, *parts))

    def classes(ctx: Context) -> Iterator[Result]:
        yield from total_of_classes(ctx, table, column_keys(ctx, table) or (total_col, *parts))

    return row_sum, roll, classes


_T02, _T03, _T05, _T07, _T08 = (_classified_rules(t, "total", classified.PARTS[t])
                                 for t in ("T02", "T03", "T05", "T07", "T08"))


def _register(table: str, fns: tuple[RuleFn, RuleFn, RuleFn], first: int) -> None:
    for i, fn in enumerate(fns):
        FAMILY.add(f"{table}-{first + i:03d}", fn)


for _table, _fns in (("T02", _T02), ("T03", _T03), ("T05", _T05), ("T07", _T07), ("T08", _T08)):
    _register(_table, _fns, 1)


@FAMILY.rule("T07-004")
def t07_balance(ctx: Context) -> Iterator[Result]:
    for r in ctx.model.table("T07").rows:
        if all(r.values.get(c) is None for c in ("opening_balance", "income", "total", "closing_balance")):
            continue
        yield check_sum(ctx, ("T07", r.key, "closing_balance"),
                        [("T07", r.key, "opening_balance"), ("T07", r.key, "income")],
                        ctx.say("what"),
                        minus=[("T07", r.key, "total")])


# --- T04 财政拨款收入支出决算总表 ----------------------------------------------------------------

def closing_cell(ctx: Context, fund: str) -> tuple[str, str, str]:
    """The cell holding 年末财政拨款结转和结余 of one fund (row 60's column, or its own row 61–63)."""
    main = ("T04", "closing_balance", fund)
    if val(ctx, main) is not None:
        return main
    alt = rows(ctx, "T04").get(f"closing_{fund}")
    if alt is not None:
        for c in ("total", fund, "amount"):
            if alt.values.get(c) is not None:
                return ("T04", alt.key, c)
    return main


def _t04_right_rows(ctx: Context) -> list[str]:
    return [r.key for r in ctx.model.table("T04").rows
            if r.key.isdigit() or r.key in ("expenditure_total", "closing_balance", "expenditure_grand_total")]


@FAMILY.rule("T04-001")
def t04_row_total(ctx: Context) -> Iterator[Result]:
    for key in _t04_right_rows(ctx):
        parts = [closing_cell(ctx, f) if key == "closing_balance" else ("T04", key, f) for f in FUND_KEYS]
        if val(ctx, ("T04", key, "total")) is None and all(val(ctx, c) is None for c in parts):
            continue
        yield check_sum(ctx, ("T04", key, "total"), parts, ctx.say("what"))


@FAMILY.rule("T04-002")
def t04_income_side(ctx: Context) -> Iterator[Result]:
    a = "amount"
    if has_row(ctx, "T04", "income_total"):
        yield check_sum(ctx, ("T04", "income_total", a), [("T04", f, a) for f in FUND_KEYS],
                        ctx.say("what"))
    if has_row(ctx, "T04", "opening_balance"):
        yield check_sum(ctx, ("T04", "opening_balance", a), [("T04", f"opening_{f}", a) for f in FUND_KEYS],
                        ctx.say("what_2"))
    if has_row(ctx, "T04", "income_grand_total"):
        yield check_sum(ctx, ("T04", "income_grand_total", a),
                        [("T04", "income_total", a), ("T04", "opening_balance", a)],
                        ctx.say("what_3"))


@FAMILY.rule("T04-003")
def t04_expenditure_side(ctx: Context) -> Iterator[Result]:
    classes = [r.key for r in coded(ctx, "T04")]
    for c in ("total", *FUND_KEYS):
        if has_row(ctx, "T04", "expenditure_total"):
            yield check_sum(ctx, ("T04", "expenditure_total", c), [("T04", k, c) for k in classes],
                            ctx.say("what"))
        if has_row(ctx, "T04", "expenditure_grand_total"):
            closing = closing_cell(ctx, c) if c != "total" else ("T04", "closing_balance", "total")
            yield check_sum(ctx, ("T04", "expenditure_grand_total", c), [("T04", "expenditure_total", c), closing],
                            ctx.say("what_2"))


@FAMILY.rule("T04-004")
def t04_fund_balance(ctx: Context) -> Iterator[Result]:
    for f in FUND_KEYS:
        cells = [("T04", f, "amount"), ("T04", f"opening_{f}", "amount"), ("T04", "expenditure_total", f),
                 closing_cell(ctx, f)]
        if all(val(ctx, c) is None for c in cells):
            continue
        yield check_sum(ctx, cells[3], cells[:2], ctx.say("balance", fund=dict(FUNDS)[f]),
                        minus=[cells[2]])


@FAMILY.rule("T04-005")
def t04_balance(ctx: Context) -> Iterator[Result]:
    if not (has_row(ctx, "T04", "income_grand_total") or has_row(ctx, "T04", "expenditure_grand_total")):
        return
    yield check_equal(ctx, ("T04", "expenditure_grand_total", "total"), ("T04", "income_grand_total", "amount"),
                      ctx.say("what"))


# --- T06 一般公共预算财政拨款基本支出决算明细表 --------------------------------------------------

@FAMILY.rule("T06-001")
def t06_rollup(ctx: Context) -> Iterator[Result]:
    yield from rollup(ctx, "T06", ("amount",), levels=(3,))


@FAMILY.rule("T06-002")
def t06_footer(ctx: Context) -> Iterator[Result]:
    idx = rows(ctx, "T06")
    names = {s.key: s.label for s in economic.footer(ctx.profile.tables.get("T06"))}
    for key, classes in (("personnel_total", ctx.profile.personnel_classes),
                         ("public_total", ctx.profile.public_classes)):
        present = [c for c in classes if c in idx]
        if key not in idx and not any(idx[c].values.get("amount") for c in present):
            continue
        yield check_sum(ctx, ("T06", key, "amount"), [("T06", c, "amount") for c in present],
                        ctx.say("footer", name=names.get(key, key), classes="、".join(classes)))


# --- T09 “三公”经费 ---------------------------------------------------------------------------

@FAMILY.rule("T09-001")
def t09_total(ctx: Context) -> Iterator[Result]:
    for r in ("budget", "actual"):
        if not has_row(ctx, "T09", r):
            continue
        yield check_sum(ctx, ("T09", r, "total"), [("T09", r, c) for c in ("overseas", "vehicle", "reception")],
                        ctx.say("what"))


@FAMILY.rule("T09-002")
def t09_vehicle(ctx: Context) -> Iterator[Result]:
    for r in ("budget", "actual"):
        if not has_row(ctx, "T09", r):
            continue
        yield check_sum(ctx, ("T09", r, "vehicle"), [("T09", r, "vehicle_purchase"), ("T09", r, "vehicle_operation")],
                        ctx.say("what"))


# --- hierarchy integrity ---------------------------------------------------------------------

_LEVELS = {"T06": (3, 5)}


@FAMILY.rule("TAB-001")
def hierarchy(ctx: Context) -> Iterator[Result]:
    for table in (*CLASSIFIED, "T06"):
        idx = rows(ctx, table)
        allowed = _LEVELS.get(table, (3, 5, 7))
        for r in coded(ctx, table):
            if len(r.key) not in allowed or len(r.key) == 3:
                continue
            if r.key[:-2] not in idx:
                yield Result(Status.FAIL, ctx.say("unlisted", code=r.key, label=r.label, parent=r.key[:-2]),
                             ctx.loc(table, r.key), r.key, r.key[:-2])
            else:
                yield Result(Status.PASS)
