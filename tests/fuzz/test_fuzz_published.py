"""Fuzzing the published-report readers and the audit: text lines (deleted, repeated, swapped, numbers
replaced by hostile ones), DOCX (paragraph and table text, and the XML itself broken), HTML (tags,
tables, spans, entities) and PDF bytes (truncated, spliced, flipped).  Auditing gives a report or a
Chinese InputError; `juesuan audit` exits 0/1/2 in Chinese, never with a traceback."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEED

from .conftest import examples, settings, tried
from .hostile import NASTY_TEXT, SAFE_TEXT, TEXT, assert_cli, assert_no_crash

LINES = SEED.read_text(encoding="utf-8").splitlines()
NUMBER = re.compile(r"\d+(?:\.\d+)?")

line_edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES)), st.integers(1, 30)),
    st.tuples(st.just("repeat"), st.integers(0, len(LINES)), st.integers(1, 5)),
    st.tuples(st.just("swap"), st.integers(0, len(LINES)), st.integers(0, len(LINES))),
    st.tuples(st.just("number"), st.integers(0, len(LINES)), st.sampled_from(NASTY_TEXT)),
    st.tuples(st.just("number"), st.integers(0, len(LINES)), st.from_regex(r"-?[0-9]{1,40}(\.[0-9]{1,6})?", fullmatch=True)),
    st.tuples(st.just("insert"), st.integers(0, len(LINES)), TEXT),
    st.tuples(st.just("truncate"), st.integers(0, len(LINES)), st.just(0)),
)


def mutate(edits) -> list[str]:  # noqa: ANN001
    lines = list(LINES)
    for kind, i, arg in edits:
        i = i % max(1, len(lines))
        if kind == "delete":
            del lines[i:i + arg]
        elif kind == "repeat":
            lines[i:i] = lines[i:i + 1] * arg
        elif kind == "swap" and lines:
            j = arg % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "number" and lines:
            lines[i] = NUMBER.sub(lambda _m, a=arg: a, lines[i], count=1)
        elif kind == "insert":
            lines.insert(i, arg)
        elif kind == "truncate":
            lines = lines[:i]
    return lines


def audit(path: Path) -> None:
    from juesuan.app.audit import audit_file

    report = assert_no_crash(audit_file, path)
    if report is not None:
        report.to_contract(path.name)
    assert_cli(["audit", str(path), "--brief"])


@settings(max_examples=examples(15))
@given(edits=st.lists(line_edit, min_size=1, max_size=8))
def test_text_report_survives_hostile_lines(tmp_path_factory, edits) -> None:
    tried("text lines")
    path = Path(tmp_path_factory.mktemp("txt")) / "报告.txt"
    path.write_text("\n".join(mutate(edits)), encoding="utf-8")
    audit(path)


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    """The seed report as a DOCX: headings, paragraphs, and its tab-separated lines as tables."""
    import docx

    d = docx.Document()
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            width = max(len(r) for r in block)
            t = d.add_table(rows=len(block), cols=width)
            for i, row in enumerate(block):
                for j, text in enumerate(row):
                    t.cell(i, j).text = text
            block.clear()

    for line in LINES[:400]:
        cells = [c for c in re.split(r"\t| {2,}", line.strip()) if c]
        if len(cells) > 2:
            block.append(cells)
            continue
        flush()
        if re.match(r"^[一二三四五六七八九十]+、", line):
            d.add_heading(line.strip(), level=2)
        else:
            d.add_paragraph(line)
    flush()
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


xml_edit = st.one_of(
    st.tuples(st.just("text"), st.integers(0, 10**6), st.one_of(TEXT, st.sampled_from(NASTY_TEXT))),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.integers(1, 400)),
    st.tuples(st.just("inject"), st.integers(0, 10**6), st.sampled_from([
        "<w:tbl>", "</w:tbl>", "<w:tr><w:tc><w:p><w:r><w:t>1e308</w:t></w:r></w:p></w:tc></w:tr>",
        '<w:gridSpan w:val="99999"/>', '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="-1"/>',
        "<w:p><w:r><w:t>" + "9" * 40 + "</w:t></w:r></w:p>", "&#0;", "&undefined;", "<![CDATA[x]]>",
        '<w:tc><w:tcPr><w:gridSpan w:val="abc"/></w:tcPr></w:tc>', "<w:p>" * 50, "\x00", "<?pi x?>"])),
)


@settings(max_examples=examples(12))
@given(edits=st.lists(xml_edit, min_size=1, max_size=6))
def test_docx_report_survives_broken_xml(tmp_path_factory, seed_docx, edits) -> None:
    tried("docx xml")
    src = zipfile.ZipFile(io.BytesIO(seed_docx))
    xml = src.read("word/document.xml").decode("utf-8")
    for kind, at, arg in edits:
        at %= max(1, len(xml))
        if kind == "text":
            m = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").search(xml, at) or re.compile(r"<w:t>([^<]*)</w:t>").search(xml)
            if m:
                value = arg.replace("&", "&amp;").replace("<", "&lt;")
                xml = xml[:m.start(1)] + value + xml[m.end(1):]
        elif kind == "cut":
            xml = xml[:at] + xml[at + arg:]
        else:
            xml = xml[:at] + arg + xml[at:]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, xml.encode("utf-8", "surrogatepass") if item.filename == "word/document.xml"
                         else src.read(item))
    path = Path(tmp_path_factory.mktemp("docx")) / "报告.docx"
    path.write_bytes(buf.getvalue())
    audit(path)


def html_table(rows: list[list[tuple[str, int, int]]]) -> str:
    body = "".join("<tr>" + "".join(f'<td colspan="{c}" rowspan="{r}">{t}</td>' for t, c, r in row) + "</tr>"
                   for row in rows)
    return f"<table>{body}</table>"


span = st.one_of(st.integers(-3, 5), st.sampled_from([0, 1000, 10**9]))
html_cell = st.tuples(st.one_of(TEXT, st.sampled_from(NASTY_TEXT)), span, span)
html_part = st.one_of(
    st.builds(lambda t: f"<p>{t}</p>", TEXT),
    st.builds(lambda t: f"<h2>{t}</h2>", st.sampled_from(["一、收入支出决算总体情况说明", "公开01表 收入支出决算总表", "二、", ""])),
    st.builds(html_table, st.lists(st.lists(html_cell, min_size=1, max_size=6), min_size=1, max_size=6)),
    st.sampled_from(["<table>", "</td></tr>", "<div>" * 200, "&nbsp;" * 5, "<script>x</script>", "<!--", "]]>",
                     "<table><tr><td colspan='x'>1</td></tr></table>", "<br>" * 10, "<td rowspan=99999>1</td>"]),
)


@settings(max_examples=examples(15))
@given(parts=st.lists(html_part, min_size=1, max_size=10), keep=st.integers(0, len(LINES)))
def test_html_report_survives_hostile_markup(tmp_path_factory, parts, keep) -> None:
    tried("html")
    head = "".join(f"<p>{line}</p>" for line in LINES[:keep % 200])
    path = Path(tmp_path_factory.mktemp("html")) / "报告.html"
    path.write_text(f"<html><body>{head}{''.join(parts)}</body></html>", encoding="utf-8")
    audit(path)


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    """The seed's first pages as a PDF (PyMuPDF's built-in Chinese font)."""
    import pymupdf

    doc = pymupdf.open()
    page, y = None, 0
    for i, line in enumerate(LINES[:160]):
        if i % 45 == 0:
            page, y = doc.new_page(), 40
        page.insert_text((30, y), line[:46], fontname="china-s", fontsize=9)
        y += 17
    return doc.tobytes()


@settings(max_examples=examples(12))
@given(cut=st.integers(0, 10**6), junk=st.binary(max_size=512), flips=st.lists(st.integers(0, 10**6), max_size=20))
def test_pdf_report_survives_broken_bytes(tmp_path_factory, seed_pdf, cut, junk, flips) -> None:
    tried("pdf bytes")
    data = bytearray(seed_pdf)
    for at in flips:
        data[at % len(data)] ^= 0xFF
    cut %= len(data) + 1
    path = Path(tmp_path_factory.mktemp("pdf")) / "报告.pdf"
    path.write_bytes(bytes(data[:cut]) + junk)
    audit(path)


@settings(max_examples=examples(6))
@given(name=SAFE_TEXT, body=st.binary(max_size=256))
def test_any_bytes_under_any_report_name(tmp_path_factory, name, body) -> None:
    """Random bytes named .txt / .docx / .pdf / .html (and the name itself hostile)."""
    tried("report bytes")
    stem = re.sub(r"[/\\\x00]", "_", name)[:40] or "x"
    for suffix in (".txt", ".docx", ".pdf", ".html"):
        path = Path(tmp_path_factory.mktemp("any")) / f"{stem}{suffix}"
        path.write_bytes(body)
        audit(path)
