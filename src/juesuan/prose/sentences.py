"""The prose of a published report as sentences, each with its section path and location.

Lines broken by the layout (a PDF wraps a sentence over lines and pages: "决算数为6,304.68" / "万元，…")
are joined back before the text is cut into sentences, so a label and its figure stay together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from juesuan.formats.published.blocks import Block
from juesuan.formats.published.outline import heading_level, is_heading

_ENDS_SENTENCE = re.compile(r"[。！？!?；;：:]$")
_STARTS_NEW = re.compile(r"^(?:\d+[.、．]|[（(](?:\d+|[一二三四五六七八九十]+)[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|附件|注[:：]|说明[:：])")


@dataclass
class Sentence:
    """One sentence of prose with its section path and location."""

    text: str
    section: tuple[str, ...]
    location: dict[str, Any]
    paragraph: int  # index of the (first) block of its paragraph in the document
    index: int  # index of the sentence in the document


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。！？!?])", text)
    return [p.strip() for p in parts if p.strip()]


def _continues(text: str, nxt: Block) -> bool:
    """Whether block `nxt` carries on the sentence `text` left open (a line or page break inside it)."""
    if nxt.kind != "para" or is_heading(nxt) or not nxt.text:
        return False
    if _ENDS_SENTENCE.search(text) or _STARTS_NEW.match(nxt.text):
        return False
    # a wrapped line of prose: an open clause, or a figure whose unit is on the next line
    if re.search(r"[\d,，、为是达和及与较比了约共的]$", text) or re.match(r"^(?:万?元|%|％|[，。；、])", nxt.text):
        return True
    # a long line of prose wrapped mid-clause (a table row flattened into text has no Chinese comma)
    return len(text) >= 20 and "，" in text and bool(re.search(r"[，。]", nxt.text))


def paragraphs(blocks: list[Block], skip: set[int] | None = None) -> list[tuple[int, Block, str]]:
    """(index of first block, first block, text) of each prose paragraph or heading, wrapped lines joined."""
    out: list[tuple[int, Block, str]] = []
    skip = skip or set()
    open_para: list[Any] | None = None  # [index, block, text]
    for i, b in enumerate(blocks):
        if i in skip:
            continue
        if b.kind == "table":
            open_para = None
            continue
        if open_para is not None and _continues(open_para[2], b):
            open_para[2] += b.text
            out[-1] = (open_para[0], open_para[1], open_para[2])
            continue
        out.append((i, b, b.text))
        open_para = None if is_heading(b) else [i, b, b.text]
    return out


def sentences(blocks: list[Block], skip: set[int] | None = None) -> list[Sentence]:
    """All prose sentences with their section paths (table blocks and `skip` blocks excluded)."""
    out: list[Sentence] = []
    stack: list[tuple[int, str]] = []
    for i, b, text in paragraphs(blocks, skip):
        if is_heading(b):
            lvl = heading_level(b.text)
            level = lvl if lvl is not None else (0 if b.level <= 1 else 6)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, b.text))
            if not re.search(r"\d", b.text) or len(b.text) < 12:
                continue
        section = tuple(t for _, t in stack)
        for part in split_sentences(text):
            out.append(Sentence(part, section, b.loc.to_dict(), i, len(out)))
    return out
