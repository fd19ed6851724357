"""Where mutations are planted: a report in TXT, DOCX or HTML, our Document (rendered to any
format afterwards), or the blocks a published reader read from any file (a PDF of any origin).

Every target lists its `Slot`s (kinds.py) and applies an `Edit` to itself; `save` writes the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from juesuan.mutate.kinds import Edit, Slot

_TITLE_NEAR = 6  # a table's title is among the last few paragraphs before it


def _replace(text: str, e: Edit) -> str | None:
    if text[e.start:e.start + len(e.old)] != e.old:
        return None
    return text[:e.start] + e.new + text[e.start + len(e.old):]


_FURNITURE = re.compile(r"^[#\s]*(?:公开\d+表|编制单位|部门[:：]|单位[:：]|金额单位|（?\d{4}年度?）?$)")


def _title_before(texts: list[str]) -> str:
    """The nearest line before a table that names a table (not 公开NN表 or 编制单位 lines)."""
    for t in reversed(texts[-_TITLE_NEAR:]):
        if "表" in t and len(t) < 60 and not _FURNITURE.match(t):
            return t.strip("# ")
    return ""


class _Slots:
    """The places a target can edit (slots) and, per slot, what to edit there (its ref)."""

    def __init__(self) -> None:
        self._slots: list[Slot] = []
        self._refs: list[Any] = []  # slot -> the target's handle on it (line, paragraph, element, block ...)

    def _add(self, text: str, kind: str, where: dict[str, Any], ref: Any,
             table: int | None = None, row: int | None = None, col: int | None = None) -> None:
        self._slots.append(Slot(len(self._slots), text, kind, dict(where), table, row, col))
        self._refs.append(ref)

    def slots(self) -> list[Slot]:
        return self._slots


class TextTarget(_Slots):
    """A TXT / Markdown report: a paragraph per line, tables as tab-separated lines."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        super().__init__()
        table, in_table, recent = -1, False, []
        for ln, line in enumerate(self.lines):
            if "\t" in line and line.strip():
                if not in_table:
                    table, in_table, row = table + 1, True, 0
                    title = _title_before(recent)
                for ci, cell in enumerate(line.split("\t")):
                    self._add(cell, "cell", {"source_line": ln + 1, "table_title": title}, (ln, ci), table, row, ci)
                row += 1
                continue
            if line.strip():
                in_table = False
                recent.append(line)
                kind = "heading" if line.lstrip().startswith("#") else "para"
                self._add(line, kind, {"source_line": ln + 1}, (ln, None))

    def apply(self, e: Edit) -> bool:
        ln, ci = self._refs[e.slot]
        if e.remove_row:
            self.lines[ln] = "\x00"  # dropped on save (keeps the other slots' line numbers valid)
            return True
        if ci is None:
            new = _replace(self.lines[ln], e)
            if new is None:
                return False
            self.lines[ln] = new
            return True
        cells = self.lines[ln].split("\t")
        new = _replace(cells[ci], e)
        if new is None:
            return False
        cells[ci] = new
        self.lines[ln] = "\t".join(cells)
        return True

    def text(self) -> str:
        return "\n".join(x for x in self.lines if x != "\x00")

    def save(self, path: Path) -> None:
        from juesuan.core.fileio import write_text_atomically

        write_text_atomically(path, self.text())


class DocxTarget(_Slots):
    """A Word document: body paragraphs and table cells (python-docx)."""

    def __init__(self, path: Path) -> None:
        import docx

        self.doc = docx.Document(str(path))
        super().__init__()
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        recent: list[str] = []
        table = -1
        for pi, child in enumerate(self.doc.element.body.iterchildren()):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                p = Paragraph(child, self.doc)
                if p.text.strip():
                    style = (p.style.name if p.style is not None else "") or ""
                    kind = "heading" if style.lower().startswith(("heading", "title")) or "标题" in style else "para"
                    self._add(p.text, kind, {"paragraph": pi}, p)
                    recent.append(p.text)
            elif tag == "tbl":
                table += 1
                title = _title_before(recent)
                t = Table(child, self.doc)
                for ri, tr in enumerate(t._tbl.tr_lst):
                    for ci, tc in enumerate(tr.tc_lst):
                        paras = [Paragraph(x, t) for x in tc.iterchildren() if x.tag.endswith("}p")]
                        text = "\n".join(p.text for p in paras)
                        self._add(text, "cell", {"table_title": title, "paragraph": pi}, (paras, tr),
                                  table, ri, ci)

    def apply(self, e: Edit) -> bool:
        obj = self._refs[e.slot]
        if e.remove_row:
            tr = obj[1]
            if tr.getparent() is None:
                return False
            tr.getparent().remove(tr)
            return True
        paras = obj[0] if isinstance(obj, tuple) else [obj]
        offset = 0
        for p in paras:  # cell text is its paragraphs joined by "\n"
            n = len(p.text)
            if offset <= e.start and e.start + len(e.old) <= offset + n:
                return _edit_paragraph(p, Edit(e.kind, e.slot, e.start - offset, e.old, e.new, e.tokens))
            offset += n + 1
        return False

    def save(self, path: Path) -> None:
        from juesuan.core.fileio import write_atomically

        write_atomically(path, self.doc.save)


def _edit_paragraph(p: Any, e: Edit) -> bool:
    """Edit inside one run when the text lies in one; else rewrite the paragraph's runs."""
    offset = 0
    for run in p.runs:
        n = len(run.text)
        if offset <= e.start and e.start + len(e.old) <= offset + n:
            new = _replace(run.text, Edit(e.kind, e.slot, e.start - offset, e.old, e.new, e.tokens))
            if new is None:
                return False
            run.text = new
            return True
        offset += n
    new = _replace(p.text, e)
    if new is None or not p.runs:
        return False
    p.runs[0].text = new
    for run in p.runs[1:]:
        run.text = ""
    return True


_HTML_SLOTS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "caption", "figcaption", "dt", "dd"}


class HtmlTarget(_Slots):
    """An HTML report: headings, paragraphs, list items and table cells (lxml)."""

    def __init__(self, text: str) -> None:
        import lxml.html

        self.root = lxml.html.document_fromstring(text)
        super().__init__()
        recent: list[str] = []
        tables: dict[Any, int] = {}
        for el in self.root.iter():
            if not isinstance(el.tag, str) or el.tag not in _HTML_SLOTS:
                continue
            if any(isinstance(a.tag, str) and a.tag in _HTML_SLOTS for a in el.iterancestors()):
                continue
            text = el.text_content()
            if el.tag in ("td", "th"):
                tr = el.getparent()
                tbl = next((a for a in el.iterancestors() if a.tag == "table"), None)
                if tbl not in tables:
                    tables[tbl] = len(tables)
                rows = [r for r in tbl.iter("tr")] if tbl is not None else []
                ri = rows.index(tr) if tr in rows else 0
                ci = [c for c in tr if isinstance(c.tag, str)].index(el)
                cap = tbl.find(".//caption") if tbl is not None else None
                title = cap.text_content() if cap is not None else _title_before(recent)
                self._add(text, "cell", {"table_title": title.strip()}, el, tables[tbl], ri, ci)
            elif text.strip():
                self._add(text, "heading" if el.tag[0] == "h" and el.tag[1:].isdigit() else "para", {}, el)
                recent.append(text)

    def apply(self, e: Edit) -> bool:
        el = self._refs[e.slot]
        if e.remove_row:
            tr = el.getparent()
            tr.getparent().remove(tr)
            return True
        offset = 0
        for node, attr in _text_nodes(el):
            s = getattr(node, attr) or ""
            if offset <= e.start and e.start + len(e.old) <= offset + len(s):
                new = _replace(s, Edit(e.kind, e.slot, e.start - offset, e.old, e.new, e.tokens))
                if new is None:
                    return False
                setattr(node, attr, new)
                return True
            offset += len(s)
        return False

    def text(self) -> str:
        import lxml.html

        return "<!DOCTYPE html>\n" + lxml.html.tostring(self.root, encoding="unicode")

    def save(self, path: Path) -> None:
        from juesuan.core.fileio import write_text_atomically

        write_text_atomically(path, self.text())


def _text_nodes(el: Any) -> list[tuple[Any, str]]:
    """(element, "text" | "tail") in the order text_content() concatenates them."""
    out = [(el, "text")]
    for child in el:
        if isinstance(child.tag, str):
            out.extend(_text_nodes(child))
        out.append((child, "tail"))
    return out


class DocumentTarget(_Slots):
    """Our own assembled report (core.document.Document), before any writer renders it."""

    def __init__(self, document: Any) -> None:
        from juesuan.core.document import Heading, Paragraph, TableBlock

        self.document = document
        super().__init__()
        table = -1
        for bi, b in enumerate(document.blocks):
            if isinstance(b, Heading):
                self._add(b.text, "heading", {"block": bi}, (b, "text"))
            elif isinstance(b, Paragraph) and b.text.strip():
                self._add(b.text, "para", {"block": bi}, (b, "text"))
            elif isinstance(b, TableBlock):
                table += 1
                where = {"block": bi, "table": b.id, "table_title": b.title}
                for ri, row in enumerate(b.body):
                    for ci, cell in enumerate(row):
                        self._add(cell.text, "cell", where, (cell, (b, row)), table, ri, ci)

    def apply(self, e: Edit) -> bool:
        obj, attr = self._refs[e.slot]
        if e.remove_row:
            block, row = attr
            block.body = [r for r in block.body if r is not row]
            return True
        new = _replace(obj.text, e)
        if new is None:
            return False
        obj.text = new
        return True


class BlocksTarget(_Slots):
    """The blocks a published reader read (RawDocument): plants into what a PDF of any origin says."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        super().__init__()
        recent: list[str] = []
        table = -1
        for b in raw.blocks:
            if b.kind == "table":
                table += 1
                title = _title_before(recent)
                for ri, row in enumerate(b.rows):
                    loc = b.row_locs[ri].to_dict() if ri < len(b.row_locs) else b.loc.to_dict()
                    for ci, cell in enumerate(row):
                        if cell is not None:
                            self._add(cell, "cell", {**loc, "table_title": title}, (b, ri, ci), table, ri, ci)
            elif b.text.strip():
                self._add(b.text, b.kind if b.kind == "heading" else "para", b.loc.to_dict(), (b, None, None))
                recent.append(b.text)

    def apply(self, e: Edit) -> bool:
        block, ri, ci = self._refs[e.slot]
        if e.remove_row and ri is not None:
            row = block.rows[ri]
            block.rows = [r for r in block.rows if r is not row]
            if ri < len(block.row_locs):
                block.row_locs = block.row_locs[:ri] + block.row_locs[ri + 1:]
            # later slots of this block point at shifted rows: keep them aligned
            self._refs = [(b, (r - 1 if b is block and r is not None and r > ri else r), c)
                          for b, r, c in self._refs]
            return True
        if ri is None:
            new = _replace(block.text, e)
            if new is None:
                return False
            block.text = new
            return True
        new = _replace(block.rows[ri][ci] or "", e)
        if new is None:
            return False
        block.rows[ri][ci] = new
        return True


def context(text: str, e: Edit, width: int = 24) -> str:
    """The edited text with a little context on each side (for the manifest)."""
    a = max(0, e.start - width)
    return re.sub(r"\s+", " ", text[a:e.start + len(e.old) + width]).strip()
