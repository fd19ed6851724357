"""A published report as a flat sequence of blocks (headings, paragraphs, tables) with locations.

Every reader of published documents (text, DOCX, PDF, HTML) produces these; table recognition
(tables.py) and assembly of the model and the claims (published.py) work on them only, so the
formats share one code path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass
class Loc:
    """Where something was read: page (PDF), line (text), paragraph or block index."""

    page: int | None = None
    line: int | None = None
    block: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("page", self.page), ("source_line", self.line), ("paragraph", self.block))
                if v is not None}


@dataclass
class Block:
    """A heading, a paragraph or a table.

    Table cells: text, or None for a position covered by a merged cell (its text sits at the
    top-left position, as pdfplumber / python-docx report them).
    """

    kind: str  # "heading" | "para" | "table"
    text: str = ""
    level: int = 0  # heading level (1 = 第一部分 …), 0 when unknown
    rows: list[list[str | None]] = field(default_factory=list)
    row_locs: list[Loc] = field(default_factory=list)
    loc: Loc = field(default_factory=Loc)
    columns: list[float] | None = None  # PDF grid: x of the column rules, left to right (one more than cells)
    spaced: bool = False  # cells split at spaces (a text table without separators): blank cells are lost


@dataclass
class RawDocument:
    """What a format reader returns: the blocks plus facts about the file."""

    path: str
    blocks: list[Block]
    pages: int | None = None  # PDF pages
    text_chars: int = 0  # characters of text found (0 for a scanned PDF)
    script: str = "simplified"  # "traditional": printed in 繁体字, the blocks converted for reading (script.py)


_WS = re.compile(r"[ \t\u3000\xa0]+")
# a space next to a non-ASCII (CJK) character is layout, not content ("2024 年度" -> "2024年度")
_SPACED = re.compile(r"[ \t\u3000\xa0\r]")
_GAP = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")


def clean(text: str) -> str:
    """Normalise whitespace: no spaces between CJK and digits (published text has '2024 年度')."""
    if not _SPACED.search(text):  # most cells and many lines: nothing to normalise
        return text.strip()
    t = _WS.sub(" ", text.replace("\r", "")).strip()
    return _GAP.sub("", t)


@lru_cache(maxsize=8192)
def norm_title(text: str) -> str:
    """A title for matching: no markup, spaces, ordinal prefix or 公开NN表 label."""
    t = re.sub(r"[#*\s\u3000]", "", text)
    t = re.sub(r"^(?:(?:一|二|三|四|五|六|七|八|九|十)+、|(?:附?表|公开)\d+(?:[-－]\d+)?表?[:：]?|\d+[.、．])", "", t)
    t = t.replace('"', "“").replace("＂", "“")
    t = re.sub(r"[（(]\d{4}年度?[)）]$", "", t)
    return t
