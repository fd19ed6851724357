"""The arithmetic a sentence states: completion rates, 预算/决算 differences, changes and their rates,
shares of a base, 其中 breakdowns, and the 项 budgets adding up to the stated total."""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.core.amounts import ZERO, Outcome, compare_equal, compare_percent, compare_sum, quantize
from juesuan.prose.claims import Check, Claim
from juesuan.prose.compare import (
    R_ARITH,
    R_DIRECTION,
    R_PERCENT,
    R_SUM,
    R_ZERO_BASE,
    add_percent,
    clause_of,
    fmt,
    mark_operand,
    operand,
)
from juesuan.prose.context import BindingContext
from juesuan.prose.entities import attribute
from juesuan.prose.figures import squash
from juesuan.prose.lexicon import lexicon
from juesuan.rules import catalogue


def completion(c: Claim, pool: list[Claim], before: str) -> None:
    """完成（年初）预算的X%: the stated 决算 over the stated 预算."""
    amts = [x for x in pool if x.kind == "amount" and (x.sentence.index < c.sentence.index or x.start < c.start)]
    actual = next((x for x in reversed(amts) if attribute(clause_of(x)) == "actual"), None)
    budgets = [x for x in reversed(amts) if attribute(clause_of(x)) in ("initial", "full", "budget")]
    budget = budgets[0] if budgets else None
    if actual is None or budget is None:
        return
    if actual.target and budget.target and actual.target != budget.target:
        return  # the budget stated is another figure's (“三公”经费's, before 公务接待费支出决算X万元，完成预算的Y%)
    says_initial = "年初预算" in before[-12:]
    initial = next((x for x in budgets if attribute(clause_of(x)) == "initial"), None)
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
    add_percent(c, R_PERCENT, f"{actual.text} ÷ {budget_use.text}", operand(actual), operand(budget_use))
    for x in (actual, budget_use):
        mark_operand(x, R_PERCENT, f"与{c.text}一并核对")


def change(c: Claim, pool: list[Claim], before: str) -> None:
    """A stated difference between 预算 and 决算 (决算数较预算数减少X)."""
    if not re.search(r"决算数?(?:较|比)预算数?(增加|减少|多|少|超支|节约)", before[-20:]):
        return
    amts = [x for x in pool if x.kind == "amount" and x.sentence.index <= c.sentence.index
            and (x.sentence.index < c.sentence.index or x.start < c.start)]
    actual = next((x for x in reversed(amts) if attribute(clause_of(x)) == "actual"), None)
    budget = next((x for x in reversed(amts) if attribute(clause_of(x)) in ("initial", "full", "budget")), None)
    if actual is None or budget is None:
        return
    a, bgt = operand(actual), operand(budget)
    expected = abs(bgt - a)
    o, diff = compare_equal(c.wan, expected)
    c.checks.append(Check(R_ARITH, f"预算数 {fmt(bgt)} − 决算数 {fmt(a)}", expected, o.value, diff))
    says = lexicon().direction(c.direction)
    if a != bgt and says in ("up", "down") and (says == "down") != (a < bgt):
        lex = lexicon()
        c.checks.append(Check(R_DIRECTION, catalogue.message(R_DIRECTION, "budget_target"),
                              lex.down[0] if a < bgt else lex.up[0], "mismatch"))


_REASON = re.compile(r"^[^，。；\d]{0,4}?[，,]\s*(增加|增长|上升|提高|减少|下降|降低)的(?:主要)?原因")


def reason_word(c: Claim, after: str) -> None:
    """增加X万元，下降的主要原因是…: the word that opens the reason against the change's own word.
    Only a contradiction is recorded: agreeing words do not check the figure itself."""
    m = _REASON.match(after)
    lex = lexicon()
    says, reason = lex.direction(c.direction), lex.direction(m.group(1)) if m else None
    if says in ("up", "down") and reason in ("up", "down") and says != reason:
        word = m.group(1)
        c.checks.append(Check(R_DIRECTION, catalogue.message(R_DIRECTION, "reason_target", word=word), word,
                              "mismatch", None,
                              catalogue.message(R_DIRECTION, "reason_word", said=c.direction, word=word)))


def rate(ctx: BindingContext, c: Claim, pool: list[Claim]) -> None:
    """增长 / 下降 X% against the stated change and the current figure."""
    earlier = [x for x in pool if x.sentence.index < c.sentence.index or x.start < c.start]
    chg = next((x for x in reversed(earlier) if x.kind == "change"), None)
    if chg is None or chg.sentence.index != c.sentence.index:
        return
    current_claim = next((x for x in reversed(earlier) if x.kind == "amount" and x.start < chg.start
                          and x.sentence.index == chg.sentence.index), None)
    current: Decimal | None = None
    if current_claim is not None:
        current = operand(current_claim)
    elif chg.target:
        fig = ctx.figures.figure(chg.target, "actual")
        current = fig[0] if fig else None
    subject = _subject_before(chg, earlier) if current is None else None
    if subject is not None:
        current = operand(subject)
    if current is None:
        return
    lex = lexicon()
    word_up = lex.direction(chg.direction) == "up"
    prior = current - chg.wan if word_up else current + chg.wan
    rate_up = lex.direction(c.direction) == "up"
    if c.direction and chg.direction and rate_up != word_up:
        c.checks.append(Check(R_DIRECTION, f"{chg.direction}{chg.text}", "增长" if word_up else "下降", "mismatch", None,
                              "增减额与增减率的方向用词不一致"))
    nothing_either_year = prior == 0 and chg.wan == 0 and c.value == 0  # 增加0.00万元，增长0%: and so said
    if prior == 0 and not nothing_either_year:
        c.checks.append(Check(R_ZERO_BASE, f"上年数为0（{fmt(current)} − {chg.text}）", "无意义（上年为0）", "mismatch",
                              None, "上年数为0时增长率没有意义，不应写出增长百分比", "warning"))
        mark_operand(chg, R_ARITH, "本年数 − 上年数")
        return
    target = f"{chg.text} ÷ 上年数 {fmt(prior)}（{fmt(current)} {'−' if word_up else '+'} {chg.text}）"
    if nothing_either_year:
        c.checks.append(Check(R_PERCENT, target, c.value, "exact"))
    else:
        add_percent(c, R_PERCENT, target, chg.wan, prior)
        _record_prior(ctx, chg, prior)
    together = f"与{c.text}一并核对"
    for x in (chg, subject):
        if x is not None:
            mark_operand(x, R_ARITH, together)


def _subject_before(chg: Claim, earlier: list[Claim]) -> Claim | None:
    """A change opening its sentence (较2022年度决算数增加0.78万元) speaks of the one figure of the sentence
    before it in the same paragraph (…结转和结余8.02万元，为……的资金。); None unless that is unambiguous."""
    if not re.match(lexicon().prior_year["opens_comparison"], chg.sentence.text):
        return None
    before = [x for x in earlier if x.sentence.index == chg.sentence.index - 1
              and x.sentence.paragraph == chg.sentence.paragraph]
    return before[0] if len(before) == 1 and before[0].kind == "amount" else None


_PRIOR_YEAR = re.compile(r"上年|上一年|同比|(?:比|较|与)\s*20\d{2}\s*年")


def prior_year_unchecked(claims: list[Claim]) -> None:
    """A change or rate against the prior year (比上年增长X%, 较2023年减少X万元) left unchecked: the 上年数 is
    printed in no table and the sentence gives nothing to derive it, so say so (NAR-000's reason)."""
    for c in claims:
        if c.kind in ("change", "rate") and not c.checks and not c.why and _PRIOR_YEAR.search(c.sentence.text[:c.start]):
            c.why = "no_prior"


_PRIOR_FIELDS = {"income_grand_total": ("income_grand_total", "expenditure_grand_total"),
                 "expenditure_grand_total": ("income_grand_total", "expenditure_grand_total"),
                 "general_budget": ("general_budget_expenditure",), "agency": ("agency_running_costs",)}


def _record_prior(ctx: BindingContext, chg: Claim, prior: Decimal) -> None:
    """The 上年数 a change and its rate imply, kept as a stated fact."""
    t = chg.target or ""
    if t in ("income_grand_total", "expenditure_grand_total") and ctx.figures.figure(t, "actual") is None:
        return  # which total the text means is uncertain (no 总计 row): no prior-year figure from it
    fields = ("appropriation_grand_total",) if t.startswith("appr_") else _PRIOR_FIELDS.get(t, ())
    for name in fields:
        ctx.facts.prior.setdefault(name, quantize(prior))


def share(ctx: BindingContext, c: Claim, amounts: list[Claim], before: str, section: str) -> None:
    """占X的Y%: the numerator named or stated before it over the base it names."""
    clause = before[max(before.rfind("；"), before.rfind("。")) + 1:]
    m = re.search(r"占([^，；。]*?)的?\s*$", clause)
    den_phrase = m.group(1) if m else ""
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
        sme_total = ctx.stated.get("proc:sme_total:actual")
        if kind != "sme_total" and sme_total is not None and sme_total.wan == 0:
            num, num_text = ZERO, f"{head}（中小企业合同总额为0）"
    if num is None and num_claim is not None:
        num, num_text = operand(num_claim), num_claim.text
    if num is None:
        return
    den, den_text = _denominator(ctx, c, den_phrase, section)
    if den is None:
        return
    if num_claim is not None:
        num_claim.bound = True
    add_percent(c, R_PERCENT, f"{num_text} ÷ {den_text}", num, den)
    if "项目支出总额" in den_phrase and c.checks and c.checks[-1].outcome == "mismatch":
        _alternative_base(ctx, c, num, den_text)


def _denominator(ctx: BindingContext, c: Claim, den_phrase: str, section: str) -> tuple[Decimal | None, str]:
    for phrase, key in lexicon().denominators:
        if phrase not in den_phrase:
            continue
        if key.startswith("proc:"):
            f = ctx.stated.get(key)
            return (operand(f), f"{phrase} {f.text}") if f is not None else (None, "")
        if key == "project_total":
            fig = ctx.figures.figure("exp:project", "actual")
            return (fig[0], "公开03表 项目支出合计") if fig and fig[0] is not None else (None, "")
        fig = ctx.figures.figure(key, "actual")
        return (fig[0], fig[1]) if fig and fig[0] is not None else (None, "")
    if _STATED_TOTAL.fullmatch(den_phrase):  # 占总收入的X%: the total the sentence states before 其中
        total = _sentence_total(ctx, c)
        return (operand(total), total.text) if total is not None else _table_total(ctx, den_phrase, section)
    if den_phrase:
        return None, ""
    key = ("income_total" if "收入" in section and "支出" not in section[-12:] else
           "general_budget" if "一般公共预算" in section or "（类）" in c.sentence.text else
           "three_public" if "三公" in section else "expenditure_total")
    if key == "income_total" and "支出" in section:
        key = "expenditure_total"
    fig = ctx.figures.figure(key, "actual")
    return (fig[0], fig[1]) if fig and fig[0] is not None else (None, "")


_STATED_TOTAL = re.compile(r"(?:总收入|收入总额|总支出|支出总额|总额|合计)")


def _table_total(ctx: BindingContext, den_phrase: str, section: str) -> tuple[Decimal | None, str]:
    """占总支出（总收入）的X% with no total stated in the sentence, in a section on all funds: the 合计 of
    the expenditure (income) table.  In a 财政拨款 section “总支出” may mean that table's total or the
    财政拨款 one: uncertain, so not checked."""
    if "财政拨款" in section or "一般公共预算" in section:
        return None, ""
    if "支出" in den_phrase:
        table, name = "T03", "公开03表 合计"
    elif "收入" in den_phrase:
        table, name = "T02", "公开02表 合计"
    else:
        return None, ""
    value = ctx.figures.cell(table, "total", "total")
    return (value, ctx.figures.named(f"{name} {fmt(value)}")) if value else (None, "")


def _sentence_total(ctx: BindingContext, c: Claim) -> Claim | None:
    """The amount a sentence states before its 其中 (the total its parts are shares of)."""
    cut = c.sentence.text.find("其中")
    if cut < 0:
        return None
    before = [x for x in ctx.claims_by_sentence.get(c.sentence.index, []) if x.kind == "amount" and x.end <= cut]
    return before[-1] if before else None


def _alternative_base(ctx: BindingContext, c: Claim, num: Decimal, den_text: str) -> None:
    """When a share misses its named base, say which printed figure it was actually computed on."""
    ov = ctx.model.performance.overall
    if ov is None or not ov.budget_full_year:
        return
    res = compare_percent(c.value, num, ov.budget_full_year)
    if res and res[0] is not Outcome.MISMATCH:
        last = c.checks[-1]
        last.severity = "warning"
        last.note = (f"所写比例是以整体支出绩效自评表 全年预算数合计（{fmt(ov.budget_full_year)}万元）为分母算出的，"
                     f"与所称“项目支出总额”（{den_text}）口径不符")


def breakdown(s_claims: list[Claim], text: str, prev: list[Claim], paragraph: int) -> None:
    """A total followed by 其中 parts: the parts add up to it (one part: not more than it)."""
    for m in re.finditer(r"其中", text):
        pos = m.start()
        after = [c for c in s_claims if c.start > pos and c.kind in ("amount", "count", "quantity")]
        before = [c for c in s_claims if c.end <= pos and c.kind in ("amount", "count", "quantity")
                  and (not after or c.unit == after[0].unit)]
        total = before[-1] if before else None
        if total is None and pos < 3:
            total = next((c for c in reversed(prev) if c.kind in ("amount", "count", "quantity")
                          and c.sentence.paragraph == paragraph), None)
        if total is None:
            continue
        parts: list[Claim] = []
        for c in s_claims:
            if c.start <= pos or c.unit != total.unit or c.kind not in ("amount", "count", "quantity"):
                continue
            if re.match(r"\s*[，,]?\s*其中", text[c.end:c.end + 4]):
                break
            parts.append(c)
        if not parts:
            continue
        t = operand(total)
        vals = [operand(p) for p in parts]
        label = f"{total.text} 的分项（{'、'.join(p.text for p in parts)}）之和"
        if len(parts) == 1:
            ok = vals[0] <= t or compare_equal(vals[0], t)[0] is not Outcome.MISMATCH
            total.checks.append(Check(R_SUM, f"分项 {parts[0].text} 不超过合计", t, "exact" if ok else "mismatch",
                                      None if ok else vals[0] - t, "" if ok else "分项大于合计"))
            mark_operand(parts[0], R_SUM, f"不超过{total.text}")
            continue
        o, diff = compare_sum(t, vals)
        if total.kind != "amount" and o is Outcome.MISMATCH and sum(vals) > t:
            continue  # counts of people or things may be classified twice over (职称 and 学历): not checked
        sev = None if sum(vals) > t or o is not Outcome.MISMATCH else "warning"
        note = "" if o is not Outcome.MISMATCH else ("分项之和大于合计" if sum(vals) > t else "分项之和小于合计（可能漏列分项或数字有误）")
        total.checks.append(Check(R_SUM, label, sum(vals, ZERO), o.value, diff, note, sev))
        for p in parts:
            mark_operand(p, R_SUM, f"{total.text} 的分项")


_UP = ("增加", "增长", "提高", "上升", "多")
_DOWN = ("减少", "下降", "降低", "少")


def _signed(c: Claim) -> Decimal | None:
    """A change with the sign its direction word gives (None without a direction word)."""
    if c.direction in _UP:
        return c.wan
    if c.direction in _DOWN:
        return -c.wan
    return None


def _lists_every_part(ctx: BindingContext | None, total: Claim, parts: list[Claim], after: str) -> bool:
    """Whether the parts after 其中 name every component the total's table prints: each income source with
    an amount in the income table's 合计 (收入总计), each 类 with an amount in the expenditure table (支出总计;
    a 类 may also be named without a figure, 其他支出保持不变).  Then the list is not partial."""
    if ctx is None:
        return False
    named = {p.target for p in parts if p.target}
    if total.target == "income_grand_total":
        t = ctx.model.tables.get("T02")
        row = t.row("total") if t is not None else None
        cols = {k for k, v in row.values.items() if k != "total" and v} if row is not None else set()
        return bool(cols) and all(f"income:{k}" in named for k in cols)
    if total.target == "expenditure_grand_total":
        t = ctx.model.tables.get("T03")
        classes = [r for r in t.coded_rows() if len(r.key) == 3 and r.values.get("total")] if t is not None else []
        codes = {n[2:] for n in named if n[:2] in ("C:", "A:")}
        return bool(classes) and all(r.key in codes or (r.label and squash(r.label) in after) for r in classes)
    return False


def change_breakdown(s_claims: list[Claim], text: str, prev: list[Claim], paragraph: int,
                     ctx: BindingContext | None = None) -> None:
    """增加X万元……其中：A增加a万元，B减少b万元: the parts' changes, signed by their words, add up to the
    total change.  Only an agreement is a check: the parts may be the main items only, so a different sum
    is an info note, not an error, and the parts stay unchecked; except when turning exactly one part's
    word round makes them agree (that word is reported, NAR-005 on that part), and when the parts name
    every income source or 类 the tables print (a warning: the list is complete, so a figure is wrong)."""
    m = re.search(r"其中", text)
    if m is None:
        return
    pos = m.start()
    parts = [c for c in s_claims if c.start > pos and c.kind == "change" and c.unit in ("万元", "元", "亿元")]
    if len(parts) < 2 or any(_signed(p) is None for p in parts):
        return
    before = [c for c in s_claims if c.end <= pos and c.kind == "change"]
    if not before and pos < 3:
        before = [c for c in prev if c.kind == "change" and c.sentence.paragraph == paragraph]
    total = before[-1] if before else None
    if total is None or _signed(total) is None:
        return
    vals = [_signed(p) for p in parts]
    o, diff = compare_sum(_signed(total), vals)
    label = f"{total.text} 的分项（{'、'.join(f'{p.direction}{p.text}' for p in parts)}）增减相抵之和"
    if o is Outcome.MISMATCH:
        flipped = [i for i in range(len(parts))
                   if compare_sum(_signed(total), vals[:i] + [-vals[i]] + vals[i + 1:])[0] is not Outcome.MISMATCH]
        if len(flipped) == 1:  # only this part's word turned round makes them agree: that word is the mistake
            p = parts[flipped[0]]
            right = _DOWN[0] if p.direction in _UP else _UP[0]
            p.checks.append(Check(R_DIRECTION, label, right, "mismatch", None,
                                  catalogue.message(R_DIRECTION, "part_word", said=p.direction, word=right,
                                                    total=f"{total.direction}{total.text}")))
            for x in parts:
                if x is not p:
                    mark_operand(x, R_SUM, label)
            return
        if _lists_every_part(ctx, total, parts, squash(text[pos:])):
            total.checks.append(Check(R_SUM, label, sum(vals, ZERO), o.value, diff,
                                      catalogue.message(R_SUM, "complete_changes"), "warning"))
            for x in parts:
                mark_operand(x, R_SUM, label)
            return
        total.checks.append(Check(R_SUM, label, sum(vals, ZERO), o.value, diff,
                                  "所列各项的增减额相抵后与总增减额不等；若已列全各项，请核对", "info"))
        return
    total.checks.append(Check(R_SUM, label, sum(vals, ZERO), o.value, diff))
    for p in parts:
        mark_operand(p, R_SUM, f"{total.text} 的分项")


def shares_to_hundred(claims: list[Claim]) -> None:
    """Shares listed in one sentence that were forced to add up to 100%: a one-digit miss is 尾差."""
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
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


_LISTED = 20  # parts quoted in a finding on their sum (the evidence), at most


def initial_budgets(ctx: BindingContext) -> None:
    """The stated 年初预算 of 一般公共预算财政拨款支出 against the 年初预算 stated for each 项."""
    items = [r.key for r in ctx.model.table("T05").rows if len(r.key) == 7 and r.key.isdigit()]
    for attr in ("initial", "full"):
        total = ctx.stated.get(f"general_budget:{attr}")
        parts = [c for k, c in ctx.stated.items() if k.startswith("item:") and k.endswith(f":{attr}")]
        if total is None or not parts:
            continue
        if any(f"item:{code}:{attr}" not in ctx.stated for code in items):
            continue  # a 项 of the table whose budget was not read (or not stated): the sum would be partial
        vals = [p.wan for p in parts]
        o, diff = compare_sum(total.wan, vals)
        listed = "、".join(p.text for p in parts[:_LISTED]) + ("等" if len(parts) > _LISTED else "")
        total.checks.append(Check(R_SUM, f"各项级科目{'年初' if attr == 'initial' else '全年'}预算数之和（{len(parts)} 项：{listed}）",
                                  sum(vals, ZERO), o.value, diff))
        for p in parts:
            mark_operand(p, R_SUM, f"计入{total.text}")

