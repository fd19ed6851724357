"""The same report as DOCX (python-docx, merged header cells) and as HTML (colspan headers):
the nine tables read exactly and the seed's key findings reported alike."""

from __future__ import annotations

from decimal import Decimal as D

from conftest import SEED
from juesuan.app.audit import audit_file
from juesuan.core.model import TABLE_IDS

from .helpers import cells, seed_to_docx, seed_to_html


def _same_tables(path, example):
    from juesuan.formats.published.read import read_published

    rep = read_published(path)
    for tid in TABLE_IDS:
        assert cells(rep.model, tid) == cells(example, tid), tid
    return rep


def test_docx_with_merged_headers(tmp_path, example):
    p = tmp_path / "seed.docx"
    seed_to_docx(SEED.read_text(encoding="utf-8"), p)
    import docx

    t1 = next(t for t in docx.Document(str(p)).tables if t.rows[0].cells[0].text == "收入")
    assert t1.rows[0].cells[0]._tc is t1.rows[0].cells[2]._tc  # the header really is merged
    rep = _same_tables(p, example)
    assert rep.model.profile == "shaanxi-2024"
    assert rep.model.performance.overall is not None and rep.model.performance.overall.total_score == D("90")
    r = audit_file(p)
    assert any(f.rule == "NAR-003" and f.difference == D("0.18") and f.severity == "error" for f in r.findings)
    assert any(f.rule == "NAR-007" and f.found == D("6") for f in r.findings)
    c = r.summary()["claims"]
    assert c["checked"] / c["found"] >= 0.9


def test_html_with_colspan_headers(tmp_path, example):
    p = tmp_path / "seed.html"
    p.write_text(seed_to_html(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    assert "colspan='3'" in p.read_text(encoding="utf-8")
    _same_tables(p, example)
    r = audit_file(p)
    assert any(f.rule == "NAR-001" and f.found == D("5.46") for f in r.findings)


def test_borderless_pdf_tables(tmp_path, example):
    import pymupdf

    from .helpers import seed_to_borderless_pdf

    p = tmp_path / "borderless.pdf"
    pages = seed_to_borderless_pdf(SEED.read_text(encoding="utf-8"), p)
    assert pages > 3 and not pymupdf.open(p)[5].get_drawings()  # no rules at all
    rep = _same_tables(p, example)
    assert rep.table_locs["T06"]["30109"].page is not None
    # the self-evaluation tables too: every indicator with its weight and score, as the text gives them
    from juesuan.formats.published.read import read_published

    def scores(perf):
        return [[(i.name, i.weight, i.score) for i in e.indicators] for e in (perf.overall, *perf.projects)]

    assert scores(rep.model.performance) == scores(read_published(SEED).model.performance)
    assert [len(x) for x in scores(rep.model.performance)] == [13, 17]
    r = audit_file(p)
    assert any(f.rule == "NAR-003" and f.difference == D("0.18") for f in r.findings)
    assert all("page" in f.location for f in r.findings if f.location.get("table") and f.status == "fail")


def test_html_table_caption_is_read_once(tmp_path, example):
    """A <caption> is the table's title: read as a line before the table, once when it restates the
    line printed above it, so a leftover in it is found; the tables read as without it."""
    from juesuan.formats.published.read import read_published

    page = seed_to_html(SEED.read_text(encoding="utf-8"))
    first = page.index("<table border='1'>")

    def with_caption(caption: str, name: str):
        p = tmp_path / name
        p.write_text(page[:first] + f"<table border='1'><caption>{caption}</caption>" + page[first + 18:],
                     encoding="utf-8")
        return p

    plain = tmp_path / "plain.html"
    plain.write_text(page, encoding="utf-8")
    texts = [b.text for b in read_published(plain).blocks if b.kind != "table"]
    restated = with_caption("(2024年度)", "restated.html")  # the line above the table, again
    assert [b.text for b in read_published(restated).blocks if b.kind != "table"] == texts
    _same_tables(restated, example)

    leftover = with_caption("整体支出绩效自评表，编制单位：XX单位", "leftover.html")
    blocks = read_published(leftover).blocks
    i = next(k for k, b in enumerate(blocks) if b.text == "整体支出绩效自评表，编制单位：XX单位")
    assert blocks[i + 1].kind == "table"
    assert any(f.rule == "DOC-002" and f.status == "fail" and "XX" in f.message for f in audit_file(leftover).findings)
