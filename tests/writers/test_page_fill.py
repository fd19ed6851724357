"""No page of the example's PDF is left mostly white: every page but the cover is at least 15 %
filled (the height its text, tables and charts cover within the text area), except a page that
opens a part (第…部分)."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE_YAML


def _opens_part(page) -> bool:
    lines = [ln for ln in page.get_text().splitlines() if ln.strip() and "草稿" not in ln]
    return any("部分" in ln for ln in lines[:2])


def fill_ratios(pdf_path, part_closers: bool = False) -> list[tuple[int, float]]:
    """(page number, share of the text area's height covered) for every page after the cover,
    leaving out part openers (and with `part_closers` the page before one) and the running header,
    footer and watermark."""
    import pymupdf

    out = []
    with pymupdf.open(pdf_path) as pdf:
        for n, page in enumerate(pdf, 1):
            if n == 1 or _opens_part(page):
                continue
            if part_closers and n < len(pdf) and _opens_part(pdf[n]):
                continue
            h = page.rect.height
            top, bottom = 0.09 * h, 0.91 * h  # inside the header and the page number
            spans: list[tuple[float, float]] = []
            text = page.get_text("dict")
            for block in text["blocks"]:
                y0, y1 = block["bbox"][1], block["bbox"][3]
                if block.get("type") == 0:
                    words = "".join(s["text"] for ln in block["lines"] for s in ln["spans"]).strip()
                    if not words or "草稿" in words:
                        continue
                if y1 <= top or y0 >= bottom:
                    continue
                spans.append((max(y0, top), min(y1, bottom)))
            for d in page.get_drawings():
                r = d["rect"]
                if top < r.y0 < bottom and r.height < 0.8 * h:
                    spans.append((max(r.y0, top), min(r.y1, bottom)))
            spans.sort()
            covered, end = 0.0, top
            for y0, y1 in spans:
                if y1 > end:
                    covered += y1 - max(y0, end)
                    end = y1
            out.append((n, covered / (bottom - top)))
    return out


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory):
    from juesuan.core import codec
    from juesuan.render.pdf import write_pdf
    from juesuan.report import assemble

    path = tmp_path_factory.mktemp("fill") / "report.pdf"
    write_pdf(assemble(codec.read_path(EXAMPLE_YAML)), path)
    return path


def test_no_page_under_15_percent_filled(example_pdf):
    ratios = fill_ratios(example_pdf)
    assert len(ratios) > 25
    assert [(n, round(r, 2)) for n, r in ratios if r < 0.15] == []
