"""Is a published document cut short?  A download stopped early, a conversion that lost pages, a
web page's beginning: the body stops mid-sentence at the end of the file, and/or before the parts
its own 目录 lists; a page of a narrative may also lack its beginning (no title, no 目录).

Only evidence counts: a document that ends with a full sentence and whose 目录 lists nothing more
is never called truncated.  What the rules do with it: one DOC-008 warning, and the completeness
rules do not report, one by one, the sections that are missing because the document stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.formats.published.blocks import Block, Loc
from juesuan.formats.published.kind import spec
from juesuan.formats.published.outline import heading_level

_EDITOR_NOTE = re.compile(r"\s*\[[^\[\]]*\]\s*$")  # a trailing “[excerpt ends here]”-style note of whoever stored it
_CLOSED = "。！？!?；;”’」』）)…%％"
_FIELD_CODE = re.compile(r"\s*PAGEREF.*$|\s*\.{3,}\s*\d+$|\s+\d+$")
_KEY_DROP = re.compile(r"[\s:：、，,。.．\"“”‘’'()（）《》<>\[\]【】#*\-—]")


def _pat(key: str) -> re.Pattern[str]:
    return re.compile(spec()["truncation"][key])


@dataclass
class Truncation:
    """Evidence that the document is cut short."""

    loc: Loc  # where the body stops (its last text block)
    quote: str  # the last words of the body
    cut: bool  # the last block stops mid-sentence (or is a heading with nothing under it)
    missing: list[str] = field(default_factory=list)  # 目录 entries after the break that never appear
    start_missing: str = ""  # the first words, when the document has no beginning (no title, no 目录)
    last_table: str = ""  # the title of the 决算 table the file ends in (it may be cut: set aside, not checked)


def _key(text: str) -> str:
    return _KEY_DROP.sub("", _FIELD_CODE.sub("", text))


def body_end(blocks: list[Block]) -> tuple[Block, str] | None:
    """The last text block and its text without a trailing editor's note; None when a table ends the document."""
    for b in reversed(blocks):
        if b.kind == "table":
            return None
        text = _EDITOR_NOTE.sub("", b.text).strip()
        if text:
            return b, text
    return None


def stops_mid_sentence(text: str, is_heading: bool) -> bool:
    """The text of a document's last block shows that the document goes on."""
    if text.endswith("\ufffd"):  # a character cut in two
        return True
    if _pat("date_line").search(text) or text[-1] in _CLOSED:
        return False
    if "|" in text or "\t" in text:  # a table row read as text (a form's empty last field): no evidence
        return False
    if is_heading or heading_level(text) is not None or re.match(r"^[（(]\d+[）)]", text):  # a heading or a numbered item with nothing after it
        return not _pat("annex_heading").match(text)
    if text[-1] in "：:":  # “主要用于以下方面：” — a list follows; a form label (“财务负责人：”) proves nothing
        return re.search(r"[，。；,]", text[:-1]) is not None
    return text[-1] in "，、," or (len(text) >= 15 and re.search(r"[，。；,、]", text) is not None)


def toc_entries(blocks: list[Block]) -> tuple[list[Block], int]:
    """The entries of the document's 目录 and the index of the first block after it; ([], 0) when it has
    none, or when where its body begins is not clear (no entry printed again as the body's heading: a
    目录 that lost lines, a body whose headings differ from it) — its entries are then no evidence."""
    start = next((i for i, b in enumerate(blocks[:80]) if b.kind != "table" and _pat("toc").match(b.text)), None)
    if start is None:
        return [], 0
    entries: list[Block] = []
    seen: set[str] = set()
    for j in range(start + 1, len(blocks)):
        b = blocks[j]
        text = _EDITOR_NOTE.sub("", b.text)
        if b.kind == "table" or len(text) > 60:
            return [], 0
        key = _key(text)
        first = _key(entries[0].text) if entries else ""
        if (key in seen and heading_level(b.text) in (1, 2, 3)) or (
                len(key) >= 4 and (first.startswith(key) or first.endswith(key))):
            return entries, j  # an entry again: the body begins
        if heading_level(b.text) is None and not _pat("annex").search(b.text):
            if entries and re.search(r"[。，,；;]", text):
                return [], 0  # a sentence, before any entry came again: where the body begins is unclear
            continue  # the rest of a wrapped entry, the title printed again above the body

        if heading_level(b.text) is not None or _pat("annex").search(b.text):
            entries.append(b)
            seen.add(key)
    return entries, len(blocks)  # the document ends inside its 目录


def detect(blocks: list[Block], start_missing: str = "") -> Truncation | None:
    """Evidence of truncation, or None.  `start_missing`: the first words of a document judged to lack
    its beginning (kind.py decides that; a report with tables is never judged so)."""
    end = body_end(blocks)
    entries, body = toc_entries(blocks)
    keys = [_key(b.text) for b in blocks[body:] if b.kind != "table"]

    def present(e: Block) -> bool:
        k = _key(e.text)
        return any(k == bk or (len(bk) >= 4 and (k in bk or bk in k)) for bk in keys)

    found = [present(e) for e in entries]
    last = max((i for i, f in enumerate(found) if f), default=-1)
    tail = [e for e in entries[last + 1:]]
    cut = end is not None and stops_mid_sentence(end[1], end[0].kind == "heading")
    sections_after = [e for e in tail if not _pat("annex").search(e.text)]  # tables published apart are no evidence
    if not (cut or sections_after or start_missing):
        return None
    if end is not None:
        where, quote = end[0].loc, end[1][-24:]
    else:  # the file ends in a table: where that table is, quoting the last text before it
        table = next(b for b in reversed(blocks) if b.kind == "table")
        text = next((_EDITOR_NOTE.sub("", b.text).strip() for b in reversed(blocks)
                     if b.kind != "table" and b.text and not _pat("furniture").match(b.text)), "")
        where, quote = table.loc, text[-24:]
    return Truncation(where, quote, cut, [_FIELD_CODE.sub("", e.text).strip() for e in tail], start_missing)
