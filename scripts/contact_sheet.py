"""A page-by-page contact sheet of a PDF: one PNG of numbered thumbnails (for docs/ and reviews).

    .venv/bin/python scripts/contact_sheet.py REPORT.pdf OUT.png [--cols 8] [--width 180]

Drawn with PyMuPDF only (no image library): each page is rendered to a pixmap and placed on one
page of a scratch PDF, which is then rendered to PNG.  Landscape pages keep their shape.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path


def contact_sheet(pdf: Path, out: Path, cols: int = 8, width: float = 180) -> int:
    """Write the contact sheet of `pdf` to `out`; return the number of pages shown."""
    import pymupdf

    src = pymupdf.open(pdf)
    n = src.page_count
    cell_w, cell_h, gap, label = width, width * 297 / 210, 10.0, 14.0
    rows = math.ceil(n / cols)
    sheet = pymupdf.open()
    page = sheet.new_page(width=cols * (cell_w + gap) + gap, height=rows * (cell_h + gap + label) + gap)
    page.draw_rect(page.rect, color=None, fill=(0.85, 0.85, 0.85))
    for i, p in enumerate(src):
        r, c = divmod(i, cols)
        x0, y0 = gap + c * (cell_w + gap), gap + r * (cell_h + gap + label)
        scale = min(cell_w / p.rect.width, cell_h / p.rect.height)
        w, h = p.rect.width * scale, p.rect.height * scale
        box = pymupdf.Rect(x0 + (cell_w - w) / 2, y0 + (cell_h - h) / 2, x0 + (cell_w + w) / 2, y0 + (cell_h + h) / 2)
        pix = p.get_pixmap(matrix=pymupdf.Matrix(2 * scale, 2 * scale))
        page.insert_image(box, pixmap=pix)
        page.draw_rect(box, color=(0.4, 0.4, 0.4), width=0.5)
        page.insert_text((x0 + cell_w / 2 - 6, y0 + cell_h + 11), str(i + 1), fontsize=10)
    page.get_pixmap(dpi=72).save(str(out))
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cols", type=int, default=8)
    ap.add_argument("--width", type=float, default=180)
    a = ap.parse_args()
    print(f"{contact_sheet(a.pdf, a.out, a.cols, a.width)} pages -> {a.out}")


if __name__ == "__main__":
    main()
