"""Reports printed in traditional characters (繁体字) are read in simplified.

The lexicon, profiles, table titles and catalogue keys are simplified.  A published report that a
mirror, a Hong Kong / Macao / Taiwan-style typesetting tool or a pasted page turned into traditional
characters is detected here and its blocks' text (headings, paragraphs, table cells) converted with
OpenCC's ``t2s`` before anything reads it.  The conversion keeps every string's length, so a
position quoted in the simplified reading is the same position in the original.

Detection is near-free on a simplified report: one regular-expression count of the characters that
exist only in traditional form (script.yaml) over the first blocks; OpenCC is loaded only when the
document is traditional.  A simplified report quoting a traditional character or two stays as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from juesuan.core.fileio import decode_first
from juesuan.core.fileio import decode_text as decode_unicode_or_gb
from juesuan.formats.published.blocks import Block, RawDocument

SAMPLE_BLOCKS = 300  # the first blocks decide (cover, contents, the first parts and tables)
SAMPLE_CHARS = 6000
MIN_SHARE = 0.10  # traditional text has a third of its characters traditional-only; a quotation far less
MIN_COUNT = 10  # a title alone in traditional characters is not a traditional document

_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("juesuan.formats.published").joinpath("script.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def _traditional_only() -> re.Pattern[str]:
    chars = "".join(str(_data()["traditional_only"]).split())
    return re.compile(f"[{re.escape(chars)}]")


def decode_text(data: bytes) -> str | None:
    """A text or HTML file's characters: UTF-8 or GB18030 (core.fileio.decode_text), or Big5 (cp950,
    Big5-HKSCS) when the bytes read as Big5 give more of a report's words than read as GB18030 (Big5
    bytes nearly always also decode as GB18030, into nonsense).  None when nothing decodes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    gb, big5 = decode_unicode_or_gb(data), _big5(data)
    if gb is None or big5 is None:
        return gb if big5 is None else big5
    return big5 if _report_words(big5) > _report_words(gb) else gb


def _big5(data: bytes) -> str | None:
    return decode_first(data, ("cp950", "big5hkscs"))


def _report_words(text: str) -> int:
    return sum(text.count(w) for w in _data()["report_words"])


def _sample(blocks: list[Block]) -> str:
    parts: list[str] = []
    size = 0
    for b in blocks[:SAMPLE_BLOCKS]:
        texts = [c for row in b.rows for c in row if c] if b.kind == "table" else [b.text]
        for t in texts:
            parts.append(t)
            size += len(t)
        if size >= SAMPLE_CHARS:
            break
    return "".join(parts)[:SAMPLE_CHARS]


def is_traditional(blocks: list[Block]) -> bool:
    """Whether the document is printed in traditional characters (share of traditional-only characters
    among the CJK characters of its first blocks)."""
    sample = _sample(blocks)
    trad = len(_traditional_only().findall(sample))
    if trad < MIN_COUNT:  # a simplified report: one pass, nothing else
        return False
    return trad / len(_CJK.findall(sample)) >= MIN_SHARE


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16384)
def to_simplified(text: str) -> str:
    """The text in simplified characters, of the same length (OpenCC t2s; where a phrase rule would
    change the length, character by character)."""
    if not text or not _CJK.search(text):
        return text
    out = _converter().convert(text)
    if len(out) == len(text):
        return out
    chars = [_converter().convert(ch) for ch in text]
    return "".join(s if len(s) == 1 else ch for s, ch in zip(chars, text, strict=True))


def _block(b: Block) -> Block:
    rows = [[to_simplified(c) if c else c for c in row] for row in b.rows] if b.rows else b.rows
    return replace(b, text=to_simplified(b.text), rows=rows)


def reading_script(raw: RawDocument) -> RawDocument:
    """The document to read: itself when simplified; its blocks converted to simplified, marked
    ``script="traditional"``, when printed in traditional characters."""
    if not is_traditional(raw.blocks):
        return raw
    return replace(raw, blocks=[_block(b) for b in raw.blocks], script="traditional")
