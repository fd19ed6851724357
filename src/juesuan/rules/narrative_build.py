"""Inputs the generated narrative needs (family "narrative"): the unit's reasons and facts.

`juesuan build` writes a visible placeholder (【请填写原因】/【请填写】) where a reason or fact is
missing; these rules report the same gaps in `juesuan check`, so the build gate sees them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from juesuan.rules.engine import Context, Result, Status, rule


def narrative_gaps(ctx: Context, kind: str) -> list[Any]:
    """The reasons or facts the generated wording lacks (one assembly per check, shared)."""
    from juesuan.report import missing_inputs

    cached = getattr(ctx, "_narrative_gaps", None)
    if cached is None:
        cached = missing_inputs(ctx.model, ctx.profile.id)
        ctx._narrative_gaps = cached  # type: ignore[attr-defined]
    # prior-year figures are reported by F-009 (facts), not twice
    return [g for g in cached if g.kind == kind and not g.field.startswith("prior.")]


def reasons_reported_here(ctx: Context) -> set[str]:
    """Fields of the missing reasons NAR-REASON-MISSING reports in this run (the wording would print
    【请填写原因】 there): F-007 and F-008 leave those to it, so one gap is one finding."""
    return {g.field for g in narrative_gaps(ctx, "reason")} if ctx.runs("narrative") else set()


def _missing(ctx: Context, kind: str) -> Iterator[Result]:
    gaps = narrative_gaps(ctx, kind)
    if not gaps:
        yield Result(Status.PASS, location={"section": "情况说明"})
        return
    for g in gaps:
        placeholder = "【请填写原因】" if kind == "reason" else "【请填写】"
        yield Result(Status.FAIL, f"{g.section}：缺少{g.what}（数据项 {g.field}），生成的说明中为“{placeholder}”",
                     {"section": g.section, "anchor": g.anchor, "field": g.field}, found=None, expected=g.what)


@rule("NAR-REASON-MISSING", "情况说明：需要说明的增减变动或预决算差异缺少原因", "error", family="narrative")
def reason_missing(ctx: Context) -> Iterator[Result]:
    """Every change on the prior year and every 决算 vs 预算 difference the wording states needs the
    unit's reason (持平 needs none).  A missing reason is not invented: the text gets 【请填写原因】."""
    yield from _missing(ctx, "reason")


@rule("NAR-FACT-MISSING", "情况说明：生成说明所需的数据缺失", "warning", family="narrative")
def fact_missing(ctx: Context) -> Iterator[Result]:
    """Facts the wording needs (联系电话, 单位职责, 三公 团组/车辆/接待 counts…); a missing
    one is left out of the comparison or written as 【请填写】."""
    yield from _missing(ctx, "fact")
