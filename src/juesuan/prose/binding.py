"""Bind each claim of the prose to the figure it speaks of, and record the comparison.

A claim is bound to a table cell (through what it names: 收入总计, 基本支出, an 项 by its
（类）（款）（项） names, 培训费 预算 …), to the other numbers of its sentence (a completion rate,
a change with its rate, a difference, a share, a 其中 breakdown), to a list it counts, to a
performance table, or to the same statement elsewhere in the document.  Comparisons use the
interval arithmetic of amounts.py: a difference explained by the printed precision is "rounding"
(info), never a mismatch.  Facts only the prose states (年初预算 of each 项, 机关运行经费,
政府采购, 人员编制 …) are written into the model on the way.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from juesuan import derive
from juesuan.core.amounts import ZERO, Outcome, compare_equal, compare_percent, compare_sum, quantize
from juesuan.core.model import Evaluation, FinalAccounts, ItemBudget
from juesuan.domain.profiles import FUNCTION_CLASSES, Profile
from juesuan.prose.claims import Check, Claim, Sentence

if TYPE_CHECKING:
    from juesuan.formats.published.read import PublishedReport

# rule ids (rules/narrative.py reports them)
R_TABLE = "NAR-001"  # amount vs table
R_PERCENT = "NAR-002"  # percentage vs its operands
R_ARITH = "NAR-003"  # stated difference / change vs its operands
R_SUM = "NAR-004"  # 其中 breakdown vs total
R_DIRECTION = "NAR-005"  # direction word vs sign
R_RESTATE = "NAR-006"  # same statement elsewhere
R_COUNT = "NAR-007"  # count vs the list it counts
R_PERF = "NAR-008"  # performance prose vs performance tables
R_ZERO_BASE = "NAR-009"  # rate over a zero or different base
R_ASSETS = "NAR-010"  # assets / procurement statements consistent
R_AGENCY = "NAR-011"  # 机关运行经费 vs 公用经费

Fig = tuple[Decimal | None, str]  # (value, description of the figure)


def _outcome(o: Outcome) -> str:
    return o.value


class Binder:
    """Holds the report being bound and the facts collected from the prose."""

    def __init__(self, report: PublishedReport, profile: Profile) -> None:
        self.r = report
        self.m: FinalAccounts = report.model
        self.profile = profile
        self.by_sentence: dict[int, list[Claim]] = {}
        for c in report.claims:
            self.by_sentence.setdefault(c.sentence.index, []).append(c)
        self.facts: dict[str, Claim] = {}
        self.item_names = self._item_names()

    # --- figures from the tables ----------------------------------------------------------------

    def cell(self, table: str, row: str, col: str) -> Decimal | None:
        t = self.m.tables.get(table)
        if t is None or t.row(row) is None:
            return None
        v = t.value(row, col)
        return Decimal("0.00") if v is None else v

    def _item_names(self) -> dict[tuple[str, str, str], str]:
        out: dict[tuple[str, str, str], str] = {}
        t = self.m.tables.get("T05") or self.m.tables.get("T03")
        if t is None:
            return out
        for r in derive.item_rows(t):
            c, s, i = derive.item_path(t, r.key)
            out[(_n(c), _n(s), _n(i))] = r.key
        return out

    def figure(self, entity: str, attr: str) -> Fig | None:
        """The table figure an entity / attribute names (None when the tables do not print it)."""
        t9 = "T09"
        if entity.startswith("I:"):
            code = entity[2:]
            if attr == "actual":
                return self.cell("T05", code, "total"), f"公开05表 {code} {self._label('T05', code)} 本年支出"
            return None
        if entity.startswith("C:"):
            code = entity[2:]
            return self.cell("T05", code, "total"), f"公开05表 {code} {self._label('T05', code)} 本年支出"
        if attr in ("budget", "initial", "full") and entity in _T09_COLS:
            return self.cell(t9, "budget", _T09_COLS[entity]), f"“三公”经费表 {_T09_NAMES[entity]} 预算数"
        if attr in ("budget", "initial", "full"):
            return None
        simple: dict[str, tuple[str, str, str, str]] = {
            "income_grand_total": ("T01", "income_grand_total", "amount", "公开01表 收入总计"),
            "expenditure_grand_total": ("T01", "expenditure_grand_total", "amount", "公开01表 支出总计"),
            "income_total": ("T01", "income_total", "amount", "公开01表 本年收入合计"),
            "expenditure_total": ("T01", "expenditure_total", "amount", "公开01表 本年支出合计"),
            "appr_income_grand_total": ("T04", "income_grand_total", "amount", "公开04表 收入总计"),
            "appr_expenditure_grand_total": ("T04", "expenditure_grand_total", "total", "公开04表 支出总计"),
            "general_budget": ("T05", "total", "total", "公开05表 合计 本年支出"),
            "general_basic": ("T05", "total", "basic", "公开05表 合计 基本支出"),
            "general_project": ("T05", "total", "project", "公开05表 合计 项目支出"),
            "personnel": ("T06", "personnel_total", "amount", "公开06表 人员经费合计"),
            "public": ("T06", "public_total", "amount", "公开06表 公用经费合计"),
        }
        if entity in simple:
            t, row, col, desc = simple[entity]
            return self.cell(t, row, col), desc
        if entity.startswith("income:"):
            col = entity.split(":", 1)[1]
            return self.cell("T02", "total", col), f"公开02表 合计 {_INCOME_NAMES.get(col, col)}"
        if entity.startswith("exp:"):
            col = entity.split(":", 1)[1]
            return self.cell("T03", "total", col), f"公开03表 合计 {_EXP_NAMES.get(col, col)}"
        if entity in _T09_COLS:
            return self.cell(t9, "actual", _T09_COLS[entity]), f"“三公”经费表 {_T09_NAMES[entity]} 决算数"
        return None

    def _label(self, table: str, code: str) -> str:
        t = self.m.tables.get(table)
        r = t.row(code) if t else None
        return r.label if r else ""

    # --- entity recognition ---------------------------------------------------------------------

    def entity(self, s: Sentence, text_before: str, section: str) -> str | None:
        """The last thing named before a number (None when nothing is named)."""
        full = s.text if s.text.startswith(text_before) else text_before
        cut = len(text_before)
        best: tuple[int, int, str] | None = None  # (end, priority, entity)
        for end, prio, kind, value in _candidates(full):
            if end > cut:
                break
            if kind == "item":
                code = self.item_names.get(value)  # type: ignore[arg-type]
                if not code:
                    continue
                ent = f"I:{code}"
            elif kind == "class":
                ent = f"C:{value}"
            else:
                ent = self._qualify(str(value), text_before[:end], section)
            if best is None or (end, prio) >= (best[0], best[1]):
                best = (end, prio, ent)
        return None if best is None else best[2]

    def _qualify(self, ent: str, before: str, section: str) -> str:
        appr = "财政拨款" in before[-30:] and "一般公共预算" not in before[-30:]
        if ent in ("income_grand_total", "expenditure_grand_total") and (appr or "财政拨款" in section):
            return "appr_" + ent
        if ent in ("exp:basic", "exp:project") and ("一般公共预算" in before or "一般公共预算" in section):
            return "general_basic" if ent == "exp:basic" else "general_project"
        if ent == "income:appropriation" and "收入" not in section and "财政拨款收入支出" in section:
            return "appr_income_grand_total"
        return ent


def _n(text: str) -> str:
    return re.sub(r"\s", "", text)


@lru_cache(maxsize=8192)
def _candidates(text: str) -> tuple[tuple[int, int, str, object], ...]:
    """Every named thing in a text with the position where its name ends, in order."""
    out: list[tuple[int, int, str, object]] = []
    for m in _ITEM_RE.finditer(text):
        out.append((m.end() - 3, 2, "item", (_n(m.group(1)), _n(m.group(2)), _n(m.group(3)))))
    for m in _CLASS_RE.finditer(text):
        name = _n(m.group(1))
        code = next((cd for cd, nm in _CLASSES.items() if _n(nm) == name), None)
        if code and "（款）" not in text[m.end():m.end() + 30]:
            out.append((m.end(), 1, "class", code))
    for phrase, ent in _LEXICON:
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


_ITEM_RE = re.compile(r"([^（）。；，、\d.]+?)（类）([^（）。；，]+?)（款）([^（）。；，]+?)（项）")
_CLASS_RE = re.compile(r"([^（）。；，、：:\d]+?支出)（类）")
_CLASSES = dict(FUNCTION_CLASSES)
_INCOME_NAMES = {"appropriation": "财政拨款收入", "superior_subsidy": "上级补助收入", "public_service_income": "事业收入",
                 "business_income": "经营收入", "affiliated_remittance": "附属单位上缴收入", "other_income": "其他收入"}
_EXP_NAMES = {"basic": "基本支出", "project": "项目支出", "remittance_to_superior": "上缴上级支出",
              "business": "经营支出", "subsidy_to_affiliated": "对附属单位补助支出"}
_T09_COLS = {"three_public": "total", "overseas": "overseas", "vehicle": "vehicle", "vehicle_purchase": "vehicle_purchase",
             "vehicle_operation": "vehicle_operation", "reception": "reception", "meeting": "meeting", "training": "training"}
_T09_NAMES = {"three_public": "“三公”经费合计", "overseas": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
              "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费",
              "meeting": "会议费", "training": "培训费"}

# phrase -> entity; the longest phrase ending last before the number wins
_LEXICON: list[tuple[str, str]] = sorted([
    ("收入支出总计", "income_grand_total"), ("收入总计", "income_grand_total"), ("支出总计", "expenditure_grand_total"),
    ("本年收入合计", "income_total"), ("本年支出合计", "expenditure_total"),
    ("财政拨款收入", "income:appropriation"), ("上级补助收入", "income:superior_subsidy"),
    ("事业收入", "income:public_service_income"), ("经营收入", "income:business_income"),
    ("附属单位上缴收入", "income:affiliated_remittance"), ("其他收入", "income:other_income"),
    ("基本支出", "exp:basic"), ("项目支出", "exp:project"), ("上缴上级支出", "exp:remittance_to_superior"),
    ("经营支出", "exp:business"), ("对附属单位补助支出", "exp:subsidy_to_affiliated"),
    ("一般公共预算财政拨款支出", "general_budget"), ("一般公共预算财政拨款基本支出", "general_basic"),
    ("财政拨款支出", "general_budget"),
    ("人员经费", "personnel"), ("人员支出", "personnel"), ("公用经费", "public"), ("公用支出", "public"),
    ("“三公”经费", "three_public"), ("三公经费", "three_public"), ("因公出国（境）费", "overseas"),
    ("公务用车购置及运行维护费", "vehicle"), ("公务用车购置费", "vehicle_purchase"),
    ("公务用车运行维护费", "vehicle_operation"), ("公务接待费", "reception"), ("会议费", "meeting"), ("培训费", "training"),
    ("机关运行经费", "agency"),
    ("政府采购支出总额", "proc:total"), ("政府采购金额", "proc:total"), ("政府采购支出", "proc:total"),
    ("货物支出", "proc:goods"), ("货物采购金额", "proc:goods"), ("工程支出", "proc:works"), ("工程采购金额", "proc:works"),
    ("服务支出", "proc:services"), ("服务采购金额", "proc:services"),
    ("授予中小企业合同金额", "proc:sme_total"), ("授予小微企业合同金额", "proc:small_micro"),
], key=lambda p: -len(p[0]))

_ATTR = re.compile(r"(年初预算数?|全年预算数?|调整后预算数?|预算数?|支出决算数?|决算数?|全年执行数?|执行数|实际支出)(?:为|是)?\s*$")


def attr_of(prefix: str) -> str:
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


def bind(report: PublishedReport, profile: Profile) -> None:
    """Bind every claim of the report (in place) and fill the model's stated facts."""
    b = Binder(report, profile)
    paragraphs: dict[int, list[Sentence]] = {}
    for s in report.sentences:
        paragraphs.setdefault(s.paragraph, []).append(s)
    state: dict[str, object] = {}
    for sents in paragraphs.values():
        _bind_paragraph(b, sents, state)
    _shares_to_hundred(b)
    _initial_budgets(b)
    _facts(b)
    _reasons(b, paragraphs)
    _restatements(b)
    _indicators(b)
    _assets(b)
    for c in report.claims:
        if c.checks:
            c.bound = True


def _facts(b: Binder) -> None:
    """Write the figures only the prose states into the model (机关运行经费, 政府采购)."""
    m = b.m
    f = b.facts
    if "agency:actual" in f:
        m.agency_running_costs.actual = f["agency:actual"].wan
    if "agency:budget" in f:
        m.agency_running_costs.budget = f["agency:budget"].wan
    for key, attr in (("proc:total", "total"), ("proc:goods", "goods"), ("proc:works", "works"),
                      ("proc:services", "services"), ("proc:sme_total", "sme_total"),
                      ("proc:small_micro", "small_micro")):
        if f"{key}:actual" in f:
            setattr(m.procurement, attr, f[f"{key}:actual"].wan)
    text = {s.index: s for s in b.r.sentences}
    for s in text.values():
        mm = re.search(r"联系电话[:：]\s*([（(]?\d[\d（）()\-— ]{6,})", s.text)
        if mm and not m.unit.contact_phone:
            m.unit.contact_phone = mm.group(1).strip()
    for s in b.r.sentences:
        sec = " ".join(s.section)
        if ("主要职责" in sec or "主要职能" in sec) and not m.unit.duties and len(s.text) > 10:
            m.unit.duties = s.text
        perf = m.performance
        if "专项资金" in sec and not perf.special_funds:
            perf.special_funds = s.text
        elif "单位重点评价" in sec and not perf.unit_key_projects:
            perf.unit_key_projects = s.text
        elif "财政重点评价" in sec and not perf.fiscal_key_projects:
            perf.fiscal_key_projects = s.text
        elif "绩效管理工作" in sec and not perf.management:
            perf.management = s.text


def _reasons(b: Binder, paragraphs: dict[int, list[Sentence]]) -> None:
    """The unit's reasons (主要原因) by the section and wording that carry them."""
    m = b.m
    item: str | None = None
    last_section: tuple[str, ...] = ()
    for sents in paragraphs.values():
        sec = " ".join(sents[0].section[-2:])
        if sents[0].section != last_section:
            item, last_section = None, sents[0].section
        for s in sents:
            ent = b.entity(s, s.text, sec)
            if ent and ent.startswith("I:"):
                item = ent[2:]
            mm = re.search(r"主要原因(?:是|为)?[:：]?(.+?)$", s.text)
            if not mm:
                continue
            reason = mm.group(1).strip()
            if item is not None:
                ib = m.item_budget(item)
                if ib is None:
                    ib = ItemBudget(item)
                    m.item_budgets.append(ib)
                ib.reason = ib.reason or reason
                continue
            prior = "上年" in s.text or "增长" in s.text[:mm.start()] or "增加" in s.text[:mm.start()]
            key = None
            if "一般公共预算财政拨款支出" in sec:
                key = "general_budget_change" if prior and "与上年" in s.text else "general_budget_variance"
            elif "财政拨款收入支出决算总体" in sec:
                key = "appropriation_change"
            elif "收入支出决算总体" in sec:
                key = "total_change"
            elif "机关运行经费" in sec + s.text:
                key = "agency_running_costs_change" if prior else "agency_running_costs_variance"
            else:
                for word, base in (("培训费", "training"), ("会议费", "meeting"), ("三公", "three_public")):
                    if word in sec:
                        key = f"{base}_change" if "上年" in s.text else f"{base}_variance"
                        break
            if key and key not in m.reasons:
                m.reasons[key] = reason


def _shares_to_hundred(b: Binder) -> None:
    """Shares listed in one sentence that were forced to add up to 100%: a one-digit miss is 尾差."""
    by_sentence: dict[int, list[Claim]] = {}
    for c in b.r.claims:
        if c.kind == "share":
            by_sentence.setdefault(c.sentence.index, []).append(c)
    for cs in by_sentence.values():
        if len(cs) < 3 or sum(c.value for c in cs) != 100:
            continue
        for c in cs:
            for ch in c.checks:
                if ch.rule == R_PERCENT and ch.outcome == "mismatch" and ch.difference is not None:
                    ulp = Decimal(1).scaleb(c.value.as_tuple().exponent)  # type: ignore[arg-type]
                    if abs(ch.difference) <= ulp:
                        ch.outcome = "rounding"
                        ch.note = "各项占比为合计成100%而调整了末位"


def _initial_budgets(b: Binder) -> None:
    """The stated 年初预算 of 一般公共预算财政拨款支出 against the 年初预算 stated for each 项."""
    for attr in ("initial", "full"):
        total = b.facts.get(f"general_budget:{attr}")
        parts = [c for k, c in b.facts.items() if k.startswith("item:") and k.endswith(f":{attr}")]
        if total is None or not parts:
            continue
        vals = [p.wan for p in parts]
        o, diff = compare_sum(total.wan, vals)
        total.checks.append(Check(R_SUM, f"各项级科目{'年初' if attr == 'initial' else '全年'}预算数之和（{len(parts)} 项）",
                                  sum(vals, ZERO), _outcome(o), diff))
        for p in parts:
            p.bound = True
            if not p.checks:
                p.checks.append(Check(R_SUM, f"计入{total.text}", None, "exact"))


def _sec(s: Sentence) -> str:
    return " ".join(s.section[-3:])


def _bind_paragraph(b: Binder, sents: list[Sentence], state: dict[str, object]) -> None:
    # the entity the text is about carries over to the next paragraph of the same section
    same = state.get("section") == sents[0].section
    current = state.get("current") if same else None
    state["section"] = sents[0].section
    # operands may sit in the previous paragraph of the same section (a sentence per line in some PDFs)
    prev_claims: list[Claim] = list(state.get("claims", [])) if same else []  # type: ignore[arg-type]
    for s in sents:
        claims = b.by_sentence.get(s.index, [])
        section = _sec(s)
        ent_in_sentence = b.entity(s, s.text, section)
        if "（项）" in s.text and not (ent_in_sentence and ent_in_sentence.startswith("I:")):
            current = None  # an item the tables do not print: bind nothing to the previous one
        if ent_in_sentence and ent_in_sentence.startswith("I:"):
            current = ent_in_sentence
            _item_reason(b, ent_in_sentence[2:], sents, s)
        for c in claims:
            before = s.text[:c.start]
            ent = b.entity(s, before, section) or current
            c.target = ent
            if c.kind in ("amount",) and ent:
                _bind_amount(b, c, ent, section)
        if ent_in_sentence and not ent_in_sentence.startswith("I:") and claims:
            current = current if current and current.startswith("I:") and ent_in_sentence in ("general_budget",) else ent_in_sentence
        _frames(b, s, claims, prev_claims, section)
        prev_claims = prev_claims + claims
    state["current"] = current
    state["claims"] = prev_claims[-12:]
    _performance(b, sents)


def _bind_amount(b: Binder, c: Claim, ent: str, section: str) -> None:
    prefix = c.sentence.text[:c.start]
    clause = prefix[max(prefix.rfind("，"), prefix.rfind("；"), prefix.rfind("。")) + 1:]
    attr = attr_of(clause)
    if ent in ("income_grand_total", "expenditure_grand_total", "appr_income_grand_total",
               "appr_expenditure_grand_total") and re.search(r"收入总计、支出总计|收入支出总计|收入、支出总计", prefix):
        base = "appr_" if ent.startswith("appr_") else ""
        for e in (base + "income_grand_total", base + "expenditure_grand_total"):
            _compare_table(b, c, e, "actual")
        b.facts.setdefault(base + "grand_total", c)
        return
    if ent.startswith("income:") and "收入" not in section and "收入" not in prefix[-10:]:
        return
    if ent.startswith("proc:") and ("中小企业" in clause or "小微企业" in clause or "中小企业" in prefix[-40:]):
        total = b.facts.get("proc:total:actual")
        if total is not None and "授予" not in clause:
            ok = c.wan <= total.wan
            c.checks.append(Check(R_SUM, f"政府采购总额 {total.text}", total.wan, "exact" if ok else "mismatch",
                                  None if ok else c.wan - total.wan, "" if ok else "面向中小企业的金额大于政府采购总额"))
            return
    if re.search(r"(全年预算数|全年执行数|执行数|预算资金|预算金额)$", clause):
        return  # performance figures: bound in _performance
    if ent.startswith("proc:") or ent == "agency":
        b.facts.setdefault(f"{ent}:{attr}", c)
        if ent == "agency" and attr == "actual":
            fig = b.figure("public", "actual")
            if fig and fig[0] is not None:
                _add(c, R_AGENCY, fig[1] + "（机关运行经费通常等于基本支出中的公用经费）", fig[0], c.wan, severity="warning")
        c.bound = True
        return
    if ent.startswith("I:") and attr in ("initial", "full", "budget"):
        code = ent[2:]
        b.facts.setdefault(f"item:{code}:{attr}", c)
        c.bound = True
        if attr in ("initial", "full"):
            ib = b.m.item_budget(code)
            if ib is None:
                ib = ItemBudget(code)
                b.m.item_budgets.append(ib)
            if attr == "initial" and ib.initial is None:
                ib.initial = c.wan
            elif attr == "full" and ib.full_year is None:
                ib.full_year = c.wan
        return
    if ent == "general_budget" and attr in ("initial", "full", "budget"):
        b.facts.setdefault(f"general_budget:{attr}", c)
        c.bound = True
        if attr == "initial":
            b.m.general_budget_initial = c.wan
        return
    _compare_table(b, c, ent, attr)


def _compare_table(b: Binder, c: Claim, ent: str, attr: str) -> None:
    fig = b.figure(ent, attr)
    if fig is None:
        return
    value, desc = fig
    c.bound = True
    if value is None:
        return
    _add(c, R_TABLE, desc, value, c.wan)


def _add(c: Claim, rule: str, target: str, expected: Decimal | None, found: Decimal, *, severity: str | None = None,
         note: str = "") -> None:
    if expected is None:
        return
    o, diff = compare_equal(found, expected)
    c.checks.append(Check(rule, target, expected, _outcome(o), diff, note, severity))


def _add_percent(c: Claim, rule: str, target: str, num: Decimal, den: Decimal, *, severity: str | None = None,
                 note: str = "") -> None:
    res = compare_percent(c.value, num, den)
    if res is None:
        c.checks.append(Check(R_ZERO_BASE, target, "无意义（分母为0）", "undefined", None,
                              note or "分母为0，比例没有意义，不应写出百分比", "info"))
        return
    o, expected, diff = res
    c.checks.append(Check(rule, target, expected, _outcome(o), diff, note, severity))


# --- sentence frames ----------------------------------------------------------------------------

def _frames(b: Binder, s: Sentence, claims: list[Claim], prev: list[Claim], section: str) -> None:
    text = s.text
    amounts = [c for c in prev + claims if c.kind == "amount" and c.unit in ("万元", "元", "亿元")]
    for c in claims:
        before = text[:c.start]
        if c.kind == "completion":
            _completion(b, c, prev + claims, before)
        elif c.kind == "rate":
            _rate(b, c, prev + claims)
        elif c.kind == "change":
            _change(b, c, prev + claims, before)
        elif c.kind == "share":
            _share(b, c, amounts, before, section)
    _breakdown(b, s, claims, prev)
    _counts(b, s, claims)


def _operand(c: Claim) -> Decimal:
    """A stated operand, or the table figure it matched (more precise) when it matched."""
    for ch in c.checks:
        if ch.rule == R_TABLE and ch.outcome in ("exact", "rounding") and isinstance(ch.expected, Decimal):
            if ch.expected.as_tuple().exponent < c.wan.as_tuple().exponent:  # type: ignore[operator]
                return ch.expected
    return c.wan


def _completion(b: Binder, c: Claim, pool: list[Claim], before: str) -> None:
    amts = [x for x in pool if x.kind == "amount" and (x.sentence.index < c.sentence.index or x.start < c.start)]
    actual = next((x for x in reversed(amts) if attr_of(_clause(x)) == "actual"), None)
    budgets = [x for x in reversed(amts) if attr_of(_clause(x)) in ("initial", "full", "budget")]
    budget = budgets[0] if budgets else None
    if actual is None or budget is None:
        return
    says_initial = "年初预算" in before[-12:]
    initial = next((x for x in budgets if attr_of(_clause(x)) == "initial"), None)
    if says_initial and initial is not None and initial.wan == 0 and budget is not initial:
        initial.checks.append(Check(R_ZERO_BASE, f"与{c.text}一并核对", None, "exact"))
        c.checks.append(Check(R_ZERO_BASE, f"年初预算为0（{initial.text}），完成率应以全年预算计并如实表述", "不应写“完成年初预算的X%”",
                              "mismatch", None, "年初预算为0时不能计算完成年初预算的比例；所写比例实为对全年预算的完成率",
                              "warning"))
        budget_use = budget
    else:
        budget_use = initial if says_initial and initial is not None else budget
    if budget_use.wan == 0:
        c.checks.append(Check(R_ZERO_BASE, f"{budget_use.text}（预算为0）", "无意义（预算为0）", "undefined", None,
                              "预算为0时不应写出完成率", "warning"))
        return
    _add_percent(c, R_PERCENT, f"{actual.text} ÷ {budget_use.text}", _operand(actual), _operand(budget_use))
    for x in (actual, budget_use):
        x.bound = True
        if not x.checks:
            x.checks.append(Check(R_PERCENT, f"与{c.text}一并核对", None, "exact"))
    _comparison_word(c, actual, budget_use)


def _comparison_word(c: Claim, actual: Claim, budget: Claim) -> None:
    text = c.sentence.text[c.end:]
    m = re.search(r"决算数?(大于|小于|高于|低于|超过)(?:年初|全年)?预算数?", text)
    if not m:
        return
    word = m.group(1)
    says_more = word in ("大于", "高于", "超过")
    diff = _operand(actual) - _operand(budget)
    if diff == 0 or (diff > 0) == says_more:
        return
    c.checks.append(Check(R_DIRECTION, f"“决算数{word}预算数”与 {actual.text} / {budget.text} 不符",
                          "大于" if diff > 0 else "小于", "mismatch", None, "比较用词与数据方向不一致"))


def _clause(c: Claim) -> str:
    prefix = c.sentence.text[:c.start]
    return prefix[max(prefix.rfind("，"), prefix.rfind("；"), prefix.rfind("。"), prefix.rfind("：")) + 1:]


def _change(b: Binder, c: Claim, pool: list[Claim], before: str) -> None:
    """A stated difference between 预算 and 决算 (决算数较预算数减少X)."""
    if re.search(r"决算数?(?:较|比)预算数?(增加|减少|多|少|超支|节约)", before[-20:]):
        amts = [x for x in pool if x.kind == "amount" and x.sentence.index <= c.sentence.index
                and (x.sentence.index < c.sentence.index or x.start < c.start)]
        actual = next((x for x in reversed(amts) if attr_of(_clause(x)) == "actual"), None)
        budget = next((x for x in reversed(amts) if attr_of(_clause(x)) in ("initial", "full", "budget")), None)
        if actual is None or budget is None:
            return
        a, bgt = _operand(actual), _operand(budget)
        expected = abs(bgt - a)
        o, diff = compare_equal(c.wan, expected)
        c.checks.append(Check(R_ARITH, f"预算数 {fmt(bgt)} − 决算数 {fmt(a)}", expected, _outcome(o), diff))
        word = c.direction or ""
        less = word in ("减少", "少", "节约", "下降", "降低")
        if a != bgt and less != (a < bgt):
            c.checks.append(Check(R_DIRECTION, "增减用词与预算、决算数不符", "减少" if a < bgt else "增加", "mismatch"))


def fmt(d: Decimal) -> str:
    return format(d, "f")


def _rate(b: Binder, c: Claim, pool: list[Claim]) -> None:
    """增长 / 下降 X% against the stated change and the current figure."""
    earlier = [x for x in pool if x.sentence.index < c.sentence.index or x.start < c.start]
    change = next((x for x in reversed(earlier) if x.kind == "change"), None)
    if change is None or change.sentence.index != c.sentence.index:
        return
    current_claim = next((x for x in reversed(earlier) if x.kind == "amount" and x.start < change.start
                          and x.sentence.index == change.sentence.index), None)
    current: Decimal | None = None
    if current_claim is not None:
        current = _operand(current_claim)
    elif change.target:
        fig = b.figure(change.target, "actual")
        current = fig[0] if fig else None
    if current is None:
        return
    word_up = change.direction in ("增加", "增长", "多", "提高", "上升")
    prior = current - change.wan if word_up else current + change.wan
    rate_up = c.direction in ("增长", "增加", "提高", "上升")
    if c.direction and change.direction and rate_up != word_up:
        c.checks.append(Check(R_DIRECTION, f"{change.direction}{change.text}", "增长" if word_up else "下降", "mismatch", None,
                              "增减额与增减率的方向用词不一致"))
    if prior == 0:
        c.checks.append(Check(R_ZERO_BASE, f"上年数为0（{fmt(current)} − {change.text}）", "无意义（上年为0）", "mismatch",
                              None, "上年数为0时增长率没有意义，不应写出增长百分比", "warning"))
        change.bound = True
        if not change.checks:
            change.checks.append(Check(R_ARITH, "本年数 − 上年数", current, "exact"))
        return
    _add_percent(c, R_PERCENT, f"{change.text} ÷ 上年数 {fmt(prior)}（{fmt(current)} {'−' if word_up else '+'} {change.text}）",
                 change.wan, prior)
    change.bound = True
    if not change.checks:
        change.checks.append(Check(R_ARITH, f"与{c.text}一并核对", None, "exact"))
    _record_prior(b, change, prior)


def _record_prior(b: Binder, change: Claim, prior: Decimal) -> None:
    p = b.m.prior
    t = change.target or ""
    q = quantize(prior)
    if t in ("income_grand_total", "expenditure_grand_total"):
        p.income_grand_total = p.income_grand_total or q
        p.expenditure_grand_total = p.expenditure_grand_total or q
    elif t.startswith("appr_"):
        p.appropriation_grand_total = p.appropriation_grand_total or q
    elif t == "general_budget":
        p.general_budget_expenditure = p.general_budget_expenditure or q
    elif t == "agency":
        p.agency_running_costs = p.agency_running_costs or q


_DENOMINATORS: list[tuple[str, str]] = [
    ("本年支出合计", "expenditure_total"), ("本年收入合计", "income_total"),
    ("政府采购支出合同总额", "proc:total:actual"), ("政府采购支出总额", "proc:total:actual"),
    ("授予中小企业合同金额", "proc:sme_total:actual"), ("政府采购货物支出合同金额", "proc:goods:actual"),
    ("政府采购工程支出合同金额", "proc:works:actual"), ("政府采购服务支出合同金额", "proc:services:actual"),
    ("项目支出总额", "project_total"), ("一般公共预算财政拨款支出", "general_budget"),
]


def _share(b: Binder, c: Claim, amounts: list[Claim], before: str, section: str) -> None:
    clause = before[max(before.rfind("；"), before.rfind("。")) + 1:]
    m = re.search(r"占([^，；。]*?)的?\s*$", clause)
    den_phrase = m.group(1) if m else ""
    # numerator: an entity named right before 占 without a number, else the last stated amount
    num_claim = next((x for x in reversed(amounts) if x.sentence.index == c.sentence.index and x.start < c.start
                      and x.start > before.rfind("；")), None)
    if num_claim is None:
        num_claim = next((x for x in reversed(amounts) if x.sentence.index < c.sentence.index
                          and x.sentence.paragraph == c.sentence.paragraph), None)
    head = clause[: clause.find("占")] if "占" in clause else ""
    num: Decimal | None = None
    num_text = ""
    if head and re.search(r"中小企业合同金额$", head):
        kind = "goods" if "货物" in head else "works" if "工程" in head else "services" if "服务" in head else "sme_total"
        sme_total = b.facts.get("proc:sme_total:actual")
        if kind != "sme_total" and sme_total is not None and sme_total.wan == 0:
            num, num_text = ZERO, f"{head}（中小企业合同总额为0）"
    if num is None and num_claim is not None:
        num, num_text = _operand(num_claim), num_claim.text
    if num is None:
        return
    den: Decimal | None = None
    den_text = ""
    for phrase, key in _DENOMINATORS:
        if phrase in den_phrase:
            if key.startswith("proc:"):
                f = b.facts.get(key)
                if f is not None:
                    den, den_text = _operand(f), f"{phrase} {f.text}"
            elif key == "project_total":
                den, den_text = _project_total_den(b)
            else:
                fig = b.figure(key, "actual")
                if fig and fig[0] is not None:
                    den, den_text = fig[0], fig[1]
            break
    if den is None and not den_phrase:
        key = ("income_total" if "收入" in section and "支出" not in section[-12:] else
               "general_budget" if "一般公共预算" in section or "（类）" in c.sentence.text else
               "three_public" if "三公" in section else "expenditure_total")
        fig = b.figure(key, "actual")
        if fig and fig[0] is not None:
            den, den_text = fig[0], fig[1]
        if key == "income_total" and "支出" in section:
            fig = b.figure("expenditure_total", "actual")
            den, den_text = (fig[0], fig[1]) if fig else (None, "")
    if den is None:
        return
    if num_claim is not None:
        num_claim.bound = True
    _add_percent(c, R_PERCENT, f"{num_text} ÷ {den_text}", num, den)
    if "项目支出总额" in den_phrase and c.checks and c.checks[-1].outcome == "mismatch":
        _alternative_base(b, c, num, den_text)


def _project_total_den(b: Binder) -> tuple[Decimal | None, str]:
    fig = b.figure("exp:project", "actual")
    if fig and fig[0] is not None:
        return fig[0], "公开03表 项目支出合计"
    return None, ""


def _alternative_base(b: Binder, c: Claim, num: Decimal, den_text: str) -> None:
    """When a share misses its named base, say which printed figure it was actually computed on."""
    ov = b.m.performance.overall
    cands: list[tuple[Decimal | None, str]] = []
    if ov is not None:
        cands.append((ov.budget_full_year, "整体支出绩效自评表 全年预算数合计"))
    for val, desc in cands:
        if val is None or val == 0:
            continue
        res = compare_percent(c.value, num, val)
        if res and res[0] is not Outcome.MISMATCH:
            last = c.checks[-1]
            last.severity = "warning"
            last.note = f"所写比例是以{desc}（{fmt(val)}万元）为分母算出的，与所称“项目支出总额”（{den_text}）口径不符"
            return


def _breakdown(b: Binder, s: Sentence, claims: list[Claim], prev: list[Claim]) -> None:
    """A total followed by 其中 parts: the parts add up to it (one part: not more than it)."""
    text = s.text
    for m in re.finditer(r"其中", text):
        pos = m.start()
        after = [c for c in claims if c.start > pos and c.kind in ("amount", "count", "quantity")]
        before = [c for c in claims if c.end <= pos and c.kind in ("amount", "count", "quantity")
                  and (not after or c.unit == after[0].unit)]
        total = before[-1] if before else None
        if total is None and pos < 3:
            total = next((c for c in reversed(prev) if c.kind in ("amount", "count", "quantity")
                          and c.sentence.paragraph == s.paragraph), None)
        if total is None:
            continue
        parts: list[Claim] = []
        for c in claims:
            if c.start <= pos or c.unit != total.unit or c.kind not in ("amount", "count", "quantity"):
                continue
            if re.match(r"\s*[，,]?\s*其中", text[c.end:c.end + 4]):
                break
            parts.append(c)
        if not parts:
            continue
        t = _operand(total)
        vals = [_operand(p) for p in parts]
        label = f"{total.text} 的分项（{'、'.join(p.text for p in parts)}）之和"
        if len(parts) == 1:
            ok = vals[0] <= t or compare_equal(vals[0], t)[0] is not Outcome.MISMATCH
            total.checks.append(Check(R_SUM, f"分项 {parts[0].text} 不超过合计", t, "exact" if ok else "mismatch",
                                      None if ok else vals[0] - t, "" if ok else "分项大于合计"))
            parts[0].bound = True
            if not parts[0].checks:
                parts[0].checks.append(Check(R_SUM, f"不超过{total.text}", None, "exact"))
            continue
        o, diff = compare_sum(t, vals)
        sev = None if sum(vals) > t or o is not Outcome.MISMATCH else "warning"
        note = "" if o is not Outcome.MISMATCH else ("分项之和大于合计" if sum(vals) > t else "分项之和小于合计（可能漏列分项或数字有误）")
        total.checks.append(Check(R_SUM, label, sum(vals, ZERO), _outcome(o), diff, note, sev))
        for p in parts:
            p.bound = True
            if not p.checks:
                p.checks.append(Check(R_SUM, f"{total.text} 的分项", None, "exact"))


_LIST_COUNT = re.compile(r"(内设机构|内设科室|科室|机构|下属单位|所属单位|二级单位)(?:共)?(\d+)个[，,]?(?:分别为|分别是|包括|即|为)[:：]?(.+?)(?:[。；]|$)")


def _counts(b: Binder, s: Sentence, claims: list[Claim]) -> None:
    m = _LIST_COUNT.search(s.text)
    if m:
        names = [x.strip() for x in re.split(r"[、，,；]", m.group(3)) if x.strip() and x.strip() not in ("等",)]
        names = [re.sub(r"等$", "", n) for n in names]
        claim = next((c for c in claims if c.start >= m.start(2) and c.unit == "个"), None)
        if claim is not None:
            n = Decimal(len(names))
            o = "exact" if claim.value == n else "mismatch"
            claim.checks.append(Check(R_COUNT, f"所列名称 {len(names)} 个（{'、'.join(names)}）", n, o,
                                      claim.value - n if o == "mismatch" else Decimal(0)))
            if m.group(1).startswith("内设") and not b.m.unit.departments:
                b.m.unit.departments = names
    m2 = re.search(r"离退休人员(\d+)人", s.text)
    if m2:
        claim = next((c for c in claims if c.start == m2.start(1)), None)
        t6 = b.m.tables.get("T06")
        if claim is not None and t6 is not None:
            pay = sum((t6.value(k, "amount") or ZERO for k in ("30301", "30302")), ZERO)
            ok = (claim.value == 0) == (pay == 0)
            claim.checks.append(Check(R_COUNT, f"公开06表 离休费+退休费 {fmt(pay)} 万元", "有离退休费" if pay else "无离退休费",
                                      "exact" if ok else "mismatch", None,
                                      "" if ok else "离退休人员数与离退休费支出不一致", "warning"))
            b.m.unit.staffing.retirees = int(claim.value)
    st = b.m.unit.staffing
    for pat, attr in ((r"人员编制(\d+)人", "authorized_total"), (r"实有人员(\d+)人", "actual_total")):
        mm = re.search(pat, s.text)
        if mm and getattr(st, attr) is None:
            setattr(st, attr, int(mm.group(1)))


def _item_reason(b: Binder, code: str, sents: list[Sentence], s: Sentence) -> None:
    text = "".join(x.text for x in sents)
    m = re.search(r"主要原因(?:是)?[:：](.+?。)", text)
    ib = b.m.item_budget(code)
    if m and ib is not None and not ib.reason:
        ib.reason = m.group(1)


# --- performance --------------------------------------------------------------------------------

def _evaluations(b: Binder) -> list[tuple[str, Evaluation]]:
    perf = b.m.performance
    out: list[tuple[str, Evaluation]] = []
    if perf.overall is not None:
        out.append((perf.overall.name or "整体支出", perf.overall))
    out.extend((p.name, p) for p in perf.projects)
    return out


def _performance(b: Binder, sents: list[Sentence]) -> None:
    if not sents:
        return
    section = _sec(sents[0])
    text = "".join(s.text for s in sents)
    if not re.search(r"绩效|自评|执行率", section + text):
        return
    perf = b.m.performance
    target_name: str | None = None
    target: tuple[str, object] | None = None  # ("overall"|"project"|"task", obj)
    for p in perf.projects:
        if p.name and p.name in text:
            target, target_name = ("project", p), p.name
    if target is None and perf.overall is not None:
        for t in perf.overall.tasks:
            if t.name and re.search(re.escape(t.name) + r"(项目)?.{0,6}(绩效|综述|：)", text):
                target, target_name = ("task", t), t.name
        if target is None and ("整体" in text or "整体" in section):
            target, target_name = ("overall", perf.overall), "部门（单位）整体支出绩效自评表"
    claims = [c for s in sents for c in b.by_sentence.get(s.index, [])]
    for c in claims:
        clause = _clause(c)
        after = c.sentence.text[c.end:c.end + 8]
        if c.kind == "count" and after.startswith(("一级项目", "项目")) and perf.projects and "绩效自评" in c.sentence.text:
            _add(c, R_PERF, f"项目绩效自评表 {len(perf.projects)} 张", Decimal(len(perf.projects)), c.value)
            continue
        if c.kind == "count" and after.startswith("单位") and "反映" in clause:
            n = len(b.m.unit.units_covered) or None
            if n:
                _add(c, R_COUNT, f"决算单位构成 {n} 个", Decimal(n), c.value)
            continue
        if c.kind == "score" or (c.unit == "分" and "得分" in clause):
            ev = target[1] if target and target[0] in ("overall", "project") else perf.overall
            if isinstance(ev, Evaluation) and ev.total_score is not None and "平均" not in clause:
                _add(c, R_PERF, f"{target_name or '整体支出绩效自评表'} 总分 得分", ev.total_score, c.value)
            m = re.search(r"自评等级(?:为)?[“\"]?([优良中差合格不]+)", text)
            if m and isinstance(ev, Evaluation) and not ev.grade:
                ev.grade = m.group(1)
            continue
        if target is None:
            if c.kind == "amount" and "涉及预算资金" in clause and perf.projects:
                tot = sum((p.budget_full_year or ZERO for p in perf.projects), ZERO)
                _add(c, R_PERF, "各项目绩效自评表 全年预算数之和", tot, c.wan)
            continue
        kind, obj = target
        budget = actual = rate = None
        if kind == "task":
            budget, actual, rate = obj.budget_total, obj.actual_total, obj.rate  # type: ignore[attr-defined]
        else:
            budget, actual, rate = obj.budget_full_year, obj.budget_actual, obj.budget_rate  # type: ignore[attr-defined]
        if c.kind == "amount" and re.search(r"预算数?$", clause):
            _add(c, R_PERF, f"{target_name} 全年预算数", budget, c.wan)
        elif c.kind == "amount" and re.search(r"执行数?$", clause):
            _add(c, R_PERF, f"{target_name} 全年执行数", actual, c.wan)
        elif c.kind == "completion" and rate is not None:
            _add(c, R_PERF, f"{target_name} 执行率", rate, c.value)


# --- across the document ------------------------------------------------------------------------

_GENERIC = {"年初预算", "全年预算数", "全年执行数", "执行数", "预算数", "全年预算", "执行率", "预算资金", "支出决算", "预算", "决算", "合计", "总计", "其中", "行政",
            "事业", "支出", "收入", "金额", "预算金额", "采购金额", "涉及预算金额", "平均得分"}


def _key(label: str) -> str:
    t = re.sub(r"^(?:本单位|我局|我单位|本部门|单位|其中|共|全年|本年)", "", label)
    return t


def _restatements(b: Binder) -> None:
    """The same statement made twice (the attachments restate the main text) must agree."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for c in b.r.claims:
        if c.kind in ("change", "rate", "share", "completion", "score"):
            continue
        k = _key(c.label)
        if len(k) < 2 or k in _GENERIC or c.label in _GENERIC or c.target and (c.target.startswith(("I:", "C:")) or c.checks and c.checks[0].rule == R_TABLE):
            continue
        groups.setdefault((k[-6:], c.unit), []).append(c)
    for (_k, _u), cs in groups.items():
        if len(cs) < 2 or len({c.sentence.index for c in cs}) < 2:
            continue
        first = cs[0]
        for c in cs[1:]:
            if c.sentence.index == first.sentence.index:
                continue
            o, diff = compare_equal(c.value, first.value)
            where = " / ".join(first.sentence.section[-1:])
            c.checks.append(Check(R_RESTATE, f"{where}：“{first.sentence.text[:40]}…”中的 {first.text}", first.value,
                                  _outcome(o), diff))
            if not first.checks or all(ch.rule == R_RESTATE for ch in first.checks):
                first.checks.append(Check(R_RESTATE, f"另见 {c.text}", c.value, _outcome(o), -diff if diff else diff))


def _indicator_value(text: str | None) -> tuple[Decimal, str] | None:
    if not text:
        return None
    m = re.search(r"(\d+(?:\.\d+)?)\s*(万人次|万|%|％|条|个|项|次|人次|件|小时|分)?", text)
    if not m:
        return None
    return Decimal(m.group(1)), (m.group(2) or "")


def _indicators(b: Binder) -> None:
    """A number the prose gives for a performance indicator matches the table's 实际完成值."""
    inds = [(ev, i) for _n2, ev in _evaluations(b) for i in ev.indicators]
    if not inds:
        return
    for c in b.r.claims:
        if c.kind not in ("count", "quantity", "percent") or not c.label:
            continue
        label = _key(c.label)
        best: tuple[int, object] | None = None
        for n in range(len(label), 1, -1):
            key = label[-n:]
            if n < 4 and key != label:
                continue
            hit = next(((ev, i) for ev, i in inds if key in i.name), None)
            if hit:
                best = (n, hit)
                break
        if best is None:
            continue
        _ev, ind = best[1]  # type: ignore[misc]
        got = _indicator_value(ind.achieved)
        if got is None:
            continue
        val, unit = got
        cu = c.unit.replace("％", "%")
        if unit and not (unit == cu or (unit.startswith("万") and cu.startswith("万")) or (unit == "%" and cu == "%")):
            continue
        o, diff = compare_equal(c.value, val)
        c.checks.append(Check(R_PERF, f"绩效指标“{ind.name}”实际完成值 {ind.achieved}", val, _outcome(o), diff,
                              "" if o is not Outcome.MISMATCH else "叙述数字与绩效自评表的指标实际完成值不一致", "warning"))


def _assets(b: Binder) -> None:
    """“无国有资产占用及购置” against equipment counts and goods procurement stated elsewhere."""
    none_stmt = next((s for s in b.r.sentences if re.search(r"无国有资产(占用|购置)", s.text)), None)
    if none_stmt is None:
        for s in b.r.sentences:
            if "国有资产" in s.text and len(s.text) < 80 and not b.m.assets.statement:
                b.m.assets.statement = s.text
        return
    b.m.assets.statement = none_stmt.text
    for c in b.r.claims:
        if c.unit in ("台（套）", "台", "套", "辆") and c.value > 0 and "设备" in c.sentence.text + c.label:
            c.checks.append(Check(R_ASSETS, f"“{none_stmt.text}”（{' / '.join(none_stmt.section[-1:])}）", "0", "mismatch",
                                  None, "文中另称本单位无国有资产占用及购置，与所述设备数量矛盾", "error"))
            b.m.assets.large_equipment = int(c.value)
    goods = b.facts.get("proc:goods:actual")
    if goods is not None and goods.wan > 0:
        goods.checks.append(Check(R_ASSETS, f"“{none_stmt.text}”", "0", "mismatch", None,
                                  "政府采购货物支出大于0，与“无国有资产购置”的表述不一致", "warning"))

