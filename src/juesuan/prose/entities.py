"""What a sentence names before a number: a figure of the lexicon (收入总计, 培训费 …), a 类 (教育支出（类）),
an 项 by its （类）（款）（项） names, or a 科目 by its code (小学教育（2050202）), and which attribute
(预算 / 决算) the clause asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from juesuan.domain.profiles import FUNCTION_CLASSES
from juesuan.prose.figures import TableFigures, squash
from juesuan.prose.lexicon import lexicon
from juesuan.prose.sentences import Sentence

# a 科目 name may hold a parenthesis of its own (党委办公厅（室）及相关机构事务, 维修（护）费): any but （类）（款）（项）
_PAREN = r"（(?![类款项]）)[^（）。；，]{1,8}）"
_ITEM_NAMES = re.compile(rf"((?:[^（）。；，、\d.]|{_PAREN})+?)（类）((?:[^（）。；，]|{_PAREN})+?)（款）"
                         rf"((?:[^（）。；，]|{_PAREN})+?)（项）")
_CLASS_NAME = re.compile(r"([^（）。；，、：:\d]+?支出)（类）")
_CODED_NAME = re.compile(r"([^（）()。；，、：:\d.]{2,30})[（(]((?:2\d{2})(?:\d{2}){0,2})[）)]")
_CLASSES = {code: name for code, name in FUNCTION_CLASSES}
_ATTR = re.compile(r"(年初预算数?|全年预算数?|调整后预算数?|预算数?|支出决算数?|决算数?|全年执行数?|执行数|实际支出)(?:为|是)?\s*$")
UNCERTAIN = "?"  # something is named, but which printed figure it is cannot be told: left unchecked
FUZZY = 0.75  # similarity above which a printed 科目 name is the table's name written differently


@dataclass(frozen=True)
class NameDifference:
    """A 科目 bound by its code whose printed name differs from the table's."""

    code: str
    printed: str
    table: str
    sentence: Sentence


def attribute(prefix: str) -> str:
    """initial / full / budget / actual: which figure of an entity the clause before a number asks for."""
    m = _ATTR.search(prefix)
    if not m:
        return "actual"
    w = m.group(1)
    if w.startswith("年初"):
        return "initial"
    if w.startswith(("全年预算", "调整后")):
        return "full"
    if "预算" in w:
        return "budget"
    return "actual"


@lru_cache(maxsize=8192)
def _candidates(text: str) -> tuple[tuple[int, int, str, object], ...]:
    """Every named thing in a text with the position where its name ends, in order."""
    out: list[tuple[int, int, str, object]] = []
    for m in _ITEM_NAMES.finditer(text):
        out.append((m.end() - 3, 2, "item", (squash(m.group(1)), squash(m.group(2)), squash(m.group(3)))))
    for m in _CLASS_NAME.finditer(text):
        name = squash(m.group(1))
        code = next((cd for cd, nm in _CLASSES.items() if squash(nm) == name), None)
        if code and "（款）" not in text[m.end():m.end() + 30]:
            out.append((m.end(), 1, "class", code))
    for code, name in _CLASSES.items():  # a 类 by its name alone (教育支出448.00万元)
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not text.startswith(("（类）", "(类)", "（款）"), end):
                out.append((end, 1, "class", code))
            start = text.find(name, end)
    for m in _CODED_NAME.finditer(text):
        out.append((m.end(), 3, "coded", (m.group(2), squash(m.group(1)))))
    for phrase, ent in lexicon().entities:
        start = text.find(phrase)
        while start >= 0:
            out.append((start + len(phrase), 0, "name", ent))
            start = text.find(phrase, start + 1)
    out.sort(key=lambda t: (t[0], t[1]))
    # a longer phrase ending at the same place wins over a shorter one (the lexicon is longest first)
    dedup: dict[int, tuple[int, int, str, object]] = {}
    for c in out:
        prev = dedup.get(c[0])
        if prev is None or c[1] > prev[1]:
            dedup[c[0]] = c
    return tuple(sorted(dedup.values(), key=lambda t: t[0]))


class EntityReader:
    """Recognises the entity a number speaks of, against the rows the tables print."""

    def __init__(self, figures: TableFigures) -> None:
        self.figures = figures
        self.name_differences: dict[str, NameDifference] = {}

    def entity(self, s: Sentence, text_before: str, section: str) -> str | None:
        """The last thing named before a number (None when nothing is named)."""
        full = s.text if s.text.startswith(text_before) else text_before
        cut = len(text_before)
        best: tuple[int, int, str] | None = None  # (end, priority, entity)
        for end, prio, kind, value in _candidates(full):
            if end > cut:
                break
            if kind == "item":
                code = self.figures.item_codes.get(value)  # type: ignore[arg-type]
                if not code:
                    continue
                ent = f"I:{code}"
            elif kind == "class":
                if not self.figures.has_row(self.figures.item_table, str(value)):
                    continue  # a 类 the table does not print: not this figure
                ent = f"C:{value}"
            elif kind == "coded":
                ent = self._coded(*value, s) or UNCERTAIN  # type: ignore[misc]
            else:
                ent = self._qualify(str(value), text_before[:end], section) or UNCERTAIN
            if ent[:2] in ("I:", "C:") and not self._item_scope_matches(text_before[:end], section):
                ent = self._all_funds(ent[2:], text_before[:end], section)
            if best is None or (end, prio) >= (best[0], best[1]):
                best = (end, prio, ent)
        return None if best is None else best[2]

    def _coded(self, code: str, name: str, s: Sentence) -> str | None:
        """A 科目 written as 名称（编码）: bound by its code when the table prints it with a similar name."""
        table = self.figures.item_table
        if not self.figures.has_row(table, code):
            return None
        label = squash(self.figures.row_label(table, code))
        kind = "C" if len(code) == 3 else "I"
        if not label or name.endswith(label):
            return f"{kind}:{code}"  # the table's name (words before it are the sentence's)
        if SequenceMatcher(None, label, name).ratio() < FUZZY and label not in name and name not in label:
            return None  # the code and the name disagree: uncertain, leave it unchecked
        self.name_differences.setdefault(code, NameDifference(code, name, label, s))
        return f"{kind}:{code}"

    def _item_scope_matches(self, before: str, section: str) -> bool:
        """A 科目's figure is read from the general-budget table; from the all-funds expenditure table
        only when the text does not speak of 财政拨款 (whose figures that table does not print)."""
        appropriation = "财政拨款" in section or "财政拨款" in before or "一般公共预算" in section
        if self.figures.item_table == "T05":
            # the general-budget table answers for 财政拨款 text; a section on all funds (支出决算表说明)
            # speaks of the expenditure table, whose figures differ: leave such a figure unchecked
            return appropriation or "T03" not in self.figures.model.tables or not re.search(
                r"支出决算(?:表|情况)", section)
        return not appropriation

    def _all_funds(self, code: str, before: str, section: str) -> str:
        """A 科目 in a section on all funds (支出决算表说明) while the 科目 figures are read from the
        财政拨款 table: the expenditure table's row (A:code) when it prints one, else uncertain."""
        appropriation = "财政拨款" in section or "财政拨款" in before or "一般公共预算" in section
        if (self.figures.item_table == "T05" and not appropriation and re.search(r"支出决算(?:表|情况)", section)
                and self.figures.has_row("T03", code)):
            return f"A:{code}"
        return UNCERTAIN

    def _qualify(self, ent: str, before: str, section: str) -> str | None:
        appr = "财政拨款" in before[-30:] and "一般公共预算" not in before[-30:]
        if self.figures.t05_all_appropriations and (appr or "财政拨款" in section):
            # the template's table 5 is the 财政拨款 table: its 合计 row answers for 财政拨款 totals
            if ent == "expenditure_grand_total":
                return "general_budget"
            if ent in ("exp:basic", "exp:project"):
                return "general_basic" if ent == "exp:basic" else "general_project"
        if ent in ("income_grand_total", "expenditure_grand_total") and (appr or "财政拨款" in section):
            return "appr_" + ent
        if ent in ("exp:basic", "exp:project") and ("一般公共预算" in before or "一般公共预算" in section):
            return "general_basic" if ent == "exp:basic" else "general_project"
        if ent.startswith("exp:") and ("财政拨款" in before or "财政拨款" in section):
            return None  # 财政拨款's basic / project spending: not what the all-funds expenditure table prints
        if ent == "income:appropriation" and "收入" not in section and "财政拨款收入支出" in section:
            return "appr_income_grand_total"
        return ent
