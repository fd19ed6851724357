"""Plain text / Markdown published reports (as the seed is) -> blocks.

Headings are Markdown '#' lines or bare heading lines.  Tables are tab-separated lines, or
pipe-separated lines (Markdown `| a | b |` with its `|---|` row, or plain `a | b`): a run of pipe
lines is a table only when the run shows it (a Markdown separator row, two rows of the same width
of three or more cells, or a header row the layouts know), never from one line, so a web page's
metadata line (`[索引号] … | [主题分类] …`) or a sentence with one '|' stays text.  A table broken by
a page break (form feed, a page-number line) or by stray blank lines is joined back, dropping a
repeated header row; a paragraph broken by a page break is joined back too.
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
    lines = text.split("\n")
    piped = pipe_rows(lines)
    spaced = spaced_rows(lines, piped)
    for lineno, raw in enumerate(lines, start=1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
            pending_gap = True
        split = piped.get(lineno - 1)
        if split is _SEPARATOR:
            continue  # a Markdown |---|---| row
        if split is None and "\t" in raw and raw.strip():
            split = raw.rstrip("\n").split("\t")
        is_spaced = split is None and lineno - 1 in spaced
        if is_spaced:
            split = spaced[lineno - 1]
        if split is not None:
            cells = [clean(c.replace("*", "")) for c in split]
            loc = Loc(page=page if paged else None, line=lineno)
            last = blocks[-1] if blocks else None
            if last is not None and last.kind == "table" and last.spaced == is_spaced:
                if pending_gap and last.rows and _same_row(cells, last.rows[0]):
                    pending_gap = False
                    continue  # a header repeated after a page break
                last.rows.append(list(cells))
                last.row_locs.append(loc)
            else:
                blocks.append(Block("table", rows=[list(cells)], row_locs=[loc], loc=loc, spaced=is_spaced))
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


_SEPARATOR: list[str] = []  # marks a Markdown separator row in pipe_rows' answer
_SEP_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_ESCAPED = "\x00"  # stands for an escaped '\\|' while a row is split


def _pipe_cells(line: str, markdown: bool = True) -> list[str] | None:
    """The cells of a line with '|', or None.  A Markdown row's outer pipes are dropped; a plain row
    (` | 年度资金总额 | 0`) keeps its leading and trailing empty cells."""
    t = line.replace("\f", "").strip()
    if "|" not in t or "\t" in t:
        return None
    t = t.replace("\\|", _ESCAPED)
    if markdown and t.startswith("|"):
        t = t[1:]
        if t.endswith("|"):
            t = t[:-1]
    cells = [c.replace(_ESCAPED, "|") for c in t.split("|")]
    return cells if len(cells) >= 2 else None


def pipe_rows(lines: list[str]) -> dict[int, list[str]]:
    """Line index -> cells, for the lines of pipe tables (the separator row maps to _SEPARATOR).

    Runs of pipe lines (blank lines and page marks between them do not end a run) are judged as a
    whole: a Markdown separator row, two rows of the same width of three or more cells, or a header
    row the layouts know make a table; anything else stays text."""
    out: dict[int, list[str]] = {}
    run: list[int] = []
    for i, line in enumerate([*lines, "end"]):
        stripped = line.replace("\f", "").strip()
        if _pipe_cells(line) is not None:
            run.append(i)
            continue
        if run and (not stripped or _PAGE_MARK.match(stripped)) and i < len(lines):
            continue  # a gap inside a run
        if run and _is_pipe_table([lines[j] for j in run]):
            # Markdown: a |---| row, or every row between outer pipes; else plain pipes
            markdown = all(lines[j].strip().startswith("|") and lines[j].strip().endswith("|") for j in run) \
                or any(_SEP_ROW.match(lines[j].strip()) for j in run)
            for j in run:
                out[j] = _SEPARATOR if _SEP_ROW.match(lines[j].strip()) else _pipe_cells(lines[j], markdown) or []
        run = []
    return out


def _is_pipe_table(lines: list[str]) -> bool:
    if any(_SEP_ROW.match(x.strip()) for x in lines):
        return len(lines) >= 2
    if len(lines) < 2:
        return False
    rows = [_pipe_cells(x) or [] for x in lines]
    widths = [len(r) for r in rows if len(r) >= 3]
    if any(widths.count(w) >= 2 for w in set(widths)):
        return True
    return any(known_header([clean(c) for c in r]) for r in rows)


_HEADER_WORDS = ("项目", "金额", "行次", "栏次", "科目名称", "科目编码", "决算数", "预算数", "年初预算数",
                 "全年预算数", "全年执行数", "年初预算", "调整后预算数", "预算执行数", "一级指标", "二级指标",
                 "三级指标", "分值", "权重", "得分")


def known_header(cells: list[str]) -> bool:
    """A header row the layouts know: a self-evaluation table's first row, or two column words."""
    from juesuan.formats.published.perf_tables import evaluation_role

    if evaluation_role(list(cells)) is not None:
        return True
    return sum(1 for c in cells if c in _HEADER_WORDS) >= 2


_SPACES = re.compile(r"[ \u3000\xa0]+")


def spaced_rows(lines: list[str], taken: dict[int, list[str]]) -> dict[int, list[str]]:
    """Line index -> cells split at spaces, for a self-evaluation table printed without separators.

    Only a table its header recognises: a first line 项目名称 / 部门（单位）名称 …, with the 项目资金 header
    (年初预算 … 执行数) or the 一级指标 header within the next lines; it runs to a blank line, a
    heading or a page mark.  Prose is never split at spaces."""
    from juesuan.formats.published.perf_tables import NAME_WORD, evaluation_role

    out: dict[int, list[str]] = {}
    i = 0
    while i < len(lines):
        if NAME_WORD not in lines[i]:  # cheap: only a line naming a 名称 can start such a table
            i += 1
            continue
        cells = _SPACES.split(lines[i].replace("\f", "").strip())
        if i in taken or "\t" in lines[i] or evaluation_role([clean(c) for c in cells]) is None or len(cells) < 2:
            i += 1
            continue
        end = i
        while end < len(lines) and end not in taken and "\t" not in lines[end] and lines[end].strip() \
                and not _PAGE_MARK.match(lines[end].strip()) and not _MD_HEADING.match(lines[end].strip()):
            end += 1
        head = "".join(lines[i:min(end, i + 6)])
        if end - i >= 3 and (("年初预算" in head and "执行数" in head) or "一级指标" in head):
            for j in range(i, end):
                out[j] = _SPACES.split(lines[j].replace("\f", "").strip())
        i = max(end, i + 1)
    return out


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
