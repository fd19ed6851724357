"""A two-sided table (T01 收入支出决算总表, T04 财政拨款收入支出决算总表): 收入 | 支出 side by side,
rows by label and 行次, totals and balances at the foot of each side."""

from __future__ import annotations

from collections.abc import Sequence

from juesuan.derive import FUNDS, INCOME_SOURCES
from juesuan.domain.profiles import RowSpec, Side, TableLayout
from juesuan.layouts import classified

SIDE_HEADS = ("收入", "支出")  # the "left" and "right" sides
TOTAL_LABELS = classified.TOTAL_LABELS
GRAND_TOTALS = {"left": "income_grand_total", "right": "expenditure_grand_total"}
BALANCE = "结转和结余"  # 年初… on the income side, 年末… on the expenditure side
OPENING = "年初"
# the rows that add up to 本年收入合计 (a template prints either the three funds or one 财政拨款收入 row)
INCOME_PARTS: tuple[str, ...] = (*(k for k, _ in FUNDS), *(k for k, _ in INCOME_SOURCES))


def opening(fund: str) -> str:
    """The row of a fund's opening balance (opening_general_budget …)."""
    return f"opening_{fund}"


def closing(fund: str) -> str:
    """The row of a fund's closing balance (closing_general_budget …), printed without a label in T04."""
    return f"closing_{fund}"


CLOSING_FUNDS: tuple[str, ...] = tuple(closing(k) for k, _ in FUNDS)


def side(layout: TableLayout, name: str) -> Side:
    """The 收入 ("left") or 支出 ("right") side of the layout."""
    s = layout.left if name == "left" else layout.right
    assert s is not None, f"{layout.id} is not two-sided"
    return s


def printed_lines(rows: Sequence[RowSpec]) -> list[tuple[RowSpec | None, int | None]]:
    """The printed rows of one side: spec rows and blank 行次 between them (None for a blank)."""
    lines = [r.line for r in rows]
    if not rows or any(x is None for x in lines):
        return [(r, r.line) for r in rows]
    by_line = {r.line: r for r in rows}
    return [(by_line.get(n), n) for n in range(min(lines), max(lines) + 1)]  # type: ignore[type-var]


def line_pairs(layout: TableLayout) -> list[tuple[int, RowSpec | None, RowSpec | None, bool]]:
    """The printed body as rows: (n, the income row with 行次 n, the n-th expenditure row, whether the
    income side still prints 行次 n), as the official forms pair the two sides."""
    left, right = side(layout, "left"), side(layout, "right")
    by_line = {r.line: r for r in left.rows if r.line is not None}
    last = max(by_line, default=0)
    n = max(last, len(right.rows))
    return [(i, by_line.get(i), right.rows[i - 1] if i <= len(right.rows) else None, i <= last)
            for i in range(1, n + 1)]
