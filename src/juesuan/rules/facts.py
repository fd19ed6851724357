"""Facts beyond the tables: staffing, procurement, “三公” counts, reasons and prior-year figures."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from juesuan import derive
from juesuan.core.amounts import fmt_plain
from juesuan.derive import REASON_KEYS, or_zero
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Family, Result, Status
from juesuan.rules.helpers import le_result, not_checked, sum_values, val
from juesuan.rules.wording import reasons_reported_here

FAMILY = Family("facts")


def loc(section: str, field: str, label: str, **extra: Any) -> dict[str, Any]:
    """Location of a figure outside the tables: the narrative section and the model field."""
    return {"section": section, "field": field, "row_label": label, **extra}


# --- staffing ---------------------------------------------------------------------------------

def _count_check(total: int | None, parts: dict[str, int], location: Mapping[str, Any], what: str) -> Result:
    if total is None or not parts:
        return Result(Status.PASS)
    s = sum(parts.values())
    if s == total:
        return Result(Status.PASS)
    return Result(Status.FAIL, catalogue.phrase("count_mismatch", what=what, total=total, parts=s, difference=total - s),
                  location, Decimal(total), Decimal(s), Decimal(total - s))


@FAMILY.rule("F-001")
def staffing_authorized(ctx: Context) -> Iterator[Result]:
    s = ctx.model.unit.staffing
    yield _count_check(s.authorized_total, s.authorized,
                       loc("单位人员情况", "unit.staffing.authorized_total", "人员编制"), ctx.say("what"))


@FAMILY.rule("F-002")
def staffing_actual(ctx: Context) -> Iterator[Result]:
    s = ctx.model.unit.staffing
    yield _count_check(s.actual_total, s.actual,
                       loc("单位人员情况", "unit.staffing.actual_total", "实有人员"), ctx.say("what"))


# --- procurement ------------------------------------------------------------------------------

@FAMILY.rule("F-003")
def procurement_total(ctx: Context) -> Iterator[Result]:
    p = ctx.model.procurement
    if p.total is None and p.goods is None and p.works is None and p.services is None:
        return
    yield sum_values(ctx, p.total, [p.goods, p.works, p.services],
                     loc("政府采购支出情况说明", "procurement.total", "政府采购支出总额",
                         terms=["procurement.goods", "procurement.works", "procurement.services"]),
                     ctx.say("what"))


@FAMILY.rule("F-004")
def procurement_sme(ctx: Context) -> Iterator[Result]:
    p = ctx.model.procurement
    pairs = ((p.sme_total, p.total, "sme_total", "授予中小企业合同金额", "政府采购支出总额"),
             (p.sme_goods, p.goods, "sme_goods", "货物采购授予中小企业合同金额", "政府采购货物支出"),
             (p.sme_works, p.works, "sme_works", "工程采购授予中小企业合同金额", "政府采购工程支出"),
             (p.sme_services, p.services, "sme_services", "服务采购授予中小企业合同金额", "政府采购服务支出"))
    for part, whole, field, name, whole_name in pairs:
        if part is None:
            continue
        yield le_result(part, whole, loc("政府采购支出情况说明", f"procurement.{field}", name),
                        ctx.say("exceeds", name=name, whole=whole_name))
    if p.sme_total is not None and any(x is not None for x in (p.sme_goods, p.sme_works, p.sme_services)):
        yield sum_values(ctx, p.sme_total, [p.sme_goods, p.sme_works, p.sme_services],
                         loc("政府采购支出情况说明", "procurement.sme_total", "授予中小企业合同金额"),
                         ctx.say("what"))


@FAMILY.rule("F-005")
def procurement_small_micro(ctx: Context) -> Iterator[Result]:
    p = ctx.model.procurement
    if p.small_micro is None:
        return
    yield le_result(p.small_micro, p.sme_total,
                    loc("政府采购支出情况说明", "procurement.small_micro", "授予小微企业合同金额"),
                    ctx.say("what"))


# --- “三公” counts against T09 ----------------------------------------------------------------

COUNTS = (("overseas_groups", "因公出国（境）团组数", "overseas"),
          ("overseas_persons", "因公出国（境）人次", "overseas"),
          ("vehicles_purchased", "公务用车购置数", "vehicle_purchase"),
          ("reception_batches", "国内公务接待批次", "reception"),
          ("reception_persons", "国内公务接待人次", "reception"),
          ("meetings", "会议个数", "meeting"),
          ("trainings", "培训个数", "training"))


@FAMILY.rule("F-006")
def three_public_counts(ctx: Context) -> Iterator[Result]:
    tp = ctx.model.three_public
    if "T09" not in ctx.model.tables:
        if any(getattr(tp, f) for f, _, _ in COUNTS):
            yield not_checked(ctx.say("no_table"), ctx.loc("T09"))
        return
    for field, name, col in COUNTS:
        n = getattr(tp, field)
        if n is None:
            continue
        amount = val(ctx, ("T09", "actual", col))
        if (n > 0) == (or_zero(amount) > 0):
            yield Result(Status.PASS)
            continue
        layout = ctx.profile.tables.get("T09")
        col_label = next((c.label for c in layout.columns if c.key == col), col) if layout else col
        where = {**ctx.loc("T09", "actual", col), "field": f"three_public.{field}"}
        msg = ctx.say("count_without_amount" if n > 0 else "amount_without_count", name=name, n=n, column=col_label,
                      amount=fmt_plain(or_zero(amount)))
        yield Result(Status.FAIL, msg, where, Decimal(n), None)


# --- reasons ----------------------------------------------------------------------------------

def _cur(ctx: Context, table: str, row: str, col: str) -> Decimal | None:
    """A table figure; a blank cell of a table in the input is a zero, a table not in the input unknown."""
    if table not in ctx.model.tables:
        return None
    return or_zero(val(ctx, (table, row, col)))


def _t09(ctx: Context, row: str, col: str) -> Decimal | None:
    return _cur(ctx, "T09", row, col)


def reason_figures(ctx: Context) -> dict[str, tuple[Decimal | None, Decimal | None, str]]:
    """For each reason key: (current, reference, what the reference is) — a reason is needed when they differ."""
    m = ctx.model
    arc = m.agency_running_costs
    return {
        "total_change": (_cur(ctx, "T01", "income_grand_total", "amount"), m.prior.income_grand_total, "上年"),
        "appropriation_change": (_cur(ctx, "T04", "income_grand_total", "amount"),
                                 m.prior.appropriation_grand_total, "上年"),
        "general_budget_change": (_cur(ctx, "T05", "total", "total"), m.prior.general_budget_expenditure, "上年"),
        "general_budget_variance": (_cur(ctx, "T05", "total", "total"), m.general_budget_initial, "年初预算"),
        "three_public_variance": (_t09(ctx, "actual", "total"), _t09(ctx, "budget", "total"), "预算"),
        "three_public_change": (_t09(ctx, "actual", "total"), m.prior.three_public_actual, "上年"),
        "meeting_variance": (_t09(ctx, "actual", "meeting"), _t09(ctx, "budget", "meeting"), "预算"),
        "meeting_change": (_t09(ctx, "actual", "meeting"), m.prior.meeting_actual, "上年"),
        "training_variance": (_t09(ctx, "actual", "training"), _t09(ctx, "budget", "training"), "预算"),
        "training_change": (_t09(ctx, "actual", "training"), m.prior.training_actual, "上年"),
        "agency_running_costs_change": (arc.actual, m.prior.agency_running_costs, "上年"),
        "agency_running_costs_variance": (arc.actual, arc.budget, "预算"),
    }


@FAMILY.rule("F-007")
def reasons_present(ctx: Context) -> Iterator[Result]:
    figures = reason_figures(ctx)
    theirs = reasons_reported_here(ctx)
    for key, label in REASON_KEYS.items():
        cur, ref, what = figures[key]
        if ref is None or cur is None:  # unknown: prior-year gaps are F-009's, absent tables not checked here
            continue
        if f"reasons.{key}" in theirs:
            continue
        if cur == ref:
            yield Result(Status.PASS)
            continue
        if (ctx.model.reasons.get(key) or "").strip():
            yield Result(Status.PASS)
            continue
        yield Result(Status.FAIL, ctx.say("missing", label=label, actual=fmt_plain(cur), what=what, basis=fmt_plain(ref)),
                     loc("情况说明", f"reasons.{key}", label), cur, ref, cur - ref)


@FAMILY.rule("F-008")
def item_reasons(ctx: Context) -> Iterator[Result]:
    if not ctx.profile.raw.get("explains_item_budget_variances", True):
        return  # a template that explains items against the prior year only (教育部高校)
    theirs = reasons_reported_here(ctx)
    for iv in derive.item_variances(ctx.model):
        if f"item_budgets[{iv.code}].reason" in theirs:
            continue
        basis = iv.basis
        if iv.actual == basis or (iv.reason or "").strip():
            yield Result(Status.PASS)
            continue
        if getattr(getattr(ctx, "published", None), "truncation", None) is not None:
            continue  # the file is cut short (DOC-008): the reason may be in the part that is missing
        where = {**ctx.loc("T05", iv.code, "total"), "field": f"item_budgets[{iv.code}].reason"}
        full = iv.full_year is not None
        word = "全年预算" if full else "年初预算"
        comparison = iv.full_comparison if full else iv.comparison
        key = "missing_new" if comparison == "新增" else "missing"
        yield Result(Status.FAIL, ctx.say(key, code=iv.code, item=iv.item_name, basis_name=word, basis=fmt_plain(basis),
                                          actual=fmt_plain(iv.actual), comparison=comparison),
                     where, iv.actual, basis, iv.actual - basis)


PRIOR_NEEDS = (
    ("income_grand_total", "上年收入支出总计", ("T01", "income_grand_total", "amount")),
    ("appropriation_grand_total", "上年财政拨款收入支出总计", ("T04", "income_grand_total", "amount")),
    ("general_budget_expenditure", "上年一般公共预算财政拨款支出", ("T05", "total", "total")),
    ("three_public_actual", "上年“三公”经费决算数", ("T09", "actual", "total")),
    ("meeting_actual", "上年会议费决算数", ("T09", "actual", "meeting")),
    ("training_actual", "上年培训费决算数", ("T09", "actual", "training")),
)


@FAMILY.rule("F-009")
def prior_present(ctx: Context) -> Iterator[Result]:
    p = ctx.model.prior
    needs: list[tuple[str, str, Decimal | None]] = [(f, label, val(ctx, cell)) for f, label, cell in PRIOR_NEEDS]
    needs.append(("agency_running_costs", "上年机关运行经费", ctx.model.agency_running_costs.actual))
    for field, label, current in needs:
        if or_zero(current) == 0:
            continue
        if getattr(p, field) is not None:
            yield Result(Status.PASS)
            continue
        yield not_checked(ctx.say("prior_missing", label=label, current=fmt_plain(or_zero(current))),
                          loc("情况说明", f"prior.{field}", label))
