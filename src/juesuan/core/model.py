"""FinalAccounts: the one canonical model of one unit's final accounts for one year.

Amounts are Decimal in 万元 carrying their printed precision (see amounts.py).  A blank table
cell is None.  Tables are stored by role (T01…T09, see GLOSSARY.md) with semantic row keys
(a classification code, or a role key such as "income_total") and column keys; the printed
layout (titles, 行次, 栏次, header rows) comes from the profile (profiles/*.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Amount = Decimal | None

# Table role ids, in the national (and Shaanxi) order.
TABLE_IDS = ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09")


@dataclass
class Row:
    """One printed row of a disclosure table."""

    key: str  # classification code ("2080101"), "total", or a role key ("income_total")
    label: str  # printed name
    values: dict[str, Amount] = field(default_factory=dict)  # column key -> amount
    line: int | None = None  # 行次, where the table prints one

    def get(self, column: str) -> Amount:
        return self.values.get(column)


@dataclass
class Table:
    """One disclosure table (公开NN表) by role id."""

    id: str  # "T01" … "T09"
    rows: list[Row] = field(default_factory=list)
    empty_reason: str | None = None  # 表格为空的理由, for a published empty table
    note: str | None = None  # 注：…, when it differs from the profile's

    def row(self, key: str) -> Row | None:
        """The first row with this key (indexed; the index is rebuilt when rows change)."""
        rows = self.rows
        idx = self.__dict__.get("_index")
        if idx is None or idx[0] is not rows or idx[1] != len(rows):
            positions: dict[str, int] = {}
            for i, r in enumerate(rows):
                positions.setdefault(r.key, i)
            idx = (rows, len(rows), positions)
            self.__dict__["_index"] = idx
        pos = idx[2].get(key)
        if pos is not None and rows[pos].key == key:
            return rows[pos]
        for r in rows:  # a key edited in place: fall back to a scan
            if r.key == key:
                self.__dict__.pop("_index", None)
                return r
        return None

    def value(self, key: str, column: str) -> Amount:
        r = self.row(key)
        return None if r is None else r.values.get(column)

    def coded_rows(self) -> list[Row]:
        """Rows keyed by a classification code, in printed order."""
        return [r for r in self.rows if r.key.isdigit()]

    @property
    def is_empty(self) -> bool:
        return all(v is None or v == 0 for r in self.rows for v in r.values.values())


@dataclass
class Staffing:
    """人员情况: 编制 and 实有 by type (行政/事业/工勤…), and retirees."""

    authorized_total: int | None = None  # 人员编制
    authorized: dict[str, int] = field(default_factory=dict)  # {"行政": 6, "事业": 1}
    actual_total: int | None = None  # 实有人员
    actual: dict[str, int] = field(default_factory=dict)
    retirees: int | None = None  # 离退休人员
    as_of: str | None = None  # "2024年底"


@dataclass
class UnitProfile:
    """单位概况."""

    name: str = ""
    superior: str | None = None  # 上级主管部门
    budget_level: str | None = None  # 一级预算单位 / 二级预算单位
    unit_kind: str | None = None  # 行政单位 / 参公事业单位 / 事业单位
    duties: str | None = None  # 主要职责
    departments: list[str] = field(default_factory=list)  # 内设机构
    units_covered: list[str] = field(default_factory=list)  # 决算单位构成
    staffing: Staffing = field(default_factory=Staffing)
    contact_phone: str | None = None
    confidentiality_review: str | None = None  # 保密审查情况：已审查
    head_signoff: str | None = None  # 主要负责人审签情况：已审签


@dataclass
class ItemBudget:
    """年初预算 of one 项 of 一般公共预算财政拨款支出 and the unit's reason for the variance."""

    code: str
    initial: Decimal | None = None
    reason: str | None = None  # 决算数大于/小于年初预算数（或新增支出）的主要原因
    purpose: str | None = None  # 主要用于…
    full_year: Decimal | None = None  # 全年预算数 (年初预算 plus adjustments; Shanghai reports compare with it)


@dataclass
class PriorYear:
    """上年 figures the narrative compares with."""

    income_grand_total: Amount = None  # 收入总计
    expenditure_grand_total: Amount = None  # 支出总计
    appropriation_grand_total: Amount = None  # 财政拨款收入支出总计
    general_budget_expenditure: Amount = None  # 一般公共预算财政拨款支出
    three_public_actual: Amount = None  # "三公"经费决算
    meeting_actual: Amount = None
    training_actual: Amount = None
    agency_running_costs: Amount = None  # 机关运行经费


@dataclass
class ThreePublicFacts:
    """Counts and notes for "三公" / 会议费 / 培训费 beyond the figures of T09."""

    overseas_groups: int | None = None  # 因公出国（境）团组数
    overseas_persons: int | None = None  # 人次
    vehicles_purchased: int | None = None  # 公务用车购置数
    vehicles_held: int | None = None  # 保有量
    reception_batches: int | None = None  # 国内公务接待批次
    reception_persons: int | None = None
    meetings: int | None = None  # 会议个数
    meeting_persons: int | None = None
    trainings: int | None = None  # 培训个数
    training_persons: int | None = None
    training_purpose: str | None = None  # 主要用于…


@dataclass
class AgencyRunningCosts:
    """机关运行经费."""

    budget: Amount = None
    actual: Amount = None


@dataclass
class Procurement:
    """政府采购 (以合同签订为准)."""

    total: Amount = None
    goods: Amount = None
    works: Amount = None
    services: Amount = None
    sme_total: Amount = None  # 授予中小企业合同金额
    sme_goods: Amount = None
    sme_works: Amount = None
    sme_services: Amount = None
    small_micro: Amount = None  # 授予小微企业合同金额


@dataclass
class Assets:
    """国有资产占用及购置."""

    statement: str | None = None  # free text, e.g. 本单位2024年度无国有资产占用及购置。
    total: Amount = None  # 资产总额
    vehicles: dict[str, int] = field(default_factory=dict)  # 车辆 by 用途
    large_equipment: int | None = None  # 单价…万元以上设备 台（套）
    large_equipment_threshold: Decimal | None = None  # 万元
    purchases: Amount = None  # 本年购置


@dataclass
class Indicator:
    """One row of a performance indicator table (level 3 when the table has three levels)."""

    level1: str  # 一级指标, e.g. 产出指标
    level2: str  # 二级指标, e.g. 数量指标
    name: str  # 三级指标 / 指标内容
    target: str | None = None  # 年度指标值
    achieved: str | None = None  # 实际完成值
    weight: Decimal | None = None  # 分值
    score: Decimal | None = None  # 得分
    deviation: str | None = None  # 偏差原因分析及改进措施


@dataclass
class Task:
    """年度主要任务 of the overall self-evaluation table."""

    name: str
    content: str | None = None
    completion: str | None = None  # 完成情况 (合格/良好…)
    budget_total: Amount = None
    budget_fiscal: Amount = None
    budget_other: Amount = None
    actual_total: Amount = None
    actual_fiscal: Amount = None
    actual_other: Amount = None
    rate: Decimal | None = None  # 执行率 as stated, percent


@dataclass
class FundLine:
    """项目资金 line of a project self-evaluation table."""

    label: str  # 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金
    initial: Amount = None
    full_year: Amount = None  # 全年预算数 (A)
    actual: Amount = None  # 全年执行数 (B)
    rate: Decimal | None = None  # 执行率 as stated, percent


@dataclass
class Evaluation:
    """A self-evaluation table: the unit's overall one, or one project's."""

    kind: str = "project"  # "overall" | "project"
    name: str = ""  # 项目名称 or 部门（单位）名称
    department: str | None = None  # 主管部门
    implementer: str | None = None  # 实施单位
    tasks: list[Task] = field(default_factory=list)  # overall only
    funds: list[FundLine] = field(default_factory=list)  # project only
    budget_weight: Decimal | None = None  # 预算执行 分值 (10)
    budget_rate: Decimal | None = None  # 执行率 as stated
    budget_score: Decimal | None = None
    budget_full_year: Amount = None  # 全年预算数
    budget_actual: Amount = None  # 全年执行数
    level1_points: dict[str, Decimal] = field(default_factory=dict)  # {"产出指标": 50}
    indicators: list[Indicator] = field(default_factory=list)
    total_weight: Decimal | None = None  # 总分 分值
    total_score: Decimal | None = None  # 总分 得分
    grade: str | None = None  # 自评等级
    goals_expected: str | None = None
    goals_achieved: str | None = None
    summary: str | None = None  # 综述 / 绩效目标完成情况
    problems: str | None = None
    measures: str | None = None
    # read from a published table: rows not read with confidence (the rules needing them say "not
    # checked"), and where each 项目资金 row was printed ({label: {"source_line": n} or {"page": p}})
    unread: dict[str, list[str]] = field(default_factory=dict)
    locs: dict[str, dict[str, int]] = field(default_factory=dict, compare=False)


@dataclass
class Performance:
    """预算绩效情况."""

    management: str | None = None  # 预算绩效管理工作的开展情况
    overall: Evaluation | None = None
    projects: list[Evaluation] = field(default_factory=list)
    special_funds: str | None = None  # 专项资金绩效自评结果
    unit_key_projects: str | None = None  # 单位重点评价项目
    fiscal_key_projects: str | None = None  # 财政重点评价项目
    report: str | None = None  # 附件：整体支出绩效自评报告, free text


@dataclass
class GlossaryEntry:
    term: str
    definition: str


@dataclass
class FinalAccounts:
    """One unit's (or department's) final accounts for one year."""

    year: int
    unit: UnitProfile = field(default_factory=UnitProfile)
    profile: str = "shaanxi-2024"
    tables: dict[str, Table] = field(default_factory=dict)
    prior: PriorYear = field(default_factory=PriorYear)
    general_budget_initial: Amount = None  # 一般公共预算财政拨款支出 年初预算
    item_budgets: list[ItemBudget] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # see derive.REASON_KEYS
    three_public: ThreePublicFacts = field(default_factory=ThreePublicFacts)
    agency_running_costs: AgencyRunningCosts = field(default_factory=AgencyRunningCosts)
    procurement: Procurement = field(default_factory=Procurement)
    assets: Assets = field(default_factory=Assets)
    performance: Performance = field(default_factory=Performance)
    other_notes: list[str] = field(default_factory=list)  # 其他需要说明的情况
    glossary: list[GlossaryEntry] = field(default_factory=list)

    def table(self, table_id: str) -> Table:
        """The table with this role id (an empty one when absent)."""
        t = self.tables.get(table_id)
        if t is None:
            t = Table(id=table_id)
        return t

    def item_budget(self, code: str) -> ItemBudget | None:
        for b in self.item_budgets:
            if b.code == code:
                return b
        return None
