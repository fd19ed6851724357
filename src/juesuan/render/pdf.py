"""PDF writer: a document.Document typeset by Typst (report.typ) in the 公文 faces.

The blocks go to the template as JSON data (data.json in a temporary folder), so no user text is
ever spliced into Typst markup.  The faces are the installed 仿宋/楷体/黑体/小标宋/宋体 when found,
else bundled stand-ins (render/fonts.py).  Wide tables print on landscape pages (_layout.landscape).
The model JSON is attached to the PDF as the file `juesuan-model.json`, read back by
`formats.embedded.model_json`.  A Toc with entries prints exactly those lines, with the page of each target
(heading or table); without entries the TOC is Typst's outline of the headings.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

from juesuan.core.document import (
    EMBED_FILE_NAME,
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    TableBlock,
    Toc,
)
from juesuan.core.errors import JuesuanError
from juesuan.core.fileio import write_atomically
from juesuan.render import _layout, fonts

ATTACHMENT = EMBED_FILE_NAME
TEMPLATE = Path(__file__).with_name("report.typ")
DRAFT_TEXT = "草稿（存在未解决的错误）"
PDF_TAGS = False  # tagged output makes poppler report "Suspects object is wrong type"; see libs.md
TEXT_W_PT = _layout.TEXT_W_PT


def font_dir() -> Path:
    """The folder of the bundled Noto SC fonts (package pylopdf-fonts-zh-cn)."""
    return fonts.bundled_dirs()[0]


def typst_fonts() -> Any:
    """Typst's font book (render/fonts.py; loaded once per process)."""
    return fonts.typst_fonts()


def write_pdf(document: Document, path: Path) -> None:
    """Write `document` as a PDF at `path` (atomically: temp file, then rename)."""
    pdf = _compile(document)
    write_atomically(Path(path), lambda tmp: Path(tmp).write_bytes(pdf))


def toc_pages(document: Document) -> dict[str, int]:
    """The page of each TOC target (label → page) as the PDF lays the document out.

    The DOCX writer fills its TOC with these numbers (same page size, margins, fonts and spacing).
    A build that writes the PDF too lays the document out once: the compile is cached, and the pages
    come from the same layout (Typst's query of <js-pages>, a few milliseconds), not from reading the PDF.
    """
    if _layout.toc_targets(_layout.blocks_with_cover(document)) is None:
        return {}
    return dict(_layout_of(document)[1])


_COMPILED: dict[str, tuple[bytes, dict[str, int]]] = {}


def _compile(document: Document) -> bytes:
    """The PDF bytes of `document`."""
    return _layout_of(document)[0]


def _layout_of(document: Document) -> tuple[bytes, dict[str, int]]:
    """The PDF bytes of `document` and the page of each labelled TOC target (the last few compiles are
    kept, keyed by everything the PDF depends on)."""
    import hashlib

    import typst

    from juesuan.render.charts import chart_pngs

    charts = [b for b in document.blocks if isinstance(b, Chart)]
    chart_pngs(charts)  # all charts in one Typst compile
    with tempfile.TemporaryDirectory(prefix="juesuan-pdf-") as tmp:
        root = Path(tmp)
        data = _data(document, root)
        text = json.dumps(_cleaned(data), ensure_ascii=False)
        stamp = os.environ.get("SOURCE_DATE_EPOCH")
        # everything the PDF depends on: the data, the charts, the model, the time stamp and the font files
        # (a family name alone does not say which file: --font-dir or the system may bring another, and
        # Typst takes a glyph a face lacks from any font it knows)
        key = hashlib.sha256("\n".join([text, repr(charts), document.model_json, str(stamp),
                                        fonts.config_key()]).encode("utf-8")).hexdigest()
        if key in _COMPILED:
            return _COMPILED[key]
        (root / "data.json").write_text(text, encoding="utf-8")
        if data["attach"]:
            (root / "model.json").write_text(document.model_json, encoding="utf-8")
        shutil.copyfile(TEMPLATE, root / "report.typ")
        options: dict[str, Any] = {"root": str(root), "font_paths": typst_fonts(), "ignore_system_fonts": True}
        try:
            pdf, notes = typst.compile_with_warnings(
                str(root / "report.typ"), pdf_tags=PDF_TAGS, timestamp=int(stamp) if stamp and stamp.isdigit() else None,
                **options)
            # the same layout again, from Typst's cache: milliseconds
            pages = json.loads(typst.query(str(root / "report.typ"), "<js-pages>", field="value", one=True, **options))
        except typst.TypstError as exc:
            raise JuesuanError(f"PDF 排版失败（Typst）：{exc.message}") from exc
    for note in notes:
        warnings.warn(f"Typst: {note.message}", stacklevel=3)
    _COMPILED[key] = (pdf, {str(k): int(v) for k, v in pages.items()})
    while len(_COMPILED) > 2:
        _COMPILED.pop(next(iter(_COMPILED)))
    return _COMPILED[key]


def _data(document: Document, root: Path) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    source = _layout.blocks_with_cover(document)
    plan = _layout.toc_targets(source)
    targets = plan[1] if plan else {}
    for i, block in enumerate(source):
        target = targets.get(i)
        label = target.label if target else None
        if isinstance(block, Heading):
            listed = block.in_toc if plan is None else target is not None
            blocks.append({"type": "heading", "level": min(max(block.level, 1), 4), "text": block.text,
                           "toc": listed, "label": label, "title": block.title})
        elif isinstance(block, Paragraph):
            # one paragraph per line, as in the DOCX (a break would stretch a justified line)
            for line in block.text.split("\n"):
                blocks.append({"type": "paragraph", "style": block.style, "text": line, "bold": block.bold})
        elif isinstance(block, TableBlock):
            blocks.append({**_table(block), "label": label, "toc_level": target.level if target else 1,
                           "toc_text": _entry_text(plan, label) or block.title})
        elif isinstance(block, Chart):
            blocks.append(_chart(block, root, len(blocks)))
        elif isinstance(block, PageBreak):
            blocks.append({"type": "break"})
        elif isinstance(block, Toc):
            entries = []
            if plan is not None and block.entries:
                entries = [{"level": max(1, min(e.level, 3)), "text": e.text, "label": lab} for e, lab in plan[0]]
            blocks.append({"type": "toc", "title": block.title, "entries": entries,
                           "compact": _layout.toc_compact(source)})
    faces = fonts.faces()
    bundled = ["Noto Serif SC", "Noto Sans SC"]
    return {
        "title": document.title,
        "subtitle": document.subtitle,
        "author": document.title or "",
        "fonts": {role: {"font": [f.family, *bundled], "weight": f.weight} for role, f in faces.items()},
        "draft": document.draft,
        "draft_text": DRAFT_TEXT,
        "attach": bool(document.model_json),
        "blocks": blocks,
    }


def _cleaned(value: Any) -> Any:
    """The data with control characters removed from every string (as the DOCX writer does)."""
    if isinstance(value, str):
        return _layout.clean_text(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _entry_text(plan: Any, label: str | None) -> str | None:
    """The TOC entry's own wording for the block labelled `label` (e.g. 一、收入支出决算总表)."""
    if plan is None or label is None:
        return None
    return next((e.text for e, lab in plan[0] if lab == label), None)


def _table(tb: TableBlock) -> dict[str, Any]:
    ncols, head, body = _layout.table_columns(tb)
    wide = _layout.landscape(tb)
    widths = _layout.column_widths(tb, ncols, head, body, TEXT_W_PT[wide], pad=_layout.CELL_PAD_PT)
    heights = _layout.row_heights(tb, widths, 11.5, TIGHT_PAD - 1.25)[len(head):]  # body rows, tight padding
    return {
        "type": "table", "id": tb.id, "title": tb.title or None, "number": tb.number, "unit_name": tb.unit_name,
        "unit_label": tb.unit_label, "note": tb.note, "landscape": wide, "font_size": _layout.TABLE_FONT_PT,
        "keep_last": _layout.keep_last_rows(tb), "fit": _fit(tb, widths, wide),
        "widths": [round(w, 2) for w in widths],
        "header": _rows(head, ncols, 0, []),
        "body": _rows(body, ncols, len(head), heights, _layout.TEXT_H_PT[wide]),
    }


# Typst sets a cell of n lines of 9 pt text in n × 9 pt plus 2.5 pt between lines, plus its padding.
# The estimate from that (render/_layout) came within −7 % … +13 % of Typst's own measure on the
# example's tables in two profiles: a table is settled here when it is clearly on one side of the page
# height, and Typst measures the rest (each measurement is one more layout of the table).
SURE_FITS, SURE_OVER = 0.9, 1.15
ROOMY_PAD, TIGHT_PAD = 5.0, 2.5


def _pdf_height(tb: TableBlock, widths: list[float], pad: float) -> float:
    return _layout.table_height(tb, widths, 11.5, pad - 1.25)  # n × 11.5 − 2.5 + 2 × pad per row


def _fit(tb: TableBlock, widths: list[float], wide: bool) -> str:
    """"roomy" or "tight" (on one page with that padding), "split" (over pages) or "measure" (Typst decides)."""
    room = _layout.TEXT_H_PT[wide]
    roomy, tight = _pdf_height(tb, widths, ROOMY_PAD), _pdf_height(tb, widths, TIGHT_PAD)
    if roomy <= SURE_FITS * room:
        return "roomy"
    if roomy > SURE_OVER * room and tight <= SURE_FITS * room:
        return "tight"
    if tight > SURE_OVER * room:
        return "split"
    return "measure"


# A merged cell whose rows would take more than this share of a page may break over pages (its rows
# then fill the page instead of jumping whole to the next one); smaller groups of rows stay together.
TALL_SPAN = 0.85


def _rows(rows: list[list[_layout.Placed]], ncols: int, y0: int, heights: list[float],
          room: float = 0.0) -> list[list[dict[str, Any]]]:
    """Cells with explicit positions; free positions get an empty cell, so nothing shifts."""
    taken = {(p.row + dr, p.col + dc) for row in rows for p in row for dr in range(p.rowspan) for dc in range(p.colspan)}
    out = []
    for r, row in enumerate(rows):
        cells = [_cell(p.cell, p.col, y0 + r, min(p.colspan, ncols - p.col), p.rowspan,
                       p.rowspan > 1 and sum(heights[r:r + p.rowspan]) > TALL_SPAN * room) for p in row]
        cells += [_cell(Cell(""), c, y0 + r, 1, 1) for c in range(ncols) if (r, c) not in taken]
        out.append(cells)
    return out


def _cell(cell: Cell, x: int, y: int, cs: int, rs: int, breakable: bool = False) -> dict[str, Any]:
    return {"text": cell.text, "x": x, "y": y, "cs": cs, "rs": rs, "header": cell.header,
            "numeric": cell.numeric, "align": cell.align, "brk": breakable}


def _chart(chart: Chart, root: Path, n: int) -> dict[str, Any]:
    from juesuan.render import charts

    # a picture, as in the DOCX: drawn as vectors, the labels would join the PDF's text layer and
    # read back as prose (the audit of our own PDF); the PNG is the DOCX's, rendered once per process
    name = f"chart-{n}.png"
    (root / name).write_bytes(charts.chart_png(chart))
    return {"type": "chart", "title": chart.title, "image": name, "aspect": charts.HEIGHT / charts.WIDTH}
