"""The edit forms: facts and reasons a clerk fills in the browser instead of in Excel.

Each field is a path into the codec's plain data of the model ("reasons.total_change",
"item_budgets.3.reason", "tables.T07.empty_reason").  Saving sets the paths, reloads the model
through the codec (which validates every value) and stores it as a new version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from juesuan.core import codec
from juesuan.core.amounts import fmt_amount
from juesuan.core.errors import InputError
from juesuan.core.model import FinalAccounts


@dataclass(frozen=True)
class FieldSpec:
    path: str
    label: str
    kind: str = "text"  # text | textarea | amount | int | lines | glossary
    hint: str = ""

    @property
    def anchor(self) -> str:
        return field_anchor(self.path)


def field_anchor(path: str) -> str:
    """The element id of a form field (and of findings that name this model path)."""
    return "f-" + re.sub(r"[^0-9A-Za-z_]", "_", path)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    fields: tuple[FieldSpec, ...]


def _reason_keys() -> dict[str, str]:
    from juesuan.derive import REASON_KEYS

    return dict(REASON_KEYS)


def sections(model: FinalAccounts) -> list[Section]:
    """The form sections for this model."""
    out: list[Section] = []
    out.append(Section("unit", "单位概况", (
        FieldSpec("unit.duties", "主要职责", "textarea"),
        FieldSpec("unit.contact_phone", "决算公开联系电话"),
        FieldSpec("unit.confidentiality_review", "保密审查情况", hint="如：已审查"),
        FieldSpec("unit.head_signoff", "主要负责人审签情况", hint="如：已审签"),
    )))
    keys = _reason_keys()
    for k in model.reasons:
        keys.setdefault(k, k)
    out.append(Section("reasons", "情况说明中的主要原因", tuple(
        FieldSpec(f"reasons.{k}", label, "textarea") for k, label in keys.items())))
    t05 = model.table("T05")
    items = []
    for i, b in enumerate(model.item_budgets):
        row = t05.row(b.code)
        name = row.label if row else ""
        actual = fmt_amount(row.get("total")) if row else ""
        initial = fmt_amount(b.initial) if b.initial is not None else "—"
        full = f"，全年预算 {fmt_amount(b.full_year)} 万元" if b.full_year is not None else ""
        items.append(FieldSpec(f"item_budgets.{i}.reason", f"{b.code} {name}",
                               "textarea", f"年初预算 {initial} 万元{full}，支出决算 {actual or '—'} 万元"))
    if items:
        out.append(Section("items", "一般公共预算财政拨款支出：各科目决算数与年初预算数差异的原因", tuple(items)))
    empties = []
    from juesuan.domain.profiles import load_profile

    try:
        profile = load_profile(model.profile)
    except InputError:
        profile = None
    for tid in ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"):
        t = model.tables.get(tid)
        if t is not None and t.is_empty:
            title = profile.table(tid).title if profile and tid in profile.tables else tid
            empties.append(FieldSpec(f"tables.{tid}.empty_reason", f"{title}：空表理由", hint="如：本单位不涉及故公开空表"))
    if empties:
        out.append(Section("empty", "空表说明", tuple(empties)))
    out.append(Section("three_public", "“三公”经费、会议费、培训费情况", (
        FieldSpec("three_public.overseas_groups", "因公出国（境）团组数", "int"),
        FieldSpec("three_public.overseas_persons", "因公出国（境）人次", "int"),
        FieldSpec("three_public.vehicles_purchased", "公务用车购置数（辆）", "int"),
        FieldSpec("three_public.vehicles_held", "公务用车保有量（辆）", "int"),
        FieldSpec("three_public.reception_batches", "国内公务接待批次", "int"),
        FieldSpec("three_public.reception_persons", "国内公务接待人次", "int"),
        FieldSpec("three_public.meetings", "会议个数", "int"),
        FieldSpec("three_public.meeting_persons", "参会人次", "int"),
        FieldSpec("three_public.trainings", "培训个数", "int"),
        FieldSpec("three_public.training_persons", "培训人次", "int"),
        FieldSpec("three_public.training_purpose", "培训费主要用于", "textarea"),
    )))
    out.append(Section("running", "机关运行经费（万元）", (
        FieldSpec("agency_running_costs.budget", "预算数", "amount"),
        FieldSpec("agency_running_costs.actual", "决算数", "amount"),
    )))
    out.append(Section("procurement", "政府采购（万元，以合同签订为准）", (
        FieldSpec("procurement.total", "政府采购支出总额", "amount"),
        FieldSpec("procurement.goods", "货物", "amount"),
        FieldSpec("procurement.works", "工程", "amount"),
        FieldSpec("procurement.services", "服务", "amount"),
        FieldSpec("procurement.sme_total", "授予中小企业合同金额", "amount"),
        FieldSpec("procurement.small_micro", "其中：授予小微企业合同金额", "amount"),
    )))
    out.append(Section("assets", "国有资产占用及购置", (
        FieldSpec("assets.statement", "情况说明", "textarea", "没有资产时写明：本单位无国有资产占用及购置。"),
        FieldSpec("assets.total", "资产总额（万元）", "amount"),
    )))
    out.append(Section("prior", "上年数（万元，用于与上年相比）", (
        FieldSpec("prior.income_grand_total", "上年收入总计", "amount"),
        FieldSpec("prior.expenditure_grand_total", "上年支出总计", "amount"),
        FieldSpec("prior.appropriation_grand_total", "上年财政拨款收入支出总计", "amount"),
        FieldSpec("prior.general_budget_expenditure", "上年一般公共预算财政拨款支出", "amount"),
        FieldSpec("prior.agency_running_costs", "上年机关运行经费", "amount"),
        FieldSpec("prior.three_public_actual", "上年“三公”经费决算", "amount"),
        FieldSpec("prior.meeting_actual", "上年会议费决算", "amount"),
        FieldSpec("prior.training_actual", "上年培训费决算", "amount"),
    )))
    out.append(Section("performance", "预算绩效情况", (
        FieldSpec("performance.management", "预算绩效管理工作的开展情况", "textarea"),
    )))
    out.append(Section("other", "其他需要说明的情况与名词解释", (
        FieldSpec("other_notes", "其他需要说明的情况（每行一条）", "lines"),
        FieldSpec("glossary", "专业名词解释（每行一条，写成“名词：解释”）", "glossary"),
    )))
    return out


MAX_AMOUNT_DIGITS = 13  # 万元 before the decimal point: far above any unit's figures


def field_labels(model: FinalAccounts) -> dict[str, str]:
    """The Chinese name of every field a finding may name, by its model path ("reasons.total_change" ->
    "情况说明中的主要原因 · 收入支出总计与上年相比变动的主要原因"): the form's fields, then the workbook's."""
    from juesuan.formats.workbook import spec as S

    labels = {}
    for sheet in (S.UNIT, S.PRIOR, S.THREE_PUBLIC, S.AGENCY, S.PROCUREMENT, S.ASSETS, S.PERFORMANCE):
        for f in sheet.fields:
            labels[f.path] = f"{sheet.title} · {f.label}"
    labels[S.ITEM_BUDGET_TOTAL.path] = f"{S.ITEM_BUDGET_TITLE} · {S.ITEM_BUDGET_TOTAL.label}"
    labels.update({f.path: f"{s.title} · {f.label}" for s in sections(model) for f in s.fields})
    return labels


def _get(data: Any, parts: list[str]) -> Any:
    for p in parts:
        if isinstance(data, list):
            i = int(p)
            data = data[i] if i < len(data) else None
        elif isinstance(data, dict):
            data = data.get(p)
        else:
            return None
        if data is None:
            return None
    return data


def value_of(data: dict[str, Any], spec: FieldSpec) -> str:
    """The current value of a field, as the form shows it."""
    v = _get(data, spec.path.split("."))
    if v is None:
        return ""
    if spec.kind == "lines":
        return "\n".join(str(x) for x in v)
    if spec.kind == "glossary":
        return "\n".join(f"{g.get('term', '')}：{g.get('definition', '')}" for g in v)
    return str(v)


def _set(data: dict[str, Any], parts: list[str], value: Any) -> None:
    cur: Any = data
    for i, p in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if isinstance(cur, list):
            cur = cur[int(p)]
            continue
        if p not in cur or cur[p] is None:
            cur[p] = [] if nxt.isdigit() else {}
        cur = cur[p]
    last = parts[-1]
    if isinstance(cur, list):
        cur[int(last)] = value
    elif value is None:
        cur.pop(last, None)
    else:
        cur[last] = value


def _parse(spec: FieldSpec, raw: str) -> Any:
    text = raw.replace("\r\n", "\n").strip()
    if spec.kind in ("text", "textarea"):
        return text or None
    if spec.kind == "amount":
        if not text:
            return None
        try:
            d = Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise InputError(f"“{spec.label}”应填数字（万元，最多两位小数），实际填了“{text}”") from None
        if not d.is_finite() or (d and d.adjusted() >= MAX_AMOUNT_DIGITS):  # NaN, Infinity, 1e999999999
            raise InputError(f"“{spec.label}”应填数字（万元），实际填了“{text}”，超出了可以填写的范围")
        if d.as_tuple().exponent < -2:  # type: ignore[operator]
            raise InputError(f"“{spec.label}”最多保留两位小数（万元），实际填了“{text}”")
        return format(d, "f")
    if spec.kind == "int":
        if not text:
            return None
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise InputError(f"“{spec.label}”应填不小于 0 的整数，实际填了“{text}”")
        return int(text)
    if spec.kind == "lines":
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        return lines or None
    if spec.kind == "glossary":
        out = []
        for n, ln in enumerate((ln.strip() for ln in text.split("\n")), 1):
            if not ln:
                continue
            term, sep, definition = _split_term(ln)
            if not sep or not term.strip() or not definition.strip():
                raise InputError(f"名词解释第 {n} 行应写成“名词：解释”，实际为“{ln}”")
            out.append({"term": term.strip(), "definition": definition.strip()})
        return out or None
    raise ValueError(spec.kind)


def _split_term(line: str) -> tuple[str, str, str]:
    m = re.match(r"^(.*?)([：:])(.*)$", line)
    if not m:
        return line, "", ""
    return m.group(1), m.group(2), m.group(3)


def apply_form(model: FinalAccounts, form: dict[str, str]) -> tuple[FinalAccounts, list[str]]:
    """Apply submitted form values; returns the new model and the labels of changed fields.

    Raises InputError (in Chinese, naming the field) when a value is not acceptable.
    """
    data = codec.dump(model)
    changed: list[str] = []
    for section in sections(model):
        for spec in section.fields:
            if spec.path not in form:
                continue
            new = _parse(spec, form[spec.path])
            old = _get(data, spec.path.split("."))
            if _norm(old) == _norm(new):
                continue
            _set(data, spec.path.split("."), new)
            changed.append(spec.label)
    return codec.load(data, "网页表单"), changed


def set_cell(model: FinalAccounts, table_id: str, row_key: str, column: str, raw: str) -> FinalAccounts:
    """Correct one table cell (万元, up to 2 decimals; blank clears the cell)."""
    from juesuan.core.model import Row, Table

    spec = FieldSpec("cell", f"{table_id} {row_key} {column}", "amount")
    value = _parse(spec, raw)
    table = model.tables.get(table_id)
    if table is None:
        table = model.tables[table_id] = Table(id=table_id)
    row = table.row(row_key)
    if row is None:
        row = Row(key=row_key, label="")
        table.rows.append(row)
    if value is None:
        row.values.pop(column, None)
    else:
        row.values[column] = Decimal(value)
    return model


def _norm(v: Any) -> Any:
    if v in ("", [], {}):
        return None
    return v
