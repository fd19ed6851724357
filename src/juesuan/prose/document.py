"""Across the whole document: the same statement made twice must agree, “无国有资产占用及购置” against
the equipment and procurement stated elsewhere, and the texts the prose states (reasons, duties,
contact phone, performance summaries) kept as stated facts."""

from __future__ import annotations

import re

from juesuan.core.amounts import compare_equal
from juesuan.prose.claims import Check, Claim
from juesuan.prose.compare import R_ASSETS, R_RESTATE, R_TABLE
from juesuan.prose.context import BindingContext
from juesuan.prose.entities import attribute
from juesuan.prose.lexicon import lexicon
from juesuan.prose.sentences import Sentence
from juesuan.rules import catalogue

_ATTRIBUTE_ONLY = re.compile(r"(?:年度|本年|上年)?(?:支出)?(?:决算|预算|执行)数?(?:为|是)?")


def restatement_key(label: str) -> str:
    return re.sub(r"^(?:本单位|我局|我单位|本部门|单位|其中|共|全年|本年)", "", label)


def restatements(ctx: BindingContext) -> None:
    """The same statement made twice (the attachments restate the main text) must agree."""
    generic = lexicon().generic_labels
    groups: dict[tuple[str, str], list[Claim]] = {}
    for c in ctx.claims:
        if c.kind in ("change", "rate", "share", "completion", "score"):
            continue
        k = restatement_key(c.label)
        if len(k) < 2 or k in generic or attribute(k) != "actual" or _ATTRIBUTE_ONLY.fullmatch(k) or c.label in generic or c.target and (
                c.target.startswith(("I:", "C:", "A:")) or c.checks and c.checks[0].rule == R_TABLE):
            continue
        groups.setdefault((k, c.unit), []).append(c)  # the whole label: 自然科学基金项目 is not 社会科学基金项目
    for cs in groups.values():
        if len(cs) < 2 or len({c.sentence.index for c in cs}) < 2:
            continue
        first = cs[0]
        for c in cs[1:]:
            if c.sentence.index == first.sentence.index:
                continue
            o, diff = compare_equal(c.value, first.value)
            where = " / ".join(first.sentence.section[-1:])
            c.checks.append(Check(R_RESTATE, f"{where}：“{first.sentence.text[:40]}…”中的 {first.text}", first.value,
                                  o.value, diff))
            if not first.checks or all(ch.rule == R_RESTATE for ch in first.checks):
                first.checks.append(Check(R_RESTATE, f"另见 {c.text}", c.value, o.value, -diff if diff else diff))


def assets(ctx: BindingContext) -> None:
    """“无国有资产占用及购置” against equipment counts and goods procurement stated elsewhere."""
    none_stmt = next((s for s in ctx.sentences if re.search(r"无国有资产(占用|购置)", s.text)), None)
    if none_stmt is None:
        for s in ctx.sentences:
            if "国有资产" in s.text and len(s.text) < 80 and not ctx.facts.assets_statement:
                ctx.facts.assets_statement = s.text
        return
    ctx.facts.assets_statement = none_stmt.text
    for c in ctx.claims:
        if c.unit in ("台（套）", "台", "套", "辆") and c.value > 0 and "设备" in c.sentence.text + c.label:
            c.checks.append(Check(R_ASSETS, f"“{none_stmt.text}”（{' / '.join(none_stmt.section[-1:])}）", "0", "mismatch",
                                  None, catalogue.message(R_ASSETS, "equipment"), "error"))
            ctx.facts.large_equipment = int(c.value)
    goods = ctx.stated.get("proc:goods:actual")
    if goods is not None and goods.wan > 0:
        goods.checks.append(Check(R_ASSETS, f"“{none_stmt.text}”", "0", "mismatch", None,
                                  catalogue.message(R_ASSETS, "goods"), "warning"))


def text_facts(ctx: BindingContext) -> None:
    """Contact phone, duties and the performance summaries as the prose states them."""
    f = ctx.facts
    for s in ctx.sentences:
        mm = re.search(r"联系电话[:：]\s*([（(]?\d[\d（）()\-— ]{6,})", s.text)
        if mm and not f.contact_phone:
            f.contact_phone = mm.group(1).strip()
    for s in ctx.sentences:
        sec = " ".join(s.section)
        if ("主要职责" in sec or "主要职能" in sec) and not f.duties and len(s.text) > 10:
            f.duties = s.text
        for word, attr in lexicon().performance_sections:
            if word in sec:
                f.performance_texts.setdefault(attr, s.text)
                break


def item_reason(ctx: BindingContext, code: str, sents: list[Sentence]) -> None:
    """The 主要原因 given in the paragraph of an 项 whose budget the prose states."""
    text = "".join(x.text for x in sents)
    m = re.search(r"主要原因(?:是)?[:：](.+?。)", text)
    if m and ctx.facts.item(code):
        ctx.facts.item_reasons.setdefault(code, m.group(1))


def reasons(ctx: BindingContext, paragraphs: dict[int, list[Sentence]]) -> None:
    """The unit's reasons (主要原因) by the section and wording that carry them."""
    item: str | None = None
    last_section: tuple[str, ...] = ()
    for sents in paragraphs.values():
        sec = " ".join(sents[0].section[-2:])
        if sents[0].section != last_section:
            item, last_section = None, sents[0].section
        for i, s in enumerate(sents):
            ent = ctx.entities.entity(s, s.text, sec)
            if ent and ent.startswith("I:"):
                item = ent[2:]
            mm = re.search(r"主要原因(?:是|为)?[:：]?(.+?)$", s.text)
            if not mm:
                continue
            reason = mm.group(1).strip()
            if item is not None:
                ctx.facts.item_reasons.setdefault(item, reason)
                continue
            # a sentence that opens with 主要原因 gives the reason of the previous one (…下降14.39%。主要原因是…)
            text, at = s.text, mm.start()
            if at == 0 and i > 0:
                text, at = sents[i - 1].text + s.text, len(sents[i - 1].text)
            inner = " ".join(sents[0].section[-1:])  # no section: a text without headings
            key = (_reason_key(text, at, inner) if inner else None) or _reason_key(text, at, sec)
            if key:
                ctx.facts.reasons.setdefault(key, reason)


def _reason_key(text: str, at: int, sec: str) -> str | None:
    """The reason a sentence gives, by its section: called with the innermost heading first, so
    that “（一）“三公”经费…” under “九、…“三公”经费及会议费、培训费…” is 三公's, not 培训费's."""
    against = re.search(lexicon().prior_year["against"], text[:at]) is not None  # 上年, 比2023年度 …
    prior = against or "增长" in text[:at] or "增加" in text[:at]
    if "一般公共预算财政拨款支出" in sec:
        return "general_budget_change" if prior and against else "general_budget_variance"
    if "财政拨款收入支出决算总体" in sec:
        return "appropriation_change"
    if "收入支出决算总体" in sec:
        return "total_change"
    if "机关运行经费" in sec + text:
        return "agency_running_costs_change" if prior else "agency_running_costs_variance"
    for word, base in (("培训费", "training"), ("会议费", "meeting"), ("三公", "three_public")):
        if word in sec:
            return f"{base}_change" if against else f"{base}_variance"
    return None
