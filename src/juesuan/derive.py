"""Derived figures: the one place totals, shares, changes and rates are computed.

The narrative, the tables and the rules all read figures from here, so they can never disagree.
Every function takes the model (and, where layout matters, the profile) and returns Decimals
rounded half up to the printed precision (2 decimals).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.core.amounts import ZERO, percent, quantize
from juesuan.core.model import FinalAccounts, Row, Table

# Keys of FinalAccounts.reasons: the unit's own words for each variance the narrative explains.
REASON_KEYS: dict[str, str] = {
    "total_change": "收入支出总计与上年相比变动的主要原因",
    "appropriation_change": "财政拨款收入支出总计与上年相比变动的主要原因",
    "general_budget_change": "一般公共预算财政拨款支出与上年相比变动的主要原因",
    "general_budget_variance": "一般公共预算财政拨款支出决算数与年初预算数差异的主要原因",
    "three_public_variance": "“三公”经费决算数与预算数差异的主要原因",
    "three_public_change": "“三公”经费与上年相比变动的主要原因",
    "meeting_variance": "会议费决算数与预算数差异的主要原因",
    "meeting_change": "会议费与上年相比变动的主要原因",
    "training_variance": "培训费决算数与预算数差异的主要原因",
    "training_change": "培训费与上年相比变动的主要原因",
    "agency_running_costs_change": "机关运行经费与上年相比变动的主要原因",
    "agency_running_costs_variance": "机关运行经费决算数与预算数差异的主要原因",
}

INCOME_SOURCES: tuple[tuple[str, str], ...] = (
    ("appropriation", "财政拨款收入"),
    ("superior_subsidy", "上级补助收入"),
    ("public_service_income", "事业收入"),
    ("business_income", "经营收入"),
    ("affiliated_remittance", "附属单位上缴收入"),
    ("other_income", "其他收入"),
)
EXPENDITURE_KINDS: tuple[tuple[str, str], ...] = (
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("remittance_to_superior", "上缴上级支出"),
    ("business", "经营支出"),
    ("subsidy_to_affiliated", "对附属单位补助支出"),
)
FUNDS: tuple[tuple[str, str], ...] = (
    ("general_budget", "一般公共预算财政拨款"),
    ("fund_budget", "政府性基金预算财政拨款"),
    ("state_capital_budget", "国有资本经营预算财政拨款"),
)


def or_zero(value: Decimal | None) -> Decimal:
    """A printed figure as a number (blank = 0)."""
    return ZERO if value is None else value


@dataclass(frozen=True)
class Change:
    """Change on the prior year: amount, rate (percent, None when the prior year is 0) and direction."""

    current: Decimal
    prior: Decimal
    amount: Decimal
    rate: Decimal | None

    @property
    def direction(self) -> str:
        """增加 / 减少 / 持平 by the sign of the change."""
        return "增加" if self.amount > 0 else "减少" if self.amount < 0 else "持平"

    @property
    def rate_word(self) -> str:
        """增长 / 下降 by the sign of the change."""
        return "增长" if self.amount > 0 else "下降" if self.amount < 0 else "持平"


def change(current: Decimal | None, prior: Decimal | None) -> Change | None:
    """Change on the prior year, or None when the prior-year figure is unknown."""
    if prior is None or current is None:
        return None
    amount = quantize(current - prior)
    rate = percent(abs(amount), prior) if prior != 0 else None
    return Change(current, prior, amount, rate)


def completion_rate(actual: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """完成预算的 X%: actual / budget × 100, None when the budget is zero or unknown."""
    if budget is None or budget == 0:
        return None
    return percent(or_zero(actual), budget)


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """占 X%: part / whole × 100 (None when the whole is zero)."""
    if whole is None or whole == 0:
        return None
    return percent(or_zero(part), whole)


# --- T01 / T02 / T03 totals -------------------------------------------------------------------

def t1(m: FinalAccounts, key: str) -> Decimal:
    return or_zero(m.table("T01").value(key, "amount"))


def income_total(m: FinalAccounts) -> Decimal:
    """本年收入合计."""
    return t1(m, "income_total")


def expenditure_total(m: FinalAccounts) -> Decimal:
    """本年支出合计."""
    return t1(m, "expenditure_total")


def income_grand_total(m: FinalAccounts) -> Decimal:
    return t1(m, "income_grand_total")


def expenditure_grand_total(m: FinalAccounts) -> Decimal:
    return t1(m, "expenditure_grand_total")


def total_row(t: Table) -> Row | None:
    return t.row("total")


def income_structure(m: FinalAccounts) -> list[tuple[str, str, Decimal, Decimal | None]]:
    """(key, name, amount, share of 本年收入合计) for each non-zero income source of T02."""
    row = total_row(m.table("T02"))
    total = income_total(m)
    if row is None:
        return []
    return [(k, name, or_zero(row.get(k)), share(row.get(k), total)) for k, name in INCOME_SOURCES if or_zero(row.get(k))]


def expenditure_structure(m: FinalAccounts) -> list[tuple[str, str, Decimal, Decimal | None]]:
    """(key, name, amount, share of 本年支出合计) for each non-zero kind of T03."""
    row = total_row(m.table("T03"))
    total = expenditure_total(m)
    if row is None:
        return []
    return [(k, name, or_zero(row.get(k)), share(row.get(k), total)) for k, name in EXPENDITURE_KINDS if or_zero(row.get(k))]


# --- T04 / T05 / T06 / T09 --------------------------------------------------------------------

def appropriation_grand_total(m: FinalAccounts) -> Decimal:
    """财政拨款收入支出总计 (T04 收入 合计)."""
    return or_zero(m.table("T04").value("income_grand_total", "amount"))


def general_budget_expenditure(m: FinalAccounts) -> Decimal:
    """一般公共预算财政拨款支出 (T05 合计)."""
    return or_zero(m.table("T05").value("total", "total"))


def general_budget_basic(m: FinalAccounts) -> Decimal:
    return or_zero(m.table("T05").value("total", "basic"))


def general_budget_project(m: FinalAccounts) -> Decimal:
    return or_zero(m.table("T05").value("total", "project"))


def personnel_expenses(m: FinalAccounts) -> Decimal:
    """人员经费 (T06 人员经费合计)."""
    return or_zero(m.table("T06").value("personnel_total", "amount"))


def public_expenses(m: FinalAccounts) -> Decimal:
    """公用经费 (T06 公用经费合计)."""
    return or_zero(m.table("T06").value("public_total", "amount"))


def economic_items(m: FinalAccounts, classes: tuple[str, ...]) -> list[Row]:
    """Non-zero T06 款 rows under the given 类 (e.g. ("301", "303") for 人员经费)."""
    return [r for r in m.table("T06").rows
            if len(r.key) == 5 and r.key[:3] in classes and or_zero(r.get("amount")) != 0]


def three_public(m: FinalAccounts, row: str, column: str) -> Decimal:
    """A figure of T09: row "budget" or "actual", column key (total, overseas, …, training)."""
    return or_zero(m.table("T09").value(row, column))


# --- classification hierarchy ---------------------------------------------------------------

def level(code: str) -> str:
    """类 / 款 / 项 by code length (3 / 5 / 7)."""
    return {3: "类", 5: "款", 7: "项"}.get(len(code), "?")


def children(t: Table, code: str) -> list[Row]:
    """The direct children of a classification row (款 of a 类, 项 of a 款)."""
    want = len(code) + 2
    return [r for r in t.coded_rows() if len(r.key) == want and r.key.startswith(code)]


def item_rows(t: Table) -> list[Row]:
    """The 项 rows (7-digit codes), in printed order."""
    return [r for r in t.coded_rows() if len(r.key) == 7]


def item_path(t: Table, code: str) -> tuple[str, str, str]:
    """Names of 类, 款, 项 for a 7-digit code, as printed in the table."""
    def name(c: str) -> str:
        r = t.row(c)
        return r.label if r else ""
    return name(code[:3]), name(code[:5]), name(code)


@dataclass(frozen=True)
class ItemVariance:
    """One 项 of 一般公共预算财政拨款支出 against its 年初预算."""

    code: str
    class_name: str
    section_name: str
    item_name: str
    initial: Decimal | None
    actual: Decimal
    rate: Decimal | None  # completion rate, None when no initial budget
    reason: str | None
    full_year: Decimal | None = None  # 全年预算数, when the unit reports one

    @property
    def comparison(self) -> str:
        """大于 / 小于 / 等于 (决算数 against 年初预算数); 新增 when there was no initial budget."""
        if self.initial is None or self.initial == 0:
            return "新增"
        return "大于" if self.actual > self.initial else "小于" if self.actual < self.initial else "等于"

    @property
    def full_rate(self) -> Decimal | None:
        """完成全年预算数的 X% (None without a full-year budget)."""
        return completion_rate(self.actual, self.full_year)

    @property
    def full_comparison(self) -> str | None:
        """大于 / 小于 / 等于 against 全年预算数 (新增 when it is zero); None when there is none."""
        if self.full_year is None:
            return None
        if self.full_year == 0:
            return "新增"
        return "大于" if self.actual > self.full_year else "小于" if self.actual < self.full_year else "等于"

    @property
    def basis(self) -> Decimal:
        """The budget the 决算 is held against: 全年预算数 when reported, else 年初预算数 (0 when none)."""
        if self.full_year is not None:
            return self.full_year
        return self.initial if self.initial is not None else Decimal("0.00")


def item_variances(m: FinalAccounts) -> list[ItemVariance]:
    """Each 项 of T05 with its 年初预算, completion rate and the unit's reason."""
    t = m.table("T05")
    out = []
    for r in item_rows(t):
        b = m.item_budget(r.key)
        initial = b.initial if b else None
        actual = or_zero(r.get("total"))
        c, s, i = item_path(t, r.key)
        out.append(ItemVariance(r.key, c, s, i, initial, actual, completion_rate(actual, initial),
                                b.reason if b else None, b.full_year if b else None))
    return out


def class_structure(m: FinalAccounts) -> list[tuple[str, str, Decimal, Decimal | None]]:
    """(code, name, amount, share of 一般公共预算财政拨款支出) for each 类 of T05."""
    t = m.table("T05")
    total = general_budget_expenditure(m)
    return [(r.key, r.label, or_zero(r.get("total")), share(r.get("total"), total))
            for r in t.coded_rows() if len(r.key) == 3 and or_zero(r.get("total"))]


# --- additions for the narrative (build) ------------------------------------------------------

def variance(actual: Decimal | None, budget: Decimal | None) -> Decimal:
    """决算数 − 预算数, rounded to 2 decimals (negative when under budget)."""
    return quantize(or_zero(actual) - or_zero(budget))


def comparison_word(actual: Decimal | None, budget: Decimal | None) -> str:
    """大于 / 小于 / 等于: 决算数 against 预算数."""
    d = variance(actual, budget)
    return "大于" if d > 0 else "小于" if d < 0 else "等于"


def share_or_zero(part: Decimal | None, whole: Decimal | None) -> Decimal:
    """占 X% where 0 of 0 reads as 0.00% (政府采购: no contracts, no SME share)."""
    s = share(part, whole)
    return quantize(ZERO) if s is None else s


def procurement_shares(m: FinalAccounts) -> dict[str, Decimal]:
    """Shares of the 政府采购 sentence: SMEs of the total, small/micro of SMEs, SMEs per kind."""
    p = m.procurement
    return {
        "sme": share_or_zero(p.sme_total, p.total),
        "small_micro": share_or_zero(p.small_micro, p.sme_total),
        "goods": share_or_zero(p.sme_goods, p.goods),
        "works": share_or_zero(p.sme_works, p.works),
        "services": share_or_zero(p.sme_services, p.services),
    }


def execution_rate(actual: Decimal | None, full_year: Decimal | None) -> Decimal | None:
    """预算执行率 = 全年执行数 / 全年预算数 × 100 (None when the budget is zero)."""
    return completion_rate(actual, full_year)


@dataclass(frozen=True)
class ProjectEvaluations:
    """The projects whose self-evaluation the report shows, against the unit's 项目支出 (T03 合计): the
    base the sentence names (“占部门预算项目支出总额的X%”), not the overall table's 全年预算数."""

    count: int
    budget: Decimal  # Σ 全年预算数 of the evaluated projects
    share: Decimal | None  # of T03 项目支出合计


def project_evaluations(m: FinalAccounts) -> ProjectEvaluations:
    perf = m.performance
    budget = quantize(sum((or_zero(p.budget_full_year) for p in perf.projects), ZERO))
    row = total_row(m.table("T03"))
    whole = row.get("project") if row is not None else None
    return ProjectEvaluations(len(perf.projects), budget, share(budget, whole))



def task_totals(tasks: list) -> dict[str, Decimal | None]:  # list[model.Task]
    """金额合计 of the overall self-evaluation table: Σ of each money column of the tasks."""
    cols = ("budget_total", "budget_fiscal", "budget_other", "actual_total", "actual_fiscal", "actual_other")
    out: dict[str, Decimal | None] = {}
    for c in cols:
        vals = [getattr(t, c) for t in tasks if getattr(t, c) is not None]
        out[c] = quantize(sum(vals, ZERO)) if vals else None
    return out


def appropriation_expenditure_grand_total(m: FinalAccounts) -> Decimal:
    """财政拨款支出总计 (T04 支出 合计, column 合计)."""
    return or_zero(m.table("T04").value("expenditure_grand_total", "total"))


def average_score(evaluations: list) -> Decimal | None:  # list[model.Evaluation]
    """平均得分 of the project self-evaluations (2 decimals), None when there is none."""
    scores = [e.total_score for e in evaluations if e.total_score is not None]
    if not scores:
        return None
    return quantize(sum(scores, ZERO) / len(scores))
