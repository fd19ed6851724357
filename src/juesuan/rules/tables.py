"""Intra-table identities (domain.md §2.2)."""

from __future__ import annotations

from collections.abc import Iterator

from .engine import Context, Result, rule

T01_INCOME = ("general_budget", "fund_budget", "state_capital_budget", "superior_subsidy",
              "public_service_income", "business_income", "affiliated_remittance", "other_income")


@rule("T01-001", "收入支出决算总表：本年收入合计等于各项收入之和", "error", family="tables", tables=("T01",))
def t01_income_total(ctx: Context) -> Iterator[Result]:
    """本年收入合计 = 一般公共预算财政拨款收入 + … + 其他收入 (行次 1–8)."""
    t = ctx.model.table("T01")
    if t.row("income_total") is None:
        return
    yield ctx.sum_check(t.value("income_total", "amount"), [t.value(k, "amount") for k in T01_INCOME],
                        ctx.loc("T01", "income_total", "amount"), "本年收入合计与各项收入之和不符")
