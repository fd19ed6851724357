"""The report as a sequence of blocks: what every writer (DOCX, PDF, HTML) renders.

`narrative.assemble(model) -> Document` builds it from the model, the profile and the wording
templates; writers only lay blocks out and never compute figures.  Tables are grids of cells
with explicit spans, so merged two- and three-level headers render the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockStyle = Literal["body", "cover-title", "cover-subtitle", "cover-line", "note", "caption", "list", "signature"]


@dataclass
class Heading:
    level: int  # 1 = 第一部分, 2 = 一、…, 3 = （一）…, 4 = 1. …
    text: str
    anchor: str | None = None  # stable id for the TOC and for finding locations
    in_toc: bool = True


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
    landscape: bool = False


@dataclass
class Chart:
    """A chart the writers draw with writers/charts.py (SVG for HTML, PNG for DOCX/PDF)."""

    id: str  # "staff", "totals", "income", "expenditure", "appropriation", "gb_compare", "gb_structure"
    title: str  # 人员结构图 …
    kind: Literal["bar", "grouped_bar", "pie"]
    labels: list[str]
    series: list[tuple[str, list[str]]]  # (series name, values as decimal strings)
    unit: str = "万元"


@dataclass
class PageBreak:
    pass


@dataclass
class Toc:
    """Table of contents (a real TOC field in DOCX, a linked list in HTML/PDF)."""

    title: str = "目 录"


Block = Heading | Paragraph | TableBlock | Chart | PageBreak | Toc


@dataclass
class Document:
    title: str  # 榆林市人事信息中心
    subtitle: str  # 2024年度部门决算
    blocks: list[Block] = field(default_factory=list)
    draft: bool = False  # stamped 草稿 when built with --force despite errors
    model_json: str = ""  # the model (codec.to_json), embedded in every output
    profile: str = ""
