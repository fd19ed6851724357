"""What a published document is, decided from its blocks before it is audited.

- "tables": a final-accounts report with readable 决算 tables (the usual case);
- "narrative": a final-accounts narrative without readable tables (the 情况说明 published alone, its
  tables as images or in a separate attachment, a web page's text, an excerpt);
- "performance": a performance self-evaluation document on its own (项目支出绩效自评表, 部门整体支出
  绩效自评报告 …) without 决算 tables;
- anything else is refused with a message naming what was missing (`refusal`).

The words that decide it live in kind.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from juesuan.formats.published.blocks import Block

TABLES, NARRATIVE, PERFORMANCE = "tables", "narrative", "performance"
KINDS = (TABLES, NARRATIVE, PERFORMANCE)


@dataclass
class DocumentKind:
    """The decision: the kind (None when refused), why, and the 决算 tables the document's own 目录 lists."""

    kind: str | None
    evidence: str = ""  # the text that decided it
    toc_tables: list[str] = field(default_factory=list)
    refusal: str = ""  # message key in kind.yaml when kind is None
    start_missing: str = ""  # a narrative without its beginning (no title, no 目录): its first words


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    """kind.yaml: the words that decide what a document is (and that truncation.py reads)."""
    return yaml.safe_load((Path(__file__).with_name("kind.yaml")).read_text(encoding="utf-8"))


def refusal_message(key: str, path: str) -> str:
    """The Chinese message for a refused document."""
    return str(spec()["messages"][key]).format(path=path)


def toc_tables(blocks: list[Block]) -> list[str]:
    """The 决算 tables a document's lines name as list items (its 目录), in order, without repeats."""
    pat = re.compile(spec()["toc_table"])
    out: list[str] = []
    for b in blocks:
        if b.kind == "table":
            continue
        m = pat.match(b.text.strip())
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


def decide(blocks: list[Block], tables_read: Collection[str] = (), performance_read: bool = False) -> DocumentKind:
    """Decide what the document is.  `tables_read`: the 决算 tables (T01…) read from it;
    `performance_read`: a performance self-evaluation table was read from it."""
    sp = spec()
    texts = [b.text for b in blocks if b.kind != "table" and b.text]
    head = texts[: int(sp["head_blocks"])]
    listed = toc_tables(blocks)
    if tables_read:
        return DocumentKind(TABLES, "、".join(sorted(tables_read)), listed)
    word = str(sp["final_word"])
    perf = re.compile(sp["performance_title"])
    title = re.compile(sp["final_title"])
    perf_head = next((t for t in head if perf.search(t) and len(t) <= 80), None)
    final_head = next((t for t in head if word in t and title.search(t) and len(t) <= 80), None)
    if perf_head is not None and (final_head is None or head.index(perf_head) < head.index(final_head)):
        return DocumentKind(PERFORMANCE, perf_head, listed)
    structure = _structure(texts, sp, listed)
    if any(word in t for t in head) and structure:
        return DocumentKind(NARRATIVE, structure, listed, start_missing=_start_missing(head, title))
    if performance_read or perf_head is not None or any(perf.search(t) and len(t) <= 80 for t in texts):
        return DocumentKind(PERFORMANCE, perf_head or "", listed)
    in_cells = any(word in (c or "") for b in blocks if b.kind == "table" for r in b.rows for c in r)
    if not any(word in t for t in texts) and not in_cells:
        traditional = str(sp["final_word_traditional"])
        return DocumentKind(None, refusal="traditional" if any(traditional in t for t in head) else "no_final_word")
    if not any(word in t for t in head):  # 决算 only further on (a 预算 report citing 上年决算数 …)
        return DocumentKind(None, refusal="no_final_head")
    return DocumentKind(None, refusal="no_structure")


_NOTE = re.compile(r"^\[[^\[\]]*\]$")  # a note in square brackets by whoever stored the page


_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"20\d{2}")


def _is_title(text: str, title: re.Pattern[str]) -> bool:
    """A document's title: short, a final-accounts title with its year (or 公开), no figures, no heading number."""
    sp = spec()
    return (len(text) <= 60 and title.search(text) is not None and not re.match(sp["later_number"], text)
            and (_YEAR.search(text) is not None or sp["title_word"] in text) and not re.search(sp["not_title"], text))


def _start_missing(head: list[str], title: re.Pattern[str]) -> str:
    """The first words of a narrative that has no beginning: no title, no 目录 and no 第一部分 among its
    first blocks (a page of a longer document, the text after a lost first page); '' when it has one."""
    body = [t for t in head if not _NOTE.match(t) and _CJK.search(t)]  # not a stored page's URL line
    for t in body:
        if re.match(spec()["toc_line"], t) or re.match(spec()["first_part"], t) or _is_title(t, title):
            return ""
    return body[0][:30] if body else ""


def _structure(texts: list[str], sp: dict[str, Any], listed: list[str]) -> str:
    """The first piece of 决算 structure found (a listed 决算表, a 情况说明 heading, a 决算 sentence), or ''."""
    if listed:
        return listed[0]
    section = re.compile(sp["final_structure"]["section"])
    sentence = re.compile(sp["final_structure"]["sentence"])
    for t in texts:
        if section.search(t) or sentence.search(t):
            return t[:60]
    return ""
