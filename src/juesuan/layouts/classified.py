"""A classified table (类 / 款 / 项 codes, a 合计 row, amount columns): T02, T03, T05, T07, T08; the
economic codes of T06 follow the same code rules."""

from __future__ import annotations

import re

from juesuan.derive import EXPENDITURE_KINDS, INCOME_SOURCES

CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")  # 类 (3 digits), 款 (5), 项 (7)
LEVEL_HEADS = ("类", "款", "项")  # a code printed in split columns
TOTAL_LABELS = ("合计", "总计")
# the columns that add up to the total column, per table (the others, like 其中, are not summands)
PARTS: dict[str, tuple[str, ...]] = {
    "T02": tuple(k for k, _ in INCOME_SOURCES),
    "T03": tuple(k for k, _ in EXPENDITURE_KINDS),
    "T05": ("basic", "project"),
    "T07": ("basic", "project"),
    "T08": ("basic", "project"),
}


def carry_code(parts: list[str], last: list[str]) -> tuple[list[str], list[str]]:
    """A code printed in split columns (类 | 款 | 项), 类 and 款 only where they change: the row's parts
    with the blank leading ones carried from the row above, and the parts to carry to the next row."""
    k = next(j for j, p in enumerate(parts) if p)
    parts = last[:k] + parts[k:] if k else parts
    depth = max(j for j, p in enumerate(parts) if p) + 1
    parts = parts[:depth]
    return parts, parts + [""] * (len(last) - len(parts))
