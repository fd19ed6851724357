"""A unit's figures in 元 printed as its nine tables in 万元, every total computed in 元 first and each
cell rounded on its own (as the 决算 software does): all identities hold and any difference between
printed figures is a legitimate 尾差.  Used by `synth.units` and by the tests' random units."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from juesuan.core.amounts import percent, yuan_to_wan
from juesuan.core.model import Evaluation, FundLine, Row, Table
from juesuan.derive import FUNDS, INCOME_SOURCES
from juesuan.domain.profiles import Profile
from juesuan.layouts import economic, matrix

Y = dict[str, int]
FUND_KEYS = tuple(k for k, _ in FUNDS)
OTHER_SOURCES = tuple(k for k, _ in INCOME_SOURCES[1:])  # all but 财政拨款收入
EXPENDITURE = ("basic", "project", "remittance_to_superior", "business", "subsidy_to_affiliated")


@cache
def kinds() -> dict[str, Any]:
    """kinds.yaml: kinds of unit, their 类/款/项 and their words."""
    import yaml

    return yaml.safe_load((Path(__file__).with_name("kinds.yaml")).read_text(encoding="utf-8"))


def label(kind: str, code: str, year: int) -> str:
    """The catalogue's name of a code, else the name kinds.yaml gives it."""
    from juesuan.domain import catalog

    return catalog.lookup(kind, code, year) or kinds()["names"].get(code) or f"科目{code}"


def p(yuan: int) -> Decimal | None:
    """A 元 amount as printed in 万元 (blank for zero)."""
    return None if yuan == 0 else yuan_to_wan(Decimal(yuan))


def p0(yuan: int) -> Decimal:
    return yuan_to_wan(Decimal(yuan))


@dataclass
class Yuan:
    """What a unit received and spent, in 元, by 项 (functional code) and economic 款."""

    econ: Y  # 一般公共预算 基本支出 by economic 款 (T06)
    general: dict[str, Y]  # 一般公共预算 by 项: basic, project, total
    general_income: Y  # 一般公共预算 income by 项
    general_opening: int
    fund: dict[str, Y] = field(default_factory=dict)  # 政府性基金 by 项: opening_balance, income, total, basic, project, closing_balance
    state: dict[str, Y] = field(default_factory=dict)  # 国有资本经营 by 项: total, basic, project
    state_income: Y = field(default_factory=dict)
    state_opening: int = 0
    other_income: dict[str, Y] = field(default_factory=dict)  # 项 -> non-appropriation income by source
    other_spending: dict[str, Y] = field(default_factory=dict)  # 项 -> spending of it by kind (basic …)
    use_of_balance: int = 0  # T01 使用非财政拨款结余
    other_opening: int = 0  # T01 年初结转和结余 beyond the appropriations'
    distribution: int = 0  # T01 结余分配
    t09_budget: Y = field(default_factory=dict)  # “三公” columns (overseas, vehicle_purchase …)
    t09_actual: Y = field(default_factory=dict)


@dataclass
class Printed:
    """The nine tables and the totals the rest of a unit is drawn from (元)."""

    tables: dict[str, Table]
    grand_total: int
    general_spent: int
    general_closing: int
    public: int  # 公用经费


def _classified(table: str, items: dict[str, Y], columns: tuple[str, ...], year: int) -> Table:
    """A 类/款/项 table from 项 amounts: totals computed in 元, each cell printed on its own."""
    agg: dict[str, Y] = defaultdict(lambda: defaultdict(int))
    for code, vals in items.items():
        for key in ("total", code[:3], code[:5], code):
            for c in columns:
                agg[key][c] += vals.get(c, 0)
    keys = sorted(k for k in agg if k != "total")
    out = [Row("total", "合计", {c: p(agg["total"][c]) for c in columns})]
    out += [Row(k, label("functional", k, year), {c: p(agg[k][c]) for c in columns}) for k in keys]
    return Table(table, out)


def nine_tables(prof: Profile, year: int, y: Yuan) -> Printed:
    """The nine tables of the profile printed from the unit's figures.  An empty 政府性基金 or 国有资本
    table carries the profile's reason; T01's 年初结转和结余 is raised so that no balance is negative."""
    general, fund, state = y.general, y.fund, y.state
    exp_g = sum(v["total"] for v in general.values())
    inc_g = sum(y.general_income.values())
    opening_g = y.general_opening
    closing_g = opening_g + inc_g - exp_g
    exp_f = sum(v["total"] for v in fund.values())
    inc_f = sum(v["income"] for v in fund.values())
    opening_f = sum(v["opening_balance"] for v in fund.values())
    closing_f = opening_f + inc_f - exp_f
    exp_s = sum(v["total"] for v in state.values())
    inc_s = sum(y.state_income.values())
    opening_s = y.state_opening
    closing_s = opening_s + inc_s - exp_s

    # T02 / T03 by 项
    all_items = sorted(set(general) | set(fund) | set(state))
    t02_items: dict[str, Y] = {}
    t03_items: dict[str, Y] = {}
    for key in all_items:
        appr = y.general_income.get(key, 0) + fund.get(key, {}).get("income", 0) + y.state_income.get(key, 0)
        row = {"appropriation": appr, **y.other_income.get(key, {})}
        row["total"] = sum(row.values())
        t02_items[key] = row
        e: Y = defaultdict(int)
        for src in (general.get(key, {}), fund.get(key, {}), state.get(key, {})):
            e["basic"] += src.get("basic", 0)
            e["project"] += src.get("project", 0)
        for kind_key, v in y.other_spending.get(key, {}).items():
            e[kind_key] += v
        e["total"] = sum(e[c] for c in EXPENDITURE)
        t03_items[key] = dict(e)

    cols = {t: tuple(c.key for c in prof.tables[t].columns) for t in ("T02", "T03", "T05", "T07", "T08")}
    empty = prof.empty_table_reason
    tables = {
        "T02": _classified("T02", t02_items, cols["T02"], year),
        "T03": _classified("T03", t03_items, cols["T03"], year),
        "T05": _classified("T05", dict(general), cols["T05"], year),
        "T07": _classified("T07", fund, cols["T07"], year) if fund else Table("T07", [Row("total", "合计")],
                                                                              empty_reason=empty),
        "T08": _classified("T08", state, cols["T08"], year) if state else Table("T08", [Row("total", "合计")],
                                                                                empty_reason=empty),
    }

    # T01
    inc_src = {s: sum(y.other_income.get(key, {}).get(s, 0) for key in all_items) for s in OTHER_SOURCES}
    income_total = inc_g + inc_f + inc_s + sum(inc_src.values())
    exp_total = sum(v["total"] for v in t03_items.values())
    opening_other = y.other_opening
    opening_total = opening_g + opening_f + opening_s + opening_other
    grand = income_total + y.use_of_balance + opening_total
    if grand < exp_total + y.distribution:
        opening_other += exp_total + y.distribution - grand
        opening_total += exp_total + y.distribution - grand
        grand = income_total + y.use_of_balance + opening_total
    closing_total = grand - exp_total - y.distribution
    t01_left = {"general_budget": inc_g, "fund_budget": inc_f, "state_capital_budget": inc_s, **inc_src,
                "income_total": income_total, "use_of_balance": y.use_of_balance, "opening_balance": opening_total,
                "income_grand_total": grand}
    class_exp: Y = defaultdict(int)
    for key, vals in t03_items.items():
        class_exp[key[:3]] += vals["total"]
    t01_right = {"expenditure_total": exp_total, "balance_distribution": y.distribution,
                 "closing_balance": closing_total, "expenditure_grand_total": grand}
    layout = prof.tables["T01"]
    assert layout.left and layout.right
    rows = [Row(s.key, s.label, {"amount": p(t01_left.get(s.key, 0))}, s.line) for s in layout.left.rows]
    rows += [Row(s.key, s.label, {"amount": p(class_exp.get(s.key, 0) if s.key.isdigit() else t01_right.get(s.key, 0))},
                 s.line) for s in layout.right.rows]
    tables["T01"] = Table("T01", rows)

    # T04
    by_class: dict[str, Y] = defaultdict(lambda: defaultdict(int))
    for src, key in ((general, "general_budget"), (fund, "fund_budget"), (state, "state_capital_budget")):
        for code, vals in src.items():
            by_class[code[:3]][key] += vals["total"]
    exp_by = {"general_budget": exp_g, "fund_budget": exp_f, "state_capital_budget": exp_s}
    close_by = {"general_budget": closing_g, "fund_budget": closing_f, "state_capital_budget": closing_s}
    left4 = {"general_budget": inc_g, "fund_budget": inc_f, "state_capital_budget": inc_s,
             "income_total": inc_g + inc_f + inc_s, "opening_general_budget": opening_g,
             "opening_fund_budget": opening_f, "opening_state_capital_budget": opening_s,
             "opening_balance": opening_g + opening_f + opening_s}
    left4["income_grand_total"] = left4["income_total"] + left4["opening_balance"]

    def four(vals: Y) -> dict[str, Decimal | None]:
        out = {f: p(vals.get(f, 0)) for f in FUND_KEYS}
        out["total"] = p(sum(vals.get(f, 0) for f in FUND_KEYS))
        return out

    layout = prof.tables["T04"]
    assert layout.left and layout.right
    rows = [Row(s.key, s.label, {"amount": p(left4.get(s.key, 0))}, s.line) for s in layout.left.rows]
    for s in layout.right.rows:
        if s.key.isdigit():
            vals4 = four(by_class.get(s.key, {}))
        elif s.key == "expenditure_total":
            vals4 = four(exp_by)
        elif s.key == "closing_balance":
            vals4 = four(close_by)
        elif s.key == "expenditure_grand_total":
            vals4 = four({f: exp_by[f] + close_by[f] for f in exp_by})
        else:
            vals4 = {}
        rows.append(Row(s.key, s.label, vals4, s.line))
    tables["T04"] = Table("T04", rows)

    # T06 (general-budget 基本支出 only: the 事业收入-funded part is not in it)
    class_sum: Y = defaultdict(int)
    for c, v in y.econ.items():
        class_sum[c[:3]] += v
    rows = []
    for block in prof.tables["T06"].blocks:
        for code in block:
            v = class_sum.get(code, 0) if len(code) == 3 else y.econ.get(code, 0)
            rows.append(Row(code, label("economic", code, year), {"amount": p(v)}))
    personnel = sum(class_sum.get(c, 0) for c in prof.personnel_classes)
    public = sum(class_sum.get(c, 0) for c in prof.public_classes)
    rows += [Row(spec.key, spec.label, {"amount": p(v)})
             for spec, v in zip(economic.FOOTER, (personnel, public), strict=True)]
    tables["T06"] = Table("T06", rows)

    # T09: 三公, 会议费, 培训费 (budget and actual); vehicle and total are added to the two dicts
    t09 = []
    for spec, vals in zip(matrix.ROWS, (y.t09_budget, y.t09_actual), strict=True):
        vals["vehicle"] = vals["vehicle_purchase"] + vals["vehicle_operation"]
        vals["total"] = vals["overseas"] + vals["vehicle"] + vals["reception"]
        t09.append(Row(spec.key, spec.label, {c: p(v) for c, v in vals.items()}))
    tables["T09"] = Table("T09", t09)
    return Printed(tables, grand, exp_g, closing_g, public)


def fund_lines(parts: list[tuple[str, int, int]]) -> list[FundLine]:
    """A project's funds: 年度资金总额 and its parts (label, full-year budget, spent), rates filled in."""
    tot_y, tot_a = sum(x[1] for x in parts), sum(x[2] for x in parts)
    lines = [FundLine("年度资金总额", p0(0), p0(tot_y), p0(tot_a))] + [
        FundLine(lab, p0(0), p0(v), p0(a)) for lab, v, a in parts]
    for f in lines:
        f.rate = percent(f.actual, f.full_year) if f.full_year else Decimal(0)
    return lines


def scored(ev: Evaluation, full: Decimal, spent: Decimal) -> Evaluation:
    """Budget execution (rate and its 10 points) and the total score of a self-evaluation."""
    ev.budget_full_year, ev.budget_actual = full, spent
    ev.budget_rate = percent(spent, full)
    ev.budget_score = min(Decimal(10), (Decimal(10) * ev.budget_rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    ev.total_score = sum((i.score for i in ev.indicators), ev.budget_score)
    return ev
