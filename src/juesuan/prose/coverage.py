"""Context figures: numbers the prose states that are not claims about the accounts.

A report's introduction of the unit (学校概况, 部门基本情况, 主要职能, 机构设置 …) states students, staff,
awards, areas: figures no table of a final-accounts report holds, so nothing can check them.  They are
kept out of the claim coverage (and listed apart, with the reason) so that coverage measures how much of
what the report says about its accounts was checked.  Never a context figure: money (an amount, a change),
a share, rate or completion percentage, a score, or any figure that was checked.
"""

from __future__ import annotations

from juesuan.prose.claims import Claim
from juesuan.prose.lexicon import lexicon

_MONEY_UNITS = ("万元", "元", "亿元")
_CONTEXT_KINDS = ("count", "quantity", "percent")


def is_context(c: Claim) -> bool:
    """Whether an unchecked claim is a context figure of the unit's introduction."""
    if c.checks or c.unit in _MONEY_UNITS or c.kind not in _CONTEXT_KINDS:
        return False
    keys = lexicon().context_sections
    return any(k in heading for heading in c.sentence.section for k in keys)


def mark_context(claims: list[Claim]) -> None:
    for c in claims:
        c.context = is_context(c)
