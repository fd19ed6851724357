"""Inputs the generated wording needs (family "wording"): the unit's reasons and facts.

`juesuan build` writes a visible placeholder (【请填写原因】/【请填写】) where a reason or fact is
missing; these rules report the same gaps in `juesuan check`, so the build gate sees them too.  What the
wording lacks is computed by the report (report.missing_inputs) and handed in by the check use case
(app/check.py) as `Context.wording_gaps`; without it the rules report “not checked”.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from juesuan.rules.engine import Context, Family, Result, Status

FAMILY = Family("wording")


def narrative_gaps(ctx: Context, kind: str) -> list[Any]:
    """The reasons or facts the generated wording lacks (one assembly per check, shared)."""
    cached = ctx.__dict__.get("_wording_gaps")
    if cached is None:
        cached = ctx.wording_gaps() if ctx.wording_gaps is not None else []
        ctx.__dict__["_wording_gaps"] = cached
    # prior-year figures are reported by F-009 (facts), not twice
    return [g for g in cached if g.kind == kind and not g.field.startswith("prior.")]


def reasons_reported_here(ctx: Context) -> set[str]:
    """Fields of the missing reasons NAR-REASON-MISSING reports in this run (the wording would print
    【请填写原因】 there): F-007 and F-008 leave those to it, so one gap is one finding."""
    if not ctx.runs("wording") or ctx.wording_gaps is None:
        return set()
    return {g.field for g in narrative_gaps(ctx, "reason")}


def _missing(ctx: Context, kind: str) -> Iterator[Result]:
    if ctx.wording_gaps is None:
        yield Result(Status.NOT_CHECKED, ctx.say("not_run"), {"section": "情况说明"})
        return
    gaps = narrative_gaps(ctx, kind)
    if not gaps:
        yield Result(Status.PASS, location={"section": "情况说明"})
        return
    for g in gaps:
        yield Result(Status.FAIL, ctx.say("missing", section=g.section, what=g.what, field=g.field),
                     {"section": g.section, "anchor": g.anchor, "field": g.field}, found=None, expected=g.what)


@FAMILY.rule("NAR-REASON-MISSING")
def reason_missing(ctx: Context) -> Iterator[Result]:
    yield from _missing(ctx, "reason")


@FAMILY.rule("NAR-FACT-MISSING")
def fact_missing(ctx: Context) -> Iterator[Result]:
    yield from _missing(ctx, "fact")
