"""Which module implements each family of rules: the explicit list the engine runs from.

`check` and `audit` (app/) each name the families they run; nothing registers itself on import.
"""

from __future__ import annotations

from juesuan.rules.engine import Family


def family(name: str) -> Family:
    """The implementations of one family."""
    return all_families()[name]


def all_families() -> dict[str, Family]:
    from juesuan.rules import (
        codes,
        completeness,
        cross_tables,
        document,
        facts,
        narrative,
        performance,
        tables,
        wording,
    )

    mods = (tables, cross_tables, facts, performance, wording, narrative, completeness, document, codes)
    return {m.FAMILY.name: m.FAMILY for m in mods}
