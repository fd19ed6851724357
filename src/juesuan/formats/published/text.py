"""Plain text / Markdown published reports (as the seed is) -> blocks.

Headings are Markdown '#' lines or bare heading lines; tables are tab-separated lines.  A table
broken by a page break (form feed, a page-number line) or by stray blank lines is joined back,
dropping a repeated header row; a paragraph broken by a page break is joined back too.
"""

from __future__ import annotations

import re
from pathlib import Path

from juesuan.core.errors import InputError
from juesuan.formats.published.blocks import Block, Loc, RawDocument, clean
from juesuan.formats.published.script import decode_text
from juesuan.formats.published.unwrap import OPEN_END, join_wrapped

_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_PAGE_MARK = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_HEADING_LIKE = re.compile(r"^(?:第(?:一|二|三|四|五|六|七|八|九|十)+部分|(?:一|二|三|四|五|六|七|八|九|十)+、|[（(](?:一|二|三|四|五|六|七|八|九|十)+[）)]|\d+[.、．]|附件)")


def read_text(path: Path) -> RawDocument:
    """Read a UTF-8 (or GB18030) text / Markdown report."""
    text = decode_text(path.read_bytes())
    if text is None:
        raise InputError(f"文件 {path}：无法识别的文本编码（应为 UTF-8、GB18030 或 Big5 编码的文本）")
    if "\x00" in text:
        raise InputError(f"文件 {path}：不是文本文件（含有二进制内容）")
    return RawDocument(str(path), parse_text(text), text_chars=len(text.strip()))


def parse_text(text: str) -> list[Block]:
    """Split text into heading, paragraph and table blocks with line (and page) numbers."""
    blocks: list[Block] = []
    page = 1
    pending_gap = False  # blank lines / page marks since the last block
    paged = "\f" in text  # pages are counted only in a text that marks them
    for lineno, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
            pending_gap = True
        if "\t" in raw and raw.strip():
            cells = [clean(c.replace("*", "")) for c in raw.rstrip("\n").split("\t")]
            loc = Loc(page=page if paged else None, line=lineno)
            last = blocks[-1] if blocks else None
            if last is not None and last.kind == "table":
                if pending_gap and last.rows and _same_row(cells, last.rows[0]):
                    pending_gap = False
                    continue  # a header repeated after a page break
                last.rows.append(list(cells))
                last.row_locs.append(loc)
            else:
                blocks.append(Block("table", rows=[list(cells)], row_locs=[loc], loc=loc))
            pending_gap = False
            continue
        line = raw.strip()
        if not line or _PAGE_MARK.match(line):
            pending_gap = True
            continue
        loc = Loc(page=page if paged else None, line=lineno)
        m = _MD_HEADING.match(line)
        if m:
            body = clean(m.group(2).replace("*", ""))
            if body:
                blocks.append(Block("heading", body, level=len(m.group(1)), loc=loc))
            pending_gap = False
            continue
        body = clean(re.sub(r"^[-*+]\s+", "", line).replace("**", ""))
        last = blocks[-1] if blocks else None
        if (last is not None and last.kind == "para" and pending_gap and len(last.text) >= 40
                and OPEN_END.search(last.text) and not _HEADING_LIKE.match(body)):
            last.text += body  # a paragraph broken by a page break
        else:
            blocks.append(Block("para", body, loc=loc))
        pending_gap = False
    blocks = join_wrapped(blocks)  # lines of a hard-wrapped text joined back into paragraphs
    for i, b in enumerate(blocks):
        b.loc.block = i + 1
        _trim_table(b)
    return blocks


def _same_row(a: list[str | None], b: list[str | None]) -> bool:
    ta = [x for x in a if x]
    tb = [x for x in b if x]
    return bool(ta) and ta == tb


def _trim_table(b: Block) -> None:
    """Pad rows to the same width."""
    if b.kind != "table" or not b.rows:
        return
    width = max(len(r) for r in b.rows)
    for r in b.rows:
        r.extend([""] * (width - len(r)))
