"""Page numbers in audits of Word documents, from the page breaks Word/WPS record when they lay a
document out (`w:lastRenderedPageBreak`); a DOCX never laid out keeps paragraph numbers only."""

from __future__ import annotations

from decimal import Decimal as D

from conftest import SEED

from .helpers import seed_to_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def mark_page_start(paragraph) -> None:  # noqa: ANN001
    """Put Word's rendered-page-break mark before the paragraph's first run (its text starts a page)."""
    from docx.oxml import OxmlElement

    run = paragraph._p.find(W + "r")
    run.insert(0, OxmlElement("w:lastRenderedPageBreak"))


def test_reader_gives_the_page_of_each_paragraph_and_row(tmp_path):
    import docx

    from juesuan.formats.published.docx import read_docx

    d = docx.Document()
    d.add_paragraph("第一页")
    mark_page_start(d.add_paragraph("第二页开头"))
    t = d.add_table(rows=3, cols=2)
    for i in range(3):
        t.cell(i, 0).text, t.cell(i, 1).text = f"行{i + 1}", "1.00"
    mark_page_start(t.cell(2, 0).paragraphs[0])  # the table runs onto page 3
    d.add_paragraph("表后")
    path = tmp_path / "laid-out.docx"
    d.save(str(path))
    blocks = read_docx(path).blocks
    assert [b.loc.page for b in blocks] == [1, 2, 2, 3]
    assert [rl.page for rl in blocks[2].row_locs] == [2, 2, 3]

    plain = docx.Document()
    plain.add_paragraph("没有排版信息")
    plain.save(str(tmp_path / "plain.docx"))
    assert read_docx(tmp_path / "plain.docx").blocks[0].loc.page is None


def test_audit_findings_on_a_laid_out_docx_name_the_page(tmp_path):
    import docx

    from juesuan.app.audit import audit_file

    path = tmp_path / "seed.docx"
    seed_to_docx(SEED.read_text(encoding="utf-8"), path)
    d = docx.Document(str(path))
    paras = d.paragraphs
    training = next(i for i, p in enumerate(paras) if "减少0.2万元" in p.text)
    for p in (paras[5], paras[training - 3], paras[training]):  # three page starts before the sentence
        if p.runs:
            mark_page_start(p)
    d.save(str(path))
    report = audit_file(path)
    (f,) = [f for f in report.findings if f.rule == "NAR-003" and f.found == D("0.2")]
    assert (f.severity, f.difference) == ("error", D("0.18"))
    assert f.location["page"] == 4 and "paragraph" in f.location
