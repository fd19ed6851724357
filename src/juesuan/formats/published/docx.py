"""DOCX published reports -> blocks: paragraphs with heading levels, tables with merged cells.

python-docx returns the same cell (`_tc`) for every grid position a merged cell covers,
horizontally and vertically; covered positions become None with a span to the origin cell.

Pages: Word and WPS record where each page began when they last laid the document out
(`w:lastRenderedPageBreak`).  When a file carries those marks, every paragraph and table row gets
the page its text starts on, so audit findings name a page as they do for PDFs; a file never laid
out (written by a program) has none, and its findings keep the paragraph number only.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from juesuan.core.errors import InputError
from juesuan.formats.published.blocks import Block, Loc, RawDocument, clean


def read_docx(path: Path) -> RawDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        raise InputError(f"文件 {path}：不是有效的 DOCX 文件（文件已损坏、被截断或实际不是 Word 文档）")
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"文件 {path}：DOCX 文件已损坏，无法打开（{type(exc).__name__}）") from None
    except XMLSyntaxError:  # also an entity bomb ("billion laughs"), which lxml refuses to expand
        raise InputError(f"文件 {path}：DOCX 文件内部的 XML 有错误或含有异常的实体定义，无法打开") from None
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    blocks: list[Block] = []
    chars = 0
    body = document.element.body
    pages = _Pages(body)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            page = pages.advance(child)
            p = Paragraph(child, document)
            level = _heading_level(p)
            for part in _TABBED.split(p.text):  # “编制单位：X<tab>单位：万元”: two lines, not one name
                text = clean(part)
                if text:
                    chars += len(text)
                    blocks.append(Block("heading" if level else "para", text, level=level or 0, loc=Loc(page=page)))
        elif tag == "tbl":
            t = DocxTable(child, document)
            rows, spans = _grid(t)
            chars += sum(len(c or "") for r in rows for c in r)
            row_pages = [pages.advance(tr) for tr in child.iterchildren(_W + "tr")]
            row_pages += [None] * (len(rows) - len(row_pages))
            b = Block("table", rows=rows, row_locs=[Loc(page=pg, line=i + 1) for i, pg in enumerate(row_pages)],
                      loc=Loc(page=row_pages[0] if row_pages else None))
            b.spans = spans  # type: ignore[attr-defined]
            blocks.append(b)
        else:  # e.g. a table of contents in a content control: its page breaks still count
            pages.advance(child)
    for i, b in enumerate(blocks):
        b.loc.block = i + 1
        for rl in b.row_locs:
            rl.block = i + 1
            rl.line = None
    return RawDocument(str(path), blocks, text_chars=chars)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# a tab before a table's unit line or label: the line above a table set with tab stops
_TABBED = re.compile(r"\t+(?=\s*(?:金额)?单位\s*[:：]|\s*公开\d+表)")


class _Pages:
    """The page each element's text starts on, from the rendered page-break marks (None without them)."""

    def __init__(self, body) -> None:  # noqa: ANN001
        self.on = next(body.iter(_W + "lastRenderedPageBreak"), None) is not None
        self.page = 1

    def advance(self, element) -> int | None:  # noqa: ANN001
        """Walk `element` in document order; the page at its first text (breaks after it count on)."""
        if not self.on:
            return None
        start = None
        for el in element.iter(_W + "lastRenderedPageBreak", _W + "t"):
            if el.tag == _W + "t":
                if start is None and el.text and el.text.strip():
                    start = self.page
            else:
                self.page += 1
        return start if start is not None else self.page


def _heading_level(p) -> int | None:
    name = (p.style.name if p.style is not None else "") or ""
    m = re.match(r"^(?:Heading|标题)\s*(\d)$", name)
    if m:
        return int(m.group(1))
    if name in ("Title", "标题"):
        return 1
    return None


def _clamp_spans(t) -> None:  # noqa: ANN001
    """A cell spans at most the table's grid columns (as Word shows it): a forged w:gridSpan of a
    billion would otherwise make python-docx yield a billion cells."""
    from docx.oxml.ns import qn

    cols = len(t._tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")) or 1
    for span in t._tbl.iter(qn("w:gridSpan")):
        value = span.get(qn("w:val"), "1")
        n = int(value) if value.isascii() and value.isdigit() else 1
        if not 1 <= n <= cols or value != str(n):
            span.set(qn("w:val"), str(max(1, min(n, cols))))


def _grid(t) -> tuple[list[list[str | None]], dict[tuple[int, int], tuple[int, int]]]:
    _clamp_spans(t)
    rows: list[list[str | None]] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    origin: dict[object, tuple[int, int]] = {}  # keyed by the cell element (kept alive by the dict)
    for i, row in enumerate(t.rows):
        out: list[str | None] = []
        for j, cell in enumerate(row.cells):
            key = cell._tc
            if key in origin:
                out.append(None)
                spans[(i, j)] = origin[key]
            else:
                origin[key] = (i, j)
                out.append("\n".join(clean(p.text) for p in cell.paragraphs if p.text.strip()))
        rows.append(out)
    return rows, spans
