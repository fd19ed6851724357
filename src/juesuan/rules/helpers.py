"""Small helpers shared by the rule families: cells, rounding-aware sums, inequalities, hierarchy.

A cell is `(table, row, column)`.  Blank cells are true zeros: they add nothing to a sum and
nothing to its rounding interval (a figure that rounds to zero is printed as 0.00, not left
blank), so a total over many blank rows is not loosened by them.  Failed checks carry, besides
the primary location (the total), the list of every cell that enters the identity under
``location["terms"]``, so a user (and a test) can find the figure that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from juesuan.core.amounts import ZERO, Outcome, compare_equal, compare_sum, fmt_plain, half_unit
from juesuan.core.model import Row
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Result, Status

Cell = tuple[str, str, str]
_PASS = Result(Status.PASS)


def rows(ctx: Context, table: str) -> dict[str, Row]:
    """Rows of a table by key (indexed once per check run)."""
    return _index(ctx)[0].get(table) or {}


def _index(ctx: Context) -> tuple[dict[str, dict[str, Row]], dict[Cell, Decimal | None]]:
    """Per-run indexes: rows by table and key, and every cell's value by (table, row, column)."""
    idx = ctx.__dict__.get("_juesuan_index")
    if idx is None:
        by_table: dict[str, dict[str, Row]] = {}
        cells: dict[Cell, Decimal | None] = {}
        for tid, t in ctx.model.tables.items():
            rs = by_table[tid] = {}
            for r in t.rows:
                rs.setdefault(r.key, r)
                for c, x in r.values.items():
                    cells.setdefault((tid, r.key, c), x)
        idx = ctx.__dict__["_juesuan_index"] = (by_table, cells)
    return idx


def val(ctx: Context, cell: Cell) -> Decimal | None:
    return _index(ctx)[1].get(cell)


def has_row(ctx: Context, table: str, key: str) -> bool:
    return key in rows(ctx, table)


def term(cell: Cell) -> dict[str, str]:
    return {"table": cell[0], "row": cell[1], "column": cell[2]}


def cell_loc(ctx: Context, cell: Cell, terms: Iterable[Cell] = (), **extra: Any) -> dict[str, Any]:
    loc = ctx.loc(cell[0], cell[1], cell[2], **extra)
    t = [term(c) for c in terms]
    if t:
        loc["terms"] = t
    return loc


def check_sum(ctx: Context, total: Cell, addends: Sequence[Cell], what: str,
              minus: Sequence[Cell] = ()) -> Result:
    """total = Σ addends − Σ minus, rounding-aware; blank cells are zeros."""
    cells = _index(ctx)[1]
    t = cells.get(total)
    vals = [x for x in (cells.get(c) for c in addends) if x is not None]
    vals += [-x for x in (cells.get(c) for c in minus) if x is not None]
    if (ZERO if t is None else t) == sum(vals, ZERO):
        return _PASS
    loc = cell_loc(ctx, total, [total, *addends, *minus])
    return ctx.sum_check(t, vals, loc, what)


def check_equal(ctx: Context, found: Cell, expected: Cell, what: str) -> Result:
    """Two printed copies of one figure (possibly in two tables) must agree."""
    a, b = val(ctx, found), val(ctx, expected)
    outcome, _ = compare_equal(a, b)
    if outcome is Outcome.EXACT:
        return Result(Status.PASS)
    loc = cell_loc(ctx, found, [found, expected])
    return ctx.equal_check(a, b, loc, what)


def sum_values(ctx: Context, total: Decimal | None, addends: Iterable[Decimal | None],
               location: Mapping[str, Any], what: str) -> Result:
    """Like check_sum for figures that are not table cells (facts, performance)."""
    vals = [x for x in addends if x is not None]
    outcome, _ = compare_sum(total, vals)
    if outcome is Outcome.EXACT:
        return Result(Status.PASS)
    return ctx.sum_check(total, vals, location, what)


def compare_le(a: Decimal | None, b: Decimal | None) -> tuple[Outcome, Decimal]:
    """a ≤ b for printed figures: violated only when no values in their intervals satisfy it.

    Rounding half up is monotonic, so at equal precision any a > b is a mismatch; a difference
    below the two half-units (mixed precision, e.g. 50 against 50.30) is only rounding.
    Returns the outcome and a − b (≤ 0 counts as exact).
    """
    x = ZERO if a is None else a
    y = ZERO if b is None else b
    diff = x - y
    if diff <= 0:
        return Outcome.EXACT, diff
    env = (half_unit(a) if a is not None else ZERO) + (half_unit(b) if b is not None else ZERO)
    return (Outcome.ROUNDING if diff < env else Outcome.MISMATCH), diff


def le_result(a: Decimal | None, b: Decimal | None, location: Mapping[str, Any] | None, what: str,
              loc_factory: Any = None) -> Result:
    """Result of a ≤ b; `location` may be built lazily by `loc_factory()` on failure."""
    outcome, diff = compare_le(a, b)
    if outcome is Outcome.EXACT:
        return Result(Status.PASS)
    loc = location if location is not None else loc_factory()
    found = ZERO if a is None else a
    limit = ZERO if b is None else b
    if outcome is Outcome.ROUNDING:
        return Result(Status.FAIL, catalogue.phrase("le_rounding", what=what, difference=fmt_plain(diff)),
                      loc, found, limit, diff, severity="info", rounding=True)
    return Result(Status.FAIL, catalogue.phrase("le_mismatch", what=what, found=fmt_plain(found),
                                                limit=fmt_plain(limit), difference=fmt_plain(diff)),
                  loc, found, limit, diff)


def check_le(ctx: Context, small: Cell, large: Cell, what: str) -> Result:
    """small ≤ large between two cells."""
    return le_result(val(ctx, small), val(ctx, large), None, what,
                     lambda: cell_loc(ctx, small, [small, large]))


def not_checked(message: str, location: Mapping[str, Any]) -> Result:
    return Result(Status.NOT_CHECKED, message, location)


def column_keys(ctx: Context, table: str) -> tuple[str, ...]:
    layout = ctx.profile.tables.get(table)
    return tuple(c.key for c in layout.columns) if layout else ()


def coded(ctx: Context, table: str) -> list[Row]:
    return [r for r in ctx.model.table(table).rows if r.key.isdigit()]


def children_map(ctx: Context, table: str) -> dict[str, list[str]]:
    """Parent code -> codes of its direct children present in the table (prefix nesting)."""
    idx = rows(ctx, table)
    out: dict[str, list[str]] = {}
    for r in coded(ctx, table):
        if len(r.key) in (5, 7) and r.key[:-2] in idx:
            out.setdefault(r.key[:-2], []).append(r.key)
    return out


def has_values(row: Row | None, columns: Iterable[str]) -> bool:
    return row is not None and any(row.values.get(c) not in (None, ZERO) for c in columns)


def rollup(ctx: Context, table: str, columns: Sequence[str], levels: tuple[int, ...] = (3, 5)
           ) -> Iterator[Result]:
    """类 = Σ其款, 款 = Σ其项 for each column; a parent without children is not checked."""
    idx = rows(ctx, table)
    kids = children_map(ctx, table)
    for r in coded(ctx, table):
        if len(r.key) not in levels:
            continue
        sub = kids.get(r.key)
        if not sub:
            if has_values(r, columns):
                yield not_checked(catalogue.phrase("no_children", code=r.key, label=r.label),
                                  ctx.loc(table, r.key))
            continue
        name = "款" if len(r.key) == 3 else "项"
        for c in columns:
            if r.values.get(c) is None and all(idx[k].values.get(c) is None for k in sub):
                continue
            yield check_sum(ctx, (table, r.key, c), [(table, k, c) for k in sub],
                            catalogue.phrase("rollup", code=r.key, label=r.label, level=name))


def total_of_classes(ctx: Context, table: str, columns: Sequence[str], total_row: str = "total"
                     ) -> Iterator[Result]:
    """合计 row = Σ 类 rows, per column."""
    if not has_row(ctx, table, total_row):
        if any(has_values(r, columns) for r in coded(ctx, table)):
            yield not_checked(catalogue.phrase("no_total_row"), ctx.loc(table))
        return
    classes = [r.key for r in coded(ctx, table) if len(r.key) == 3]
    for c in columns:
        yield check_sum(ctx, (table, total_row, c), [(table, k, c) for k in classes],
                        catalogue.phrase("classes"))


def row_identity(ctx: Context, table: str, total_col: str, parts: Sequence[str], what: str,
                 include_total_row: bool = True) -> Iterator[Result]:
    """For every row: total column = Σ part columns."""
    for r in ctx.model.table(table).rows:
        if not include_total_row and not r.key.isdigit():
            continue
        if r.values.get(total_col) is None and all(r.values.get(p) is None for p in parts):
            continue
        yield check_sum(ctx, (table, r.key, total_col), [(table, r.key, p) for p in parts], what)
