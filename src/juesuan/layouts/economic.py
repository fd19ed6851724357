"""The economic-classification table (T06): codes in side-by-side column blocks, footer totals."""

from __future__ import annotations

from juesuan.core.model import Table
from juesuan.domain.profiles import RowSpec, TableLayout

FOOTER: tuple[RowSpec, ...] = (RowSpec("personnel_total", "人员经费合计"), RowSpec("public_total", "公用经费合计"))


def footer(layout: TableLayout | None = None) -> tuple[RowSpec, ...]:
    """The totals printed under the blocks (人员经费合计, 公用经费合计): the profile's, else the usual two."""
    return (layout.footer if layout is not None else ()) or FOOTER


def footer_word(spec: RowSpec) -> str:
    """A footer total as it may be printed without 合计 (人员经费)."""
    return spec.label.removesuffix("合计")


def blocks(layout: TableLayout, table: Table | None) -> list[list[str]]:
    """The codes of each column block: the profile's, and each code of the unit the profile does not
    print after the last code of its 类 (in the block holding that 类; else at the end of the last block)."""
    out = [list(b) for b in layout.blocks] or [[]]
    if table is None:
        return out
    listed = {c for b in out for c in b}
    footer = {f.key for f in layout.footer}
    for r in table.rows:
        if r.key in listed or r.key in footer or not r.key.isdigit():
            continue
        target = next((b for b in out if r.key[:3] in b), out[-1])
        last = max((i for i, c in enumerate(target) if c.startswith(r.key[:3])), default=len(target) - 1)
        target.insert(last + 1, r.key)
        listed.add(r.key)
    return out
