"""Layout shared by the DOCX and PDF writers: the cover, where each table cell sits, column widths.

Cells are placed like HTML table cells: each goes to the next grid position not covered by a
cell with rowspan from an earlier row.  Header and body are placed separately, so a header
span never reaches into the body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from juesuan.core.document import (
    Block,
    Cell,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    TableBlock,
    Toc,
    TocEntry,
)

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold (a DOCX cannot store them; a PDF
    would show them as boxes), so every format prints the same characters."""
    return _BAD_XML.sub("", text)


@dataclass(frozen=True)
class Placed:
    """A cell at its grid position (spans clipped to the grid)."""

    row: int
    col: int
    colspan: int
    rowspan: int
    cell: Cell


def place(rows: list[list[Cell]], ncols: int | None = None) -> tuple[int, list[list[Placed]]]:
    """Place the cells of `rows`; return the column count and each row's placed cells."""
    taken: set[tuple[int, int]] = set()
    placed: list[list[Placed]] = []
    width = 0
    for r, row in enumerate(rows):
        out: list[Placed] = []
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            cs = max(1, cell.colspan)
            rs = max(1, min(cell.rowspan, len(rows) - r))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            out.append(Placed(r, c, cs, rs, cell))
            c += cs
        placed.append(out)
        width = max(width, max((p.col + p.colspan for p in out), default=0))
    width = max([width] + [c + 1 for (_, c) in taken])
    if ncols is not None:
        width = max(width, ncols)
    return width, placed


def table_columns(tb: TableBlock) -> tuple[int, list[list[Placed]], list[list[Placed]]]:
    """Column count, placed header rows and placed body rows of a table."""
    n_head, head = place(tb.header)
    n_body, body = place(tb.body)
    ncols = max(n_head, n_body, len(tb.widths or []), 1)
    return ncols, head, body


_NARROW = {".": 0.33, ",": 0.33, ":": 0.33, ";": 0.33, " ": 0.3, "%": 0.93, "-": 0.35, "1": 0.5}


def text_em(text: str) -> float:
    """Width of the longest line in em (CJK and full-width characters 1 em, digits about 0.56 em).

    Measured on Noto Serif SC, the widest of the fonts the writers use (Times New Roman digits are 0.5 em).
    """
    best = 0.0
    for line in text.split("\n"):
        w = 0.0
        for ch in line:
            if unicodedata.east_asian_width(ch) in "WFA" and ord(ch) > 0x2000:
                w += 1.0
            else:
                w += _NARROW.get(ch, 0.57)
        best = max(best, w)
    return best


def column_widths(tb: TableBlock, ncols: int, head: list[list[Placed]], body: list[list[Placed]],
                  avail: float, font_pt: float = 9, pad: float = 6) -> list[float]:
    """Column widths in points that fill `avail`: the table's own proportions, or fitted to the text.

    Numbers never wrap when the page allows it (a column given too narrow for its numbers is
    widened at the expense of the others); labels wrap before numbers do; header labels may wrap
    onto several lines (they count for at most four CJK characters).  Widths assume the cell
    padding `pad` (points, both sides together).
    """
    em = font_pt
    need = [2 * em + pad] * ncols  # at least two CJK characters
    floor = list(need)  # the narrowest a column may get before its numbers wrap
    hard = [2 * em + pad] * ncols  # numbers only: what must never be squeezed
    for rows, is_head in ((head, True), (body, False)):
        for row in rows:
            for p in row:
                if p.colspan != 1:
                    continue
                units = text_em(p.cell.text)
                if is_head:
                    units = min(units, 4)
                w = units * em + pad
                need[p.col] = max(need[p.col], w)
                if is_head or p.cell.numeric or _looks_numeric(p.cell.text):
                    floor[p.col] = max(floor[p.col], w)
                    if not is_head:
                        hard[p.col] = max(hard[p.col], w)
                else:
                    floor[p.col] = max(floor[p.col], min(w, 8 * em + pad))
    if tb.widths and len(tb.widths) == ncols and all(w > 0 for w in tb.widths):
        total = sum(tb.widths)
        return _raise_to(hard, [avail * w / total for w in tb.widths])
    total = sum(need)
    if total <= avail:
        return [w * avail / total for w in need]
    # shrink the label columns toward their floor, then everything proportionally
    slack = sum(n - f for n, f in zip(need, floor, strict=True))
    over = total - avail
    if slack >= over:
        return [n - (n - f) * over / slack for n, f in zip(need, floor, strict=True)]
    ftotal = sum(floor)
    return [f * avail / ftotal for f in floor]


# text width of an A4 page in points, portrait and landscape (the margins of render/report.typ)
_PT_PER_MM = 72 / 25.4
TEXT_W_PT = {False: (210 - 28 - 26) * _PT_PER_MM, True: (297 - 30 - 28) * _PT_PER_MM}
TEXT_H_PT = {False: (297 - 37 - 35) * _PT_PER_MM, True: (210 - 26 - 24) * _PT_PER_MM}
CELL_PAD_PT = 8  # left + right padding of a table cell
TABLE_FONT_PT = 9
PORTRAIT_SLACK = 0.85  # a table that needs more than this share of the portrait width goes landscape
KEEP_LAST_ROWS = 3  # a table broken over pages keeps its last rows together (a 总分 row never alone)


def keep_last_rows(tb: TableBlock) -> int:
    """How many last body rows a table broken over pages keeps together (0: too short to matter)."""
    return KEEP_LAST_ROWS if len(tb.body) > KEEP_LAST_ROWS + 1 else 0


def comfortable_width(tb: TableBlock, font_pt: float = TABLE_FONT_PT, pad: float = CELL_PAD_PT) -> float:
    """The width (points) at which the table reads comfortably: numbers on one line, header labels on
    at most two lines, row labels on one line up to twelve characters."""
    ncols, head, body = table_columns(tb)
    need = [2 * font_pt + pad] * ncols
    for rows, is_head in ((head, True), (body, False)):
        for row in rows:
            for p in row:
                if p.colspan != 1:
                    continue
                units = text_em(p.cell.text)
                if is_head:
                    units = min(units, max(2.0, -(-units // 2)))
                elif not (p.cell.numeric or _looks_numeric(p.cell.text)):
                    units = min(units, 12.0)
                need[p.col] = max(need[p.col], units * font_pt + pad)
    return sum(need)


def landscape(tb: TableBlock) -> bool:
    """Whether the table prints on a landscape page: as the profile forces it, else when its
    comfortable width passes 85 % of the portrait text width."""
    if tb.landscape is not None:
        return tb.landscape
    return comfortable_width(tb) > PORTRAIT_SLACK * TEXT_W_PT[False]


def row_heights(tb: TableBlock, widths: list[float], line_pt: float, pad_y: float,
                font_pt: float = TABLE_FONT_PT) -> list[float]:
    """An estimate (points) of each row's height, header rows first: as tall as its cell with the most
    wrapped lines (cells spanning rows are left out)."""
    ncols, head, body = table_columns(tb)
    out = []
    for row in head + body:
        lines = 1
        for p in row:
            if p.rowspan != 1:
                continue
            room = max(1.0, sum(widths[p.col:p.col + p.colspan]) - CELL_PAD_PT)
            n = sum(max(1, -(-int(text_em(part) * font_pt) // int(room))) for part in p.cell.text.split("\n"))
            lines = max(lines, n)
        out.append(lines * line_pt + 2 * pad_y)
    return out


def table_height(tb: TableBlock, widths: list[float], line_pt: float, pad_y: float,
                 font_pt: float = TABLE_FONT_PT) -> float:
    """An estimate (points) of the table's height with its title, meta lines and note (row_heights)."""
    total = sum(row_heights(tb, widths, line_pt, pad_y, font_pt))
    extra = (30.0 if tb.title else 0.0) + (16.0 if tb.number else 0.0) + (16.0 if tb.unit_name or tb.unit_label else 0.0)
    note = len(tb.note.split("\n")) * 16.0 + 8 if tb.note else 0.0
    return total + extra + note


def _raise_to(minimum: list[float], widths: list[float]) -> list[float]:
    """Widen the columns below `minimum`, taking the room from the others in proportion to their slack."""
    deficit = sum(max(0.0, m - w) for m, w in zip(minimum, widths, strict=True))
    if deficit <= 0:
        return widths
    slack = [max(0.0, w - m) for m, w in zip(minimum, widths, strict=True)]
    room = sum(slack)
    if room <= deficit:  # cannot fit: keep the given proportions
        return widths
    return [max(m, w) if w < m else w - s * deficit / room for m, w, s in zip(minimum, widths, slack, strict=True)]


def _looks_numeric(text: str) -> bool:
    t = text.replace(",", "").replace("%", "").strip()
    if not t:
        return False
    try:
        Decimal(t)
    except InvalidOperation:
        return False
    return True


def blocks_with_cover(document: Document) -> list[Block]:
    """The blocks, preceded by a cover from title/subtitle unless they bring their own."""
    blocks = list(document.blocks)
    if any(isinstance(b, Paragraph) and b.style == "cover-title" for b in blocks):
        return blocks
    cover: list[Block] = [Paragraph(document.title, style="cover-title")]
    if document.subtitle:
        cover.append(Paragraph(document.subtitle, style="cover-subtitle"))
    first = blocks[0] if blocks else None
    if not (isinstance(first, PageBreak) or (isinstance(first, Paragraph) and first.style.startswith("cover-"))):
        cover.append(PageBreak())
    return cover + blocks


TOC_COMPACT_OVER = 24  # more entries than this: smaller TOC lines, so the 目录 keeps to one page


def toc_compact(blocks: list[Block]) -> bool:
    """Whether the TOC is set in its compact size (四号 → 小四, tighter lines) to keep to one page."""
    toc = next((b for b in blocks if isinstance(b, Toc)), None)
    return toc is not None and len(toc.entries) > TOC_COMPACT_OVER


@dataclass(frozen=True)
class TocTarget:
    """A block a TOC entry points to: its position among the blocks, the entry's level and a label."""

    index: int
    level: int
    label: str


def toc_targets(blocks: list[Block]) -> tuple[list[tuple[TocEntry, str | None]], dict[int, TocTarget]] | None:
    """When a Toc lists its own entries: each entry with the label of its target, and the targets by block index.

    An entry finds its block by anchor (a Heading.anchor or a TableBlock.id), else by heading text.
    Returns None when no Toc brings entries (writers then collect the headings themselves).
    """
    toc = next((b for b in blocks if isinstance(b, Toc) and b.entries), None)
    if toc is None:
        return None
    by_anchor: dict[str, int] = {}
    by_text: dict[str, int] = {}
    for i, b in enumerate(blocks):
        if isinstance(b, Heading):
            if b.anchor:
                by_anchor.setdefault(b.anchor, i)
            by_text.setdefault(b.text.strip(), i)
        elif isinstance(b, TableBlock):
            by_anchor.setdefault(b.id, i)
    entries: list[tuple[TocEntry, str | None]] = []
    targets: dict[int, TocTarget] = {}
    for k, e in enumerate(toc.entries):
        i = by_anchor.get(e.anchor) if e.anchor else None
        if i is None:
            i = by_text.get(e.text.strip())
        if i is None or i in targets:
            entries.append((e, None))
            continue
        label = f"toc-{k}"
        targets[i] = TocTarget(i, max(1, min(e.level, 3)), label)
        entries.append((e, label))
    return entries, targets
