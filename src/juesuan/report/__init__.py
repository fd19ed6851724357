"""The narrative: the report assembled as document blocks from the model, derived figures and
wording templates (`assemble`), and the inputs the wording needs but the model lacks (`missing_inputs`).

narrative/claims.py (audit) extracts claims from published prose; it shares no code with assembly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from juesuan.core.document import Document
    from juesuan.core.model import FinalAccounts
    from juesuan.report.assembler import Missing

PLACEHOLDER_REASON = "【请填写原因】"


def assemble(model: FinalAccounts, profile_id: str | None = None) -> Document:
    """The whole report of `model` in its profile (or `profile_id`) as a Document."""
    from juesuan.report.assembler import Assembler

    return Assembler(model, profile_id).run()


def missing_inputs(model: FinalAccounts, profile_id: str | None = None) -> list[Missing]:
    """Reasons and facts the wording needs but the model does not give (placeholders in the text)."""
    from juesuan.report.assembler import Assembler

    a = Assembler(model, profile_id, gaps_only=True)
    a.run()
    return a.missing


__all__ = ["PLACEHOLDER_REASON", "assemble", "missing_inputs"]
