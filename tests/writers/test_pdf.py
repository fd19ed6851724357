"""PDF writer (Typst): selectable text, embedded subset fonts, tables, TOC pages, attachment, literal text."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from juesuan.core.document import Cell, Document, Paragraph, TableBlock
from juesuan.formats.embedded import model_json as read_model_json
from juesuan.render.pdf import ATTACHMENT, DRAFT_TEXT, write_pdf

from .docpdf_sample import CHART, HEADINGS, TRICKY, body_rows, merged_header, sample_document


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import pymupdf

    doc = sample_document(draft=True, chart=True, toc_entries=True)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    write_pdf(doc, path)
    with pymupdf.open(path) as pdf:
        pages = [p.get_text() for p in pdf]
        sizes = [(p.rect.width, p.rect.height) for p in pdf]
    return doc, path, pages, sizes


def test_text_layer_has_headings_and_literal_special_characters(built):
    _, _, pages, _ = built
    text = "\n".join(pages)
    for h in HEADINGS:
        assert h in text
    assert squash(TRICKY) in squash(text)  # #, $, *, <, ], ]]> come out as typed
    assert "测试单位" in pages[0] and "2024年度部门决算" in pages[0]


def test_every_table_cell_is_in_the_text_layer(built):
    _, _, pages, _ = built
    tables = squash("".join(pages[4:]))
    for row in merged_header() + body_rows(40):
        for cell in row:
            assert squash(cell.text) in tables, cell.text


def test_header_repeats_and_rows_never_split(built):
    _, _, pages, _ = built
    body_pages = [i for i, t in enumerate(pages) if "科目名称第" in squash(t)]
    assert len(body_pages) >= 2  # 40 rows span pages
    for i in body_pages:
        assert "预算数" in pages[i] and "公务用车购置费" in squash(pages[i])
    for r, row in enumerate(body_rows(40)[:40]):  # the 合计 row's label is also a header label
        label = squash(row[0].text)
        nums = [c.text for c in row[1:] if c.text]
        page = next(squash(pages[i]) for i in body_pages if label in squash(pages[i]))
        assert all(n in page for n in nums), f"row {r} split across pages"


def test_numbers_are_right_aligned(built):
    import pymupdf

    _, path, pages, _ = built
    with pymupdf.open(path) as pdf:
        page = next(p for p in pdf if "科目名称第1行" in squash(p.get_text()))
        words = page.get_text("words")
    # the numbers of the second column (预算数 合计) share one right edge
    edges = [round(wd[2], 1) for wd in words if wd[4] in ("2,469.00", "3,703.50", "6,172.50", "7,407.00")]
    assert len(edges) == 4 and max(edges) - min(edges) < 0.5
    starts = [round(wd[0], 1) for wd in words if wd[4] in ("2,469.00", "11,110.50")]
    assert len(starts) == 2 and starts[0] > starts[1]  # the shorter number starts further right


def test_fonts_are_embedded_subsets(built):
    import pymupdf

    _, path, _, _ = built
    with pymupdf.open(path) as pdf:
        fonts = {f[3] for i in range(len(pdf)) for f in pdf.get_page_fonts(i)}
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+\S+", f) for f in fonts), fonts  # subsets (faces: test_fonts.py)
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [ln.split() for ln in out.splitlines()[2:] if ln.strip()]
        assert rows and all(r[-5:-3] == ["yes", "yes"] for r in rows), out


def test_renders_cleanly_in_mupdf_and_poppler(built):
    import pymupdf

    _, path, _, _ = built
    pymupdf.TOOLS.mupdf_warnings()  # reset
    with pymupdf.open(path) as pdf:
        for p in pdf:
            p.get_pixmap(dpi=30)
    assert pymupdf.TOOLS.mupdf_warnings() == ""
    if shutil.which("pdftoppm"):
        res = subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(path.with_suffix(""))],
                             capture_output=True, text=True)
        assert res.returncode == 0 and res.stderr == ""


def test_page_count_landscape_and_cover(built):
    _, _, pages, sizes = built
    assert 7 <= len(pages) <= 14
    portrait = (pytest.approx(595.3, abs=1), pytest.approx(841.9, abs=1))
    assert sizes[0] == portrait
    wide = [i for i, (wd, ht) in enumerate(sizes) if wd > ht]
    # the forced landscape table and the nine-column 三公 table (too wide for portrait) print landscape
    tables = [i for i, t in enumerate(pages) if "宽表（横向）" in t or "科目名称第" in squash(t)]
    assert wide == tables and "宽表（横向）" in pages[wide[-1]]
    assert all(sizes[i] == portrait for i in range(len(pages)) if i not in wide)
    assert "— 1 —" not in pages[0]  # the cover has no page number
    assert f"— {len(pages)} —" in pages[-1]


def test_toc_entries_carry_the_pages_of_their_targets(built):
    _, _, pages, _ = built
    toc = next(t for t in pages if "目 录" in t or "目录" in t)

    def page_of(text: str) -> int:
        return next(i for i, t in enumerate(pages) if text in t and t is not toc) + 1

    lines = [ln for ln in toc.splitlines() if ln.strip()]
    for title in (HEADINGS[0], HEADINGS[1], HEADINGS[3], HEADINGS[5]):
        line = next(ln for ln in lines if ln.startswith(title))
        assert line.rstrip().endswith(str(page_of(title))), line
    line = next(ln for ln in lines if ln.startswith("九、财政拨款“三公”经费支出决算表"))
    assert line.rstrip().endswith(str(page_of("财政拨款“三公”经费支出决算表")))
    assert any(ln.strip() == "不存在的条目" for ln in lines)  # no target: printed without a page
    line = next(ln for ln in lines if ln.startswith("十、宽表"))
    assert line.rstrip().endswith(str(page_of("宽表（横向）")))  # a table on a landscape page
    assert "（一）主要职责" not in toc  # not an entry


def test_chart_and_caption(built):
    import pymupdf

    _, path, pages, _ = built
    i = next(i for i, t in enumerate(pages) if CHART.title in t)
    with pymupdf.open(path) as pdf:
        assert pdf[i].get_images()


def test_draft_stamp_only_on_drafts(built, tmp_path):
    _, _, pages, _ = built
    assert all(DRAFT_TEXT in t for t in pages)
    path = tmp_path / "final.pdf"
    write_pdf(sample_document(draft=False), path)
    import pymupdf

    with pymupdf.open(path) as pdf:
        assert all("草稿" not in p.get_text() for p in pdf)


def test_attachment_round_trip(built, tmp_path):
    import pymupdf

    doc, path, _, _ = built
    assert read_model_json(path) == doc.model_json
    with pymupdf.open(path) as pdf:
        assert pdf.embfile_names() == [ATTACHMENT]
    bare = tmp_path / "bare.pdf"
    write_pdf(sample_document(model_json=False), bare)
    assert read_model_json(bare) is None


def test_outline_without_entries_lists_headings(tmp_path):
    import pymupdf

    path = tmp_path / "r.pdf"
    write_pdf(sample_document(), path)
    with pymupdf.open(path) as pdf:
        toc = pdf.get_toc()
        text = pdf[1].get_text()
    assert [t[1] for t in toc][:3] == HEADINGS[:3]
    assert "1. 不入目录的小标题" not in [t[1] for t in toc]
    assert HEADINGS[2] in text


def test_markup_lookalikes_in_every_field_stay_text(tmp_path):
    import pymupdf

    evil = '#pagebreak() $ * _ ` < > ] [ \\ " @x //'
    tb = TableBlock(id="T", title=evil, number=evil, unit_name=evil, unit_label=evil, note=evil,
                    header=[[Cell(evil, header=True)]], body=[[Cell(evil)], [Cell("")]])
    doc = Document(title=evil, subtitle=evil, blocks=[Paragraph(evil), Paragraph(evil, style="note"), tb])
    path = tmp_path / "r.pdf"
    write_pdf(doc, path)
    with pymupdf.open(path) as pdf:
        text = squash("".join(p.get_text() for p in pdf))
        assert len(pdf) == 2  # cover + one page: "#pagebreak()" did not run
    # title and subtitle on the cover; paragraph, note; table title, number, unit, unit label, two cells, note
    assert text.count(squash(evil)) == 11


def test_write_is_atomic(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(b"old")
    write_pdf(sample_document(), path)
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]
    with pytest.raises(FileNotFoundError):
        write_pdf(sample_document(), tmp_path / "missing" / "r.pdf")


def test_a_tall_row_moves_whole_to_the_next_page(tmp_path):
    import pymupdf

    long = "".join(f"第{i}句说明文字很长。" for i in range(60))
    rows = [[Cell(f"行{i}"), Cell(f"{i}.00", numeric=True)] for i in range(36)] + [[Cell(long), Cell("9.99", numeric=True)]]
    tb = TableBlock(id="X", title="表", header=[[Cell("项目", header=True), Cell("金额", header=True)]], body=rows,
                    widths=[3, 1])
    path = tmp_path / "r.pdf"
    write_pdf(Document(title="t", subtitle="", blocks=[tb]), path)
    with pymupdf.open(path) as pdf:
        texts = [squash(p.get_text()) for p in pdf]
    first = next(i for i, t in enumerate(texts) if "第0句" in t)
    assert "第59句" in texts[first] and "9.99" in texts[first]
    assert "行0" not in texts[first] and "项目" in texts[first]  # moved below a repeated header
    assert "行0" in texts[first - 1] and "第0句" not in texts[first - 1]


def test_typst_reports_no_warnings(tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_pdf(sample_document(toc_entries=True), tmp_path / "r.pdf")


def test_poppler_reads_the_pdf_without_complaint(built):
    _, path, _, _ = built
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils not installed")
    res = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    assert res.returncode == 0 and res.stderr == ""
    assert "Title:" in res.stdout and "测试单位" in res.stdout


def test_bookmarks_follow_the_toc_entries(built):
    import pymupdf

    _, path, pages, _ = built
    with pymupdf.open(path) as pdf:
        marks = pdf.get_toc()
    assert [m[1] for m in marks] == [HEADINGS[0], HEADINGS[1], HEADINGS[3], HEADINGS[5],
                                     "九、财政拨款“三公”经费支出决算表", "十、宽表"]
    table_mark = marks[4]
    assert table_mark[0] == 2 and "财政拨款“三公”经费支出决算表" in pages[table_mark[2] - 1]
    # the bookmark's invisible heading adds no text
    assert sum(t.count("九、财政拨款“三公”经费支出决算表") for t in pages) == 1


def test_control_characters_are_dropped_as_in_the_docx(tmp_path):
    import pymupdf

    doc = Document(title="单位\x0b名称", subtitle="", blocks=[Paragraph("甲\x00乙\x1f丙"),
                   TableBlock(id="T", title="表", body=[[Cell("a\x08b")]])])
    path = tmp_path / "r.pdf"
    write_pdf(doc, path)
    with pymupdf.open(path) as pdf:
        text = "".join(p.get_text() for p in pdf)
    assert "单位名称" in text and "甲乙丙" in text and "ab" in text
    assert not any(ch in text for ch in "\x00\x08\x0b\x1f")
