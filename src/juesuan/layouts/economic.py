"""The economic-classification table (T06): codes in side-by-side column blocks."""

from __future__ import annotations

from juesuan.core.model import Table
from juesuan.domain.profiles import TableLayout


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
