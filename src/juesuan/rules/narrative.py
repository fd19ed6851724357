"""Narrative rules (audit only): the prose's numbers against the tables, against each other and
against their own arithmetic.  The comparisons are made when claims are bound
(prose/binding.py, run by the audit use case); these rules turn them into results.  On a plain check Context (no
claims) they yield nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from juesuan.core.amounts import fmt_plain
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Family, Result, Status

if TYPE_CHECKING:  # prose sits above rules: its types only, never an import at run time
    from juesuan.prose.claims import Check, Claim

FAMILY = Family("narrative")


@dataclass
class AuditContext(Context):
    """A Context that also carries the published report's claims and outline."""

    claims: list[Claim] = field(default_factory=list)
    published: Any = None  # formats.published.read.PublishedReport
    prose: Any = None  # prose.binding.ProseReading


def _claims(ctx: Context) -> list[Claim]:
    return list(getattr(ctx, "claims", None) or [])


def _fmt(x: Decimal | str | None) -> str:
    if x is None:
        return "—"
    return fmt_plain(x) if isinstance(x, Decimal) else str(x)


def results_for(ctx: Context, rule_id: str) -> Iterator[Result]:
    """One result per distinct comparison of this rule (repeats of one statement reported once)."""
    what = catalogue.message(rule_id, "what")
    seen: dict[tuple[str, str, str], int] = {}
    pending: list[tuple[Claim, Check]] = []
    for c in _claims(ctx):
        for ch in c.checks:
            if ch.rule != rule_id:
                continue
            key = (ch.target, c.text, _fmt(ch.expected))
            if ch.outcome != "exact" and key in seen:
                seen[key] += 1
                continue
            seen[key] = 1
            pending.append((c, ch))
    for c, ch in pending:
        loc = c.location()
        loc["target"] = ch.target
        if ch.outcome == "exact":
            yield Result(Status.PASS, location=loc)
            continue
        n = seen.get((ch.target, c.text, _fmt(ch.expected)), 1)
        more = catalogue.phrase("claim_repeated", n=n) if n > 1 else ""
        found: Decimal | str = c.value
        if ch.outcome == "rounding":
            msg = catalogue.phrase("claim_rounding", what=what, text=c.text, target=ch.target,
                                   difference=_fmt(ch.difference), more=more)
            yield Result(Status.FAIL, msg, loc, found, ch.expected, ch.difference, severity="info", rounding=True)
            continue
        diff = catalogue.phrase("claim_difference", difference=_fmt(ch.difference)) if ch.difference is not None else ""
        note = f"。{ch.note}" if ch.note else ""
        msg = catalogue.phrase("claim_mismatch", what=what, text=c.text, target=ch.target,
                               expected=_fmt(ch.expected), difference=diff, note=note, more=more)
        yield Result(Status.FAIL, msg, loc, found, ch.expected, ch.difference, severity=ch.severity)


@FAMILY.rule("NAR-001")
def nar_table(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-001")


@FAMILY.rule("NAR-002")
def nar_percent(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-002")


@FAMILY.rule("NAR-003")
def nar_arith(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-003")


@FAMILY.rule("NAR-004")
def nar_sum(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-004")


@FAMILY.rule("NAR-005")
def nar_direction(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-005")


@FAMILY.rule("NAR-006")
def nar_restate(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-006")


@FAMILY.rule("NAR-007")
def nar_count(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-007")


@FAMILY.rule("NAR-008")
def nar_performance(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-008")


@FAMILY.rule("NAR-009")
def nar_zero_base(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-009")


@FAMILY.rule("NAR-010")
def nar_assets(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-010")


@FAMILY.rule("NAR-011")
def nar_agency(ctx: Context) -> Iterator[Result]:
    yield from results_for(ctx, "NAR-011")


@FAMILY.rule("NAR-012")
def nar_item_name(ctx: Context) -> Iterator[Result]:
    prose = getattr(ctx, "prose", None)
    for d in getattr(prose, "name_differences", None) or []:
        loc = {"section": " / ".join(d.sentence.section[-2:]), "sentence": d.sentence.text, **d.sentence.location,
               "code": d.code}
        yield Result(Status.FAIL, ctx.say("other_name", printed=d.printed, code=d.code, name=d.table),
                     loc, d.printed, d.table)


@FAMILY.rule("NAR-000")
def nar_unchecked(ctx: Context) -> Iterator[Result]:
    context = [c for c in _claims(ctx) if c.context]
    no_tables = getattr(getattr(ctx, "published", None), "kind", "tables") != "tables"  # nothing to bind to
    if context:  # one line for all of them (each is listed in summary.claims.context)
        loc = {k: v for k, v in context[0].location().items() if k in ("section", "page", "source_line", "paragraph")}
        yield Result(Status.NOT_CHECKED, ctx.say("context", count=len(context),
                                                 texts="、".join(c.text for c in context)), loc)
    for c in _claims(ctx):
        if c.checks or c.context:
            continue
        loc = c.location()
        if c.why:
            loc["why"] = c.why  # the report holds nothing to check it with (the accuracy harness reads this)
        why = ctx.say(c.why or ("no_tables" if no_tables else "bound" if c.bound else "no_prior" if c.kind == "rate"
                                else "unbound"))
        if c.refused:
            where = ctx.say("line", n=loc["source_line"]) if "source_line" in loc else (
                ctx.say("page", n=loc["page"]) if "page" in loc else "")
            why = ctx.say("refused", where=where, reason=c.refused)
        yield Result(Status.NOT_CHECKED, ctx.say("unchecked", text=c.text, why=why), loc, c.value)
