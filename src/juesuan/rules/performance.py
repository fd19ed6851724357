"""Performance self-evaluation tables (绩效自评表): weights, scores, execution rates, fund lines.

Weights and scores are points, not rounded amounts: they must add up exactly.  Execution rates are
checked against their amounts with amounts.compare_percent.  The budget-execution score follows
weight × rate; local conventions round it half up, down or up, so any score between
floor(weight × lower end of the stated rate's interval) and ceil(weight × upper end) passes, at
the score's printed precision (capped at the weight).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from juesuan.core.amounts import HUNDRED, Outcome, compare_percent, fmt_plain, half_unit
from juesuan.core.model import Evaluation
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Family, Result, Status
from juesuan.rules.helpers import not_checked, sum_values

FAMILY = Family("performance")


def evaluations(ctx: Context) -> list[Evaluation]:
    perf = ctx.model.performance
    return ([perf.overall] if perf.overall else []) + list(perf.projects)


def ev_loc(ev: Evaluation, row_label: str | None = None, column_label: str | None = None,
           **extra: Any) -> dict[str, Any]:
    """Location in a self-evaluation table: which table (overall / project name), row and column."""
    kind = "整体支出绩效自评表" if ev.kind == "overall" else "项目绩效自评表"
    if ev.kind != "overall" and ev.name.endswith(kind[:2]):  # 委托业务项目 + 绩效自评表, not 项目项目
        kind = kind[2:]
    out: dict[str, Any] = {"section": "预算绩效情况说明", "table_title": f"{ev.name}{kind}",
                           "evaluation": ev.kind, "name": ev.name}
    if row_label is not None:
        out["row_label"] = row_label
        out.update(ev.locs.get(row_label, {}))  # the printed row (page / line), the finding's evidence
    if column_label is not None:
        out["column_label"] = column_label
    out.update(extra)
    return out


def _exact(found: Decimal, expected: Decimal, location: Mapping[str, Any], what: str) -> Result:
    if found == expected:
        return Result(Status.PASS)
    diff = found - expected
    return Result(Status.FAIL, catalogue.phrase("sum_mismatch", what=what, found=fmt_plain(found),
                                                expected=fmt_plain(expected), difference=fmt_plain(diff)),
                  location, found, expected, diff)


def _unread(indicators: list, attr: str) -> str:
    """The indicators whose 分值 / 得分 was not read (blank or unreadable), quoted, or "": a sum over
    them would count the unread cell as 0 and turn a reading gap into an error."""
    return _quoted([i.name for i in indicators if getattr(i, attr) is None])


def _quoted(names: list[str]) -> str:
    """“a”、“b”、“c”… (at most three named), or "" for none."""
    return "、".join(f"“{x}”" for x in names[:3]) + ("…" if len(names) > 3 else "")


@FAMILY.rule("P-001")
def level1_weights(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        if not ev.level1_points:
            continue
        sums: dict[str, Decimal] = {}
        for ind in ev.indicators:
            sums[ind.level1] = sums.get(ind.level1, Decimal(0)) + (ind.weight or Decimal(0))
        for name, points in ev.level1_points.items():
            missing = _unread([i for i in ev.indicators if i.level1 == name], "weight")
            where = ev_loc(ev, name, "分值", level1=name)
            yield (not_checked(ctx.say("unread", name=name, indicators=missing), where) if missing else
                   _exact(sums.get(name, Decimal(0)), points, where, ctx.say("weights", name=name, points=fmt_plain(points))))
        for name in sums:
            if name not in ev.level1_points:
                yield not_checked(ctx.say("no_points", name=name),
                                  ev_loc(ev, name, "分值", level1=name))


def _unread_rows(ev: Evaluation) -> str:
    """The indicator and 总分 rows of a table that were not read with confidence, quoted, or ""."""
    return _quoted([x for key in ("indicators", "totals") for x in ev.unread.get(key, [])])


@FAMILY.rule("P-002")
def total_weight(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        where = ev_loc(ev, "总分", "分值")
        if _unread_rows(ev):
            yield not_checked(ctx.say("rows_unread", rows=_unread_rows(ev)), where)
            continue
        if not ev.indicators and ev.total_weight is None:
            continue
        missing = _unread(ev.indicators, "weight")
        if missing:
            yield not_checked(ctx.say("unread", indicators=missing), where)
            continue
        s = sum((i.weight or Decimal(0) for i in ev.indicators), ev.budget_weight or Decimal(0))
        if ev.total_weight is not None:
            yield _exact(ev.total_weight, s, where, ctx.say("columns"))
        yield _exact(s, Decimal(100), where, ctx.say("not_100"))


@FAMILY.rule("P-003")
def score_le_weight(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        items: list[tuple[str, Decimal | None, Decimal | None, dict[str, Any]]] = [
            (i.name, i.score, i.weight, ev_loc(ev, i.name, "得分", level1=i.level1, level2=i.level2))
            for i in ev.indicators]
        items.append(("预算执行", ev.budget_score, ev.budget_weight, ev_loc(ev, "预算执行", "得分")))
        items.append(("总分", ev.total_score, ev.total_weight, ev_loc(ev, "总分", "得分")))
        for name, score, weight, where in items:
            if score is None or weight is None:
                continue
            if 0 <= score <= weight:
                yield Result(Status.PASS)
            else:
                expected = weight if score > weight else Decimal(0)
                yield Result(Status.FAIL, ctx.say("out_of_range", name=name, score=fmt_plain(score), weight=fmt_plain(weight)),
                             where, score, expected, score - expected)


def score_bounds(weight: Decimal, rate: Decimal, score_places: int) -> tuple[Decimal, Decimal]:
    """Acceptable budget-execution scores: weight × rate rounded down … up over the rate's interval."""
    h = half_unit(rate)
    q = Decimal(1).scaleb(-score_places)
    lo = min(weight, weight * (rate - h) / HUNDRED).quantize(q, rounding=ROUND_FLOOR)
    hi = min(weight, weight * (rate + h) / HUNDRED).quantize(q, rounding=ROUND_CEILING)
    return max(lo, Decimal(0)), hi


@FAMILY.rule("P-004")
def budget_score(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        if ev.budget_score is None or ev.budget_weight is None or ev.budget_rate is None:
            continue
        exp = ev.budget_score.as_tuple().exponent
        places = max(0, -exp) if isinstance(exp, int) else 0
        lo, hi = score_bounds(ev.budget_weight, ev.budget_rate, places)
        if lo <= ev.budget_score <= hi:
            yield Result(Status.PASS)
            continue
        expected = lo if ev.budget_score < lo else hi
        yield Result(Status.FAIL, ctx.say("budget_score", score=fmt_plain(ev.budget_score), weight=fmt_plain(ev.budget_weight),
                                          rate=fmt_plain(ev.budget_rate), low=fmt_plain(lo), high=fmt_plain(hi)),
                     ev_loc(ev, "预算执行", "得分"), ev.budget_score, expected, ev.budget_score - expected)


def _rate(ctx: Context, stated: Decimal | None, actual: Decimal | None, budget: Decimal | None,
          where: dict[str, Any], what: str) -> Result | None:
    if stated is None or actual is None or budget is None:
        return None
    res = compare_percent(stated, actual, budget)
    if res is None:  # budget zero: a stated rate must be zero (or blank)
        if stated == 0:
            return Result(Status.PASS)
        return Result(Status.FAIL, catalogue.phrase("rate_zero_budget", what=what, stated=fmt_plain(stated)), where,
                      stated, Decimal(0), stated)
    outcome, expected, diff = res
    if outcome is Outcome.EXACT:
        return Result(Status.PASS)
    args = {"what": what, "stated": fmt_plain(stated), "actual": fmt_plain(actual), "budget": fmt_plain(budget)}
    if outcome is Outcome.ROUNDING:
        return Result(Status.FAIL, catalogue.phrase("rate_rounding", difference=fmt_plain(diff), **args),
                      where, stated, expected, diff, severity="info", rounding=True)
    return Result(Status.FAIL, catalogue.phrase("rate_mismatch", expected=fmt_plain(expected), **args),
                  where, stated, expected, diff)


@FAMILY.rule("P-005")
def execution_rates(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        out = [_rate(ctx, ev.budget_rate, ev.budget_actual, ev.budget_full_year,
                     ev_loc(ev, "预算执行" if ev.kind == "project" else "金额合计", "执行率"), ctx.say("budget"))]
        out += [_rate(ctx, t.rate, t.actual_total, t.budget_total, ev_loc(ev, t.name, "执行率"),
                      ctx.say("task", task=t.name))
                for t in ev.tasks]
        out += [_rate(ctx, f.rate, f.actual, f.full_year, ev_loc(ev, f.label, "执行率"), f.label) for f in ev.funds]
        yield from (r for r in out if r is not None)


@FAMILY.rule("P-006")
def total_score(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        if _unread_rows(ev):
            yield not_checked(ctx.say("rows_unread", rows=_unread_rows(ev)), ev_loc(ev, "总分", "得分"))
            continue
        if ev.total_score is None:
            continue
        missing = _unread(ev.indicators, "score")
        where = ev_loc(ev, "总分", "得分")
        s = sum((i.score or Decimal(0) for i in ev.indicators), ev.budget_score or Decimal(0))
        yield (not_checked(ctx.say("unread", indicators=missing), where) if missing else
               _exact(ev.total_score, s, where, ctx.say("total")))


@FAMILY.rule("P-007")
def task_sums(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        if ev.unread.get("tasks"):
            yield not_checked(ctx.say("rows_unread", rows=_quoted(ev.unread["tasks"])), ev_loc(ev, "金额合计", "全年预算数"))
            continue
        if not ev.tasks:
            continue
        if ev.budget_full_year is not None:
            yield sum_values(ctx, ev.budget_full_year, [t.budget_total for t in ev.tasks],
                             ev_loc(ev, "金额合计", "全年预算数"), ctx.say("tasks_budget"))
        if ev.budget_actual is not None:
            yield sum_values(ctx, ev.budget_actual, [t.actual_total for t in ev.tasks],
                             ev_loc(ev, "金额合计", "全年执行数"), ctx.say("tasks_actual"))
        for t in ev.tasks:
            for total, fiscal, other, col in ((t.budget_total, t.budget_fiscal, t.budget_other, "全年预算数"),
                                               (t.actual_total, t.actual_fiscal, t.actual_other, "全年执行数")):
                if total is None and fiscal is None and other is None:
                    continue
                yield sum_values(ctx, total, [fiscal, other], ev_loc(ev, t.name, f"{col}总额"),
                                 ctx.say("task_parts", task=t.name, column=col))


# the parts of 年度资金总额 as the templates print them (Shaanxi / Anhui, Sichuan)
FUND_PARTS = ("财政拨款", "上年结转", "其他资金", "财政资金", "财政专户管理资金", "单位资金")


@FAMILY.rule("P-008")
def fund_lines(ctx: Context) -> Iterator[Result]:
    for ev in evaluations(ctx):
        unread = ev.unread.get("funds", [])
        if not ev.funds and not unread:
            continue
        total = next((f for f in ev.funds if "总额" in f.label), None)
        parts = [f for f in ev.funds if f is not total and any(p in f.label for p in FUND_PARTS)]
        others = [f.label for f in ev.funds if f is not total and f not in parts
                  and any(v is not None for v in (f.initial, f.full_year, f.actual))]
        if unread or others:  # a row not read, or one that is not a known part: the sum would be a guess
            yield not_checked(ctx.say("unread" if unread else "unknown", rows=_quoted([*unread, *others])),
                              ev_loc(ev, total.label if total else "年度资金总额"))
            continue
        if total is None:
            yield not_checked(ctx.say("no_total"), ev_loc(ev, "年度资金总额"))
            continue
        for attr, col in (("initial", "年初预算数"), ("full_year", "全年预算数"), ("actual", "全年执行数")):
            yield sum_values(ctx, getattr(total, attr), [getattr(p, attr) for p in parts],
                             ev_loc(ev, total.label, col), ctx.say("parts", column=col))
        for attr, col, stated in (("full_year", "全年预算数", ev.budget_full_year),
                                  ("actual", "全年执行数", ev.budget_actual)):
            if stated is not None and getattr(total, attr) is not None and stated != getattr(total, attr):
                yield Result(Status.FAIL, ctx.say("stated", column=col, stated=fmt_plain(stated),
                                                  total=fmt_plain(getattr(total, attr))), ev_loc(ev, "预算执行", col),
                             stated, getattr(total, attr), stated - getattr(total, attr))
