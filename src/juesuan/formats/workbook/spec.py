"""The layout of the input workbook's fact sheets: shared by the writer and the reader.

Every fact that is not in a disclosure table has a sheet of its own, found by the title in its
first row.  A sheet is either key–value rows (label in column A, value in column B) or a list
table (a header row of labels, then one record per row).  Kinds: text, list (joined with “、”),
int, amount (万元, 2 decimals) and decimal (scores, rates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from juesuan.derive import REASON_KEYS

MODEL_SHEET = "_juesuan_model"  # very hidden: the model as JSON, so our own XLSX reads back lossless
CODES_SHEET = "代码表"  # hidden: classification codes for list validation
INSTRUCTIONS_SHEET = "填表说明"
CONTENTS_TITLE = "表格目录"


@dataclass(frozen=True)
class Field:
    path: str  # dotted attribute path from the object the sheet describes
    label: str
    kind: str = "text"  # text | list | int | amount | decimal
    hint: str = ""  # shown in column C of key–value sheets


@dataclass(frozen=True)
class KVSheet:
    title: str
    fields: tuple[Field, ...]
    note: str = ""


UNIT = KVSheet("单位概况", (
    Field("year", "决算年度", "int", "四位数字，如 2024"),
    Field("profile", "地区模板", "text", "如 shaanxi-2024；不清楚时保留原值"),
    Field("unit.name", "单位名称"),
    Field("unit.superior", "上级主管部门"),
    Field("unit.budget_level", "预算级次", "text", "一级预算单位 / 二级预算单位"),
    Field("unit.unit_kind", "单位性质", "text", "行政单位 / 参公事业单位 / 事业单位"),
    Field("unit.duties", "主要职责"),
    Field("unit.departments", "内设机构", "list", "多个机构用“、”分隔"),
    Field("unit.units_covered", "决算单位构成", "list", "纳入本决算的单位，用“、”分隔"),
    Field("unit.contact_phone", "联系电话"),
    Field("unit.confidentiality_review", "保密审查情况", "text", "已审查 / 未审查"),
    Field("unit.head_signoff", "主要负责人审签情况", "text", "已审签 / 未审签"),
))

STAFFING_TITLE = "人员情况"
STAFFING_HEADER = ("类别", "编制人数", "实有人数")
STAFFING_TYPES = ("行政", "事业", "工勤")
STAFFING_KV = (
    Field("unit.staffing.retirees", "离退休人员", "int", "人"),
    Field("unit.staffing.as_of", "统计时点", "text", "如 2024年底"),
)

PRIOR = KVSheet("上年数", (
    Field("prior.income_grand_total", "上年收入总计", "amount"),
    Field("prior.expenditure_grand_total", "上年支出总计", "amount"),
    Field("prior.appropriation_grand_total", "上年财政拨款收入支出总计", "amount"),
    Field("prior.general_budget_expenditure", "上年一般公共预算财政拨款支出", "amount"),
    Field("prior.three_public_actual", "上年“三公”经费支出决算", "amount"),
    Field("prior.meeting_actual", "上年会议费支出决算", "amount"),
    Field("prior.training_actual", "上年培训费支出决算", "amount"),
    Field("prior.agency_running_costs", "上年机关运行经费", "amount"),
), note="金额单位：万元，保留两位小数。没有的填 0，不知道的留空。")

ITEM_BUDGET_TITLE = "年初预算及差异原因"
ITEM_BUDGET_TOTAL = Field("general_budget_initial", "一般公共预算财政拨款支出年初预算合计", "amount", "万元")
ITEM_BUDGET_FULL = "全年预算（万元，有调整时填）"
ITEM_BUDGET_HEADER = ("科目代码", "类", "款", "项", "年初预算（万元）", ITEM_BUDGET_FULL, "支出决算（万元，取自公开05表）",
                      "决算数与年初预算数差异的主要原因", "主要用于")
ITEM_BUDGET_OPTIONAL = (ITEM_BUDGET_FULL,)  # workbooks made before this column still read

REASONS_TITLE = "变动原因"
REASONS_HEADER = ("序号", "说明事项", "主要原因", "代码")
REASONS = tuple(REASON_KEYS.items())

THREE_PUBLIC = KVSheet("三公经费、会议费、培训费情况", (
    Field("three_public.overseas_groups", "因公出国（境）团组数", "int", "个"),
    Field("three_public.overseas_persons", "因公出国（境）人次", "int", "人次"),
    Field("three_public.vehicles_purchased", "公务用车购置数", "int", "辆"),
    Field("three_public.vehicles_held", "公务用车保有量", "int", "辆"),
    Field("three_public.reception_batches", "国内公务接待批次", "int", "批次"),
    Field("three_public.reception_persons", "国内公务接待人次", "int", "人次"),
    Field("three_public.meetings", "会议个数", "int", "个"),
    Field("three_public.meeting_persons", "会议人次", "int", "人次"),
    Field("three_public.trainings", "培训个数", "int", "个"),
    Field("three_public.training_persons", "培训人次", "int", "人次"),
    Field("three_public.training_purpose", "培训费主要用于"),
), note="金额见公开09表；这里只填数量和用途。")

AGENCY = KVSheet("机关运行经费", (
    Field("agency_running_costs.budget", "机关运行经费预算数", "amount", "万元"),
    Field("agency_running_costs.actual", "机关运行经费支出决算", "amount", "万元"),
))

PROCUREMENT = KVSheet("政府采购", (
    Field("procurement.total", "政府采购支出总额", "amount", "万元，以合同签订为准"),
    Field("procurement.goods", "政府采购货物支出", "amount", "万元"),
    Field("procurement.works", "政府采购工程支出", "amount", "万元"),
    Field("procurement.services", "政府采购服务支出", "amount", "万元"),
    Field("procurement.sme_total", "授予中小企业合同金额", "amount", "万元"),
    Field("procurement.sme_goods", "其中：货物采购授予中小企业合同金额", "amount", "万元"),
    Field("procurement.sme_works", "其中：工程采购授予中小企业合同金额", "amount", "万元"),
    Field("procurement.sme_services", "其中：服务采购授予中小企业合同金额", "amount", "万元"),
    Field("procurement.small_micro", "授予小微企业合同金额", "amount", "万元"),
))

ASSETS = KVSheet("国有资产", (
    Field("assets.statement", "国有资产占用情况说明", "text", "如：本单位2024年度无国有资产占用及购置。"),
    Field("assets.total", "资产总额", "amount", "万元"),
    Field("assets.large_equipment_threshold", "大型设备单价标准", "decimal", "万元，如 100 或 50"),
    Field("assets.large_equipment", "单价达到标准以上的设备", "int", "台（套）"),
    Field("assets.purchases", "本年购置资产", "amount", "万元"),
))
VEHICLES_HEADER = ("车辆用途", "数量（辆）")
VEHICLE_USES = ("主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车",
                "离退休干部用车", "其他用车")

PERFORMANCE = KVSheet("绩效情况", (
    Field("performance.management", "预算绩效管理工作的开展情况"),
    Field("performance.special_funds", "专项资金绩效自评结果"),
    Field("performance.unit_key_projects", "单位重点评价项目绩效评价结果"),
    Field("performance.fiscal_key_projects", "财政重点评价项目绩效评价结果"),
    Field("performance.report", "整体支出绩效自评报告"),
))

KIND_LABELS = {"overall": "整体", "project": "项目"}
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")

EVALUATIONS_TITLE = "绩效自评表"
EVALUATION_COLUMNS: tuple[Field, ...] = (
    Field("kind", "类型"),
    Field("name", "名称"),
    Field("department", "主管部门"),
    Field("implementer", "实施单位"),
    Field("budget_full_year", "全年预算数（万元）", "amount"),
    Field("budget_actual", "全年执行数（万元）", "amount"),
    Field("budget_weight", "预算执行分值", "decimal"),
    Field("budget_rate", "预算执行率（%）", "decimal"),
    Field("budget_score", "预算执行得分", "decimal"),
    *(Field(f"level1_points.{name}", f"{name}分值", "decimal") for name in LEVEL1),
    Field("level1_points.*", "其他一级指标分值"),
    Field("total_weight", "总分分值", "decimal"),
    Field("total_score", "总分得分", "decimal"),
    Field("grade", "自评等级"),
    Field("goals_expected", "预期目标"),
    Field("goals_achieved", "目标实际完成情况"),
    Field("summary", "自评综述"),
    Field("problems", "发现的问题及原因"),
    Field("measures", "下一步改进措施"),
)

TASKS_TITLE = "绩效任务"
TASK_COLUMNS: tuple[Field, ...] = (
    Field("@owner", "评价对象名称"),
    Field("name", "任务名称"),
    Field("content", "主要内容"),
    Field("completion", "完成情况"),
    Field("budget_total", "全年预算数总额（万元）", "amount"),
    Field("budget_fiscal", "全年预算数财政拨款（万元）", "amount"),
    Field("budget_other", "全年预算数其他资金（万元）", "amount"),
    Field("actual_total", "全年执行数总额（万元）", "amount"),
    Field("actual_fiscal", "全年执行数财政拨款（万元）", "amount"),
    Field("actual_other", "全年执行数其他资金（万元）", "amount"),
    Field("rate", "执行率（%）", "decimal"),
)

FUNDS_TITLE = "项目资金"
FUND_COLUMNS: tuple[Field, ...] = (
    Field("@owner", "项目名称"),
    Field("label", "资金类别"),
    Field("initial", "年初预算数（万元）", "amount"),
    Field("full_year", "全年预算数（万元）", "amount"),
    Field("actual", "全年执行数（万元）", "amount"),
    Field("rate", "执行率（%）", "decimal"),
)
FUND_LABELS = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")

INDICATORS_TITLE = "绩效指标"
INDICATOR_COLUMNS: tuple[Field, ...] = (
    Field("@kind", "类型"),
    Field("@owner", "评价对象名称"),
    Field("level1", "一级指标"),
    Field("level2", "二级指标"),
    Field("name", "三级指标"),
    Field("target", "年度指标值"),
    Field("achieved", "实际完成值"),
    Field("weight", "分值", "decimal"),
    Field("score", "得分", "decimal"),
    Field("deviation", "偏差原因分析及改进措施"),
)

OTHER_NOTES_TITLE = "其他说明"
OTHER_NOTES_HEADER = ("序号", "其他需要说明的情况")
GLOSSARY_TITLE = "名词解释"
GLOSSARY_HEADER = ("序号", "名词", "解释")
CONTENTS_HEADER = ("序号", "内容", "是否空表", "表格为空的理由")

KV_SHEETS: tuple[KVSheet, ...] = (UNIT, PRIOR, THREE_PUBLIC, AGENCY, PROCUREMENT, ASSETS, PERFORMANCE)

_SPACE = re.compile(r"[\s\u3000]+")


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    s = _SPACE.sub("", text)
    return s.replace("(", "（").replace(")", "）").replace(":", "：").replace('"', "“")


def canon_label(text: object) -> str:
    """A workbook label for matching: no spaces, full-width brackets and colons (the published-table
    reader's `norm_label` also drops ordinals and notes)."""
    return _norm(str(text or ""))


def loose_label(text: object) -> str:
    """canon_label without bracketed hints: “年初预算（万元）” -> “年初预算”."""
    return re.sub(r"（[^）]*）", "", canon_label(text))
