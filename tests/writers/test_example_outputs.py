"""Golden checks on the example unit (榆林市人事信息中心 2024): tables T01–T09 cell by cell in the DOCX,
their text in the PDF, the part headings in the PDF text layer, and the embedded model read back."""

from __future__ import annotations

import re

import pytest

from conftest import EXAMPLE_YAML
from juesuan.core.document import Heading, TableBlock
from juesuan.formats.embedded import model_json
from juesuan.render import _layout
from juesuan.render.docx import write_docx
from juesuan.render.pdf import write_pdf

PARTS = ["第一部分 单位概况", "第二部分 2024年度部门决算情况说明", "第三部分 2024年度部门决算表",
         "第四部分 专业名词解释", "第五部分 附件"]
TABLE_IDS = [f"T0{i}" for i in range(1, 10)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    import docx
    import pymupdf

    from juesuan.core import codec
    from juesuan.report import assemble

    model = codec.read_path(EXAMPLE_YAML)
    doc = assemble(model)
    out = tmp_path_factory.mktemp("example")
    write_docx(doc, out / "report.docx")
    write_pdf(doc, out / "report.pdf")
    with pymupdf.open(out / "report.pdf") as pdf:
        pages = [p.get_text() for p in pdf]
    return model, doc, out, docx.Document(str(out / "report.docx")), pages


def table_blocks(doc):
    return [b for b in doc.blocks if isinstance(b, TableBlock)]


def test_docx_tables_match_the_blocks_cell_by_cell(outputs):
    _, doc, _, d, _ = outputs
    blocks = table_blocks(doc)
    assert len(d.tables) == len(blocks)
    seen = set()
    for tb, t in zip(blocks, d.tables, strict=True):
        if tb.id not in TABLE_IDS:
            continue
        seen.add(tb.id)
        ncols, head, body = _layout.table_columns(tb)
        grid = [row.cells for row in t.rows]  # python-docx repeats a merged cell over its area
        assert len(grid) == len(head) + len(body) and all(len(r) == ncols for r in grid), tb.id
        for offset, rows in ((0, head), (len(head), body)):
            for row in rows:
                for p in row:
                    r = offset + p.row
                    cell = grid[r][p.col]
                    assert cell.text == p.cell.text, (tb.id, r, p.col)
                    # the merged area is one cell
                    assert grid[r + p.rowspan - 1][p.col + p.colspan - 1]._tc is cell._tc, (tb.id, r, p.col)
    assert seen == set(TABLE_IDS)


def test_docx_tables_hold_every_model_amount(outputs):
    from juesuan.core.amounts import fmt_amount

    model, doc, _, d, _ = outputs
    by_id = {tb.id: t for tb, t in zip(table_blocks(doc), d.tables, strict=True)}
    for tid in TABLE_IDS:
        texts = {c.text for row in by_id[tid].rows for c in row.cells}
        for row in model.table(tid).rows:
            for value in row.values.values():
                if value is not None:
                    assert fmt_amount(value) in texts, (tid, row.key, value)


def test_pdf_text_holds_every_cell_of_t01_to_t09(outputs):
    _, doc, _, _, pages = outputs
    blocks = [tb for tb in table_blocks(doc) if tb.id in TABLE_IDS]
    flat = [squash(p) for p in pages]
    starts = []
    for tb in blocks:
        starts.append(next(i for i, t in enumerate(flat) if squash(tb.title) in t and squash(tb.number or "") in t))
    for k, tb in enumerate(blocks):
        end = starts[k + 1] if k + 1 < len(starts) else starts[k] + 3
        text = "".join(flat[starts[k]:max(end, starts[k] + 1)])
        for row in tb.header + tb.body:
            for cell in row:
                assert squash(cell.text) in text, (tb.id, cell.text)


def test_pdf_text_layer_has_the_chinese_headings(outputs):
    _, doc, _, _, pages = outputs
    text = "\n".join(pages)
    for part in PARTS:
        assert part in text
    for b in doc.blocks:
        if isinstance(b, Heading) and b.level <= 2:
            assert squash(b.text) in squash(text), b.text


def test_embedded_model_reads_back_equal(outputs):
    from juesuan.core import codec

    model, doc, out, _, _ = outputs
    assert doc.model_json
    for read in (model_json(out / "report.docx"), model_json(out / "report.pdf")):
        assert read == doc.model_json
        assert codec.from_json(read) == model


def test_pdf_pages_and_toc(outputs):
    _, _, _, _, pages = outputs
    assert 25 <= len(pages) <= 50
    toc_lines = [ln for t in pages[:4] for ln in t.splitlines() if "...." in ln]
    for part in PARTS:
        line = next(ln for ln in toc_lines if ln.startswith(part))
        page = int(re.search(r"(\d+)\W*$", line).group(1))
        assert part in pages[page - 1] and page > 2, line


def test_the_embedded_reader_reads_our_files(outputs):
    """readers/embedded.py (the reading side of the contract in document.py) gets the model back."""
    from juesuan.formats.embedded import read_embedded

    model, _, out, _, _ = outputs
    assert read_embedded(out / "report.docx") == model
    assert read_embedded(out / "report.pdf") == model
