"""Bind each claim of the prose to the figure it speaks of, and record the comparison.

A claim is bound to a table cell (through what it names: 收入总计, 基本支出, an 项 by its
（类）（款）（项） names or its code, 培训费 预算 …: amounts.py), to the other numbers of its sentence
(completion, change and rate, share, 其中 breakdown: arithmetic.py; comparison words:
comparisons.py), to a list it counts (counts.py), to a performance table (performance.py), or to
the same statement elsewhere (document.py).  Comparisons are rounding-aware (core.amounts): a
difference explained by the printed precision is 尾差 (info), never a mismatch.

Binding changes only the claims (their checks); the facts the prose states are returned in
`ProseReading.facts`, for the caller to apply (prose/facts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.core.model import FinalAccounts
from juesuan.prose import arithmetic, comparisons, directions, document
from juesuan.prose.amounts import bind_amount
from juesuan.prose.claims import Claim, extract_all, label_of
from juesuan.prose.context import BindingContext
from juesuan.prose.counts import counts
from juesuan.prose.coverage import mark_context
from juesuan.prose.entities import NameDifference
from juesuan.prose.facts import StatedFacts
from juesuan.prose.figures import TableFigures
from juesuan.prose.lexicon import lexicon
from juesuan.prose.performance import indicators, performance
from juesuan.prose.prior import PriorReport, against_prior
from juesuan.prose.sentences import Sentence, sentences


@dataclass
class ProseReading:
    """What the prose of a published report says: its sentences and claims (each with its checks),
    the facts it states beyond the tables and the 科目 it names differently from the tables."""

    sentences: list[Sentence]
    claims: list[Claim]
    facts: StatedFacts
    name_differences: list[NameDifference] = field(default_factory=list)
    directions: list[Claim] = field(default_factory=list)  # direction words with no number (prose/directions.py)


def read_prose(blocks: list, model: FinalAccounts, furniture: set[int] | None = None,
               prior: PriorReport | None = None) -> ProseReading:
    """Sentences → claims → binding, for the blocks of a published report and the model read from its tables
    (and, given last year's report, the claims against the prior year held against its figures)."""
    sents = sentences(blocks, furniture)
    claims = extract_all(sents)
    ctx = BindingContext.of(model, sents, [c for c in claims if not c.refused])
    ctx.directions = directions.extract_all(sents)
    bind(ctx, prior)
    return ProseReading(sents, claims, ctx.facts, list(ctx.entities.name_differences.values()), ctx.directions)


def _section(s: Sentence) -> str:
    return " ".join(s.section[-3:])


def bind(ctx: BindingContext, prior: PriorReport | None = None) -> None:
    """Bind every claim (its checks are filled in) and collect the stated facts in ctx.facts."""
    paragraphs: dict[int, list[Sentence]] = {}
    for s in ctx.sentences:
        paragraphs.setdefault(s.paragraph, []).append(s)
    state = _ParagraphState()
    for sents in paragraphs.values():
        _bind_paragraph(ctx, sents, state)
    arithmetic.shares_to_hundred(ctx.claims)
    arithmetic.initial_budgets(ctx)
    document.text_facts(ctx)
    document.reasons(ctx, paragraphs)
    document.restatements(ctx)
    indicators(ctx, document.restatement_key)
    document.assets(ctx)
    if prior is not None:
        against_prior(ctx, prior)
    directions.check_directions(ctx, TableFigures(prior.model) if prior is not None else None,
                                prior.source if prior is not None else "")
    for c in ctx.claims:
        if c.checks:
            c.bound = True
    arithmetic.prior_year_unchecked(ctx.claims)
    mark_context(ctx.claims)


@dataclass
class _ParagraphState:
    """What carries from one paragraph to the next of the same section."""

    section: tuple[str, ...] | None = None
    current: str | None = None  # the entity the text is about
    claims: list[Claim] = field(default_factory=list)  # operands of the previous paragraph


def _names_something_else(clause: str) -> bool:
    """Whether a clause before a number names a thing of its own (so the paragraph's entity does not apply)."""
    label = label_of(clause)
    return len(label) >= 3 and label.endswith(("支出", "收入", "经费", "费", "资金", "补助", "补贴"))


def _bind_paragraph(ctx: BindingContext, sents: list[Sentence], state: _ParagraphState) -> None:
    same = state.section == sents[0].section
    current = state.current if same else None
    state.section = sents[0].section
    # operands may sit in the previous paragraph of the same section (a sentence per line in some PDFs)
    prev_claims: list[Claim] = list(state.claims) if same else []
    for s in sents:
        claims = ctx.claims_by_sentence.get(s.index, [])
        section = _section(s)
        ent_in_sentence = ctx.entities.entity(s, s.text, section)
        if "（项）" in s.text and not (ent_in_sentence and ent_in_sentence.startswith("I:")):
            current = None  # an item the tables do not print: bind nothing to the previous one
        if ent_in_sentence and ent_in_sentence.startswith("I:"):
            current = ent_in_sentence
            document.item_reason(ctx, ent_in_sentence[2:], sents)
        for c in claims:
            before = s.text[:c.start]
            ent = ctx.entities.entity(s, before, section)
            clause = before[max(before.rfind("，"), before.rfind("；")) + 1:]
            if ent is None and not _names_something_else(clause):
                ent = current
            if ent is not None:  # …收入X万元，支出Y万元: a clause naming only 支出 is that income's spending
                ent = lexicon().counterparts.get(label_of(clause), {}).get(ent, ent)
            c.target = ent
            if c.kind == "amount" and ent:
                bind_amount(ctx, c, ent, section)
        if ent_in_sentence and not ent_in_sentence.startswith("I:") and claims:
            keep = current and current.startswith("I:") and ent_in_sentence == "general_budget"
            current = current if keep else ent_in_sentence
        _frames(ctx, s, claims, prev_claims, section)
        prev_claims = prev_claims + claims
    state.current = current
    state.claims = prev_claims[-12:]
    performance(ctx, sents)


def _frames(ctx: BindingContext, s: Sentence, claims: list[Claim], prev: list[Claim], section: str) -> None:
    """The arithmetic frames of one sentence."""
    amounts = [c for c in prev + claims if c.kind == "amount" and c.unit in ("万元", "元", "亿元")]
    for c in claims:
        before = s.text[:c.start]
        if c.kind == "completion":
            arithmetic.completion(ctx, c, prev + claims, before)
        elif c.kind == "rate":
            arithmetic.rate(ctx, c, prev + claims)
        elif c.kind == "change":
            arithmetic.change(c, prev + claims, before)
            arithmetic.reason_word(c, s.text[c.end:])
        elif c.kind == "share":
            arithmetic.share(ctx, c, amounts, before, section)
    arithmetic.breakdown(claims, s.text, prev, s.paragraph)
    arithmetic.change_breakdown(claims, s.text, prev, s.paragraph, ctx)
    comparisons.comparison_words(s, claims, prev)
    counts(ctx, s, claims)
