"""The example's DOCX as LibreOffice lays it out: the 目录's page numbers (filled from the PDF's layout)
point at the page each heading or table title really lands on, within one page; the wide tables
are on landscape pages; no page is left under 15 % filled."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import EXAMPLE_YAML

from .test_page_fill import fill_ratios

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice (soffice) is not installed; scripts/test.sh installs libreoffice-writer-nogui")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    import docx

    from juesuan.core import codec
    from juesuan.render.docx import write_docx
    from juesuan.report import assemble

    out = tmp_path_factory.mktemp("lo")
    document = assemble(codec.read_path(EXAMPLE_YAML))
    write_docx(document, out / "report.docx")
    profile = out / "profile"  # a private LibreOffice profile: no clash with another running instance
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(out / "report.docx")], check=True, capture_output=True, timeout=300)
    entries = []
    for link in docx.Document(str(out / "report.docx")).element.body.iter(f"{W}hyperlink"):
        texts = [t.text for t in link.iter(f"{W}t")]
        entries.append(("".join(texts[:-1]), int(texts[-1])))
    return document, entries, out / "report.pdf"


def _title_pages(pdf_path) -> dict[str, list[int]]:
    """Every line set at 15 pt or more (headings, table titles; a block's lines joined) → its pages."""
    import pymupdf

    found: dict[str, list[int]] = {}
    with pymupdf.open(pdf_path) as pdf:
        for n, page in enumerate(pdf, 1):
            for block in page.get_text("dict")["blocks"]:
                big = [ln for ln in block.get("lines", []) if ln["spans"] and max(s["size"] for s in ln["spans"]) >= 15]
                for line in big:
                    found.setdefault(squash("".join(s["text"] for s in line["spans"])), []).append(n)
                if len(big) > 1:
                    found.setdefault(squash("".join(s["text"] for ln in big for s in ln["spans"])), []).append(n)
    return found


def test_toc_pages_match_the_layout_within_one_page(laid_out):
    _, entries, pdf = laid_out
    titles = _title_pages(pdf)
    assert len(entries) >= 25
    checked = 0
    for text, page in entries:
        key = squash(text)
        if key not in titles and text.endswith("表"):
            key = squash(re.sub(r"^[一二三四五六七八九十]+、", "", text))  # a table's entry: its title
        pages = titles.get(key, [])  # the 目录 lines are smaller than 15 pt
        if not pages:  # a heading wrapped onto two lines: its first line
            pages = sorted(p for t, ps in titles.items() if len(t) >= 10 and key.startswith(t) for p in ps)
        assert pages, text
        assert abs(pages[0] - page) <= 1, (text, page, pages[0])
        checked += 1
    assert checked == len(entries)


def test_wide_tables_on_landscape_pages(laid_out):
    import pymupdf

    from juesuan.core.document import TableBlock
    from juesuan.render import _layout

    document, _, pdf_path = laid_out
    titles = _title_pages(pdf_path)
    with pymupdf.open(pdf_path) as pdf:
        for tb in (b for b in document.blocks if isinstance(b, TableBlock) and b.id.startswith("T")):
            page = pdf[titles[squash(tb.title)][-1] - 1]
            assert (page.rect.width > page.rect.height) == _layout.landscape(tb), tb.title


def test_no_page_left_mostly_white(laid_out):
    """As the PDF (test_page_fill), except that a part's last page may be short: the next part starts a page."""
    _, _, pdf = laid_out
    ratios = fill_ratios(pdf, part_closers=True)
    assert [(n, round(r, 2)) for n, r in ratios if r < 0.15] == []
