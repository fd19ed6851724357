"""Hard-wrapped text: paragraphs broken into lines of one fixed width (a PDF copied or converted line by
line, a web page with a line break every 30 characters) are joined back, so that a label and its figure
printed on two lines ("…总支出125.08万元，其中本年" / "支出116.12万元，较2022年度…") are read as one sentence.

A document counts as hard-wrapped only when most of the lines that break off mid-sentence share one
width (the wrap width); then a line of about that width that breaks off mid-sentence is continued by
the next line, unless the next line starts a numbered item or heading or a blank line separates them.
Text whose lines are whole paragraphs (the usual export) is left alone.
"""

from __future__ import annotations

import re
import unicodedata

from juesuan.formats.published.blocks import Block
from juesuan.formats.published.outline import heading_level

_SENTENCE_END = re.compile(r"[。！？；：:!?;]$")
OPEN_END = re.compile(r"[^。！？；：:!?;）)」』”]$")  # a paragraph that stops without closing its sentence
_OPEN_PARAGRAPH = 40  # characters a paragraph needs before a gap below it reads as a page break inside it
_DECIMAL_START = re.compile(r"\d+\.\d")  # "10.8%，主要原因…" continues a line; "1.社会保障…" starts an item
_MIN_LINES = 5  # lines at the wrap width needed before a document counts as hard-wrapped
_BAND = 0.85  # lines within 85 % of a width share it (numbers lose their spaces when read)
_FULL = 0.75  # a line ending mid-sentence that fills 75 % of the wrap width was wrapped, not ended


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width layout: 2 for a CJK character, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _starts_item(text: str) -> bool:
    return heading_level(text) is not None and not _DECIMAL_START.match(text)


def _adjacent(a: Block, b: Block) -> bool:
    """Two paragraph lines, b directly below a (no blank line between)."""
    return a.kind == "para" and b.kind == "para" and a.loc.line is not None and b.loc.line == a.loc.line + 1


def _breaks_off(a: Block, b: Block) -> bool:
    """Line a ends mid-sentence and the next line b (directly below it) does not start anything new."""
    return _adjacent(a, b) and not _SENTENCE_END.search(a.text) and not _starts_item(b.text)


def wrap_width(blocks: list[Block]) -> int | None:
    """The width most mid-sentence line ends share, or None when the text is not hard-wrapped."""
    widths = [display_width(a.text) for a, b in zip(blocks, blocks[1:], strict=False) if _breaks_off(a, b)]
    best, best_n = None, 0
    for w in sorted(set(widths), reverse=True):
        n = sum(1 for x in widths if _BAND * w <= x <= w + 2)
        if n > best_n:
            best, best_n = w, n
    if best is None or best_n < _MIN_LINES or best_n < len(widths) / 2:
        return None
    return best


def _continued(paragraph: Block, a: Block, b: Block, width: int) -> bool:
    """Line b continues line a (the last line of `paragraph`) in a text wrapped at `width`: directly below
    a, when a fills most of the width (ending mid-sentence) or all of it (ending a sentence or clause);
    after a gap (a page break), when the paragraph so far is long and stops mid-sentence."""
    if b.kind != "para" or a.kind != "para" or _starts_item(b.text):
        return False
    if not _adjacent(a, b):
        return len(paragraph.text) >= _OPEN_PARAGRAPH and OPEN_END.search(paragraph.text) is not None
    w = display_width(a.text)
    return (_BAND if _SENTENCE_END.search(a.text) else _FULL) * width <= w <= width + 2  # wider: not wrapped


def join_wrapped(blocks: list[Block]) -> list[Block]:
    """The blocks with hard-wrapped paragraph lines joined (the first line's location is kept)."""
    width = wrap_width(blocks)
    if width is None:
        return blocks
    out: list[Block] = []
    last_line: Block | None = None  # the last physical line of out[-1], as read
    for b in blocks:
        if out and last_line is not None and _continued(out[-1], last_line, b, width):
            out[-1].text += b.text
        else:
            out.append(b)
        last_line = b
    return out
