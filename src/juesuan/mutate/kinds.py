"""The mutation kinds: where each can be planted in a report's text, and the edit that plants it.

Format-free: a report is seen as a list of `Slot`s (a heading, a paragraph or one table cell);
`propose(kind, slots, rng)` returns an `Edit` on one slot (or the removal of one table row),
chosen at random among the places the kind applies to.  targets.py maps slots to TXT, DOCX, HTML,
our Document (then rendered to PDF) and a published reader's blocks (any PDF).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# kind -> what the mistake is (plain Chinese, shown in the manifest and docs/accuracy.md)
KINDS: dict[str, str] = {
    "prose_figure": "文字中的金额改错",
    "table_figure": "表格中的金额改错",
    "direction_word": "增减方向词写反",
    "direction_bare": "不带数字的增减用词写反（比上年有所增加↔减少）",
    "year": "年度写错",
    "placeholder": "模板占位符未替换",
    "heading_number": "标题序号错（重号或跳号）",
    "row_removed": "表格漏掉一行",
    "percent_base": "百分比用错分母",
    "name_changed": "单位名称前后不一致",
}


@dataclass
class Slot:
    """One editable piece of text; `table`, `row`, `col` are set for a table cell."""

    index: int
    text: str
    kind: str  # "heading" | "para" | "cell"
    where: dict[str, Any] = field(default_factory=dict)  # line / paragraph / page / table title
    table: int | None = None  # ordinal of the table in the document
    row: int | None = None
    col: int | None = None


@dataclass
class Edit:
    """Replace `old` at `start` in slot `slot` by `new`; or, with `remove_row`, drop a table row."""

    kind: str
    slot: int
    start: int
    old: str
    new: str
    tokens: tuple[str, ...]  # text a finding about this mistake would quote
    remove_row: bool = False
    note: str = ""


_CN = "一二三四五六七八九十"
_NUM = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,2})(?![\d])"
_MONEY_PROSE = re.compile(_NUM + r"(?=\s*万?元)")
_CELL_AMOUNT = re.compile(r"^\s*-?(\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,2})\s*$")
_CODE = re.compile(r"^\s*\d{3,7}\s*$")
_FLIP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于",
         "高于": "低于", "低于": "高于"}
_DIRECTION = re.compile(r"(?<!（)(增加|减少|增长|下降|大于|小于|高于|低于)(?![（(）)])(?=[^。；]{0,14}\d)")
_YEAR = re.compile(r"(20\d{2})(?=\s*年)")
_HEAD_NUM = re.compile(r"^(\s*#*\s*)(（|\()?([一二三四五六七八九十]{1,3})(）|\)|、)")
_HEADING_TEXT = re.compile(r"^\s*#*\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
_PERCENT = re.compile(_NUM + r"\s*万?元([^。；%]{0,24}?)(\d+(?:\.\d+)?)%")
_NAME_SUFFIX = {"大学": "学院", "委员会": "办公室", "办公室": "委员会", "中心": "服务站", "局": "办", "部": "局", "院": "所",
                "所": "院", "站": "所", "处": "科", "馆": "站", "学": "学院", "会": "社", "队": "站", "政府": "政府办"}


def cn_number(n: int) -> str:
    """1..99 as Chinese numerals (一 … 十 … 九十九)."""
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


def cn_value(text: str) -> int | None:
    if not text or any(c not in _CN for c in text):
        return None
    if "十" not in text:
        return _CN.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)


def is_heading(slot: Slot) -> bool:
    return slot.kind == "heading" or (slot.kind == "para" and len(slot.text) < 60
                                      and _HEADING_TEXT.match(slot.text) is not None)


def _bump(int_part: str, frac: str) -> str:
    """A clearly different amount in the same notation (about +10 %, at least +1)."""
    v = Decimal(int_part.replace(",", "") + "." + frac)
    q = Decimal(1).scaleb(-len(frac))
    delta = max(Decimal(1), (v * Decimal("0.1")).quantize(q, ROUND_HALF_UP))
    new = (v + delta).quantize(q, ROUND_HALF_UP)
    return f"{new:,.{len(frac)}f}" if "," in int_part else f"{new:.{len(frac)}f}"


def _money_edit(kind: str, slot: Slot, m: re.Match[str]) -> Edit:
    old = m.group(0)
    new = _bump(m.group(1), m.group(2))
    return Edit(kind, slot.index, m.start(), old, new, (new,))


def _prose(slots: list[Slot]) -> list[Slot]:
    return [s for s in slots if s.kind == "para" and not is_heading(s)]


def _tables(slots: list[Slot]) -> dict[int, list[Slot]]:
    out: dict[int, list[Slot]] = {}
    for s in slots:
        if s.kind == "cell" and s.table is not None:
            out.setdefault(s.table, []).append(s)
    return out


def _accounts_table(cells: list[Slot]) -> bool:
    """A disclosure table with amounts (not a performance table or the table of contents)."""
    title = str(cells[0].where.get("table_title", ""))
    if "绩效" in title or "目录" in title:
        return False
    return sum(1 for c in cells if _CELL_AMOUNT.match(c.text)) >= 3


def _rows(cells: list[Slot]) -> dict[int, list[Slot]]:
    rows: dict[int, list[Slot]] = {}
    for c in cells:
        rows.setdefault(c.row or 0, []).append(c)
    return rows


def _nonzero(text: str) -> bool:
    return any(ch in "123456789" for ch in text)


def _c_prose_figure(slots: list[Slot]) -> list[Edit]:
    return [_money_edit("prose_figure", s, m) for s in _prose(slots) for m in _MONEY_PROSE.finditer(s.text)
            if _nonzero(m.group(0)) and not s.text[m.end():].lstrip().startswith("元")]


def _c_table_figure(slots: list[Slot]) -> list[Edit]:
    out = []
    for cells in _tables(slots).values():
        if not _accounts_table(cells):
            continue
        for c in cells:
            m = _CELL_AMOUNT.match(c.text)
            if m and _nonzero(c.text):
                new = _bump(m.group(1), m.group(2))
                out.append(Edit("table_figure", c.index, m.start(1), c.text[m.start(1):m.end()], new, (new,)))
    return out


def _c_row_removed(slots: list[Slot]) -> list[Edit]:
    out = []
    for cells in _tables(slots).values():
        if not _accounts_table(cells):
            continue
        for row in _rows(cells).values():
            texts = [c.text.strip() for c in row]
            code = next((t for t in texts if _CODE.match(t)), None)
            if code is None or not any(_CELL_AMOUNT.match(t) and _nonzero(t) for t in texts):
                continue
            label = next((t for t in texts if t and not _CODE.match(t) and not _CELL_AMOUNT.match(t)), "")
            tokens = tuple(t for t in (code, label) if t)
            out.append(Edit("row_removed", row[0].index, 0, "\t".join(texts), "", tokens, remove_row=True))
    return out


def _c_direction(slots: list[Slot]) -> list[Edit]:
    return [Edit("direction_word", s.index, m.start(), m.group(1), _FLIP[m.group(1)],
                 (_FLIP[m.group(1)],)) for s in _prose(slots) for m in _DIRECTION.finditer(s.text)]


def _c_direction_bare(slots: list[Slot]) -> list[Edit]:
    """A direction word against the prior year with no number in its clause (比上年有所增加, 同比下降: the
    prose lexicon's pattern, prose/directions.py), flipped to its opposite."""
    from juesuan.prose.lexicon import lexicon

    bare = lexicon().bare_directions
    pattern, flip = re.compile(bare["pattern"]), bare["opposites"]
    out = []
    for s in _prose(slots):
        for m in pattern.finditer(s.text):
            word, rest = m.group("word"), s.text[m.end("word"):]
            if word not in flip or re.match(r"[^，,。；;：:]*\d", rest) or rest.startswith(("（", "(")):
                continue
            new = flip[word]
            out.append(Edit("direction_bare", s.index, m.start("word"), word, new,
                            (s.text[m.start():m.start("word")] + new,)))
    return out


def _c_year(slots: list[Slot]) -> list[Edit]:
    heads = [s for s in slots if is_heading(s) and _YEAR.search(s.text)]
    pool = heads or [s for s in _prose(slots) if re.search(r"20\d{2}年度", s.text)]
    out = []
    for s in pool:
        m = _YEAR.search(s.text)
        if m:
            new = str(int(m.group(1)) - 1)
            out.append(Edit("year", s.index, m.start(1), m.group(1), new, (new + "年",)))
    return out


def _c_placeholder(slots: list[Slot], unit_name: str | None) -> list[Edit]:
    out = []
    for s in _prose(slots):
        for m in _DIRECTION.finditer(s.text):
            if m.group(1) in ("增加", "减少"):
                new = "增加（减少）"
                out.append(Edit("placeholder", s.index, m.start(), m.group(1), new, (new,)))
        if unit_name and len(unit_name) >= 4 and unit_name in s.text:
            out.append(Edit("placeholder", s.index, s.text.index(unit_name), unit_name, "XX单位", ("XX单位",)))
    return out


def _c_heading_number(slots: list[Slot]) -> list[Edit]:
    out = []
    for s in slots:
        if not is_heading(s):
            continue
        m = _HEAD_NUM.match(s.text)
        n = cn_value(m.group(3)) if m else None
        if m is None or n is None or n < 2:
            continue
        new = cn_number(n + 1)  # skips a number (and often duplicates the next heading's)
        out.append(Edit("heading_number", s.index, m.start(3), m.group(3), new,
                        ((m.group(2) or "") + new + m.group(4),)))
    return out


def _c_percent_base(slots: list[Slot]) -> list[Edit]:
    out = []
    for s in _prose(slots):
        figures = [Decimal(m.group(1).replace(",", "") + "." + m.group(2)) for m in _MONEY_PROSE.finditer(s.text)]
        for m in _PERCENT.finditer(s.text):
            x = Decimal(m.group(1).replace(",", "") + "." + m.group(2))
            p = Decimal(m.group(4))
            if x <= 0 or p <= 0 or p >= 1000:
                continue
            base = x * 100 / p
            decimals = len(m.group(4).partition(".")[2])
            q = Decimal(1).scaleb(-decimals)
            others = [y for y in figures if y > x and abs(y - base) > base * Decimal("0.02")]
            wrong = others[0] if others else base * Decimal("1.25")
            new_p = (x * 100 / wrong).quantize(q, ROUND_HALF_UP)
            if abs(new_p - p) < 1:
                continue
            new = f"{new_p:.{decimals}f}"
            out.append(Edit("percent_base", s.index, m.start(4), m.group(4), new, (new + "%",)))
    return out


def find_unit_name(slots: list[Slot]) -> str | None:
    """The unit's name as the report states it (编制单位：…, or the cover's first line)."""
    for s in slots[:400]:
        m = re.search(r"(?:编制单位|单位名称|部门名称)[:：]\s*([^\s，。:：]{4,30})", s.text)
        if m:
            return m.group(1)
    for s in slots[:8]:
        t = re.sub(r"^#+\s*", "", s.text.strip())
        m = re.match(r"^(.{4,30}?)\s*20\d{2}\s*年度?(?:(?:部门|单位)?决算|$)", t)
        if m and s.kind != "cell" and not _HEADING_TEXT.match(t):
            return m.group(1).strip()
        if 4 <= len(t) <= 30 and s.kind != "cell" and re.search("(?:" + "|".join(_NAME_SUFFIX) + ")$", t):
            return t
    return None


def renamed(name: str) -> str:
    """A similar but different unit name (the kind of slip a copied template leaves)."""
    for suffix, alt in _NAME_SUFFIX.items():
        if name.endswith(suffix):
            return name[: -len(suffix)] + alt
    return name + "分局"


def _c_name(slots: list[Slot], unit_name: str | None) -> list[Edit]:
    if not unit_name:
        return []
    new = renamed(unit_name)
    first = next((s.index for s in slots if unit_name in s.text), None)
    places = [s for s in slots if s.kind != "cell" and unit_name in s.text and s.index != first]
    # where a reader compares names: headings, table titles, 编制单位 lines (short lines), else prose
    titled = [s for s in places if is_heading(s) or len(s.text) < 60]
    return [Edit("name_changed", s.index, s.text.index(unit_name), unit_name, new, (new,))
            for s in (titled or places)]


def candidates(kind: str, slots: list[Slot], unit_name: str | None = None) -> list[Edit]:
    """Every place `kind` can be planted, in document order."""
    if kind not in KINDS:
        raise ValueError(f"unknown mutation kind {kind!r}; known: {', '.join(KINDS)}")
    if kind in ("placeholder", "name_changed"):
        unit_name = unit_name or find_unit_name(slots)
        return _c_placeholder(slots, unit_name) if kind == "placeholder" else _c_name(slots, unit_name)
    return {"prose_figure": _c_prose_figure, "table_figure": _c_table_figure, "row_removed": _c_row_removed,
            "direction_word": _c_direction, "direction_bare": _c_direction_bare, "year": _c_year, "heading_number": _c_heading_number,
            "percent_base": _c_percent_base}[kind](slots)


def propose(kind: str, slots: list[Slot], rng: random.Random, unit_name: str | None = None) -> list[Edit]:
    """The candidates for `kind` in a random order (the caller applies the first that fits)."""
    cands = candidates(kind, slots, unit_name)
    rng.shuffle(cands)
    return cands
