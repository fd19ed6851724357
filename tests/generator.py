"""Random consistent units for property tests: wider than `juesuan.synth`'s realistic units (every fund,
every income source, tiny amounts, balances used and distributed), printed by the same
`juesuan.synth.tables.nine_tables` (totals in 元, each cell rounded on its own, so any difference between
printed figures is a legitimate 尾差; a zero is left blank, a non-zero amount that rounds to nothing is 0.00).
With ``exact=True`` every amount is a multiple of 100 元, so printed figures add up exactly.
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

from juesuan.core.amounts import percent
from juesuan.core.model import (
    AgencyRunningCosts,
    Assets,
    Evaluation,
    FinalAccounts,
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
from juesuan.domain.profiles import load_profile
from juesuan.synth.tables import OTHER_SOURCES, Y, Yuan, fund_lines, nine_tables, p, p0, scored
from juesuan.synth.units import LINKED, T09_LINK

ADMIN_ITEMS = ("2010101", "2080101", "2120101")  # 行政运行: where the rest of 基本支出 goes
PROJECT_ITEMS = ("2010102", "2050803", "2080108", "2120102")
FUND_ITEMS = ("2120801", "2120899", "2296002")
STATE_ITEMS = ("2230105",)


class Gen:
    def __init__(self, seed: int, exact: bool, rich: bool = False) -> None:
        self.r = random.Random(seed)
        self.exact = exact
        self.rich = rich

    def coin(self, p: float) -> bool:
        """True with probability p (always in a rich unit, where every feature is present)."""
        return self.rich or self.r.random() < p

    def amount(self, lo: int, hi: int, zero: float = 0.0, tiny: bool = True) -> int:
        """A random 元 amount in [lo, hi] (0 with probability `zero`); tiny amounts sometimes."""
        if not self.rich and self.r.random() < zero:
            return 0
        if tiny and not self.exact and self.r.random() < 0.05:
            return self.r.randint(1, 49)  # prints as 0.00
        y = self.r.randint(lo, hi)
        return (y // 100) * 100 if self.exact else y


def generate(seed: int, exact: bool = False, rich: bool = False) -> FinalAccounts:
    """A random FinalAccounts whose nine tables, facts and evaluations are consistent.

    `exact`: amounts in whole 100 元, so printed figures add up without 尾差.  `rich`: every
    feature present (all funds, all sources, all “三公” items), for tests of single rules.
    """
    g = Gen(seed, exact, rich)
    r = g.r
    prof = load_profile("shaanxi-2024")

    # T06: 基本支出 by economic 款 (元)
    econ: Y = {}
    for block in prof.tables["T06"].blocks:
        for code in block:
            if len(code) == 5 and code[:3] in ("301", "302", "303", "310") and g.coin(0.3):
                econ[code] = g.amount(100, 400_000)
    for code in LINKED:
        if code not in econ and g.coin(0.6):
            econ[code] = g.amount(1000, 200_000)
    econ.setdefault("30101", g.amount(10_000, 500_000))
    basic_total = sum(econ.values())

    # 一般公共预算 by 项: basic (from T06) and project
    general: dict[str, Y] = defaultdict(dict)
    for code, item in LINKED.items():
        if econ.get(code):
            general[item]["basic"] = general[item].get("basic", 0) + econ[code]
    rest = basic_total - sum(econ.get(c, 0) for c in LINKED)
    admins = r.sample(ADMIN_ITEMS, r.randint(1, len(ADMIN_ITEMS)))
    for i, item in enumerate(admins):
        share = rest if i == len(admins) - 1 else r.randint(0, rest)
        if exact:
            share = (share // 100) * 100
        rest -= share
        general[item]["basic"] = general[item].get("basic", 0) + share
    for item in r.sample(PROJECT_ITEMS, r.randint(0, len(PROJECT_ITEMS))):
        general[item]["project"] = g.amount(10_000, 5_000_000)
    if g.coin(0.3):
        general[admins[0]]["project"] = g.amount(100, 100_000)
    for vals in general.values():
        vals["total"] = vals.get("basic", 0) + vals.get("project", 0)

    # 政府性基金 (T07) and 国有资本经营 (T08) by 项
    fund: dict[str, Y] = {}
    if g.coin(0.5):
        for item in r.sample(FUND_ITEMS, r.randint(1, len(FUND_ITEMS))):
            basic, project = g.amount(0, 200_000, 0.5), g.amount(1000, 3_000_000)
            opening, income = g.amount(0, 500_000, 0.3), g.amount(0, 3_000_000, 0.2)
            total = basic + project
            if opening + income < total:
                income = total - opening + g.amount(0, 100_000, 0.5)
            fund[item] = {"opening_balance": opening, "income": income, "total": total, "basic": basic,
                          "project": project, "closing_balance": opening + income - total}
    state: dict[str, Y] = {}
    if g.coin(0.3):
        for item in STATE_ITEMS:
            basic, project = g.amount(0, 100_000, 0.5), g.amount(1000, 1_000_000)
            state[item] = {"total": basic + project, "basic": basic, "project": project}

    # appropriation income by 项 and fund; non-appropriation income and spending
    exp_g = sum(v["total"] for v in general.values())
    inc_g_items = {k: max(0, v["total"] + g.amount(-50_000, 200_000, 0.6)) for k, v in general.items()}
    opening_g = max(0, exp_g - sum(inc_g_items.values())) + g.amount(0, 300_000, 0.5)
    inc_s_items = {k: v["total"] + g.amount(0, 50_000, 0.5) for k, v in state.items()}
    opening_s = g.amount(0, 50_000, 0.7) if state else 0

    all_items = sorted(set(general) | set(fund) | set(state))
    other_inc: dict[str, Y] = {k: {} for k in all_items}
    other_exp: dict[str, Y] = {k: {} for k in all_items}
    if g.coin(0.5):
        for k in all_items:
            for src in OTHER_SOURCES:
                other_inc[k][src] = g.amount(100, 500_000, 0.8)
            for kind in ("basic", "project", "business", "remittance_to_superior", "subsidy_to_affiliated"):
                other_exp[k][kind] = g.amount(100, 300_000, 0.8)

    # the T01 balances and “三公” (drawn in this order), then the nine tables printed from 元
    use_of_balance = g.amount(0, 100_000, 0.8)
    opening_other = g.amount(0, 200_000, 0.7)
    distribution = g.amount(0, 50_000, 0.9)
    actual = {k: econ.get(code, 0) + g.amount(0, 50_000, 0.6) for k, code in T09_LINK.items()}
    budget = {k: g.amount(0, 80_000, 0.4) for k in T09_LINK}
    printed = nine_tables(prof, 2024, Yuan(econ, dict(general), inc_g_items, opening_g, fund, state, inc_s_items,
                                           opening_s, other_inc, other_exp, use_of_balance, opening_other,
                                           distribution, budget, actual))
    tables, public = printed.tables, printed.public

    # facts
    authorized = {"行政": r.randint(0, 30), "事业": r.randint(0, 20)}
    actual_staff = {k: r.randint(0, n) for k, n in authorized.items()}
    goods, works, services = g.amount(0, 900_000, 0.3), g.amount(0, 900_000, 0.5), g.amount(0, 900_000, 0.3)
    sme = {k: (g.amount(0, y, 0.3) if y else 0) for k, y in (("g", goods), ("w", works), ("s", services))}
    sme_total = sum(sme.values())
    def count(key: str, hi: int) -> int:
        printed = p(actual[key])
        return r.randint(1, hi) if printed else 0

    tp = ThreePublicFacts(overseas_groups=count("overseas", 3), vehicles_purchased=count("vehicle_purchase", 2),
                          reception_batches=count("reception", 20), meetings=count("meeting", 5),
                          trainings=count("training", 5), vehicles_held=r.randint(0, 5))
    tp.overseas_persons = tp.overseas_groups * 2 if tp.overseas_groups else 0
    tp.reception_persons = tp.reception_batches * 3 if tp.reception_batches else 0
    t05_items = [code for code in general]
    model = FinalAccounts(
        year=2024,
        unit=UnitProfile(name=f"测试单位{seed}", unit_kind="行政单位", confidentiality_review="已审查",
                         head_signoff="已审签", duties="负责本单位职责范围内的工作。", contact_phone="（0912）0000000",
                         staffing=Staffing(sum(authorized.values()), authorized, sum(actual_staff.values()),
                                           actual_staff, 0, "2024年底")),
        tables=tables,
        prior=PriorYear(*(p0(g.amount(100, 9_000_000)) for _ in range(8))),
        general_budget_initial=p0(g.amount(100, exp_g + 100)),
        item_budgets=[ItemBudget(c, p0(g.amount(0, 3_000_000, 0.2)), "因工作需要调整。") for c in t05_items],
        reasons={k: "因工作任务变化。" for k in REASON_KEYS},
        three_public=tp,
        agency_running_costs=AgencyRunningCosts(p(public), p(public)),
        procurement=Procurement(p0(goods + works + services), p0(goods), p0(works), p0(services), p0(sme_total),
                                p0(sme["g"]), p0(sme["w"]), p0(sme["s"]),
                                p0(g.amount(0, sme_total, 0.3) if sme_total else 0)),
        assets=Assets(statement="本单位2024年度无国有资产占用及购置。"),
        performance=Performance(management="按要求开展了绩效自评。", overall=_evaluation(g, "overall"),
                                projects=[_evaluation(g, "project")], special_funds="单位不主管专项资金。",
                                unit_key_projects="无重点评价项目。", fiscal_key_projects="无财政重点评价项目。"),
    )
    model.performance.overall.grade = "优"
    return model


def _evaluation(g: Gen, kind: str) -> Evaluation:
    r = g.r
    indicators = []
    for level1, n, w in (("产出指标", 5, 10), ("效益指标", 3, 10), ("满意度指标", 2, 5)):
        for i in range(n):
            indicators.append(Indicator(level1, "数量指标", f"{level1}{i + 1}", "≥90%", "95%", Decimal(w),
                                        Decimal(r.randint(0, w))))
    ev = Evaluation(kind=kind, name="测试项目" if kind == "project" else "测试单位", budget_weight=Decimal(10),
                    level1_points={"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)},
                    indicators=indicators, total_weight=Decimal(100))
    if kind == "overall":
        tasks = []
        tb = ta = 0
        for i in range(r.randint(1, 3)):
            fiscal, other = g.amount(10_000, 3_000_000, tiny=False), g.amount(0, 300_000, 0.6)
            af, ao = r.randint(0, fiscal), r.randint(0, other) if other else 0
            if g.exact:
                af, ao = (af // 100) * 100, (ao // 100) * 100
            tb += fiscal + other
            ta += af + ao
            t = Task(f"任务{i + 1}", budget_total=p0(fiscal + other), budget_fiscal=p0(fiscal), budget_other=p0(other),
                     actual_total=p0(af + ao), actual_fiscal=p0(af), actual_other=p0(ao))
            t.rate = percent(t.actual_total, t.budget_total)
            tasks.append(t)
        ev.tasks = tasks
        full, act = p0(tb), p0(ta)
    else:
        fiscal, carry, other = g.amount(10_000, 3_000_000, tiny=False), g.amount(0, 300_000, 0.6), g.amount(0, 100_000, 0.8)
        parts = []
        for label, y in (("其中：当年财政拨款", fiscal), ("上年结转资金", carry), ("其他资金", other)):
            a = r.randint(0, y) if y else 0
            if g.exact:
                a = (a // 100) * 100
            parts.append((label, y, a))
        ev.funds = fund_lines(parts)
        full, act = ev.funds[0].full_year, ev.funds[0].actual
    return scored(ev, full, act)


def printed_cells(model: FinalAccounts) -> list[tuple[str, str, str]]:
    """Every printed figure of T01–T09 bound by an identity (T09 会议费/培训费 are in none)."""
    out = []
    for tid, t in model.tables.items():
        for row in t.rows:
            for col, val in row.values.items():
                if val is None or (tid == "T09" and col in ("meeting", "training")):
                    continue
                out.append((tid, row.key, col))
    return out
