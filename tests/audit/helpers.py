"""Helpers for the audit tests: the golden-table format and seed conversions (DOCX / HTML)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from juesuan.core.model import FinalAccounts


def table_lines(model: FinalAccounts) -> list[str]:
    """Every row and cell of the nine tables, one line each: table, row key, label, column, value."""
    out: list[str] = []
    for tid in sorted(model.tables):
        t = model.tables[tid]
        out.append(f"{tid}\t#empty_reason\t{t.empty_reason or ''}")
        for r in t.rows:
            if not r.values:
                out.append(f"{tid}\t{r.key}\t{r.label}\t-\t-")
            for col, val in sorted(r.values.items()):
                out.append(f"{tid}\t{r.key}\t{r.label}\t{col}\t{'' if val is None else format(val, 'f')}")
    return out


def cells(model: FinalAccounts, tid: str) -> dict[tuple[str, str], object]:
    t = model.tables.get(tid)
    if t is None:
        return {}
    return {(r.key, k): v for r in t.rows for k, v in r.values.items() if v is not None}


def seed_to_docx(text: str, path: Path) -> None:
    """The seed as a Word document: headings, paragraphs and tables with merged header cells."""
    import docx

    d = docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines) and ("\t" in lines[i] or (not lines[i].strip() and i + 1 < len(lines)
                                                            and any("\t" in x for x in lines[i + 1:i + 5]))):
                if "\t" in lines[i]:
                    rows.append(lines[i].split("\t"))
                i += 1
            width = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=width)
            for ri, r in enumerate(rows):
                for ci in range(width):
                    t.cell(ri, ci).text = r[ci] if ci < len(r) else ""
            _merge_header(t, rows, width)
            continue
        m = re.match(r"^(#{1,6})\s*(.*)$", line.strip())
        if m:
            d.add_heading(m.group(2).replace("*", ""), level=min(len(m.group(1)), 9))
        elif line.strip():
            d.add_paragraph(line.strip().lstrip("- ").replace("**", ""))
        i += 1
    d.save(str(path))


def _merge_header(t, rows: list[list[str]], width: int) -> None:
    """Merge a first-row header cell with the empty cells to its right (收入 | 支出, 三公 group)."""
    if len(rows) < 3:
        return
    r0 = rows[0] + [""] * (width - len(rows[0]))
    j = 0
    while j < width:
        if r0[j].strip():
            k = j + 1
            while k < width and not r0[k].strip():
                k += 1
            if k - 1 > j and any((rows[1] + [""] * width)[x].strip() for x in range(j, k)):
                t.cell(0, j).merge(t.cell(0, k - 1))
                t.cell(0, j).text = r0[j]
            j = k
        else:
            j += 1


def seed_to_html(text: str) -> str:
    """The seed as an HTML page with the tables as <table> (the 收入 / 支出 headers with colspan)."""
    out = ["<html><head><meta charset='utf-8'><title>seed</title></head><body>"]
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        out.append("<table border='1'>")
        for ri, r in enumerate(rows):
            cells = []
            j = 0
            while j < len(r):
                span = 1
                if ri == 0 and r[j].strip() in ("收入", "支出"):
                    while j + span < len(r) and not r[j + span].strip():
                        span += 1
                cells.append(f"<td colspan='{span}'>{html.escape(r[j])}</td>" if span > 1 else
                             f"<td>{html.escape(r[j])}</td>")
                j += span
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
        rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if not line.strip():
            continue
        flush()
        m = re.match(r"^(#{1,6})\s*(.*)$", line.strip())
        if m:
            lvl = len(m.group(1))
            out.append(f"<h{lvl}>{html.escape(m.group(2).replace('*', ''))}</h{lvl}>")
        else:
            out.append(f"<p>{html.escape(line.strip().lstrip('- '))}</p>")
    flush()
    out.append("</body></html>")
    return "\n".join(out)


def _width(text: str, size: float) -> float:
    import pymupdf

    return pymupdf.get_text_length(text, fontname="china-s", fontsize=size)


def _column_widths(rows: list[list[str]], size: float) -> list[float]:
    ncol = max(len(r) for r in rows)
    return [max((_width(r[c], size) for r in rows if c < len(r)), default=0) + 3 * size for c in range(ncol)]


def _widest_table(text: str, size: float) -> float:
    widest, rows = 0.0, []
    for line in [*text.split("\n"), ""]:
        if "\t" in line:
            rows.append(line.split("\t"))
        elif line.strip() or not rows:
            if rows:
                widest = max(widest, sum(_column_widths(rows, size)))
            rows = []
    return widest


def seed_to_borderless_pdf(text: str, path: Path, size: float = 6.0) -> int:
    """The seed as a PDF whose tables are drawn without any rule: words at column positions only.
    Each sentence of the prose on its own line.  Returns the number of pages."""
    import pymupdf

    doc = pymupdf.open()
    height, margin, step = 1000.0, 30.0, size * 1.6
    width = max(1700.0, _widest_table(text, size) + 2 * margin)  # every column on the page
    page = doc.new_page(width=width, height=height)
    y = margin

    def newline() -> None:
        nonlocal page, y
        y += step
        if y > height - margin:
            page = doc.new_page(width=width, height=height)
            y = margin + step

    def put(x: float, s: str) -> None:
        page.insert_text((x, y), s, fontname="china-s", fontsize=size)

    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and ("\t" in lines[i] or not lines[i].strip()):
                if "\t" in lines[i]:
                    rows.append(lines[i].split("\t"))
                i += 1
            widths = _column_widths(rows, size)
            ncol = len(widths)
            for r in rows:
                newline()
                x = margin
                for c in range(ncol):
                    if c < len(r) and r[c].strip():
                        put(x, r[c].strip())
                    x += widths[c]
            newline()
            continue
        line = re.sub(r"^#+\s*|\*\*", "", lines[i].strip()).lstrip("- ")
        i += 1
        if not line:
            continue
        for sent in re.split(r"(?<=。)", line):
            if sent.strip():
                newline()
                put(margin, sent.strip())
        newline()
    doc.save(str(path))
    return doc.page_count


def audit_seed_with(directory: Path, old: str | None = None, new: str = ""):
    """Audit the seed as a TXT file in `directory`, with its first `old` replaced by `new` (as published
    when `old` is None); `old` must occur in the seed, so a stale case fails instead of passing."""
    from conftest import SEED
    from juesuan.app.audit import audit_file

    text = SEED.read_text(encoding="utf-8")
    if old is not None:
        assert old in text, old
        text = text.replace(old, new, 1)
    p = Path(directory) / "report.txt"
    p.write_text(text, encoding="utf-8")
    return audit_file(p)
