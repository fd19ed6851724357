"""DOCX writer: GB/T 9704 typography, East Asian fonts, zh-CN, TOC field, merged tables, embedded model."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from juesuan.core.document import EMBED_DOCX_PART, EMBED_XML_NS, Cell, Document, Paragraph, TableBlock
from juesuan.formats.embedded import model_json as read_model_json
from juesuan.render.docx import DRAFT_TEXT, write_docx

from .docpdf_sample import CHART, HEADINGS, TRICKY, body_rows, sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def w(tag: str) -> str:
    return W + tag


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample report (with a chart and a draft stamp) as DOCX, opened with python-docx; written
    without installed fonts, so every style names its 公文 face (tests/writers/test_fonts.py has the
    installed ones)."""
    import docx

    from juesuan.render import fonts

    doc = sample_document(draft=True, chart=True)
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    fonts.configure(system=False)
    try:
        write_docx(doc, path)
    finally:
        fonts.configure()
    return doc, path, docx.Document(str(path))


def style_xml(d, style_id: str):
    return d.styles.element.find(f"{w('style')}[@{w('styleId')}='{style_id}']")


def east_asia(el) -> str | None:
    rf = el.find(f"{w('rPr')}/{w('rFonts')}")
    return None if rf is None else rf.get(w("eastAsia"))


def test_styles_follow_gb9704(built):
    _, _, d = built
    expected = {"Normal": "仿宋_GB2312", "Heading1": "黑体", "Heading2": "黑体", "Heading3": "楷体_GB2312",
                "Heading4": "仿宋_GB2312", "JsCoverTitle": "方正小标宋简体", "JsTableText": "宋体"}
    for sid, font in expected.items():
        st = style_xml(d, sid)
        assert east_asia(st) == font, sid
        rf = st.find(f"{w('rPr')}/{w('rFonts')}")
        assert rf.get(w("ascii")) == rf.get(w("hAnsi")) == "Times New Roman"
        assert not any("Theme" in k or "theme" in k for k in rf.attrib), f"theme fonts left in {sid}"
    normal = style_xml(d, "Normal")
    assert normal.find(f"{w('rPr')}/{w('sz')}").get(w("val")) == "32"  # 三号 = 16 pt
    spacing = normal.find(f"{w('pPr')}/{w('spacing')}")
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("560", "exact")  # 28 pt exact
    assert normal.find(f"{w('pPr')}/{w('ind')}").get(w("firstLineChars")) == "200"
    assert style_xml(d, "Heading4").find(f"{w('rPr')}/{w('b')}").get(w("val")) == "1"
    assert style_xml(d, "JsTableText").find(f"{w('rPr')}/{w('sz')}").get(w("val")) == "18"  # 9 pt
    # no theme font anywhere in styles.xml (it would override w:eastAsia)
    assert "eastAsiaTheme" not in d.styles.element.xml


def test_every_run_names_east_asian_and_latin_fonts(built):
    _, path, d = built
    parts = [d.element]
    parts += [s.footer._element for s in d.sections] + [s.header._element for s in d.sections]
    runs = [r for el in parts for r in el.iter(w("r"))]
    assert len(runs) > 100
    for r in runs:
        rf = r.find(f"{w('rPr')}/{w('rFonts')}")
        assert rf is not None and rf.get(w("eastAsia")), r.xml[:200]
        assert rf.get(w("ascii")) == "Times New Roman"


def test_language_is_zh_cn(built):
    _, _, d = built
    langs = list(d.styles.element.iter(w("lang")))
    assert langs and all(lang.get(w("eastAsia")) == "zh-CN" for lang in langs)
    assert d.settings.element.find(w("themeFontLang")).get(w("eastAsia")) == "zh-CN"
    assert d.core_properties.language == "zh-CN"


def test_headings_use_heading_styles_and_text_is_literal(built):
    _, _, d = built
    by_text = {p.text: p for p in d.paragraphs}
    assert by_text[HEADINGS[0]].style.style_id == "Heading1"
    assert by_text[HEADINGS[1]].style.style_id == "Heading2"
    assert by_text[HEADINGS[2]].style.style_id == "Heading3"
    assert by_text["1. 不入目录的小标题"].style.style_id == "JsHeading4NoToc"  # in_toc=False
    assert TRICKY in by_text  # stored as text: "<script>", "&", "]]>" come back literally
    assert by_text["第二行"].style.style_id == "Normal" and by_text["换行后的文字"].runs[0].bold


def test_toc_field_and_update_on_open(built):
    _, path, d = built
    instr = " ".join(t.text for t in d.element.iter(w("instrText")))
    assert 'TOC \\o "1-3" \\f \\l "1-3" \\h \\z \\u' in instr
    begins = [f for f in d.element.iter(w("fldChar")) if f.get(w("fldCharType")) == "begin"]
    assert begins and begins[0].get(w("dirty")) == "true"
    assert d.settings.element.find(w("updateFields")).get(w("val")) == "true"
    modes = [c.get(w("val")) for c in d.settings.element.iter(w("compatSetting")) if c.get(w("name")) == "compatibilityMode"]
    assert modes == ["15"]  # not opened in 兼容模式
    assert any("更新域" in p.text for p in d.paragraphs)


def test_page_setup_footer_and_draft(built):
    _, _, d = built
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    footer = s.footer._element
    assert [f.get(w("instr")).strip() for f in footer.iter(w("fldSimple"))] == ["PAGE"]
    assert "".join(t.text for t in footer.iter(w("t"))).replace("1", "N") == "— N —"
    assert s.different_first_page_header_footer  # no page number on the cover
    assert DRAFT_TEXT in s.header.paragraphs[0].text and DRAFT_TEXT in s.first_page_header.paragraphs[0].text


def test_not_draft_has_no_stamp(tmp_path):
    import docx

    path = tmp_path / "r.docx"
    write_docx(sample_document(draft=False), path)
    d = docx.Document(str(path))
    assert all(DRAFT_TEXT not in p.text for s in d.sections for p in s.header.paragraphs)


def test_landscape_section_for_wide_table(built):
    _, _, d = built
    orient = [(round(s.page_width.mm), round(s.page_height.mm)) for s in d.sections]
    assert orient[0] == (210, 297) and (297, 210) in orient
    i = orient.index((297, 210))
    assert orient[i + 1] == (210, 297)  # back to portrait for the text after the wide table
    assert len(d.sections) == 3


def test_merged_three_level_header(built):
    _, _, d = built
    t = d.tables[0]
    texts = [[c.text for c in row.cells] for row in t.rows[:3]]
    assert texts[0] == ["项目"] + ["预算数"] * 4 + ["决算数"] * 4
    assert texts[1] == ["项目", "合计", "公务用车购置及运行维护费", "公务用车购置及运行维护费", "公务接待费",
                        "合计", "公务用车购置及运行维护费", "公务用车购置及运行维护费", "公务接待费"]
    assert texts[2] == ["项目", "合计", "小计", "公务用车购置费", "公务接待费", "合计", "小计", "公务用车购置费", "公务接待费"]
    # the same cell object for every grid position it covers (python-docx rebuilds spans from gridSpan/vMerge)
    r0, r1, r2 = (row.cells for row in t.rows[:3])
    assert r0[1]._tc is r0[4]._tc and r0[0]._tc is r2[0]._tc and r1[1]._tc is r2[1]._tc
    tr0 = t.rows[0]._tr
    assert [tc.find(f"{w('tcPr')}/{w('gridSpan')}").get(w("val")) for tc in tr0.findall(w("tc"))[1:]] == ["4", "4"]
    vm = t.rows[0]._tr.findall(w("tc"))[0].find(f"{w('tcPr')}/{w('vMerge')}")
    assert vm.get(w("val")) == "restart"
    cont = t.rows[2]._tr.findall(w("tc"))[0].find(f"{w('tcPr')}/{w('vMerge')}")
    assert cont is not None and cont.get(w("val")) in (None, "continue")


def test_header_rows_repeat_and_rows_never_split(built):
    _, _, d = built
    rows = d.tables[0].rows
    assert len(rows) == 3 + 41
    for i, row in enumerate(rows):
        trpr = row._tr.find(w("trPr"))
        assert trpr.find(w("cantSplit")) is not None
        assert (trpr.find(w("tblHeader")) is not None) == (i < 3)


def test_body_cells_in_place_numbers_right_empty_blank(built):
    _, _, d = built
    t = d.tables[0]
    expected = body_rows(40)
    for r, cells in enumerate(expected):
        row = t.rows[3 + r]
        assert [c.text for c in row.cells] == [c.text for c in cells]
        tcs = row._tr.findall(w("tc"))
        for cell, tc in zip(cells, tcs, strict=True):
            p = tc.find(w("p"))
            jc = p.find(f"{w('pPr')}/{w('jc')}")
            if cell.numeric:
                assert jc is not None and jc.get(w("val")) == "right"
            if not cell.text:
                assert p.find(w("r")) is None  # empty stays empty: no run, no space
            assert p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "JsTableText"


def test_table_meta_lines(built):
    _, _, d = built
    texts = [p.text for p in d.paragraphs]
    i = texts.index("财政拨款“三公”经费支出决算表")
    assert texts[i + 1] == "公开09表"
    assert texts[i + 2] == "编制单位：测试单位 <&>\t单位：万元"


def test_chart_is_a_picture_with_caption(built):
    _, _, d = built
    texts = [p.text for p in d.paragraphs]
    i = texts.index(CHART.title)
    pic = d.paragraphs[i + 1]
    assert pic._p.xpath(".//pic:pic") and d.inline_shapes[0].width.mm == pytest.approx(130, abs=1)


def test_embedded_model_round_trip(built):
    doc, path, _ = built
    assert read_model_json(path) == doc.model_json
    with zipfile.ZipFile(path) as z:
        item = z.read(EMBED_DOCX_PART).decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        assert "thumbnail" not in " ".join(z.namelist())
    assert f'xmlns="{EMBED_XML_NS}"' in item and "<model" in item
    assert "&lt;script&gt;" in item  # escaped by the XML serializer, not by hand
    assert "customXml/juesuan-model.xml" in rels


def test_no_model_means_none(tmp_path):
    path = tmp_path / "r.docx"
    write_docx(sample_document(model_json=False), path)
    assert read_model_json(path) is None


def test_toc_entries_prefilled_and_marked(tmp_path):
    import docx

    path = tmp_path / "r.docx"
    write_docx(sample_document(toc_entries=True), path)
    d = docx.Document(str(path))
    styles = {p.text: p.style.style_id for p in d.paragraphs}
    assert styles["第一部分 单位概况"] == "Heading1"  # listed, and its own level
    assert styles["（一）主要职责"] == "JsHeading3NoToc"  # not listed in the entries
    assert styles["一、收入支出决算总体情况说明"] == "JsHeading2NoToc"
    toc_lines = [p.text.split("\t")[0] for p in d.paragraphs if p.style.style_id.startswith("TOC")]
    assert toc_lines[:3] == ["第一部分 单位概况", "一、单位主要职责及内设机构", "第二部分 2024年度部门决算情况说明"]
    title = next(p for p in d.paragraphs if p.text == "财政拨款“三公”经费支出决算表")
    # a TC field lists the numbered entry at the entry's level 2 when Word rebuilds the TOC
    assert [t.text for t in title._p.iter(w("instrText"))] == [' TC "九、财政拨款“三公”经费支出决算表" \\l 2 ']


def test_control_characters_do_not_break_the_file(tmp_path):
    import docx

    doc = Document(title="单位\x0b名称", subtitle="", blocks=[Paragraph("甲\x00乙\x1f丙"),
                   TableBlock(id="T", title="表", body=[[Cell("a\x08b")]])])
    path = tmp_path / "r.docx"
    write_docx(doc, path)
    d = docx.Document(str(path))
    assert "甲乙丙" in [p.text for p in d.paragraphs]
    assert d.tables[0].rows[0].cells[0].text == "ab"


def test_write_is_atomic(tmp_path):
    path = tmp_path / "r.docx"
    path.write_bytes(b"old")
    write_docx(sample_document(), path)
    assert zipfile.is_zipfile(path)
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]  # no temp file left behind
    with pytest.raises(FileNotFoundError):
        write_docx(sample_document(), tmp_path / "missing" / "r.docx")
    assert not (tmp_path / "missing").exists()


def test_ragged_and_over_spanning_rows_keep_the_grid(tmp_path):
    import docx

    tb = TableBlock(id="X", title="表", header=[[Cell("甲", colspan=2, header=True), Cell("乙", rowspan=5, header=True)]],
                    body=[[Cell("1")], [Cell("2", colspan=3)], [Cell("a"), Cell("b"), Cell("c")]])
    path = tmp_path / "r.docx"
    write_docx(Document(title="t", subtitle="", blocks=[tb]), path)
    t = docx.Document(str(path)).tables[0]
    assert [[c.text for c in r.cells] for r in t.rows] == [["甲", "甲", "乙"], ["1", "", ""], ["2", "2", "2"],
                                                            ["a", "b", "c"]]


def test_example_path_is_pathlike(tmp_path):
    write_docx(sample_document(), Path(tmp_path) / "x.docx")
    assert (tmp_path / "x.docx").stat().st_size > 10_000


def test_paragraph_properties_are_well_formed(built):
    """One pStyle per paragraph, first in w:pPr (Word rejects files that break the schema order)."""
    _, path, _ = built
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
                 and n.split("/")[-1].startswith(("document", "header", "footer"))]
        for name in names:
            root = etree.fromstring(z.read(name))
            for ppr in root.iter(w("pPr")):
                styles = ppr.findall(w("pStyle"))
                assert len(styles) <= 1, name
                if styles:
                    assert ppr[0].tag == w("pStyle"), name
            for tcpr in root.iter(w("tcPr")):
                order = [child.tag.split("}")[1] for child in tcpr]
                ranks = [["tcW", "gridSpan", "vMerge", "vAlign"].index(t) for t in order]
                assert ranks == sorted(ranks), order


def test_output_has_ordinary_permissions(tmp_path):
    import os
    import stat

    path = tmp_path / "r.docx"
    write_docx(sample_document(), path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_tables_never_touch_each_other_or_the_end(tmp_path):
    import docx

    bare = [TableBlock(id=f"X{i}", title="", unit_label=None, body=[[Cell(str(i))]]) for i in range(2)]
    path = tmp_path / "r.docx"
    write_docx(Document(title="t", subtitle="", blocks=bare), path)
    body = docx.Document(str(path)).element.body
    tags = [child.tag.split("}")[1] for child in body]
    assert tags[-1] == "sectPr" and tags[-2] == "p"
    assert all(not (a == b == "tbl") for a, b in zip(tags, tags[1:], strict=False))
    assert tags.count("tbl") == 2


def test_prefilled_toc_lines_link_to_bookmarks(tmp_path):
    import docx

    path = tmp_path / "r.docx"
    write_docx(sample_document(toc_entries=True), path)
    body = docx.Document(str(path)).element.body
    marks = {b.get(w("name")): b for b in body.iter(w("bookmarkStart"))}
    links = [h for h in body.iter(w("hyperlink"))]
    assert len(links) == 6  # every entry with a target; "不存在的条目" has none
    expected = {HEADINGS[0]: HEADINGS[0], HEADINGS[1]: HEADINGS[1], HEADINGS[3]: HEADINGS[3],
                HEADINGS[5]: HEADINGS[5], "九、财政拨款“三公”经费支出决算表": "财政拨款“三公”经费支出决算表",
                "十、宽表": "宽表（横向）"}
    for h in links:
        p = marks[h.get(w("anchor"))].getparent()
        assert p.find(w("bookmarkEnd")) is not None
        entry = re.sub(r"\d+$", "", "".join(t.text for t in h.iter(w("t"))))  # the page number follows
        assert "".join(t.text for t in p.iter(w("t"))) == expected.pop(entry)
    assert not expected
    ids = [b.get(w("id")) for b in body.iter(w("bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_model_found_after_an_editor_renames_the_part(built, tmp_path):
    """Word and LibreOffice renumber custom XML parts (item1.xml …) when they save: still found."""
    doc, path, _ = built
    renamed = tmp_path / "resaved.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(renamed, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            name = info.filename.replace("juesuan-model", "item1")
            dst.writestr(name, data.replace(b"juesuan-model", b"item1"))
    with zipfile.ZipFile(renamed) as z:
        assert EMBED_DOCX_PART not in z.namelist() and "customXml/item1.xml" in z.namelist()
    assert read_model_json(renamed) == doc.model_json


def test_toc_opens_finished_with_page_numbers(tmp_path):
    """With entries, the TOC's cached result carries each page (PAGEREF to the target's bookmark),
    the pages the PDF's layout gives; no "update fields" prompt and no instruction sentence."""
    import docx

    from juesuan.render.pdf import toc_pages

    doc = sample_document(toc_entries=True)
    pages = toc_pages(doc)
    assert pages and all(p > 1 for p in pages.values())
    path = tmp_path / "r.docx"
    write_docx(doc, path)
    d = docx.Document(str(path))
    assert d.settings.element.find(w("updateFields")) is None
    assert not any(f.get(w("dirty")) for f in d.element.iter(w("fldChar")))
    assert not any("更新域" in p.text for p in d.paragraphs)
    refs = {}
    for link in d.element.body.iter(w("hyperlink")):
        code = "".join(t.text for t in link.iter(w("instrText")))
        m = re.fullmatch(r" PAGEREF (\S+) \\h ", code)
        assert m, code
        refs[m.group(1)] = int(list(link.iter(w("t")))[-1].text)
    marks = {b.get(w("name")) for b in d.element.body.iter(w("bookmarkStart"))}
    assert set(refs) <= marks and sorted(refs.values()) == sorted(pages.values())
