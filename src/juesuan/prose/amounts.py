"""Amounts the prose states about named figures: compared with the table cell they name, or kept as
a fact only the prose states (机关运行经费, 政府采购, an 项's 年初预算)."""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.core.amounts import Outcome, compare_equal
from juesuan.prose.claims import Check, Claim
from juesuan.prose.compare import R_AGENCY, R_DIRECTION, R_SUM, R_TABLE, add
from juesuan.prose.context import BindingContext
from juesuan.prose.entities import attribute
from juesuan.prose.lexicon import lexicon
from juesuan.rules import catalogue

_BOTH_TOTALS = re.compile(r"收入总计、支出总计|收入支出总计|收入、支出总计")
_PERFORMANCE_WORDS = re.compile(r"(全年预算数|全年执行数|执行数|预算资金|预算金额)$")
_PROCUREMENT = {"proc:total": "total", "proc:goods": "goods", "proc:works": "works", "proc:services": "services",
                "proc:sme_total": "sme_total", "proc:small_micro": "small_micro"}


def bind_amount(ctx: BindingContext, c: Claim, ent: str, section: str) -> None:
    """Bind an amount to the entity its sentence names (attribute from its clause)."""
    prefix = c.sentence.text[:c.start]
    clause = prefix[max(prefix.rfind("，"), prefix.rfind("；"), prefix.rfind("。")) + 1:]
    attr = attribute(clause)
    if prior_year_amount(clause, ctx.model.year):
        # 上年决算数为X万元: last year's figure, never held against this year's table (audit --prior checks it);
        # kept as the entity's 上年数 for the direction words (prose/directions.py) when the sentence names it
        c.why = "prior_amount"
        if ctx.entities.entity(c.sentence, prefix, section) == ent:
            ctx.prior_stated.setdefault(ent, (c.wan, catalogue.message(R_DIRECTION, "prior_text", text=c.text)))
            ctx.prior_claims.setdefault(ent, c)
        return
    if ent in ("income_grand_total", "expenditure_grand_total", "appr_income_grand_total",
               "appr_expenditure_grand_total") and _BOTH_TOTALS.search(prefix):
        base = "appr_" if ent.startswith("appr_") else ""
        for e in (base + "income_grand_total", base + "expenditure_grand_total"):
            compare_table(ctx, c, e, "actual")
        ctx.stated.setdefault(base + "grand_total", c)
        return
    if ent.startswith("income:") and "收入" not in section and "收入" not in prefix[-10:]:
        return
    if ent.startswith("proc:") and ("中小企业" in clause or "小微企业" in clause or "中小企业" in prefix[-40:]
                                  or "小微企业" in prefix[-40:]):
        total = ctx.stated.get("proc:total:actual")
        if total is not None and "授予" not in clause:
            ok = c.wan <= total.wan
            c.checks.append(Check(R_SUM, f"政府采购总额 {total.text}", total.wan, "exact" if ok else "mismatch",
                                  None if ok else c.wan - total.wan, "" if ok else "面向中小企业的金额大于政府采购总额"))
            return
    if _PERFORMANCE_WORDS.search(clause):
        return  # performance figures: bound in performance.py
    if ent.startswith("proc:") or ent == "agency":
        _stated_fact(ctx, c, ent, attr)
        return
    if ent.startswith("I:") and attr in ("initial", "full", "budget"):
        code = ent[2:]
        ctx.stated.setdefault(f"item:{code}:{attr}", c)
        c.bound = True
        if attr == "initial":
            ctx.facts.item_initial.setdefault(code, c.wan)
        elif attr == "full":
            ctx.facts.item_full_year.setdefault(code, c.wan)
        return
    if ent == "general_budget" and attr in ("initial", "full", "budget"):
        ctx.stated.setdefault(f"general_budget:{attr}", c)
        c.bound = True
        if attr == "initial" and ctx.facts.general_budget_initial is None:
            ctx.facts.general_budget_initial = c.wan
        return
    compare_table(ctx, c, ent, attr)


def prior_year_amount(clause: str, year: int) -> bool:
    """Whether the clause before an amount says it is the prior year's (上年决算数为, 2023年度支出 in a 2024
    report; not 上年结转, which is this year's income)."""
    p = lexicon().prior_year
    m = re.search(p["amount"], clause)
    if m is None or any(w in clause for w in p.get("not_amount", ())):
        return False
    years = [int(y) for y in re.findall(p["year"], m.group(0))]
    return all(y == year - 1 for y in years)


def _stated_fact(ctx: BindingContext, c: Claim, ent: str, attr: str) -> None:
    key = f"{ent}:{attr}"
    if key not in ctx.stated:
        ctx.stated[key] = c
        if ent == "agency":
            ctx.facts.agency_running_costs.setdefault(attr, c.wan)
        elif attr == "actual":
            ctx.facts.procurement.setdefault(_PROCUREMENT[ent], c.wan)
    if ent == "agency" and attr == "actual":
        fig = ctx.figures.figure("public", "actual")
        if fig and fig[0] is not None:
            why = _agency_question(ctx.model)
            add(c, R_AGENCY, fig[1] + (f"（{why}，请核实）" if why else "（机关运行经费通常等于基本支出中的公用经费）"),
                fig[0], c.wan, severity="info" if why else "warning")
    c.bound = True


def _agency_question(model) -> str | None:
    """Why 机关运行经费 need not equal 公用经费 here (事业单位, kind unknown, capital spending), or None."""
    from juesuan.domain.profiles import load_profile
    from juesuan.domain.profiles.detect import agency_costs_question

    t6 = model.tables.get("T06")
    capital = t6 is not None and any((r.values.get("amount") or 0) > 0 for r in t6.rows if r.key.startswith("310"))
    key = agency_costs_question(model.unit.unit_kind, capital)
    return None if key is None else load_profile(model.profile).raw.get("agency_costs_questions", {}).get(key, key)


def compare_table(ctx: BindingContext, c: Claim, ent: str, attr: str) -> None:
    """Compare the claim with the table cell the entity names (bound even when the cell is missing)."""
    fig = ctx.figures.figure(ent, attr)
    if fig is None:
        if attr == "actual":
            _one_of(ctx, c, ent)
        return
    value, desc = fig
    c.bound = True
    if value is None:
        return
    add(c, R_TABLE, desc, value, c.wan)
    last = c.checks[-1] if c.checks else None
    if last is not None and last.outcome == "mismatch" and attr == "actual":
        _sum_of_rounded_parts(ctx, c, ent, value, last)


def _sum_of_rounded_parts(ctx: BindingContext, c: Claim, ent: str, value: Decimal, check: Check) -> None:
    """Two copies of a total one unit apart, one of them the sum of the rounded parts: 尾差."""
    unit = Decimal(1).scaleb(min(c.wan.as_tuple().exponent, value.as_tuple().exponent))  # type: ignore[arg-type]
    if check.difference is None or abs(check.difference) != unit:
        return
    parts = ctx.figures.parts(ent)
    if not parts or len(parts) < 2:
        return
    total = sum(parts, Decimal(0))
    if total in (c.wan, value):
        check.outcome = "rounding"
        check.note = "两处数字相差一个尾数单位，其中一处是各分项四舍五入后相加所得"



def _one_of(ctx: BindingContext, c: Claim, ent: str) -> None:
    """收入总计 / 支出总计 when the table prints no 总计 row but 本年收入合计 and a 合计 with the balances
    (教育部高校): which one the text means is uncertain, so the claim is checked only when it equals one of
    them; otherwise it stays unchecked (never an error from a guess)."""
    for desc, value in ctx.figures.grand_total_candidates(ent):
        if value is not None and compare_equal(c.wan, value)[0] is not Outcome.MISMATCH:
            add(c, R_TABLE, desc, value, c.wan, note="表中没有“总计”行，按与之相等的合计行核对")
            c.bound = True
            return
