"""Plant known mistakes into reports, with a ground-truth manifest (for the accuracy benchmark and
for synthetic test units).

    from juesuan.mutate import KINDS, plant_file, plant_document, plant_blocks, write_manifest

    p = plant_file(src, dst, "direction_word", seed=3)       # TXT / MD / DOCX / HTML -> dst
    p = plant_document(document, "row_removed", seed=3)    # our Document, in place; render it after
    p = plant_blocks(raw, "year", seed=3)                  # a reader's RawDocument (any PDF), in place
    write_manifest(path, [p, ...])                         # JSON list of Planted.to_dict()

Each call returns a `Planted` (file, kind, location, found, expected, tokens) or None when the
report has no place for that kind.  The same seed plants the same mistake in the same place.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from juesuan.mutate.kinds import KINDS, Edit, Slot, find_unit_name
from juesuan.mutate.targets import BlocksTarget, DocumentTarget, DocxTarget, HtmlTarget, TextTarget, context

__all__ = ["KINDS", "Planted", "plant", "plant_blocks", "plant_document", "plant_file", "write_manifest",
           "read_manifest", "Slot", "Edit"]


@dataclass
class Planted:
    """One planted mistake: where, what the report now says (`found`) and what it said (`expected`)."""

    file: str
    kind: str
    location: dict[str, Any]
    found: str
    expected: str
    tokens: list[str] = field(default_factory=list)  # text a finding about it would quote
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def plant(target: Any, kind: str, seed: int = 0, unit_name: str | None = None, file: str = "") -> Planted | None:
    """Plant one mistake of `kind` into any target (targets.py); None when there is no place for it."""
    from juesuan.mutate.kinds import propose

    slots = target.slots()
    rng = random.Random(f"{kind}:{seed}")
    for e in propose(kind, slots, rng, unit_name or find_unit_name(slots)):
        slot = slots[e.slot]
        if not target.apply(e):
            continue
        loc = {k: v for k, v in slot.where.items() if v not in (None, "")}
        loc["part"] = slot.kind
        if slot.kind == "cell":
            loc["row_text"] = " ".join(s.text.strip() for s in slots if s.table == slot.table and s.row == slot.row
                                       and s.text.strip())[:80]
        loc["context"] = e.old if e.remove_row else context(slot.text, e)
        return Planted(file, kind, loc, e.new, e.old, list(e.tokens), KINDS[kind])
    return None


def plant_file(src: Path | str, dst: Path | str, kind: str, seed: int = 0,
               unit_name: str | None = None) -> Planted | None:
    """Copy a TXT / MD / DOCX / HTML report to `dst` with one mistake of `kind` planted."""
    src, dst = Path(src), Path(dst)
    suffix = src.suffix.lower()
    target: Any
    if suffix in (".txt", ".md", ".markdown"):
        target = TextTarget(src.read_text(encoding="utf-8"))
    elif suffix == ".docx":
        target = DocxTarget(src)
    elif suffix in (".html", ".htm"):
        target = HtmlTarget(src.read_text(encoding="utf-8"))
    else:
        raise ValueError(f"cannot plant into {suffix} files (use plant_document or plant_blocks for PDF)")
    planted = plant(target, kind, seed, unit_name, str(dst))
    if planted is not None:
        dst.parent.mkdir(parents=True, exist_ok=True)
        target.save(dst)
    return planted


def plant_document(document: Any, kind: str, seed: int = 0, file: str = "") -> Planted | None:
    """Plant into our assembled Document (in place); render it to DOCX / PDF / HTML afterwards."""
    return plant(DocumentTarget(document), kind, seed, document.title or None, file)


def plant_blocks(raw: Any, kind: str, seed: int = 0, unit_name: str | None = None) -> Planted | None:
    """Plant into a published reader's RawDocument (in place): a text-level mistake in any PDF."""
    return plant(BlocksTarget(raw), kind, seed, unit_name, raw.path)


def write_manifest(path: Path | str, planted: list[Planted]) -> None:
    from juesuan.core.fileio import write_text_atomically

    write_text_atomically(path, json.dumps([p.to_dict() for p in planted], ensure_ascii=False, indent=1) + "\n")


def read_manifest(path: Path | str) -> list[Planted]:
    return [Planted(**d) for d in json.loads(Path(path).read_text(encoding="utf-8"))]
