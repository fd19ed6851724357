"""Completeness score of a unit's final accounts: what is filled in, what is still missing."""

from __future__ import annotations

from dataclasses import dataclass

from juesuan.core.model import TABLE_IDS, FinalAccounts


@dataclass(frozen=True)
class Item:
    label: str
    ok: bool
    hint: str = ""  # what to do when not ok
    weight: int = 1


def _table_item(model: FinalAccounts, table_id: str) -> Item:
    from juesuan.domain.profiles import load_profile

    try:
        title = load_profile(model.profile).table(table_id).title
    except Exception:  # noqa: BLE001 - an unknown profile still gets a score
        title = table_id
    t = model.tables.get(table_id)
    if t is None or not t.rows:
        return Item(f"{title}", False, "表格缺失：请在工作簿中填列，或上传包含该表的文件")
    if t.is_empty and not (t.empty_reason or "").strip():
        return Item(f"{title}", False, "空表须说明理由（如“本单位不涉及故公开空表”）")
    return Item(f"{title}", True)


def completeness_items(model: FinalAccounts) -> list[Item]:
    """The checklist behind the completeness score."""
    items = [_table_item(model, t) for t in TABLE_IDS]
    u = model.unit
    items.append(Item("单位名称与主要职责", bool(u.name.strip() and (u.duties or "").strip()), "请填写单位主要职责"))
    items.append(Item("人员情况", u.staffing.authorized_total is not None or u.staffing.actual_total is not None,
                      "请填写人员编制和实有人数"))
    missing = [b.code for b in model.item_budgets if not (b.reason or "").strip()]
    items.append(Item("各支出科目与年初预算差异的原因", not missing,
                      f"以下科目缺少原因说明：{'、'.join(missing)}" if missing else "", weight=2))
    items.append(Item("情况说明中的变动原因", bool([v for v in model.reasons.values() if (v or "").strip()]),
                      "请填写收支总计与上年相比变动的主要原因等", weight=2))
    tp = model.three_public
    has_t09 = "T09" in model.tables and bool(model.tables["T09"].rows)
    items.append(Item("“三公”经费及会议费、培训费情况", has_t09 or any(
        v is not None for v in (tp.overseas_groups, tp.vehicles_held, tp.reception_batches, tp.meetings, tp.trainings)),
        "请填写“三公”经费支出决算表及相关情况"))
    arc = model.agency_running_costs
    items.append(Item("机关运行经费", arc.actual is not None, "请填写机关运行经费预算数和决算数"))
    items.append(Item("政府采购情况", model.procurement.total is not None, "请填写政府采购支出总额（没有请填 0）"))
    a = model.assets
    items.append(Item("国有资产占用情况", bool((a.statement or "").strip()) or a.total is not None,
                      "请填写国有资产占用情况（没有请写明“无国有资产占用及购置”）"))
    p = model.performance
    items.append(Item("预算绩效情况", bool((p.management or "").strip()) or p.overall is not None or bool(p.projects),
                      "请填写预算绩效管理工作开展情况和自评结果", weight=2))
    items.append(Item("专业名词解释", bool(model.glossary), "请填写名词解释"))
    return items


def completeness_score(model: FinalAccounts) -> int:
    """0–100: the weighted share of checklist items that are complete."""
    items = completeness_items(model)
    total = sum(i.weight for i in items)
    done = sum(i.weight for i in items if i.ok)
    return round(100 * done / total) if total else 0
