"""Generator of consistent random units for property tests.

Every figure is first drawn in 元 (integers), every total is computed in 元, and only then is each
printed cell converted to 万元 at 2 decimals (ROUND_HALF_UP) on its own — as the 决算 software does.
So all identities hold exactly in 元 and any difference between printed figures is a legitimate
尾差.  A zero is left blank; a non-zero amount that rounds to nothing is printed as 0.00.
With ``exact=True`` every amount is a multiple of 100 元, so printed figures add up exactly.
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from juesuan.core.amounts import percent, yuan_to_wan
from juesuan.core.model import (
    AgencyRunningCosts,
    Assets,
    Evaluation,
    FinalAccounts,
    FundLine,
    Indicator,
    ItemBudget,
    Performance,
    PriorYear,
    Procurement,
    Row,
    Staffing,
    Table,
    Task,
    ThreePublicFacts,
    UnitProfile,
)
from juesuan.derive import REASON_KEYS
from juesuan.domain.profiles import load_profile

NAMES = {
    "201": "一般公共服务支出", "20101": "人大事务", "2010101": "行政运行", "2010102": "一般行政管理事务",
    "205": "教育支出", "20508": "进修及培训", "2050803": "培训支出",
    "208": "社会保障和就业支出", "20801": "人力资源和社会保障管理事务", "2080101": "行政运行",
    "2080108": "信息化建设", "20805": "行政事业单位养老支出", "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出", "210": "卫生健康支出", "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗", "2101103": "公务员医疗补助", "213": "农林水支出", "21301": "农业农村",
    "2130101": "行政运行", "2130104": "事业运行", "221": "住房保障支出", "22102": "住房改革支出",
    "2210201": "住房公积金", "212": "城乡社区支出", "21208": "国有土地使用权出让收入安排的支出",
    "2120801": "征地和拆迁补偿支出", "2120899": "其他国有土地使用权出让收入安排的支出",
    "229": "其他支出", "22960": "彩票公益金安排的支出", "2296002": "用于社会福利的彩票公益金支出",
    "223": "国有资本经营预算支出", "22301": "解决历史遗留问题及改革成本支出", "2230105": "国有企业退休人员社会化管理补助支出",
}
ADMIN_ITEMS = ("2010101", "2080101", "2120101")  # 行政运行: where the rest of 基本支出 goes
PROJECT_ITEMS = ("2010102", "2050803", "2080108", "2120102")
LINKED = {"30108": "2080505", "30109": "2080506", "30110": "2101101", "30111": "2101103", "30113": "2210201"}
FUND_ITEMS = ("2120801", "2120899", "2296002")
STATE_ITEMS = ("2230105",)
T09_LINK = {"overseas": "30212", "vehicle_purchase": "31013", "vehicle_operation": "30231",
            "reception": "30217", "meeting": "30215", "training": "30216"}
OTHER_SOURCES = ("superior_subsidy", "public_service_income", "business_income", "affiliated_remittance",
                 "other_income")
Y = dict[str, int]


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


def label(kind: str, code: str) -> str:
    """The catalogue's name of a code (the generated tables print real names)."""
    from juesuan.domain import catalog

    return catalog.lookup(kind, code, 2024) or NAMES.get(code) or f"科目{code}"


def p(yuan: int) -> Decimal | None:
    """Print a 元 amount in 万元 (blank for zero)."""
    return None if yuan == 0 else yuan_to_wan(Decimal(yuan))


def p0(yuan: int) -> Decimal:
    return yuan_to_wan(Decimal(yuan))


def _classified(table: str, items: dict[str, Y], columns: tuple[str, ...]) -> Table:
    """A 类/款/项 table from 项 amounts in 元: totals computed in 元, each cell printed on its own."""
    agg: dict[str, Y] = defaultdict(lambda: defaultdict(int))
    for code, vals in items.items():
        for key in ("total", code[:3], code[:5], code):
            for c in columns:
                agg[key][c] += vals.get(c, 0)
    keys = sorted(k for k in agg if k != "total")
    out = [Row("total", "合计", {c: p(agg["total"][c]) for c in columns})]
    out += [Row(k, label("functional", k), {c: p(agg[k][c]) for c in columns}) for k in keys]
    return Table(table, out)


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
    inc_g = sum(inc_g_items.values())
    opening_g = max(0, exp_g - inc_g) + g.amount(0, 300_000, 0.5)
    closing_g = opening_g + inc_g - exp_g
    exp_f = sum(v["total"] for v in fund.values())
    inc_f = sum(v["income"] for v in fund.values())
    opening_f = sum(v["opening_balance"] for v in fund.values())
    closing_f = opening_f + inc_f - exp_f
    exp_s = sum(v["total"] for v in state.values())
    inc_s_items = {k: v["total"] + g.amount(0, 50_000, 0.5) for k, v in state.items()}
    inc_s = sum(inc_s_items.values())
    opening_s = g.amount(0, 50_000, 0.7) if state else 0
    closing_s = opening_s + inc_s - exp_s

    all_items = sorted(set(general) | set(fund) | set(state))
    other_inc: dict[str, Y] = {k: {} for k in all_items}
    other_exp: dict[str, Y] = {k: {} for k in all_items}
    if g.coin(0.5):
        for k in all_items:
            for src in OTHER_SOURCES:
                other_inc[k][src] = g.amount(100, 500_000, 0.8)
            for kind in ("basic", "project", "business", "remittance_to_superior", "subsidy_to_affiliated"):
                other_exp[k][kind] = g.amount(100, 300_000, 0.8)

    # T02 / T03 by 项
    t02_items: dict[str, Y] = {}
    t03_items: dict[str, Y] = {}
    for k in all_items:
        appr = inc_g_items.get(k, 0) + fund.get(k, {}).get("income", 0) + inc_s_items.get(k, 0)
        row = {"appropriation": appr, **other_inc[k]}
        row["total"] = sum(row.values())
        t02_items[k] = row
        e: Y = defaultdict(int)
        for src in (general.get(k, {}), fund.get(k, {}), state.get(k, {})):
            e["basic"] += src.get("basic", 0)
            e["project"] += src.get("project", 0)
        for kind, y in other_exp[k].items():
            e[kind] += y
        e["total"] = sum(e[c] for c in ("basic", "project", "remittance_to_superior", "business",
                                        "subsidy_to_affiliated"))
        t03_items[k] = dict(e)

    cols = {t: tuple(c.key for c in prof.tables[t].columns) for t in ("T02", "T03", "T05", "T07", "T08")}
    tables = {
        "T02": _classified("T02", t02_items, cols["T02"]),
        "T03": _classified("T03", t03_items, cols["T03"]),
        "T05": _classified("T05", dict(general), cols["T05"]),
        "T07": _classified("T07", fund, cols["T07"]) if fund else Table("T07", [Row("total", "合计")],
                                                                          empty_reason=prof.empty_table_reason),
        "T08": _classified("T08", state, cols["T08"]) if state else Table("T08", [Row("total", "合计")],
                                                                            empty_reason=prof.empty_table_reason),
    }

    # T01
    inc_src = {s: sum(other_inc[k].get(s, 0) for k in all_items) for s in OTHER_SOURCES}
    income_total = inc_g + inc_f + inc_s + sum(inc_src.values())
    exp_total = sum(v["total"] for v in t03_items.values())
    use_of_balance = g.amount(0, 100_000, 0.8)
    opening_other = g.amount(0, 200_000, 0.7)
    distribution = g.amount(0, 50_000, 0.9)
    opening_total = opening_g + opening_f + opening_s + opening_other
    grand = income_total + use_of_balance + opening_total
    if grand < exp_total + distribution:
        opening_other += exp_total + distribution - grand
        opening_total += exp_total + distribution - grand
        grand = income_total + use_of_balance + opening_total
    closing_total = grand - exp_total - distribution
    t01_left = {"general_budget": inc_g, "fund_budget": inc_f, "state_capital_budget": inc_s, **inc_src,
                "income_total": income_total, "use_of_balance": use_of_balance, "opening_balance": opening_total,
                "income_grand_total": grand}
    class_exp: Y = defaultdict(int)
    for k, v in t03_items.items():
        class_exp[k[:3]] += v["total"]
    t01_right = {"expenditure_total": exp_total, "balance_distribution": distribution,
                 "closing_balance": closing_total, "expenditure_grand_total": grand}
    layout = prof.tables["T01"]
    t01_rows = [Row(s.key, s.label, {"amount": p(t01_left.get(s.key, 0))}, s.line) for s in layout.left.rows]
    t01_rows += [Row(s.key, s.label, {"amount": p(class_exp.get(s.key, 0) if s.key.isdigit() else t01_right[s.key])},
                     s.line) for s in layout.right.rows]
    tables["T01"] = Table("T01", t01_rows)

    # T04
    by_class: dict[str, Y] = defaultdict(lambda: defaultdict(int))
    for src, key in ((general, "general_budget"), (fund, "fund_budget"), (state, "state_capital_budget")):
        for k, v in src.items():
            by_class[k[:3]][key] += v["total"]
    exp_by = {"general_budget": exp_g, "fund_budget": exp_f, "state_capital_budget": exp_s}
    close_by = {"general_budget": closing_g, "fund_budget": closing_f, "state_capital_budget": closing_s}
    left4 = {"general_budget": inc_g, "fund_budget": inc_f, "state_capital_budget": inc_s,
             "income_total": inc_g + inc_f + inc_s, "opening_general_budget": opening_g,
             "opening_fund_budget": opening_f, "opening_state_capital_budget": opening_s,
             "opening_balance": opening_g + opening_f + opening_s}
    left4["income_grand_total"] = left4["income_total"] + left4["opening_balance"]

    def four(vals: Y) -> dict[str, Decimal | None]:
        out = {f: p(vals.get(f, 0)) for f in ("general_budget", "fund_budget", "state_capital_budget")}
        out["total"] = p(sum(vals.get(f, 0) for f in ("general_budget", "fund_budget", "state_capital_budget")))
        return out

    layout = prof.tables["T04"]
    t04_rows = [Row(s.key, s.label, {"amount": p(left4.get(s.key, 0))}, s.line) for s in layout.left.rows]
    for s in layout.right.rows:
        if s.key.isdigit():
            vals = four(by_class.get(s.key, {}))
        elif s.key == "expenditure_total":
            vals = four(exp_by)
        elif s.key == "closing_balance":
            vals = four(close_by)
        elif s.key == "expenditure_grand_total":
            vals = four({f: exp_by[f] + close_by[f] for f in exp_by})
        else:
            vals = {}
        t04_rows.append(Row(s.key, s.label, vals, s.line))
    tables["T04"] = Table("T04", t04_rows)

    # T06
    t06_rows = []
    class_sum: Y = defaultdict(int)
    for c, y in econ.items():
        class_sum[c[:3]] += y
    for block in prof.tables["T06"].blocks:
        for code in block:
            y = class_sum.get(code, 0) if len(code) == 3 else econ.get(code, 0)
            t06_rows.append(Row(code, label("economic", code), {"amount": p(y)}))
    personnel = sum(class_sum.get(c, 0) for c in prof.personnel_classes)
    public = sum(class_sum.get(c, 0) for c in prof.public_classes)
    t06_rows += [Row("personnel_total", "人员经费合计", {"amount": p(personnel)}),
                 Row("public_total", "公用经费合计", {"amount": p(public)})]
    tables["T06"] = Table("T06", t06_rows)

    # T09
    actual = {k: econ.get(code, 0) + g.amount(0, 50_000, 0.6) for k, code in T09_LINK.items()}
    budget = {k: g.amount(0, 80_000, 0.4) for k in T09_LINK}
    t09 = []
    for key, vals in (("budget", budget), ("actual", actual)):
        vals["vehicle"] = vals["vehicle_purchase"] + vals["vehicle_operation"]
        vals["total"] = vals["overseas"] + vals["vehicle"] + vals["reception"]
        t09.append(Row(key, "预算数" if key == "budget" else "决算数", {k: p(y) for k, y in vals.items()}))
    tables["T09"] = Table("T09", t09)

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


def _round_int(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1), rounding=ROUND_HALF_UP)


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
        tot_y, tot_a = sum(x[1] for x in parts), sum(x[2] for x in parts)
        lines = [FundLine("年度资金总额", p0(0), p0(tot_y), p0(tot_a))] + [
            FundLine(label, p0(0), p0(y), p0(a)) for label, y, a in parts]
        for f in lines:
            f.rate = percent(f.actual, f.full_year) if f.full_year else Decimal(0)
        ev.funds = lines
        full, act = p0(tot_y), p0(tot_a)
    ev.budget_full_year, ev.budget_actual = full, act
    ev.budget_rate = percent(act, full)
    ev.budget_score = min(Decimal(10), _round_int(Decimal(10) * ev.budget_rate / 100))
    ev.total_score = sum((i.score for i in indicators), ev.budget_score)
    return ev


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
