"""The report as a sequence of blocks: what every writer (DOCX, PDF, HTML) renders.

`narrative.assemble(model) -> Document` builds it from the model, the profile and the wording
templates; writers only lay blocks out and never compute figures.  Tables are grids of cells
with explicit spans, so merged two- and three-level headers render the same everywhere.

Every output embeds the model (Document.model_json, codec.to_json) so that
`juesuan.formats.embedded.read_embedded` reads it back losslessly:
- HTML: `<script type="application/json" id="juesuan-model">` (every "<" written as "\\u003c");
- DOCX: a custom XML part `customXml/juesuan-model.xml` (EMBED_DOCX_PART) whose root element is
  `{urn:juesuan:model}model` (EMBED_XML_NS) with the JSON as its text;
- PDF: an embedded file (attachment) named `juesuan-model.json` (EMBED_FILE_NAME);
- XLSX: a hidden sheet `_juesuan_model` (EMBED_SHEET), JSON in column A split in chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EMBED_FILE_NAME = "juesuan-model.json"
EMBED_DOCX_PART = "customXml/juesuan-model.xml"
EMBED_XML_NS = "urn:juesuan:model"
EMBED_HTML_ID = "juesuan-model"
EMBED_SHEET = "_juesuan_model"
# first cell of EMBED_SHEET in a published XLSX (the tables only, render/xlsx.py): its model is the data
EMBED_SHEET_PUBLISHED = "juesuan/published-tables JSON；请勿修改。"

BlockStyle = Literal["body", "cover-title", "cover-subtitle", "cover-line", "note", "caption", "list", "signature"]


@dataclass
class Heading:
    level: int  # 1 = 第一部分, 2 = 一、…, 3 = （一）…, 4 = 1. …
    text: str
    anchor: str | None = None  # stable id for the TOC and for finding locations
    in_toc: bool = True
    title: bool = False  # a document's title inside the report (an attachment's): centred, 小标宋 二号


@dataclass
class Paragraph:
    text: str
    style: BlockStyle = "body"
    anchor: str | None = None  # e.g. "s5.item.2080101" for a sentence about one 项
    bold: bool = False


@dataclass
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # a header cell (repeats on each page; <th> in HTML)
    numeric: bool = False  # right-aligned number
    align: Literal["left", "center", "right"] | None = None


@dataclass
class TableBlock:
    """A table: header rows repeat across pages; body rows never split."""

    id: str  # "T01" … "T09", "perf.overall", "perf.project.1", "toc.tables"
    title: str  # 收入支出决算总表
    number: str | None = None  # 公开01表
    unit_name: str | None = None  # 编制单位：…
    unit_label: str | None = "单位：万元"
    header: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    note: str | None = None  # 注：…
    widths: list[float] | None = None  # relative column widths
    landscape: bool | None = None  # None: the writers choose from the table's width (render/_layout.landscape)


@dataclass
class Chart:
    """A chart the writers draw with writers/charts.py (SVG for HTML, PNG for DOCX/PDF)."""

    id: str  # "staff", "totals", "income", "expenditure", "appropriation", "gb_compare", "gb_structure"
    title: str  # 人员结构图 …
    kind: Literal["bar", "grouped_bar", "pie"]
    labels: list[str]
    series: list[tuple[str, list[str]]]  # (series name, values as decimal strings)
    unit: str = "万元"
    shares: list[str] = field(default_factory=list)  # pie: each label's percent as the narrative states it


@dataclass
class PageBreak:
    pass


@dataclass
class TocEntry:
    level: int  # 1 = part, 2 = section or table
    text: str
    anchor: str | None = None  # a Heading.anchor or a TableBlock.id


@dataclass
class Toc:
    """Table of contents (a real TOC field in DOCX, a linked list in HTML/PDF).

    `entries`, when not empty, is the exact list to print (the Shaanxi TOC lists parts, the
    fourteen sections and the nine table titles); otherwise writers collect the headings.
    """

    title: str = "目 录"
    entries: list[TocEntry] = field(default_factory=list)


Block = Heading | Paragraph | TableBlock | Chart | PageBreak | Toc


@dataclass
class Document:
    title: str  # 榆林市人事信息中心
    subtitle: str  # 2024年度部门决算
    blocks: list[Block] = field(default_factory=list)
    draft: bool = False  # stamped 草稿 when built with --force despite errors
    model_json: str = ""  # the model (codec.to_json), embedded in every output
    profile: str = ""
