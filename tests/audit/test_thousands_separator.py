"""A profile that prints thousands separators: the tables show 1,234.56, the prose does not, and the
audit reads our own DOCX, PDF and HTML back to the same figures."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest

from juesuan.core.document import Paragraph, TableBlock
from juesuan.core.model import TABLE_IDS
from juesuan.domain.profiles import load_profile
from juesuan.report.assembler import Assembler
from juesuan.synth.units import synth_unit

from .helpers import cells

GROUPED = re.compile(r"\d{1,3}(,\d{3})+\.\d{2}")


def big_unit():
    """A synthetic unit whose tables hold amounts of 1000 万元 and more."""
    for i in range(60):
        m = synth_unit(7, i)
        if any(v is not None and abs(v) >= 1000 for r in m.table("T01").rows for v in r.values.values()):
            return m
    raise AssertionError("no synthetic unit with amounts of 1000 万元 or more")


def assemble(model, separator: bool):
    a = Assembler(model)
    a.profile = dataclasses.replace(a.profile, thousands_separator=separator)
    return a.run()


def table_texts(doc):
    return [c.text for b in doc.blocks if isinstance(b, TableBlock) for row in b.body for c in row if c.numeric]


def test_profiles_say_whether_they_group():
    assert load_profile("shaanxi-2024").thousands_separator is False  # the seed prints 1234.56
    assert load_profile("moe-university-2024").thousands_separator is True  # 西南大学 prints 279,818.00


@pytest.fixture(scope="module")
def model():
    return big_unit()


def test_separators_only_in_table_amounts(model):
    plain, grouped = assemble(model, False), assemble(model, True)
    assert not any(GROUPED.fullmatch(t) for t in table_texts(plain))
    amounts = [t for t in table_texts(grouped) if GROUPED.fullmatch(t)]
    assert amounts and all(Decimal(t.replace(",", "")) >= 1000 for t in amounts)
    prose = lambda d: [b.text for b in d.blocks if isinstance(b, Paragraph)]  # noqa: E731
    assert prose(grouped) == prose(plain)  # the prose never takes the tables' separators


def printed_text(path) -> str:
    if path.suffix == ".pdf":
        import pymupdf

        with pymupdf.open(path) as pdf:
            return "".join(p.get_text() for p in pdf)
    if path.suffix == ".docx":
        import zipfile

        with zipfile.ZipFile(path) as z:
            return z.read("word/document.xml").decode()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_audit_reads_grouped_amounts_back(model, suffix, tmp_path):
    from juesuan.formats.published.read import read_published
    from juesuan.render.docx import write_docx
    from juesuan.render.html import write_html
    from juesuan.render.pdf import write_pdf

    doc = assemble(model, True)
    path = tmp_path / f"r{suffix}"
    {".docx": write_docx, ".pdf": write_pdf, ".html": write_html}[suffix](doc, path)
    assert GROUPED.search(printed_text(path)), suffix
    published = read_published(path)
    for tid in TABLE_IDS:
        assert cells(published.model, tid) == cells(model, tid), (suffix, tid)
