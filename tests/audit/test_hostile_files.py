"""Hostile files read by the CLI's readers: a clear Chinese InputError, never a traceback."""

from __future__ import annotations

import pytest

from juesuan.core import codec
from juesuan.core.errors import InputError
from web.hostile import billion_laughs_docx, deep_json


def test_billion_laughs_docx_is_refused(tmp_path):
    from juesuan.formats.published.docx import read_docx

    path = tmp_path / "lol.docx"
    path.write_bytes(billion_laughs_docx())
    with pytest.raises(InputError, match="XML 有错误或含有异常的实体定义") as e:
        read_docx(path)
    assert "lol.docx" in str(e.value)


def test_deeply_nested_json_is_refused():
    with pytest.raises(InputError, match="嵌套层次过深") as e:
        codec.from_json(deep_json().decode(), "deep.json")
    assert str(e.value).startswith("deep.json")


def test_html_spans_are_bounded_as_browsers_bound_them(tmp_path):
    """rowspan / colspan of a billion (a memory bomb) read as a browser shows them: colspan at most
    1000, rowspan ending with the table."""
    from juesuan.formats.published.html import read_html

    path = tmp_path / "spans.html"
    path.write_text("<html><body><table><tr><td rowspan=1000000000>甲</td><td colspan=1000000000>乙</td></tr>"
                    "<tr><td>丙</td></tr></table></body></html>", encoding="utf-8")
    doc = read_html(path)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert len(table.rows) == 2 and len(table.rows[0]) == 1001
    assert table.rows[0][:2] == ["甲", "乙"] and table.rows[1][1] == "丙"


def test_docx_grid_span_is_bounded_by_the_table_grid(tmp_path):
    """A forged w:gridSpan of a billion (python-docx would yield a billion cells) spans the table's grid."""

    from juesuan.formats.published.docx import read_docx
    from web.hostile import docx_with

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cell = "<w:tc>{pr}<w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"
    xml = (f"<w:document {w}><w:body><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
           "<w:tr>" + cell.format(pr='<w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr>', t="合计")
           + "</w:tr><w:tr>" + "".join(cell.format(pr="", t=x) for x in ("1", "2", "3"))
           + "</w:tr></w:tbl></w:body></w:document>")
    path = tmp_path / "span.docx"
    path.write_bytes(docx_with(xml))
    doc = read_docx(path)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows == [["合计", None, None], ["1", "2", "3"]]
