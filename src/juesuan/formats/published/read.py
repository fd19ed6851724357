"""Blocks of a published report -> PublishedReport (blocks, outline, the FinalAccounts read from its tables).

Shared by every published-report reader: detects the profile (unless forced), recognises the
tables by title and reads them, reads the performance tables and the header lines (编制单位, 保密审查,
名词解释).  Reading stops here: understanding the prose (claims, binding) is prose/'s job, called
by the audit use case (app/audit.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from juesuan.core.errors import InputError
from juesuan.core.model import TABLE_IDS, FinalAccounts, GlossaryEntry
from juesuan.domain.profiles import Profile, load_profile
from juesuan.domain.profiles.detect import detect_profile, infer_unit_kind
from juesuan.formats.published.blocks import Block, Loc, RawDocument
from juesuan.formats.published.kind import NARRATIVE, TABLES, decide, refusal_message
from juesuan.formats.published.outline import (
    OutlineEntry,
    is_heading_para,
    outline,
    table_furniture,
    unit_field,
)
from juesuan.formats.published.perf_tables import read_evaluation
from juesuan.formats.published.script import reading_script
from juesuan.formats.published.tables import (
    Reliability,
    amount_or_raise,
    cell_text,
    empty_declarations,
    find_tables,
    read_tables,
)
from juesuan.formats.published.truncation import Truncation
from juesuan.formats.published.truncation import detect as detect_truncation


@dataclass
class PublishedReport:
    """What reading one published report gives: its blocks and outline and the model read from its tables."""

    path: str
    model: FinalAccounts
    outline: list[OutlineEntry]
    blocks: list[Block]
    table_locs: dict[str, dict[str, Loc]] = field(default_factory=dict)  # T0x -> row key -> where read
    table_titles: dict[str, Loc] = field(default_factory=dict)
    pages: int | None = None
    detected_profile: str | None = None
    furniture: set[int] = field(default_factory=set)  # text blocks that belong to a table, not to the prose
    unreadable: dict[str, Reliability] = field(default_factory=dict)  # tables set aside: own identities fail
    converted: dict[str, str] = field(default_factory=dict)  # tables printed in 元 / 千元, read as 万元
    kind: str = TABLES  # what the document is (kind.py): tables | narrative | performance
    toc_tables: list[str] = field(default_factory=list)  # the 决算 tables its own 目录 lists
    truncation: Truncation | None = None  # evidence that the document is cut short (truncation.py)
    script: str = "simplified"  # "traditional": printed in 繁体字 and read in simplified (script.py)


_YEAR = re.compile(r"(20\d{2})\s*年度")


def assemble(raw: RawDocument, profile_id: str | None = None) -> PublishedReport:
    """Build the model, claims and outline from a format reader's blocks."""
    raw = reading_script(raw)
    blocks = raw.blocks
    _refuse_out_of_range(raw)
    texts = [b.text for b in blocks if b.kind != "table"]
    detected = detect_profile(blocks)
    profile = load_profile(profile_id or detected)
    year = _year(texts)
    model = FinalAccounts(year=year, profile=profile.id)
    found = find_tables(blocks, profile)
    model.tables, table_locs, titles, unreadable, converted = read_tables(found, profile)
    declared: dict[str, str] = {}
    for ft in found:
        if ft.role in TABLE_IDS:
            continue
        if ft.role == "toc.tables":
            declared.update(empty_declarations(ft, profile))
        elif ft.role == "perf.overall" and model.performance.overall is None:
            model.performance.overall = read_evaluation(ft.rows, "overall", ft.row_locs, ft.block.spaced)
        elif ft.role == "perf.project":
            model.performance.projects.append(read_evaluation(ft.rows, "project", ft.row_locs, ft.block.spaced))
        elif ft.role == "units":
            model.unit.units_covered = [cell_text(r[1]) for r in ft.rows[1:] if len(r) > 1 and cell_text(r[1])]
    for tid, reason in declared.items():  # 目录: 是否空表 = 是, with the reason
        if tid in model.tables and model.tables[tid].is_empty and not model.tables[tid].empty_reason:
            model.tables[tid].empty_reason = reason
    performance_read = model.performance.overall is not None or bool(model.performance.projects)
    kind = decide(blocks, [t for t in TABLE_IDS if t in model.tables or t in unreadable], performance_read)
    if kind.kind is None:
        raise InputError(refusal_message(kind.refusal, raw.path))
    _empty_notes(blocks, model, profile)
    _unit_facts(blocks, model, profile)
    if not model.unit.unit_kind:
        labels = [r.label for tid in ("T05", "T03") for r in model.table(tid).coded_rows()]
        model.unit.unit_kind = infer_unit_kind([b.text for b in blocks if b.kind != "table"][:200], labels)
    truncation = detect_truncation(blocks, kind.start_missing if kind.kind == NARRATIVE else "")
    if truncation is not None:
        _set_aside_last_table(blocks, found, model, table_locs, truncation, profile)
    return PublishedReport(raw.path, model, outline(blocks), blocks, table_locs, titles, raw.pages, detected,
                           table_furniture(blocks, profile), unreadable, converted, kind.kind, kind.toc_tables,
                           truncation, script=raw.script)


def _set_aside_last_table(blocks: list[Block], found: list, model: FinalAccounts, table_locs: dict,
                          truncation: Truncation, profile: Profile) -> None:
    """A file cut short that ends in a 决算 table: that table may have lost its last rows (its totals), so it
    is set aside, not checked (DOC-008 names it), rather than reported as dozens of failed identities."""
    last = next((b for b in reversed(blocks) if b.kind == "table" or b.text), None)
    if last is None or last.kind != "table" or not last.row_locs:
        return
    end = (last.row_locs[-1].page, last.row_locs[-1].line)
    for ft in found:
        if ft.role in model.tables and ft.row_locs and (ft.row_locs[-1].page, ft.row_locs[-1].line) == end:
            del model.tables[ft.role]
            table_locs.pop(ft.role, None)
            layout = profile.tables.get(ft.role)
            truncation.last_table = layout.title if layout else ft.title
            return


def _year(texts: list[str]) -> int:
    counts: dict[int, int] = {}
    for t in texts[:60]:
        for m in _YEAR.finditer(t):
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else 0


def _empty_notes(blocks: list[Block], model: FinalAccounts, profile: Profile) -> None:
    """"说明：…没有…收入和支出，故本表无数据" under a table gives its empty reason."""
    from juesuan.formats.published.tables import match_title

    current: str | None = None
    for b in blocks:
        if b.kind == "table":
            continue
        m = match_title(b.text, profile)
        if m and m[0] in TABLE_IDS:
            current = m[0]
            continue
        if current and re.search(r"(没有|无).*(故本表无数据|空表)", b.text) and b.text.startswith(("说明", "注")):
            t = model.tables.get(current)
            if t is not None and t.is_empty and not t.empty_reason:
                t.empty_reason = re.sub(r"^说明[:：]", "", b.text)


_HEADER_LINE = re.compile(r"(保密审查情况|(?:部门|单位)?主要负责人审签情况)[:：]\s*(已审查|已审签|未审查|未审签|[^\s，。；]{2,4}?)(?=$|\s|保密|主要|部门|单位)")


def _unit_facts(blocks: list[Block], model: FinalAccounts, profile: Profile) -> None:
    """Unit name, header lines, glossary and other notes stated in the text."""
    texts = [b for b in blocks if b.kind != "table"]
    for b in texts[:40]:
        for m in _HEADER_LINE.finditer(b.text):
            if m.group(1).startswith("保密"):
                model.unit.confidentiality_review = m.group(2)
            else:
                model.unit.head_signoff = m.group(2)
        stated = unit_field(b.text) if len(b.text) <= 80 else None
        if stated and not model.unit.name:
            model.unit.name = stated[0]
    if not model.unit.name:
        cover = "".join(b.text for b in texts[:6])
        m3 = re.search(r"^(.*?)(?:20\d{2})\s*年度(?:部门|单位)决算", cover)
        if m3:
            model.unit.name = re.sub(r"^#", "", m3.group(1)).strip()
        elif texts:
            model.unit.name = texts[0].text if len(texts[0].text) < 30 else ""
    in_glossary = False
    for b in texts:
        if re.search(r"(名词解释)", b.text) and (b.kind == "heading" or len(b.text) < 20):
            in_glossary = True
            continue
        if in_glossary:
            if b.kind == "heading" or re.match(r"^第(?:一|二|三|四|五|六|七|八|九|十)+部分", b.text):
                in_glossary = False
                continue
            m = re.match(r"^(?:\d+[.、．]|(?:一|二|三|四|五|六|七|八|九|十)+、)\s*(.{1,20}?)[:：](.+)$", b.text)
            if m:
                model.glossary.append(GlossaryEntry(m.group(1).strip(), m.group(2).strip()))
            elif model.glossary and not is_heading_para(b.text):
                model.glossary[-1].definition += b.text


def _refuse_out_of_range(raw: RawDocument) -> None:
    """A table cell whose number the model cannot hold (a 25-digit amount …) stops the audit, named by
    its page or line: it must never be read as a blank and pass unchecked."""
    from juesuan.core.amounts import AmountOutOfRange

    for b in raw.blocks:
        if b.kind != "table":
            continue
        for i, row in enumerate(b.rows):
            for cell in row:
                try:
                    amount_or_raise(cell)
                except AmountOutOfRange as exc:
                    loc = b.row_locs[i] if i < len(b.row_locs) else b.loc
                    where = (f"第 {loc.page} 页" if loc.page else f"第 {loc.line} 行" if loc.line
                             else f"第 {loc.block} 段" if loc.block is not None else "表格中")
                    raise InputError(f"文件 {raw.path}，{where}：{exc}，无法核对（应为以万元计的正常金额）") from None


def read_published(path: Path, profile_id: str | None = None) -> PublishedReport:
    """Read a published report (TXT/MD, DOCX, PDF, HTML) by its extension."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(f"文件 {path}：不存在")
    if suffix in (".txt", ".md", ".markdown", ".text"):
        from juesuan.formats.published.text import read_text

        raw = read_text(path)
    elif suffix == ".docx":
        from juesuan.core.zipguard import guard_file
        from juesuan.formats.published.docx import read_docx

        guard_file(path)
        raw = read_docx(path)
    elif suffix == ".pdf":
        from juesuan.formats.published.pdf import read_pdf

        raw = read_pdf(path)
    elif suffix in (".html", ".htm"):
        from juesuan.formats.published.html import read_html

        raw = read_html(path)
    else:
        raise InputError(f"文件 {path}：不支持的格式“{suffix or '无扩展名'}”（应为 .txt、.md、.docx、.pdf 或 .html）")
    return assemble(raw, profile_id)
