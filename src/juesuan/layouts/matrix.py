"""A matrix table (三公: columns 合计 / 因公出国 / 公务用车 … by rows 预算数 / 决算数)."""

from __future__ import annotations

from juesuan.domain.profiles import Column, RowSpec, TableLayout

ROWS: tuple[RowSpec, ...] = (RowSpec("budget", "预算数"), RowSpec("actual", "决算数"))
LABELS: tuple[str, ...] = tuple(r.label for r in ROWS)  # how any report prints the rows


def rows(layout: TableLayout | None = None) -> tuple[RowSpec, ...]:
    """The rows of the matrix (预算数, 决算数): the profile's, else the usual two."""
    return (layout.rows if layout is not None else ()) or ROWS


def row_key(text: str, layout: TableLayout | None = None) -> str | None:
    """The row a printed row label names (预算数, 预算, 决算数（万元）…): by the label without 数."""
    return next((r.key for r in rows(layout) if text.startswith(r.label.removesuffix("数"))), None)


def column_pairs(layout: TableLayout) -> list[tuple[Column, RowSpec]]:
    """The cells of the matrix printed as one row (orientation "columns"), left to right: each column
    split into its rows (预算数 | 决算数)."""
    return [(col, spec) for col in layout.columns for spec in rows(layout)]
