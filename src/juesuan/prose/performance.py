"""Performance prose (绩效自评综述, 项目绩效) against the performance tables: scores, budgets,
execution, rates, the number of projects, and the indicators' 实际完成值."""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.core.amounts import ZERO, Outcome, compare_equal
from juesuan.core.model import Evaluation
from juesuan.prose.claims import Check
from juesuan.prose.compare import R_COUNT, R_PERF, add, clause_of
from juesuan.prose.context import BindingContext
from juesuan.prose.sentences import Sentence


def _section(s: Sentence) -> str:
    return " ".join(s.section[-3:])


def evaluations(ctx: BindingContext) -> list[tuple[str, Evaluation]]:
    perf = ctx.model.performance
    out: list[tuple[str, Evaluation]] = []
    if perf.overall is not None:
        out.append((perf.overall.name or "整体支出", perf.overall))
    out.extend((p.name, p) for p in perf.projects)
    return out


def performance(ctx: BindingContext, sents: list[Sentence]) -> None:
    """Bind the figures of one paragraph that speaks of performance."""
    if not sents:
        return
    section = _section(sents[0])
    text = "".join(s.text for s in sents)
    if not re.search(r"绩效|自评|执行率", section + text):
        return
    perf = ctx.model.performance
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
    claims = [c for s in sents for c in ctx.claims_by_sentence.get(s.index, [])]
    for c in claims:
        clause = clause_of(c)
        after = c.sentence.text[c.end:c.end + 8]
        if c.kind == "count" and after.startswith(("一级项目", "项目")) and perf.projects and "绩效自评" in c.sentence.text:
            add(c, R_PERF, f"项目绩效自评表 {len(perf.projects)} 张", Decimal(len(perf.projects)), c.value)
            continue
        if c.kind == "count" and after.startswith("单位") and "反映" in clause:
            n = len(ctx.model.unit.units_covered) or None
            if n:
                add(c, R_COUNT, f"决算单位构成 {n} 个", Decimal(n), c.value)
            continue
        if c.kind == "score" or (c.unit == "分" and "得分" in clause):
            ev = target[1] if target and target[0] in ("overall", "project") else perf.overall
            if isinstance(ev, Evaluation) and ev.total_score is not None and "平均" not in clause:
                add(c, R_PERF, f"{target_name or '整体支出绩效自评表'} 总分 得分", ev.total_score, c.value)
            m = re.search(r"自评等级(?:为)?[“\"]?([优良中差合格不]+)", text)
            if m and isinstance(ev, Evaluation) and not ev.grade:
                key = "overall" if ev is perf.overall else ev.name
                ctx.facts.grades.setdefault(key, m.group(1))
            continue
        if target is None:
            if c.kind == "amount" and "涉及预算资金" in clause and perf.projects:
                tot = sum((p.budget_full_year or ZERO for p in perf.projects), ZERO)
                add(c, R_PERF, "各项目绩效自评表 全年预算数之和", tot, c.wan)
            continue
        kind, obj = target
        if kind == "task":
            budget, actual, rate = obj.budget_total, obj.actual_total, obj.rate  # type: ignore[attr-defined]
        else:
            budget, actual, rate = obj.budget_full_year, obj.budget_actual, obj.budget_rate  # type: ignore[attr-defined]
        if c.kind == "amount" and re.search(r"预算数?$", clause):
            add(c, R_PERF, f"{target_name} 全年预算数", budget, c.wan)
        elif c.kind == "amount" and re.search(r"执行数?$", clause):
            add(c, R_PERF, f"{target_name} 全年执行数", actual, c.wan)
        elif c.kind == "completion" and rate is not None:
            add(c, R_PERF, f"{target_name} 执行率", rate, c.value)


def _indicator_value(text: str | None) -> tuple[Decimal, str] | None:
    if not text:
        return None
    m = re.search(r"(\d+(?:\.\d+)?)\s*(万人次|万|%|％|条|个|项|次|人次|件|小时|分)?", text)
    if not m:
        return None
    return Decimal(m.group(1)), (m.group(2) or "")


def indicators(ctx: BindingContext, key_of: object) -> None:
    """A number the prose gives for a performance indicator matches the table's 实际完成值."""
    inds = [(ev, i) for _name, ev in evaluations(ctx) for i in ev.indicators]
    if not inds:
        return
    for c in ctx.claims:
        if c.kind not in ("count", "quantity", "percent") or not c.label:
            continue
        label = key_of(c.label)  # type: ignore[operator]
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
        c.checks.append(Check(R_PERF, f"绩效指标“{ind.name}”实际完成值 {ind.achieved}", val, o.value, diff,
                              "" if o is not Outcome.MISMATCH else "叙述数字与绩效自评表的指标实际完成值不一致", "warning"))
