"""Reading the reference report (tests/data/seed/) for the golden tests: headings and sentences."""

from __future__ import annotations

import re
from pathlib import Path

from juesuan.core.document import Document, Heading, Paragraph

_CN = "一二三四五六七八九十"
_SUBHEAD = re.compile(rf"^[（(][{_CN}]+[)）]")
_CAPTION = re.compile(r"图(（单位：万元）)?$")


def norm(text: str) -> str:
    """Markdown markers and all whitespace removed; half-width heading parentheses made full-width."""
    t = re.sub(r"^[#\-\s*]+|\*+", "", text.strip())
    t = re.sub(rf"^\(([{_CN}]+)\)", r"（\1）", t)
    return re.sub(r"\s+", "", t)


def seed_lines(seed: Path) -> list[str]:
    return seed.read_text(encoding="utf-8").splitlines()


def _body_start(lines: list[str]) -> int:
    """Index of the body's "第一部分" heading (the second occurrence; the first is in the TOC)."""
    hits = [i for i, line in enumerate(lines) if norm(line).startswith("第一部分")]
    return hits[1]


def seed_toc(seed: Path) -> list[str]:
    """The TOC entries of the seed, in order."""
    lines = seed_lines(seed)
    start = next(i for i, line in enumerate(lines) if norm(line) == "目录")
    end = _body_start(lines)
    return [norm(x) for x in lines[start + 1:end] if norm(x)]


def _narrative_region(lines: list[str]) -> list[str]:
    start = _body_start(lines)
    end = next(i for i, line in enumerate(lines) if i > start and norm(line).startswith("第三部分"))
    return lines[start:end]


def _is_heading(line: str) -> bool:
    n = norm(line)
    return bool(n) and (line.lstrip().startswith("#") or (bool(_SUBHEAD.match(n)) and len(n) <= 30))


def seed_headings(seed: Path) -> list[str]:
    """Headings of parts one and two of the seed (parts and sections), in order."""
    return [norm(x) for x in _narrative_region(seed_lines(seed)) if _is_heading(x)]


_NUMBER = re.compile(r"^\d+\.")


def _sentences(paragraphs: list[str]) -> list[str]:
    """Sentences ending in 。 of the paragraphs joined without separators; list numbers "3." dropped."""
    text = re.sub(rf"\(([{_CN}]+)\)", r"（\1）", "".join(norm(p) for p in paragraphs))
    return [_NUMBER.sub("", s) + "。" for s in text.split("。") if s]


def _is_table_line(line: str) -> bool:
    """A row or title of a self-evaluation table printed inside the narrative."""
    n = norm(line)
    return "\t" in line or n.endswith("自评表") or bool(re.fullmatch(r"[(（]\d{4}年度[)）]", n))


def seed_sentences(seed: Path) -> list[str]:
    """Sentences of parts one and two (page-break splits joined), without headings and chart captions."""
    region = _narrative_region(seed_lines(seed))
    body = [x for x in region
            if norm(x) and not _is_heading(x) and not _CAPTION.search(norm(x)) and not _is_table_line(x)]
    return _sentences(body)


def _doc_region(doc: Document) -> list[object]:
    blocks = doc.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "part.overview")
    end = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "part.tables")
    return blocks[start:end]


def doc_headings(doc: Document) -> list[str]:
    return [norm(b.text) for b in _doc_region(doc) if isinstance(b, Heading)]


def doc_sentences(doc: Document) -> list[str]:
    return _sentences([b.text for b in _doc_region(doc) if isinstance(b, Paragraph)])
