"""Claims against the prior year (比上年增长X%, 较上年减少X万元, 上年决算数为X万元) held against last
year's report (`audit --prior`): its current-year figures, read by the same readers, are this
report's prior-year figures.  Every check names the file the prior figure came from; a figure the
prior report does not give leaves the claim unchecked with that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from juesuan.core.amounts import compare_equal
from juesuan.core.model import FinalAccounts
from juesuan.prose.claims import Check, Claim
from juesuan.prose.compare import R_ARITH, R_DIRECTION, R_PERCENT, R_TABLE, add_percent, clause_of, fmt
from juesuan.prose.context import BindingContext
from juesuan.prose.figures import TableFigures
from juesuan.prose.lexicon import lexicon
from juesuan.rules import catalogue


@dataclass
class PriorReport:
    """Last year's report: the model read from it and the file it came from (named in every finding)."""

    model: FinalAccounts
    source: str  # the file's name, as findings cite it
    path: str = ""  # as given on the command line


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    """(against the prior year, a prior-year amount's clause end, words that make it something else)."""
    p = lexicon().prior_year
    return re.compile(p["against"]), re.compile(p["amount"]), tuple(p.get("not_amount", ()))


def against_prior(ctx: BindingContext, prior: PriorReport) -> None:
    """Check every change, rate and prior-year amount of the prose against last year's figures."""
    last = TableFigures(prior.model)
    against, amount, not_amount = _patterns()
    for c in ctx.claims:
        if c.refused or not c.target:
            continue
        before = c.sentence.text[:c.start]
        clause = clause_of(c)
        if c.kind in ("change", "rate") and _against_prior(against, before, ctx.model.year):
            if _named(ctx, c):
                _change(ctx, c, last, prior)
            elif not c.checks:
                c.why = "prior_subject_unsure"
        elif c.kind == "amount" and amount.search(clause) and not any(w in clause for w in not_amount):
            was = _prior_figure(last, prior, c.target)
            if was is not None:
                o, diff = compare_equal(c.wan, was[0])
                c.checks.append(Check(R_TABLE, _evidence(prior, was), was[0], o.value, diff))


def _named(ctx: BindingContext, c: Claim) -> bool:
    """Whether what the change is about is named in its sentence or in its section's title (a subject
    carried over from an earlier sentence is not confident enough to hold against another report)."""
    s = c.sentence
    if ctx.entities.entity(s, s.text[:c.start], " ".join(s.section[-3:])) == c.target:
        return True
    title = s.section[-1] if s.section else ""
    return any(entity == c.target and phrase in title for phrase, entity in lexicon().entities)


def _against_prior(against: re.Pattern[str], before: str, year: int) -> bool:
    """Whether the words before a change say it is against the prior year (比2022年 in a 2024 report is not)."""
    found = list(against.finditer(before))
    years = [int(y) for m in found for y in m.groups() if y]
    return bool(found) and all(y == year - 1 for y in years)


def _prior_figure(last: TableFigures, prior: PriorReport, target: str) -> tuple[Decimal, str] | None:
    if target == "agency":
        actual = prior.model.agency_running_costs.actual
        return None if actual is None else (actual, catalogue.message(R_ARITH, "agency_prior"))
    fig = last.figure(target, "actual")
    return None if fig is None or fig[0] is None else (fig[0], fig[1])


def _evidence(prior: PriorReport, was: tuple[Decimal, str]) -> str:
    return catalogue.message(R_ARITH, "prior_source", figure=fmt(was[0]), source=prior.source, where=was[1])


def _current(ctx: BindingContext, c: Claim) -> tuple[Decimal, str] | None:
    """This year's figure the claim speaks of: the table's, else the amount its sentence states for it."""
    if c.target == "agency":  # the tables print it seldom: the figure the prose states for it
        actual = ctx.model.agency_running_costs.actual
        if actual is None:
            actual = ctx.facts.agency_running_costs.get("actual")
        return None if actual is None else (actual, catalogue.message(R_ARITH, "agency_now"))
    fig = ctx.figures.figure(c.target or "", "actual")
    if fig is not None and fig[0] is not None:
        return fig[0], fig[1]
    stated = next((x for x in reversed(ctx.claims_by_sentence.get(c.sentence.index, []))
                   if x.kind == "amount" and x.start < c.start and x.target == c.target), None)
    return None if stated is None else (stated.wan, stated.text)


def _change(ctx: BindingContext, c: Claim, last: TableFigures, prior: PriorReport) -> None:
    was = _prior_figure(last, prior, c.target or "")
    now = _current(ctx, c)
    if was is None or now is None:
        if not c.checks:
            c.why = "no_prior_in_file"
        return
    delta = now[0] - was[0]
    target = catalogue.message(R_ARITH, "prior_target", figure=fmt(now[0]), where=now[1], prior=_evidence(prior, was))
    if c.kind == "change" and c.unit in ("万元", "元", "亿元"):
        o, diff = compare_equal(c.wan, abs(delta))
        c.checks.append(Check(R_ARITH, target, abs(delta), o.value, diff))
    elif c.kind == "rate":
        add_percent(c, R_PERCENT, target, abs(delta), was[0])
    lex = lexicon()
    says = lex.direction(c.direction)
    if delta != 0 and says in ("up", "down") and (says == "up") != (delta > 0):
        word = (lex.up if delta > 0 else lex.down)[1 if c.kind == "rate" else 0]  # 增长 / 下降 for a rate
        c.checks.append(Check(R_DIRECTION, target, word, "mismatch", None,
                              catalogue.message(R_DIRECTION, "prior_word", said=c.direction, word=word)))
    elif says in ("up", "down"):
        c.checks.append(Check(R_DIRECTION, target, c.direction, "exact"))
