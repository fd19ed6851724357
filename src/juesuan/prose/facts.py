"""Facts only the prose states (机关运行经费, 政府采购, 各项目年初预算, 原因, 人员编制 …), returned by
binding as values.  `apply_facts(facts, model)` is the one place they enter a model, and only the
caller (the audit use case) decides to do it; a figure the tables already give is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.core.model import FinalAccounts, ItemBudget


@dataclass
class StatedFacts:
    """What the prose says about the unit beyond its tables (each the first statement found)."""

    agency_running_costs: dict[str, Decimal] = field(default_factory=dict)  # actual / budget
    procurement: dict[str, Decimal] = field(default_factory=dict)  # total / goods / works / services / sme_total / small_micro
    general_budget_initial: Decimal | None = None
    item_initial: dict[str, Decimal] = field(default_factory=dict)  # 项 code -> 年初预算
    item_full_year: dict[str, Decimal] = field(default_factory=dict)  # 项 code -> 全年预算
    item_reasons: dict[str, str] = field(default_factory=dict)  # 项 code -> 主要原因
    reasons: dict[str, str] = field(default_factory=dict)  # reason key (total_change …) -> 主要原因
    prior: dict[str, Decimal] = field(default_factory=dict)  # FinalAccounts.prior field -> 上年数 implied by a rate
    departments: list[str] = field(default_factory=list)
    staffing: dict[str, int] = field(default_factory=dict)  # authorized_total / actual_total / retirees
    contact_phone: str = ""
    duties: str = ""
    performance_texts: dict[str, str] = field(default_factory=dict)  # special_funds / unit_key_projects / …
    grades: dict[str, str] = field(default_factory=dict)  # "overall" or a project's name -> 自评等级
    assets_statement: str = ""
    large_equipment: int | None = None

    def item(self, code: str) -> bool:
        """Whether the prose states a budget for this 项."""
        return code in self.item_initial or code in self.item_full_year


def apply_facts(facts: StatedFacts, model: FinalAccounts) -> None:
    """Fill the model's empty fields with what the prose states (never overwrite what it has)."""
    arc = model.agency_running_costs
    if "actual" in facts.agency_running_costs:
        arc.actual = facts.agency_running_costs["actual"]
    if "budget" in facts.agency_running_costs:
        arc.budget = facts.agency_running_costs["budget"]
    for attr, value in facts.procurement.items():
        setattr(model.procurement, attr, value)
    if facts.general_budget_initial is not None and model.general_budget_initial is None:
        model.general_budget_initial = facts.general_budget_initial
    codes = list(dict.fromkeys([*facts.item_initial, *facts.item_full_year, *facts.item_reasons]))
    for code in codes:
        ib = model.item_budget(code)
        if ib is None:
            ib = ItemBudget(code)
            model.item_budgets.append(ib)
        if ib.initial is None and code in facts.item_initial:
            ib.initial = facts.item_initial[code]
        if ib.full_year is None and code in facts.item_full_year:
            ib.full_year = facts.item_full_year[code]
        if not ib.reason and code in facts.item_reasons:
            ib.reason = facts.item_reasons[code]
    for key, reason in facts.reasons.items():
        model.reasons.setdefault(key, reason)
    for attr, value in facts.prior.items():
        if getattr(model.prior, attr) is None:
            setattr(model.prior, attr, value)
    unit = model.unit
    if facts.departments and not unit.departments:
        unit.departments = list(facts.departments)
    for attr, n in facts.staffing.items():
        if getattr(unit.staffing, attr) is None:
            setattr(unit.staffing, attr, n)
    if facts.contact_phone and not unit.contact_phone:
        unit.contact_phone = facts.contact_phone
    if facts.duties and not unit.duties:
        unit.duties = facts.duties
    perf = model.performance
    for attr, text in facts.performance_texts.items():
        if not getattr(perf, attr):
            setattr(perf, attr, text)
    evaluations = ([("overall", perf.overall)] if perf.overall is not None else []) + [(p.name, p) for p in perf.projects]
    for key, ev in evaluations:
        if key in facts.grades and not ev.grade:
            ev.grade = facts.grades[key]
    if facts.assets_statement and not model.assets.statement:
        model.assets.statement = facts.assets_statement
    if facts.large_equipment is not None:
        model.assets.large_equipment = facts.large_equipment
