"""The outline of a published report: which blocks are headings, at which level, and which blocks
are table furniture (titles, 公开NN表 labels, unit lines) rather than prose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from juesuan.domain.profiles import Profile
from juesuan.formats.published.blocks import Block

_SECTION_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^第(?:一|二|三|四|五|六|七|八|九|十)+部分"), 1),
    (re.compile(r"^附件\d*"), 2),
    (re.compile(r"^(?:一|二|三|四|五|六|七|八|九|十)+、"), 3),
    (re.compile(r"^[（(](?:一|二|三|四|五|六|七|八|九|十)+[）)]"), 4),
    (re.compile(r"^\d+[.、．]"), 5),
)


@dataclass
class OutlineEntry:
    """A heading of the report with its semantic level and where it is."""

    level: int
    text: str
    location: dict[str, Any]


def heading_level(text: str) -> int | None:
    """Semantic level of a heading text (第N部分 1, 附件 2, 一、 3, （一） 4, 1. 5)."""
    for pat, lvl in _SECTION_PATTERNS:
        if pat.match(text):
            return lvl
    return None


def is_heading_para(text: str) -> bool:
    """A short paragraph that reads as a heading (PDF and DOCX bodies without heading styles)."""
    return (len(text) <= 32 and heading_level(text) is not None and heading_level(text) != 5
            and not text.endswith("。") and "：" not in text[:-1]
            and not re.search(r"\d+(?:\.\d+)?\s*(万元|%)", text))


def is_heading(block: Block) -> bool:
    return block.kind == "heading" or (block.kind == "para" and is_heading_para(block.text))


def outline(blocks: list[Block]) -> list[OutlineEntry]:
    """Every heading of the document in order."""
    return [OutlineEntry(heading_level(b.text) or b.level, b.text, b.loc.to_dict()) for b in blocks if is_heading(b)]


_FURNITURE = re.compile(r"^(?:公开\d+表|编制单位[:：].*|部门[:：].*|单位[:：]\s*万元|金额单位[:：].*|\(?（?\d{4}年度）?\)?|"
                        r".*(?:结构图|对比图|情况图)(?:（单位：万元）)?)$")


def table_furniture(blocks: list[Block], profile: Profile) -> set[int]:
    """Indices of the text blocks that belong to a table (its title, label, unit line), not to the prose."""
    from juesuan.formats.published.tables import match_title

    return {i for i, b in enumerate(blocks)
            if b.kind != "table" and (_FURNITURE.match(b.text) or match_title(b.text, profile) is not None)}


# "编制单位：…" and its variants; the name ends where the line's other furniture begins (a DOCX tab
# read as nothing: "编制单位：X单位：万元"; a PDF line read together: "公开04表编制单位：X"; an HTML title:
# "收入决算表编制单位：X公开02表单位：万元")
_UNIT_FIELD = re.compile(r"(?:编制单位|单位名称|填报单位|部门名称)[:：]\s*([^\s，,。；;：:]+?)"
                         r"(?=(?:金额)?单位[:：]|公开\d+表|(?:20\d{2}|\d{1,2})年|[\s，,。；;：:]|$)")


def unit_field(text: str) -> tuple[str, int] | None:
    """The unit name a 编制单位 / 单位名称 / 填报单位 / 部门名称 field states, and where it starts; None when
    the line has no such field or the field is empty."""
    m = _UNIT_FIELD.search(text)
    return (m.group(1), m.start(1)) if m else None

