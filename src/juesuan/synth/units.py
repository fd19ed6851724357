"""Consistent, realistic synthetic units: `synth_unit(seed, index, year, profile) -> FinalAccounts`.

Every figure is drawn in 元 (integers) and every total is computed in 元; only then is each printed
cell converted to 万元 at 2 decimals on its own, as the 决算 software does, so all identities hold and
any difference between printed figures is a legitimate 尾差.  A unit keeps its name, kind and staff over the years; its figures are drawn anew for each year.
Magnitudes follow a unit's staff:
wages, social insurance, 公用经费 and 三公 per person in the ranges of the seed and the corpus
(a 6-person centre spends ≈ 600 万元 a year, a 100-person bureau several thousand).  The kinds of unit,
their 类/款/项 and their words live in kinds.yaml.  The same (seed, index) always gives the same unit.
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from juesuan.core.amounts import percent
from juesuan.core.model import (
    AgencyRunningCosts,
    Assets,
    Evaluation,
    FinalAccounts,
    GlossaryEntry,
    Indicator,
    ItemBudget,
    Performance,
    PriorYear,
    Procurement,
    Staffing,
    Task,
    ThreePublicFacts,
    UnitProfile,
)
from juesuan.derive import REASON_KEYS
from juesuan.synth.tables import Y, Yuan, fund_lines, kinds, nine_tables, p, p0, scored

# Social insurance and housing fund: economic 款 -> the 项 of 支出功能分类 it is charged to.
LINKED = {"30108": "2080505", "30109": "2080506", "30110": "2101101", "30111": "2101103", "30113": "2210201"}
LINKED_CENTRE = {**LINKED, "30110": "2101102"}
# T09 column -> the economic 款 its 基本支出 part is read from.
T09_LINK = {"overseas": "30212", "vehicle_purchase": "31013", "vehicle_operation": "30231",
            "reception": "30217", "meeting": "30215", "training": "30216"}
# Per person and year in 元: (low, high) for each economic 款 of 基本支出 that a unit draws.
PER_HEAD: dict[str, tuple[int, int]] = {
    "30101": (36_000, 52_000), "30102": (30_000, 62_000), "30103": (3_000, 12_000),
    "30107": (20_000, 45_000), "30112": (300, 1_200), "30199": (0, 6_000),
    "30201": (800, 3_000), "30205": (100, 500), "30206": (400, 1_500), "30207": (300, 1_200),
    "30209": (0, 1_500), "30211": (1_500, 6_000), "30213": (0, 3_000), "30215": (0, 600),
    "30216": (0, 900), "30217": (0, 400), "30226": (0, 4_000), "30228": (800, 1_600), "30229": (400, 1_200),
    "30231": (0, 2_500), "30239": (1_500, 4_000), "30299": (0, 3_000),
    "30302": (0, 8_000), "30305": (0, 1_500), "31002": (0, 3_000),
}
WAGE_KEYS = ("30101", "30102", "30103", "30107")


class Draw:
    """The random source of one unit."""

    def __init__(self, seed: int, index: int) -> None:
        self.r = random.Random(f"juesuan-synth:{seed}:{index}")  # str seeds hash the same on every run

    def amount(self, lo: int, hi: int, zero: float = 0.0) -> int:
        if hi <= lo:
            return max(lo, 0)
        return 0 if self.r.random() < zero else self.r.randint(lo, hi)

    def scale(self, yuan: int, lo: float, hi: float) -> int:
        return int(yuan * self.r.uniform(lo, hi))

    def pick(self, seq: Any) -> Any:
        return self.r.choice(list(seq))


def synth_unit(seed: int, index: int, year: int = 2024, profile: str = "shaanxi-2024") -> FinalAccounts:
    """Unit number `index` of the corpus `seed`: nine consistent tables, facts, reasons and evaluations."""
    from juesuan.domain.profiles import load_profile

    d = Draw(seed, index)
    r = d.r
    prof = load_profile(profile)
    k = kinds()
    centre = r.random() < 0.35
    kind = d.pick(k["centres"] if centre else k["kinds"])
    city = d.pick(sorted(k["cities"]))
    place = city if r.random() < 0.5 else city + d.pick(k["cities"][city])
    name = f"{place}{kind['name']}"
    staff = r.randint(4, 25) if centre else r.randint(8, 120)
    retirees = r.randint(0, staff // 3)
    linked = LINKED_CENTRE if centre else LINKED
    r.seed(f"juesuan-synth:{seed}:{index}:{year}")  # the same unit (name, kind, staff) has other figures each year
    staff = max(4, staff + r.randint(-2, 2))

    # T06: 基本支出 by economic 款, per person
    t06_codes = {c for block in prof.tables["T06"].blocks for c in block}
    econ: Y = {}
    for code, (lo, hi) in PER_HEAD.items():
        if code not in t06_codes or (code == "30107" and not centre):
            continue
        if code in ("30302", "30305"):
            y = retirees * r.randint(lo, hi) // 4
        else:
            y = staff * r.randint(lo, hi)
        if y:
            econ[code] = y
    wages = sum(econ.get(c, 0) for c in WAGE_KEYS)
    for code, rate in (("30108", 0.16), ("30109", 0.08), ("30110", 0.07), ("30111", 0.02), ("30113", 0.12)):
        if code == "30111" and centre:
            continue
        econ[code] = int(wages * rate * r.uniform(0.9, 1.1))
    if "30228" in econ:
        econ["30228"] = int(wages * 0.02)
    basic_total = sum(econ.values())

    # 一般公共预算 by 项: 基本 (from T06) and 项目
    general: dict[str, Y] = defaultdict(dict)
    for code, item in linked.items():
        if econ.get(code):
            general[item]["basic"] = general[item].get("basic", 0) + econ[code]
    general[kind["running"]]["basic"] = basic_total - sum(econ.get(c, 0) for c in linked)
    n_projects = r.randint(0, len(kind["projects"]))
    for item in r.sample(kind["projects"], n_projects):
        general[item]["project"] = d.scale(basic_total, 0.05, 0.8)
    if r.random() < 0.3:
        general[kind["running"]]["project"] = d.scale(basic_total, 0.01, 0.1)
    for vals in general.values():
        vals["total"] = vals.get("basic", 0) + vals.get("project", 0)

    # 政府性基金 (T07) for some units
    fund: dict[str, Y] = {}
    if r.random() < 0.12:
        item = d.pick(("2120801", "2120899", "2296002"))
        project = d.scale(basic_total, 0.1, 0.6)
        opening, income = d.amount(0, project // 3, 0.5), project + d.amount(0, project // 5, 0.5)
        fund[item] = {"opening_balance": opening, "income": income, "total": project, "basic": 0,
                      "project": project, "closing_balance": opening + income - project}

    exp_g = sum(v["total"] for v in general.values())
    inc_g_items = {key: max(0, v["total"] + d.scale(v["total"], -0.05, 0.08) * (r.random() < 0.4))
                   for key, v in general.items()}
    inc_g = sum(inc_g_items.values())
    opening_g = max(0, exp_g - inc_g) + d.amount(0, exp_g // 20, 0.5)

    all_items = sorted(set(general) | set(fund))
    other_inc: dict[str, Y] = {key: {} for key in all_items}
    other_exp: dict[str, Y] = {key: {} for key in all_items}
    if centre and r.random() < 0.5:  # a 事业单位 with 事业收入 / 其他收入 spent on its running
        key = kind["running"]
        other_inc[key]["public_service_income"] = d.scale(basic_total, 0.02, 0.2)
        other_inc[key]["other_income"] = d.amount(0, basic_total // 50, 0.5)
        other_exp[key]["basic"] = other_inc[key]["public_service_income"] + other_inc[key]["other_income"]

    # T09: 三公, 会议费, 培训费 (budget and actual)
    actual = {key: econ.get(code, 0) for key, code in T09_LINK.items()}
    if not centre and r.random() < 0.08:  # a car bought from project funds: in T09, not in T06
        actual["vehicle_purchase"] = r.randint(120_000, 250_000)
    budget = {key: d.scale(y, 0.9, 1.3) if y else d.amount(0, 20_000, 0.7) for key, y in actual.items()}
    printed = nine_tables(prof, year, Yuan(econ, dict(general), inc_g_items, opening_g, fund=fund,
                                           other_income=other_inc, other_spending=other_exp,
                                           t09_budget=budget, t09_actual=actual))
    tables, grand, public = printed.tables, printed.grand_total, printed.public
    # facts
    admin = 0 if centre else staff - r.randint(0, staff // 5)
    authorized = {"行政": admin + r.randint(0, 3), "事业": staff - admin + r.randint(0, 3)}
    actual_staff = {"行政": admin, "事业": staff - admin}
    goods = d.scale(basic_total, 0.0, 0.08) if r.random() < 0.7 else 0
    services = d.scale(exp_g - basic_total, 0.0, 0.5) if r.random() < 0.5 else 0
    works = d.scale(exp_g - basic_total, 0.0, 0.3) if r.random() < 0.15 else 0
    sme = {key: (d.scale(y, 0.5, 1.0) if y else 0) for key, y in (("g", goods), ("w", works), ("s", services))}
    sme_total = sum(sme.values())

    def count(key: str, lo: int, hi: int) -> int:
        return r.randint(lo, hi) if p(actual[key]) else 0

    tp = ThreePublicFacts(overseas_groups=count("overseas", 1, 2), vehicles_purchased=count("vehicle_purchase", 1, 1),
                          reception_batches=count("reception", 3, 40), meetings=count("meeting", 1, 8),
                          trainings=count("training", 1, 10), vehicles_held=0 if centre else r.randint(0, 4))
    tp.overseas_persons = tp.overseas_groups * r.randint(2, 5) if tp.overseas_groups else 0
    tp.reception_persons = tp.reception_batches * r.randint(3, 8) if tp.reception_batches else 0
    tp.meeting_persons = tp.meetings * r.randint(20, 80) if tp.meetings else 0
    tp.training_persons = tp.trainings * r.randint(15, 60) if tp.trainings else 0
    words = k["reasons"]

    def pr(y: int) -> Decimal:
        return p0(d.scale(y, 0.82, 1.18) if y else d.amount(0, 50_000, 0.6))

    prior = PriorYear(pr(grand), pr(grand), pr(inc_g + opening_g), pr(exp_g), pr(actual["total"]),
                      pr(actual["meeting"]), pr(actual["training"]), pr(public))
    reasons = {key: d.pick(words["up"] if "change" in key else words["item"]) for key in REASON_KEYS}
    initial = {code: d.scale(v["total"], 0.75, 1.05) for code, v in sorted(general.items())}
    item_budgets = [ItemBudget(code, p0(y), d.pick(words["item"]), d.pick(words["purpose"])) for code, y in initial.items()]
    project_items = [v["project"] for v in general.values() if v.get("project")]
    names = r.sample(k["projects"], min(len(project_items), 2, len(k["projects"])))
    model = FinalAccounts(
        year=year,
        profile=profile,
        unit=UnitProfile(
            name=name, superior=f"{place}{d.pick(k['kinds'])['name']}" if centre else None,
            budget_level="二级预算单位" if centre else "一级预算单位", unit_kind="事业单位" if centre else "行政单位",
            duties=kind["duties"], departments=r.sample(k["departments"], r.randint(2, 6)), units_covered=[name],
            staffing=Staffing(sum(authorized.values()), authorized, staff, actual_staff, retirees, f"{year}年底"),
            contact_phone=f"（09{r.randint(10, 19)}）{r.randint(2000000, 8999999)}",
            confidentiality_review="已审查", head_signoff="已审签"),
        tables=tables,
        prior=prior,
        general_budget_initial=p0(sum(initial.values())),
        item_budgets=item_budgets,
        reasons=reasons,
        three_public=tp,
        agency_running_costs=AgencyRunningCosts(p0(d.scale(public, 0.95, 1.1)), p0(public)),
        procurement=Procurement(p0(goods + works + services), p0(goods), p0(works), p0(services), p0(sme_total),
                                p0(sme["g"]), p0(sme["w"]), p0(sme["s"]),
                                p0(d.scale(sme_total, 0.3, 1.0) if sme_total else 0)),
        assets=Assets(statement=f"截至{year}年12月31日，本单位共有车辆{tp.vehicles_held}辆；单价100万元以上设备0台（套）。"),
        performance=Performance(
            management="本单位按照预算绩效管理要求，对全部项目支出开展了绩效自评。",
            overall=_evaluation(d, "overall", name, k, exp_g),
            projects=[_evaluation(d, "project", pname, k, y) for pname, y in zip(names, project_items, strict=False)],
            special_funds="本单位无主管的专项资金。", unit_key_projects="本单位未开展单位重点评价。",
            fiscal_key_projects="本单位无财政重点评价项目。"),
    )
    model.performance.overall.grade = "优"
    model.glossary = [GlossaryEntry(term, text) for term, text in k["glossary"]]
    return model


def _evaluation(d: Draw, kind: str, name: str, k: dict[str, Any], spent: int) -> Evaluation:
    """The overall self-evaluation (its tasks spend `spent`, the general-budget total) or one project's."""
    r = d.r
    indicators = []
    points = {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}
    for level1, groups in k["indicators"].items():
        named = [(l2, n) for l2, ns in groups.items() for n in ns]
        weights = _split(r, int(points[level1]), len(named))
        for (level2, indicator), w in zip(named, weights, strict=True):
            score = Decimal(w) if r.random() < 0.85 else Decimal(max(0, w - r.randint(1, max(1, w // 3))))
            indicators.append(Indicator(level1, level2, indicator, "≥95%", f"{r.randint(95, 100)}%", Decimal(w), score))
    ev = Evaluation(kind=kind, name=name, budget_weight=Decimal(10),
                    level1_points=points, indicators=indicators, total_weight=Decimal(100))
    if kind == "overall":
        tasks = []
        tb = ta = 0
        names = r.sample(k["tasks"], r.randint(1, 3))
        parts = _split(r, max(spent // 100, len(names)), len(names))
        for task, part in zip(names, parts, strict=True):
            af = part * 100 if task != names[-1] else spent - sum(parts[:-1]) * 100
            fiscal = d.scale(af, 1.0, 1.12)
            tb += fiscal
            ta += af
            t = Task(task, budget_total=p0(fiscal), budget_fiscal=p0(fiscal), budget_other=p0(0),
                     actual_total=p0(af), actual_fiscal=p0(af), actual_other=p0(0))
            t.rate = percent(t.actual_total, t.budget_total)
            tasks.append(t)
        ev.tasks = tasks
        full, act = p0(tb), p0(ta)
    else:
        parts = [("其中：当年财政拨款", d.scale(spent, 1.0, 1.15), spent), ("上年结转资金", 0, 0), ("其他资金", 0, 0)]
        ev.funds = fund_lines(parts)
        full, act = ev.funds[0].full_year, ev.funds[0].actual
    return scored(ev, full, act)


def _split(r: random.Random, total: int, n: int) -> list[int]:
    """`total` points over `n` indicators, each at least 1, summing exactly."""
    cuts = sorted(r.sample(range(1, total), n - 1)) if n > 1 else []
    edges = [0, *cuts, total]
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]
