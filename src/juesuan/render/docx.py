"""DOCX writer: a document.Document in the typography of Chinese government documents (GB/T 9704).

A4, margins 37/35/28/26 mm; body 仿宋_GB2312 三号 at 28 pt exact line spacing with a two-character
first-line indent; headings 黑体 (第一部分, 一、), 楷体_GB2312 (（一）), 仿宋_GB2312 bold (1.); tables
in 宋体 9 pt with repeated header rows and rows that never split; a real TOC field; page numbers
"— N —".  Every run names its East Asian font (w:eastAsia) and Times New Roman for Latin text,
and the language is zh-CN.  The model JSON is embedded as the custom XML part
`customXml/juesuan-model.xml` (`<model xmlns="urn:juesuan:model">`, see document.py), read back
by `formats.embedded.model_json`.  The fonts are the faces the PDF uses (render/fonts.py): a style
names the installed face of its role when there is one (e.g. AR PL UKai CN for 楷体_GB2312), else the
公文 face itself, which the computer opening the file supplies.  When the Toc lists its entries, exactly those paragraphs carry an outline
level, so the TOC field Word/WPS rebuild on opening lists the same lines (it is pre-filled with
them, without page numbers, for viewers that do not update fields).

Text is always stored as XML text by lxml; nothing is escaped or built as markup by hand.
A cover page is drawn from `Document.title`/`subtitle` unless the blocks bring their own
(a Paragraph with style "cover-title").
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from juesuan.core.document import (
    EMBED_DOCX_PART,
    EMBED_XML_NS,
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    TableBlock,
    Toc,
)
from juesuan.core.fileio import write_atomically
from juesuan.render import _layout, fonts

MODEL_TAG = "model"  # root element {urn:juesuan:model}model of the custom XML part

LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
XBS = "方正小标宋简体"
_ROLE_NAMES = {"fangsong": FANGSONG, "kaiti": KAITI, "heiti": HEITI, "xiaobiaosong": XBS, "songti": SONGTI}


def _tw_mm(mm: float) -> int:  # ok-float: page geometry
    return round(mm / 25.4 * 1440)


PAGE_W, PAGE_H = _tw_mm(210), _tw_mm(297)
MARGIN = {"top": _tw_mm(37), "bottom": _tw_mm(35), "left": _tw_mm(28), "right": _tw_mm(26)}
# landscape pages (wide tables): narrower margins give the table room, as in the PDF (report.typ)
WIDE_MARGIN = {"top": _tw_mm(26), "bottom": _tw_mm(24), "left": _tw_mm(30), "right": _tw_mm(28)}
TEXT_W = {False: PAGE_W - MARGIN["left"] - MARGIN["right"], True: PAGE_H - WIDE_MARGIN["left"] - WIDE_MARGIN["right"]}
TEXT_H_PT = {False: (PAGE_H - MARGIN["top"] - MARGIN["bottom"]) / 20,
             True: (PAGE_W - WIDE_MARGIN["top"] - WIDE_MARGIN["bottom"]) / 20}
CHART_WIDTH_MM = 130
# a table is kept on one page when its estimated height is within this share of the page (measured in
# LibreOffice: a 31-indicator 项目绩效自评表 estimated at 92 % of the page did not fit, 收入支出决算总表 at 90 % did)
FIT_MARGIN = 0.91

class StyleSpec(NamedTuple):
    """One paragraph style of the DOCX."""

    name: str
    font: str  # east-asian font
    size: float  # pt
    bold: bool
    jc: str  # justification
    first_line: int  # first-line indent, 1/100 characters
    line: int | None  # exact line height in twips, None = single
    before: int  # space before, twips
    after: int  # space after, twips
    outline: int | None  # outline level (headings)
    keep_next: bool
    based_on: str | None


# style id -> StyleSpec(name, font, size, bold, jc, first_line, line, before, after, outline, keep_next, based_on)
_STYLE_ROWS: dict[str, tuple[Any, ...]] = {
    "Normal": ("Normal", FANGSONG, 16, False, "both", 200, 560, 0, 0, None, False, None),
    "Heading1": ("heading 1", HEITI, 16, False, "center", 0, 560, 0, 280, 0, True, "Normal"),
    "Heading2": ("heading 2", HEITI, 16, False, "both", 200, 560, 0, 0, 1, True, "Normal"),
    "Heading3": ("heading 3", KAITI, 16, False, "both", 200, 560, 0, 0, 2, True, "Normal"),
    "Heading4": ("heading 4", FANGSONG, 16, True, "both", 200, 560, 0, 0, 3, True, "Normal"),
    "JsCoverTitle": ("JS 封面标题", XBS, 22, False, "center", 0, None, 2400, 240, None, True, "Normal"),
    "JsCoverSubtitle": ("JS 封面副标题", XBS, 22, False, "center", 0, None, 240, 1200, None, True, "Normal"),
    "JsCoverLine": ("JS 封面说明", FANGSONG, 16, False, "center", 0, 560, 0, 0, None, False, "Normal"),
    "JsTocTitle": ("JS 目录标题", XBS, 22, False, "center", 0, None, 0, 480, None, True, "Normal"),
    "JsDocTitle": ("JS 附件标题", XBS, 22, False, "center", 0, None, 240, 480, None, True, "Normal"),
    "JsTocHint": ("JS 目录提示", FANGSONG, 14, False, "left", 0, 480, 0, 0, None, False, "Normal"),
    "TOC1": ("toc 1", HEITI, 14, False, "left", 0, 480, 0, 0, None, False, "Normal"),
    "TOC2": ("toc 2", FANGSONG, 14, False, "left", 0, 480, 0, 0, None, False, "Normal"),
    "TOC3": ("toc 3", FANGSONG, 14, False, "left", 0, 480, 0, 0, None, False, "Normal"),
    "JsNote": ("JS 注", FANGSONG, 12, False, "both", 0, 400, 60, 0, None, False, "Normal"),
    "JsTableNote": ("JS 表注", FANGSONG, 10.5, False, "both", 0, 300, 60, 0, None, False, "Normal"),
    "JsCaption": ("JS 图题", HEITI, 14, False, "center", 0, 480, 120, 60, None, True, "Normal"),
    "JsSignature": ("JS 落款", FANGSONG, 16, False, "right", 0, 560, 0, 0, None, False, "Normal"),
    "JsFigure": ("JS 图", FANGSONG, 16, False, "center", 0, None, 0, 120, None, False, "Normal"),
    "JsTableTitle": ("JS 表名", XBS, 18, False, "center", 0, None, 240, 60, None, True, "Normal"),
    "JsTableMeta": ("JS 表头信息", SONGTI, 10.5, False, "left", 0, 300, 0, 0, None, True, "Normal"),
    "JsTableText": ("JS 表格文字", SONGTI, 9, False, "left", 0, 240, 0, 0, None, False, "Normal"),
    "JsTableHeader": ("JS 表格表头", HEITI, 9, False, "center", 0, 240, 0, 0, None, False, "JsTableText"),
    "JsDraft": ("JS 草稿", HEITI, 12, True, "center", 0, None, 0, 0, None, False, "Normal"),
    "JsFooter": ("JS 页码", SONGTI, 14, False, "center", 0, None, 0, 0, None, False, "Normal"),
    "JsCarrier": ("JS 分节", FANGSONG, 1, False, "left", 0, 20, 0, 0, None, False, "Normal"),
}
# the same heading looks, kept out of the TOC (Heading.in_toc = False)
_STYLES: dict[str, StyleSpec] = {sid: StyleSpec(*row) for sid, row in _STYLE_ROWS.items()}
for _n in range(1, 5):
    _STYLES[f"JsHeading{_n}NoToc"] = _STYLES[f"Heading{_n}"]._replace(
        name=f"JS 标题 {_n}（不入目录）", outline=None, keep_next=True, based_on="Normal")
_STYLE_FONT = {sid: spec.font for sid, spec in _STYLES.items()}
_TOC_INDENT = {"TOC1": 0, "TOC2": 560, "TOC3": 1120}  # twips: two characters of 四号 per level
_STYLE_BOLD = {sid: spec.bold for sid, spec in _STYLES.items()}

_PARAGRAPH_STYLE = {
    "body": "Normal",
    "list": "Normal",
    "cover-title": "JsCoverTitle",
    "cover-subtitle": "JsCoverSubtitle",
    "cover-line": "JsCoverLine",
    "note": "JsNote",
    "caption": "JsCaption",
    "signature": "JsSignature",
}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NSMAP = {"w": _W}
_CLARK: dict[str, str] = {}


def _wq(local: str) -> str:
    """Clark name of a w: tag or attribute ("p" -> "{…/main}p"), cached."""
    name = _CLARK.get(local)
    if name is None:
        name = _CLARK[local] = f"{{{_W}}}{local}"
    return name


_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>juesuan</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)

DRAFT_TEXT = "草稿（存在未解决的错误）"
TOC_HINT = "（目录将在打开文档时自动生成；如未显示，请在此处右键选择“更新域”。）"
TOC_PAGES_HINT = "（页码在打开文档时自动生成；如未显示，请在目录上右键选择“更新域”。）"
clean_text = _layout.clean_text


def _bookmark(label: str) -> str:
    """A hidden Word bookmark name (leading underscore, at most 40 characters) for a TOC label."""
    return "_Js" + label.replace("-", "_")[:36]


def write_docx(document: Document, path: Path, pages: dict[str, int] | None = None) -> None:
    """Write `document` as a DOCX at `path` (atomically: temp file, then rename).

    `pages` (TOC label → page) fills the TOC's page numbers; by default they come from the PDF's
    layout of the same document (render/pdf.toc_pages), so the 目录 opens finished.
    """
    from juesuan.render.charts import chart_pngs

    chart_pngs([b for b in document.blocks if isinstance(b, Chart)])  # all charts in one Typst compile
    if pages is None:
        from juesuan.render.pdf import toc_pages

        pages = toc_pages(document)
    writer = _Writer(document, pages)
    writer.render()
    write_atomically(Path(path), writer.doc.save)


class _Writer:
    """Builds one python-docx Document from the blocks."""

    def __init__(self, document: Document, pages: dict[str, int] | None = None) -> None:
        import docx
        from docx.oxml.ns import qn
        from lxml import etree

        self.etree = etree
        self._cell_protos: dict[tuple[Any, ...], Any] = {}
        self.src = document
        self.pages = pages or {}
        self.doc = docx.Document()
        self.qn = qn
        self.body = self.doc.element.body
        self.landscape = False
        self._tmpdir: tempfile.TemporaryDirectory[str] | None = None
        self._charts = 0
        # 公文 name -> the font the file names (the installed face of that role, else the 公文 name)
        resolved = fonts.docx_fonts()
        self.fonts = {name: resolved[role] for role, name in _ROLE_NAMES.items()}

    # ---- set-up -------------------------------------------------------------------------
    def render(self) -> None:
        self._setup_styles()
        self._setup_settings()
        self._setup_section(self.doc.sections[0], landscape=False)
        self._setup_header_footer()
        self._core_properties()
        self._clean_package()
        self._font_table()
        blocks = _layout.blocks_with_cover(self.src)
        self.toc_plan = _layout.toc_targets(blocks)
        try:
            for i, block in enumerate(blocks):
                self._block(block, i)
        finally:
            if self._tmpdir is not None:
                self._tmpdir.cleanup()
        self._drop_trailing_break()
        last = self._last_block()
        if last is not None and last.tag == _wq("tbl"):
            self._append(self._para("JsCarrier"))  # the body ends with a paragraph, as Word expects
        if self.src.model_json:
            self._embed_model(self.src.model_json)

    def _el(self, tag: str, parent: Any = None, **attrs: str) -> Any:
        """A w: element (plain lxml, cheap to create), appended to `parent` when given."""
        attrib = {_wq(k): v for k, v in attrs.items()} if attrs else None
        if parent is None:
            return self.etree.Element(_wq(tag[2:]), attrib, nsmap=_NSMAP)
        return self.etree.SubElement(parent, _wq(tag[2:]), attrib)

    def _rfonts(self, parent: Any, east_asia: str) -> Any:
        east_asia = self.fonts.get(east_asia, east_asia)
        return self._el("w:rFonts", parent, ascii=LATIN, hAnsi=LATIN, eastAsia=east_asia, cs=LATIN, hint="eastAsia")

    def _setup_styles(self) -> None:
        styles = self.doc.styles.element
        qn = self.qn
        # document defaults: explicit fonts (no theme), zh-CN
        rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        for child in list(rpr):
            rpr.remove(child)
        self._rfonts(rpr, FANGSONG)
        self._el("w:kern", rpr, val="2")
        self._el("w:sz", rpr, val="32")
        self._el("w:szCs", rpr, val="32")
        self._el("w:lang", rpr, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
        ppr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        for child in list(ppr):
            ppr.remove(child)
        self._el("w:spacing", ppr, after="0", line="240", lineRule="auto")
        # replace or add our styles
        existing = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
        compact = _layout.toc_compact(list(self.src.blocks))
        for sid, spec in _STYLES.items():
            if compact and sid in _TOC_INDENT:  # a long 目录 set 小四 on 16 pt lines keeps to one page
                spec = (*spec[:2], 12, *spec[3:6], 320, 80 if sid == "TOC1" else 0, *spec[8:])
            new = self._style(sid, *spec)
            old = existing.get(sid)
            if old is not None:
                old.addprevious(new)
                styles.remove(old)
            else:
                styles.append(new)
        # theme fonts also hide in the remaining built-in styles (Title, Caption, character styles)
        for rf in styles.iter(qn("w:rFonts")):
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                rf.attrib.pop(qn(f"w:{attr}"), None)
        for lang in styles.iter(qn("w:lang")):
            lang.set(qn("w:eastAsia"), "zh-CN")

    def _style(self, sid: str, name: str, font: str, size: float, bold: bool, jc: str, indent: int,
               line: int | None, before: int, after: int, outline: int | None, keep_next: bool,
               based_on: str | None) -> Any:
        st = self._el("w:style", type="paragraph", styleId=sid)
        if sid == "Normal":
            st.set(self.qn("w:default"), "1")
        self._el("w:name", st, val=name)
        if based_on:
            self._el("w:basedOn", st, val=based_on)
        self._el("w:next", st, val="Normal")
        self._el("w:qFormat", st)
        ppr = self._el("w:pPr", st)
        if keep_next:
            self._el("w:keepNext", ppr)
            self._el("w:keepLines", ppr)
        self._el("w:widowControl", ppr, val="0")
        self._el("w:snapToGrid", ppr, val="0")
        if line is None:
            self._el("w:spacing", ppr, before=str(before), after=str(after), line="240", lineRule="auto")
        else:
            self._el("w:spacing", ppr, before=str(before), after=str(after), line=str(line), lineRule="exact")
        if sid in _TOC_INDENT:  # TOC lines: hanging levels, dot leader to the page number
            tabs = self._el("w:tabs", ppr)
            self._el("w:tab", tabs, val="right", leader="dot", pos=str(TEXT_W[False]))
            ppr.remove(tabs)
            ppr.insert(list(ppr).index(ppr.find(_wq("snapToGrid"))), tabs)
        if indent:
            self._el("w:ind", ppr, firstLineChars=str(indent), firstLine=str(round(size * 20 * indent / 100)))
        else:
            self._el("w:ind", ppr, firstLineChars="0", firstLine="0", left=str(_TOC_INDENT.get(sid, 0)))
        self._el("w:jc", ppr, val=jc)
        self._el("w:outlineLvl", ppr, val=str(9 if outline is None else outline))
        rpr = self._el("w:rPr", st)
        self._rfonts(rpr, font)
        self._el("w:b", rpr, val="1" if bold else "0")
        self._el("w:bCs", rpr, val="1" if bold else "0")
        self._el("w:i", rpr, val="0")
        self._el("w:color", rpr, val="000000")
        half = str(round(size * 2))
        self._el("w:sz", rpr, val=half)
        self._el("w:szCs", rpr, val=half)
        self._el("w:lang", rpr, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
        return st

    def _setup_settings(self) -> None:
        qn = self.qn
        settings = self.doc.settings.element
        # Word 2013+ layout, so Word does not open the file in 兼容模式 (compatibility mode)
        for cs in settings.iter(qn("w:compatSetting")):
            if cs.get(qn("w:name")) == "compatibilityMode":
                cs.set(qn("w:val"), "15")
        tfl = settings.find(qn("w:themeFontLang"))
        if tfl is not None:
            tfl.set(qn("w:val"), "en-US")
            tfl.set(qn("w:eastAsia"), "zh-CN")

    def _setup_section(self, section: Any, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Twips

        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width = Twips(PAGE_H if landscape else PAGE_W)
        section.page_height = Twips(PAGE_W if landscape else PAGE_H)
        margin = WIDE_MARGIN if landscape else MARGIN
        section.top_margin = Twips(margin["top"])
        section.bottom_margin = Twips(margin["bottom"])
        section.left_margin = Twips(margin["left"])
        section.right_margin = Twips(margin["right"])
        section.header_distance = Twips(_tw_mm(10 if landscape else 15))
        section.footer_distance = Twips(_tw_mm(12 if landscape else 20))
        section.gutter = Twips(0)

    def _setup_header_footer(self) -> None:
        section = self.doc.sections[0]
        # the cover page carries no page number
        section.different_first_page_header_footer = True
        footer_p = section.footer.paragraphs[0]._p
        self._fill_footer(footer_p)
        if self.src.draft:
            for header in (section.header, section.first_page_header):
                self._fill_draft(header.paragraphs[0]._p)
        else:
            section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False

    def _fill_footer(self, p: Any) -> None:
        p.style = "JsFooter"
        p.append(self._run("— ", "JsFooter"))
        fld = self._el("w:fldSimple", p, instr=" PAGE ")
        fld.append(self._run("1", "JsFooter"))
        p.append(self._run(" —", "JsFooter"))

    def _fill_draft(self, p: Any) -> None:
        p.style = "JsDraft"
        p.append(self._run(DRAFT_TEXT, "JsDraft", bold=True, color="C00000"))

    def _clean_package(self) -> None:
        """Drop the template's leftovers: its thumbnail, bibliography part and stylesWithEffects."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        package = self.doc.part.package
        for rels, drop in ((package.rels, (RT.THUMBNAIL,)),
                           (self.doc.part.rels, (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"))):
            for rid, rel in list(rels.items()):
                if rel.reltype in drop:
                    del rels[rid]
        for part in package.iter_parts():
            if part.partname == "/docProps/app.xml":  # the template claims "Microsoft Macintosh Word"
                part._blob = _APP_XML

    def _font_table(self) -> None:
        """Declare the Chinese fonts the file names: an installed face with its 公文 name as the
        alternative, a 公文 face with its GB2312 charset and the usual stand-in."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml
        from lxml import etree

        font_part = self.doc.part.part_related_by(RT.FONT_TABLE)
        root = parse_xml(font_part.blob)
        known = {f.get(self.qn("w:name")) for f in root.findall(self.qn("w:font"))}
        for name, alt, family in ((FANGSONG, "仿宋", "modern"), (KAITI, "楷体", "modern"), (HEITI, "SimHei", "modern"),
                                  (SONGTI, "SimSun", "auto"), (XBS, "宋体", "auto")):
            used = self.fonts.get(name, name)
            if used in known:
                continue
            known.add(used)
            f = self._el("w:font", root, name=used)
            self._el("w:altName", f, val=alt if used == name else name)
            self._el("w:charset", f, val="86")
            self._el("w:family", f, val=family)
            self._el("w:pitch", f, val="variable")
        font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _core_properties(self) -> None:
        cp = self.doc.core_properties
        cp.title = clean_text(f"{self.src.title}{self.src.subtitle}")[:255]
        cp.language = "zh-CN"
        cp.author = "juesuan"
        cp.subject = "部门决算公开"
        cp.comments = ""
        cp.keywords = self.src.profile or ""
        cp.last_modified_by = "juesuan"
        cp.revision = 1
        stamp = os.environ.get("SOURCE_DATE_EPOCH")
        when = (datetime.fromtimestamp(int(stamp), tz=UTC) if stamp and stamp.isdigit()
                else datetime.now(UTC)).replace(microsecond=0, tzinfo=None)
        cp.created = cp.modified = when

    # ---- elements -----------------------------------------------------------------------
    def _run(self, text: str, style_id: str, *, bold: bool = False, color: str | None = None,
             parent: Any = None) -> Any:
        r = self._el("w:r", parent)
        rpr = self._el("w:rPr", r)
        self._rfonts(rpr, _STYLE_FONT[style_id])
        if bold:
            self._el("w:b", rpr)
            self._el("w:bCs", rpr)
        if color:
            self._el("w:color", rpr, val=color)
        self._text(r, text)
        return r

    def _bare_run(self, parent: Any = None, font: str = FANGSONG) -> Any:
        """A run for a field character or a break, still naming its fonts."""
        r = self._el("w:r", parent)
        self._rfonts(self._el("w:rPr", r), font)
        return r

    def _text(self, r: Any, text: str) -> None:
        sub = self.etree.SubElement
        space = {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
        for i, line in enumerate(clean_text(text).split("\n")):
            if i:
                sub(r, _wq("br"))
            for j, piece in enumerate(line.split("\t")):
                if j:
                    sub(r, _wq("tab"))
                if piece:
                    sub(r, _wq("t"), space).text = piece

    def _para(self, style_id: str, text: str = "", *, bold: bool = False, color: str | None = None,
              jc: str | None = None, outline: int | None = None, tabs: list[tuple[str, int]] | None = None,
              page_break_before: bool = False) -> Any:
        p = self._el("w:p")
        ppr = self._el("w:pPr", p)
        self._el("w:pStyle", ppr, val=style_id)
        if page_break_before:
            self._el("w:pageBreakBefore", ppr)
        if tabs:
            tabs_el = self._el("w:tabs", ppr)
            for kind, pos in tabs:
                self._el("w:tab", tabs_el, val=kind, pos=str(pos))
        if jc:
            self._el("w:jc", ppr, val=jc)
        if outline is not None:
            self._el("w:outlineLvl", ppr, val=str(outline))
        if text:
            self._run(text, style_id, bold=bold or _STYLE_BOLD[style_id], color=color, parent=p)
        return p

    def _append(self, el: Any) -> None:
        self.body.find(self.qn("w:sectPr")).addprevious(el)

    # ---- blocks -------------------------------------------------------------------------
    def _bookmarked(self, p: Any, index: int) -> Any:
        """`p` wrapped in the bookmark a pre-filled TOC line links to, when block `index` is a TOC target."""
        target = None if self.toc_plan is None else self.toc_plan[1].get(index)
        if target is not None:
            bid = str(index)
            start = self._el("w:bookmarkStart", id=bid, name=_bookmark(target.label))
            ppr = p.find(_wq("pPr"))
            if ppr is not None:
                ppr.addnext(start)
            else:
                p.insert(0, start)
            self._el("w:bookmarkEnd", p, id=bid)
        return p

    def _entry_text(self, index: int) -> str | None:
        """The TOC entry's wording for block `index` (e.g. 一、收入支出决算总表)."""
        target = None if self.toc_plan is None else self.toc_plan[1].get(index)
        if target is None or self.toc_plan is None:
            return None
        return next((e.text for e, lab in self.toc_plan[0] if lab == target.label), None)

    def _toc_level(self, index: int) -> int | None:
        """The TOC level of block `index` when the Toc lists its entries (None: not listed)."""
        if self.toc_plan is None:
            return None
        target = self.toc_plan[1].get(index)
        return None if target is None else target.level

    def _block(self, block: Block, index: int) -> None:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 4)
            self._ensure_portrait()
            outline = None
            if self.toc_plan is None:
                style = f"Heading{level}" if block.in_toc else f"JsHeading{level}NoToc"
            else:
                toc_level = self._toc_level(index)
                style = f"Heading{level}" if toc_level == level else f"JsHeading{level}NoToc"
                if toc_level is not None and toc_level != level:
                    outline = toc_level - 1
            if block.title:
                style = "JsDocTitle"
            self._append(self._bookmarked(self._para(style, block.text, outline=outline), index))
        elif isinstance(block, Paragraph):
            self._ensure_portrait()
            style = _PARAGRAPH_STYLE.get(block.style, "Normal")
            # a line break inside justified text would stretch the line: one paragraph per line
            for line in block.text.split("\n"):
                self._append(self._para(style, line, bold=block.bold))
        elif isinstance(block, TableBlock):
            self._table(block, self._toc_level(index), index)
        elif isinstance(block, Chart):
            self._ensure_portrait()
            self._chart(block)
        elif isinstance(block, PageBreak):
            self._page_break()
        elif isinstance(block, Toc):
            self._ensure_portrait()
            self._toc(block)

    def _page_break(self) -> None:
        last = self._last_block()
        if last is None or self._is_break(last):
            return  # never two breaks in a row, never a blank first page
        p = self._el("w:p")
        ppr = self._el("w:pPr", p)
        self._el("w:pStyle", ppr, val="JsCarrier")
        r = self._bare_run(p)
        self._el("w:br", r, type="page")
        self._append(p)

    def _last_block(self) -> Any:
        sect = self.body.find(self.qn("w:sectPr"))
        return sect.getprevious()

    def _is_break(self, el: Any) -> bool:
        qn = self.qn
        if el.tag != qn("w:p"):
            return False
        if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            return True
        return el.find(f"{qn('w:r')}/{qn('w:br')}[@{qn('w:type')}='page']") is not None

    def _drop_trailing_break(self) -> None:
        last = self._last_block()
        if last is not None and last.find(f"{self.qn('w:pPr')}/{self.qn('w:sectPr')}") is None and self._is_break(last):
            last.getparent().remove(last)

    def _toc(self, block: Toc) -> None:
        """A real TOC field whose cached result is the finished list: each line links to its target
        and carries its page (a PAGEREF field with the page the PDF's layout gives)."""
        self._append(self._para("JsTocTitle", block.title))
        lines: list[Any] = []
        filled = False
        if self.toc_plan is not None and block.entries:
            for entry, _label in self.toc_plan[0]:
                line = self._para(f"TOC{max(1, min(entry.level, 3))}", entry.text)
                if _label is not None:  # clickable before Word/WPS rebuild the field
                    link = self._el("w:hyperlink", anchor=_bookmark(_label), history="1")
                    for run in line.findall(_wq("r")):
                        link.append(run)
                    page = self.pages.get(_label)
                    if page is not None:
                        filled = True
                        self._el("w:tab", self._bare_run(link))
                        self._field(link, f" PAGEREF {_bookmark(_label)} \\h ", str(page))
                    line.append(link)
                lines.append(line)
            if not filled:
                lines.append(self._para("JsTocHint", TOC_PAGES_HINT))
        else:
            lines.append(self._para("JsTocHint", TOC_HINT))
        if not filled:
            self._update_on_open()
        first, last = lines[0], lines[-1]
        begin = self._bare_run()
        self._el("w:fldChar", begin, fldCharType="begin", **({} if filled else {"dirty": "true"}))
        r = self._bare_run()
        instr = self._el("w:instrText", r)
        # \f \l: the tables' entries come from their TC fields, which carry the numbered entry text
        instr.text = ' TOC \\o "1-3" \\f \\l "1-3" \\h \\z \\u '
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        sep = self._bare_run()
        self._el("w:fldChar", sep, fldCharType="separate")
        ppr = first.find(self.qn("w:pPr"))
        ppr.addnext(sep)
        ppr.addnext(r)
        ppr.addnext(begin)
        end = self._bare_run(last)
        self._el("w:fldChar", end, fldCharType="end")
        for p in lines:
            self._append(p)

    def _field(self, parent: Any, code: str, result: str, font: str = FANGSONG) -> None:
        """A complex field (begin, code, separate, cached result, end) appended to `parent`."""
        self._el("w:fldChar", self._bare_run(parent, font), fldCharType="begin")
        instr = self._el("w:instrText", self._bare_run(parent, font))
        instr.text = code
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self._el("w:fldChar", self._bare_run(parent, font), fldCharType="separate")
        if result:
            self._el("w:t", self._bare_run(parent, font)).text = result
        self._el("w:fldChar", self._bare_run(parent, font), fldCharType="end")

    def _update_on_open(self) -> None:
        """Ask Word/WPS to update the fields on opening (only when the TOC could not be filled)."""
        qn = self.qn
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            upd = self._el("w:updateFields", val="true")
            anchor = settings.find(qn("w:compat"))  # schema order: before the compat settings
            if anchor is not None:
                anchor.addprevious(upd)
            else:
                settings.append(upd)

    def _chart(self, chart: Chart) -> None:
        from docx.shared import Mm

        from juesuan.render import charts

        if self._tmpdir is None:
            self._tmpdir = tempfile.TemporaryDirectory(prefix="juesuan-docx-")
        self._charts += 1  # the picture's name in the file: the same in every build of the same report
        png = Path(self._tmpdir.name) / f"chart-{self._charts}.png"
        png.write_bytes(charts.chart_png(chart))
        self._append(self._para("JsCaption", chart.title))
        para = self.doc.add_paragraph()
        para._p.style = "JsFigure"
        para.add_run().add_picture(str(png), width=Mm(CHART_WIDTH_MM))
        for r in para._p.findall(self.qn("w:r")):
            rpr = r.get_or_add_rPr()
            self._rfonts(rpr, FANGSONG)

    # ---- sections -----------------------------------------------------------------------
    def _new_section(self, landscape: bool) -> None:
        from docx.enum.section import WD_SECTION

        last = self._last_block()
        # a page break right before a section break would leave a blank page
        if last is not None and self._is_break(last) and last.find(f"{self.qn('w:pPr')}/{self.qn('w:sectPr')}") is None:
            last.getparent().remove(last)
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        carrier = self.body.findall(self.qn("w:p"))[-1]
        carrier.style = "JsCarrier"
        title_pg = section._sectPr.find(self.qn("w:titlePg"))
        if title_pg is not None:
            section._sectPr.remove(title_pg)
        self._setup_section(section, landscape)
        self.landscape = landscape

    def _ensure_portrait(self) -> None:
        if self.landscape:
            self._new_section(False)

    # ---- tables -------------------------------------------------------------------------
    def _table(self, tb: TableBlock, toc_level: int | None = None, index: int = -1) -> None:
        wide = _layout.landscape(tb)
        if wide != self.landscape:
            self._new_section(wide)
        width = TEXT_W[self.landscape]
        if tb.title:
            title = self._bookmarked(self._para("JsTableTitle", tb.title), index)
            entry = self._entry_text(index)
            if toc_level is not None and entry:
                # a TC field: the TOC lists the numbered entry (一、收入支出决算总表) after an update too
                self._field(title, f' TC "{entry.replace(chr(34), chr(39))}" \\l {toc_level} ', "")
            self._append(title)
        if tb.number:
            self._append(self._para("JsTableMeta", tb.number, jc="right"))
        left = tb.unit_name or ""  # the whole line, "编制单位：…"
        right = tb.unit_label or ""
        if left or right:
            self._append(self._para("JsTableMeta", f"{left}\t{right}", tabs=[("right", width)]))
        ncols, head, body = _layout.table_columns(tb)
        widths = _layout.column_widths(tb, ncols, head, body, width / 20, pad=_layout.CELL_PAD_PT)
        col_w = [int(w * 20) for w in widths]
        last = self._last_block()
        if last is not None and last.tag == _wq("tbl"):
            self._append(self._para("JsCarrier"))  # Word would merge two adjacent tables into one
        # roomy rows when the table fits one page so, tighter rows when only that fits, else roomy
        # rows over several pages; a table that fits is kept on one page (keep-with-next on its rows)
        # (the height is an estimate, and LibreOffice sets rows up to about 10 % taller: a table kept whole
        # that does not fit would move to the next page, its title left behind, and still break)
        room = TEXT_H_PT[self.landscape] * FIT_MARGIN
        fits = _layout.table_height(tb, widths, 12, 3) <= room
        compact = not fits and _layout.table_height(tb, widths, 12, 0.5) <= room
        tbl = self._table_xml(ncols, col_w, head, body, width, compact=compact)
        sub_heads = next((i for i, row in enumerate(tb.body) if not all(c.header for c in row)), 0)
        self._keep_together(tbl, whole=fits or compact, head_rows=len(head), keep_last=_layout.keep_last_rows(tb),
                            sub_heads=sub_heads)
        self._append(tbl)
        if tb.note:
            for line in tb.note.split("\n"):
                self._append(self._para("JsTableNote", line))

    def _keep_together(self, tbl: Any, whole: bool, head_rows: int, keep_last: int = 0, sub_heads: int = 0) -> None:
        """Keep-with-next on the rows' paragraphs: all but the last row when the table fits on a page,
        else the header rows, the body's own heading rows (`sub_heads`, e.g. 年度主要任务完成情况 over
        任务名称…) and the first data row (never a title and headings alone at a page foot), and the last
        `keep_last` rows (a 总分 row never alone on the last page)."""
        rows = tbl.findall(_wq("tr"))
        top = head_rows + sub_heads + 1
        keep = rows[:-1] if whole else rows[:top] + (rows[-keep_last:-1] if keep_last > 1 else [])
        if not whole and top >= len(rows):
            keep = rows[:-1]
        for tr in keep:
            for ppr in tr.iter(_wq("pPr")):
                if ppr.find(_wq("keepNext")) is None:
                    ppr.find(_wq("pStyle")).addnext(self._el("w:keepNext"))

    def _table_xml(self, ncols: int, col_w: list[int], head: list[list[_layout.Placed]],
                   body: list[list[_layout.Placed]], width: int, compact: bool = False) -> Any:
        tbl = self._el("w:tbl")
        tblpr = self._el("w:tblPr", tbl)
        self._el("w:tblW", tblpr, w=str(width), type="dxa")
        self._el("w:jc", tblpr, val="center")
        borders = self._el("w:tblBorders", tblpr)
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            self._el(f"w:{side}", borders, val="single", sz="4", space="0", color="000000")
        self._el("w:tblLayout", tblpr, type="fixed")
        mar = self._el("w:tblCellMar", tblpr)
        pad = "10" if compact else "60"  # 3 pt above and below (0.5 pt when tight), 4 pt at the sides
        self._el("w:top", mar, w=pad, type="dxa")
        self._el("w:left", mar, w="80", type="dxa")
        self._el("w:bottom", mar, w=pad, type="dxa")
        self._el("w:right", mar, w="80", type="dxa")
        self._el("w:tblLook", tblpr, val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
                 noHBand="1", noVBand="1")
        grid = self._el("w:tblGrid", tbl)
        for w in col_w:
            self._el("w:gridCol", grid, w=str(w))
        for rows, is_header in ((head, True), (body, False)):
            covers: dict[tuple[int, int], _layout.Placed] = {}
            for row in rows:
                for p in row:
                    for dr in range(1, p.rowspan):
                        covers[(p.row + dr, p.col)] = p
            for r, row in enumerate(rows):
                self._row_xml(tbl, r, row, covers, ncols, col_w, is_header)
        return tbl

    def _row_xml(self, tbl: Any, r: int, row: list[_layout.Placed], covers: dict[tuple[int, int], _layout.Placed],
                 ncols: int, col_w: list[int], is_header: bool) -> Any:
        tr = self._el("w:tr", tbl)
        trpr = self._el("w:trPr", tr)
        self._el("w:cantSplit", trpr)
        if is_header:
            self._el("w:tblHeader", trpr)
        starts = {p.col: p for p in row}
        c = 0
        while c < ncols:
            origin = starts.get(c)
            if origin is not None:
                span = min(origin.colspan, ncols - c)
                self._cell_xml(tr, origin.cell, sum(col_w[c:c + span]), span,
                               "restart" if origin.rowspan > 1 else None, is_header)
                c += span
                continue
            above = covers.get((r, c))
            if above is not None:
                span = min(above.colspan, ncols - c)
                self._cell_xml(tr, None, sum(col_w[c:c + span]), span, "continue", is_header)
                c += span
                continue
            self._cell_xml(tr, None, col_w[c], 1, None, is_header)
            c += 1
        return tr

    def _cell_xml(self, tr: Any, cell: Cell | None, width: int, span: int, vmerge: str | None,
                  is_header: bool) -> Any:
        header = is_header or (cell is not None and cell.header)
        style = "JsTableHeader" if header else "JsTableText"
        align = None
        if cell is not None:
            align = cell.align or ("right" if cell.numeric else ("center" if header else None))
            if header and align == "center":
                align = None  # the header style centres already
        # cells are cloned from a few prototypes: one C-level copy instead of a dozen element creations
        key = (style, align, span > 1, vmerge, bool(cell is not None and cell.text))
        proto = self._cell_protos.get(key)
        if proto is None:
            proto = self._el("w:tc")
            tcpr = self._el("w:tcPr", proto)
            self._el("w:tcW", tcpr, w="0", type="dxa")
            if span > 1:
                self._el("w:gridSpan", tcpr, val="1")
            if vmerge == "restart":
                self._el("w:vMerge", tcpr, val="restart")
            elif vmerge == "continue":
                self._el("w:vMerge", tcpr)
            self._el("w:vAlign", tcpr, val="center")
            p = self._el("w:p", proto)
            ppr = self._el("w:pPr", p)
            self._el("w:pStyle", ppr, val=style)
            if align:
                self._el("w:jc", ppr, val=align)
            if key[4]:
                self._run("", style, parent=p)
            self._cell_protos[key] = proto
        tc = proto.__copy__()  # lxml copies the whole subtree
        tcpr = tc[0]
        tcpr[0].set(_wq("w"), str(width))
        if span > 1:
            tcpr[1].set(_wq("val"), str(span))
        if key[4]:
            self._text(tc[1][-1], cell.text)  # type: ignore[union-attr]
        tr.append(tc)
        return tc

    # ---- embedded model -----------------------------------------------------------------
    def _embed_model(self, model_json: str) -> None:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from lxml import etree

        root = etree.Element(f"{{{EMBED_XML_NS}}}{MODEL_TAG}", nsmap={None: EMBED_XML_NS})
        root.set("version", "1")
        root.text = clean_text(model_json)
        item_blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        ds = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
        props = etree.Element(f"{{{ds}}}datastoreItem", nsmap={"ds": ds})
        # the item's id follows from the model, so building the same report twice writes the same file
        item_id = uuid.uuid5(uuid.NAMESPACE_URL, "urn:juesuan:model:" + hashlib.sha256(model_json.encode("utf-8")).hexdigest())
        props.set(f"{{{ds}}}itemID", "{" + str(item_id).upper() + "}")
        refs = etree.SubElement(props, f"{{{ds}}}schemaRefs")
        etree.SubElement(refs, f"{{{ds}}}schemaRef").set(f"{{{ds}}}uri", EMBED_XML_NS)
        props_blob = etree.tostring(props, xml_declaration=True, encoding="UTF-8", standalone=False)
        package = self.doc.part.package
        item_name = PackURI("/" + EMBED_DOCX_PART)
        props_name = PackURI(item_name.replace(".xml", "Props.xml"))
        item = Part(item_name, CT.XML, item_blob, package)
        item_props = Part(props_name, CT.OFC_CUSTOM_XML_PROPERTIES, props_blob, package)
        item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
        self.doc.part.relate_to(item, RT.CUSTOM_XML)
