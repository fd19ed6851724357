"""A matrix table (三公: columns 合计 / 因公出国 / 公务用车 … by rows 预算数 / 决算数)."""

from __future__ import annotations

from juesuan.domain.profiles import Column, RowSpec, TableLayout


def column_pairs(layout: TableLayout) -> list[tuple[Column, RowSpec]]:
    """The cells of the matrix printed as one row (orientation "columns"), left to right: each column
    split into its rows (预算数 | 决算数)."""
    rows = layout.rows or (RowSpec("budget", "预算数"), RowSpec("actual", "决算数"))
    return [(col, spec) for col in layout.columns for spec in rows]
