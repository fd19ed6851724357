"""What binding works on: the report's claims and sentences, the table figures, and what the prose
has stated so far (StatedFacts, and the claims that stated them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.core.model import FinalAccounts
from juesuan.prose.claims import Claim
from juesuan.prose.entities import EntityReader
from juesuan.prose.facts import StatedFacts
from juesuan.prose.figures import TableFigures
from juesuan.prose.sentences import Sentence


@dataclass
class BindingContext:
    model: FinalAccounts  # read from the tables; binding only reads it
    sentences: list[Sentence]
    claims: list[Claim]
    figures: TableFigures
    entities: EntityReader
    facts: StatedFacts = field(default_factory=StatedFacts)
    stated: dict[str, Claim] = field(default_factory=dict)  # "agency:actual", "item:2013101:initial" … -> the claim
    claims_by_sentence: dict[int, list[Claim]] = field(default_factory=dict)
    directions: list[Claim] = field(default_factory=list)  # direction words with no number (prose/directions.py)
    prior_stated: dict[str, tuple[Decimal, str]] = field(default_factory=dict)  # entity -> 上年数 the prose implies, why
    prior_claims: dict[str, Claim] = field(default_factory=dict)  # entity -> the amount stating its 上年数 (上年决算数为X)

    @classmethod
    def of(cls, model: FinalAccounts, sentences: list[Sentence], claims: list[Claim]) -> BindingContext:
        figures = TableFigures(model)
        ctx = cls(model, sentences, claims, figures, EntityReader(figures))
        for c in claims:
            ctx.claims_by_sentence.setdefault(c.sentence.index, []).append(c)
        return ctx
