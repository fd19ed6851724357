"""Direction words with no number (比上年有所增加, 较上年略有下降, 与上年基本持平, 同比减少): claims of their own
kind ("direction", not counted in the numeric coverage), held against this year's figure and the prior
year's figure of the same entity when both are known.

The entity is the one the sentence names before the words, else the one its innermost heading names
(培训费支出情况说明: 决算数较上年增加的主要原因是…); never one carried over from an earlier sentence.  The
prior-year figure comes from last year's report (`audit --prior`), from the prior-year figures the model
holds (filled from last year's report or printed by a table), or from a change and rate the report
states elsewhere for that entity that agree with each other (prose/arithmetic.py `rate`: both checked).
Unknown entity or unknown prior → not checked with the reason (NAR-000), never an error.

增加 / 增长 / 上升 need this year's figure above the prior year's beyond rounding (core.amounts), 减少 /
下降 below; 持平 a difference within rounding (beyond it, up to `nearly_same` of the prior year's figure: a
warning); 基本持平 a difference of at most `nearly_same` (lexicon.yaml, 5 %; beyond it: a warning, never
an error).  A difference within rounding under 增加 / 减少 is
尾差 (info).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from juesuan.core.amounts import Outcome, compare_equal
from juesuan.prose.claims import Check, Claim
from juesuan.prose.compare import R_ARITH, R_DIRECTION, fmt
from juesuan.prose.context import BindingContext
from juesuan.prose.entities import UNCERTAIN, attribute
from juesuan.prose.figures import TableFigures
from juesuan.prose.lexicon import lexicon
from juesuan.prose.sentences import Sentence
from juesuan.rules import catalogue

KIND = "direction"


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(lexicon().bare_directions["pattern"])


def _nearly_same() -> Decimal:
    return Decimal(str(lexicon().bare_directions["nearly_same"]))


def extract(s: Sentence) -> list[Claim]:
    """The direction words of one sentence that carry no number in their clause."""
    out: list[Claim] = []
    text = s.text
    for m in _pattern().finditer(text):
        rest = text[m.end("word"):]
        clause = re.split(r"[，,。；;：:]", rest, maxsplit=1)[0]
        if re.search(r"\d", clause) or rest.startswith(("（", "(")):
            continue  # a number in the clause (a change or rate: prose/arithmetic.py), or 增加（减少）
        phrase = text[m.start("degree") if m.group("degree") else m.start("word"):m.end("word")]
        out.append(Claim(Decimal(0), "", KIND, phrase, s, m.start("word"), m.end("word"),
                         text[:m.start()], m.group("word"), bound=False))
    return out


def extract_all(sents: list[Sentence]) -> list[Claim]:
    return [c for s in sents for c in extract(s)]


def _year_ok(c: Claim, year: int) -> bool:
    """比2023年 in a 2024 report is against the prior year; against another year it is not checked."""
    years = [int(y) for y in re.findall(lexicon().prior_year["year"], c.sentence.text[len(c.label):c.start])]  # 比…年
    return all(y == year - 1 for y in years)


def _entity(ctx: BindingContext, c: Claim) -> str | None:
    s = c.sentence
    section = " ".join(s.section[-3:])
    ent = ctx.entities.entity(s, s.text[:c.start], section)
    subject = re.split(r"[，,。；;：:]", c.label)[-1] if c.kind == KIND else ""
    if ent is None and s.section and re.fullmatch(lexicon().bare_directions["no_subject"], subject.strip()):
        title = s.section[-1]
        ent = ctx.entities.entity(s, title, section) if not s.text.startswith(title) else None
    return None if ent in (None, UNCERTAIN) else ent


_PRIOR_FIELDS = {"income_grand_total": "income_grand_total", "expenditure_grand_total": "expenditure_grand_total",
                 "general_budget": "general_budget_expenditure", "three_public": "three_public_actual",
                 "meeting": "meeting_actual", "training": "training_actual", "agency": "agency_running_costs",
                 "appr_income_grand_total": "appropriation_grand_total",
                 "appr_expenditure_grand_total": "appropriation_grand_total"}


def _prior(ctx: BindingContext, ent: str, last: TableFigures | None, source: str) -> tuple[Decimal, str] | None:
    """The prior year's figure of an entity, and where it came from (for the finding)."""
    if last is not None:
        if ent == "agency":
            v = last.model.agency_running_costs.actual
            fig = None if v is None else (v, catalogue.message(R_ARITH, "agency_prior"))
        else:
            fig = last.figure(ent, "actual")
        if fig is not None and fig[0] is not None:
            return fig[0], catalogue.message(R_DIRECTION, "prior_file", source=source, where=fig[1])
    stated = ctx.prior_stated.get(ent)
    if stated is not None:
        return stated
    name = _PRIOR_FIELDS.get(ent)
    v = getattr(ctx.model.prior, name) if name else None
    return None if v is None else (v, catalogue.message(R_DIRECTION, "prior_model"))


def _current(ctx: BindingContext, c: Claim, ent: str) -> tuple[Decimal, str] | None:
    """This year's figure of the entity: the table's, else what the prose states for it before the words."""
    if ent == "agency":
        v = ctx.model.agency_running_costs.actual
        if v is None:
            v = ctx.facts.agency_running_costs.get("actual")
        return None if v is None else (v, catalogue.message(R_DIRECTION, "agency_now"))
    fig = ctx.figures.figure(ent, "actual")
    if fig is not None and fig[0] is not None:
        return fig[0], fig[1]
    same_para = [x for x in ctx.claims if x.kind == "amount" and x.target == ent and x.checks
                 and x.sentence.paragraph == c.sentence.paragraph and x.sentence.index <= c.sentence.index
                 and attribute(x.sentence.text[:x.start]) == "actual"]
    return (same_para[-1].wan, same_para[-1].text) if same_para else None


def check_directions(ctx: BindingContext, last: TableFigures | None = None, source: str = "") -> None:
    """Hold every direction claim against the entity's figures of this year and the prior year."""
    for c in ctx.directions:
        if not _year_ok(c, ctx.model.year):
            c.why = "direction_other_year"
            continue
        ent = _entity(ctx, c)
        if ent is None:
            c.why = "direction_subject_unsure"
            continue
        c.target = ent
        now, was = _current(ctx, c, ent), _prior(ctx, ent, last, source)
        if now is None or was is None:
            c.why = "direction_no_prior" if was is None else "direction_no_current"
            continue
        c.bound = True
        _verdict(c, now, was)
        stated = ctx.prior_claims.get(ent)
        if stated is not None and stated.wan == was[0] and not stated.checks:  # 上年决算数为X: an operand now
            stated.checks.append(Check(R_DIRECTION, catalogue.message(R_DIRECTION, "prior_operand", text=c.text), None,
                                       "exact"))
            stated.why = ""


def _verdict(c: Claim, now: tuple[Decimal, str], was: tuple[Decimal, str]) -> None:
    lex = lexicon()
    says = "nearly" if c.direction in lex.bare_directions["nearly"] else lex.direction(c.direction)
    o, _ = compare_equal(now[0], was[0])
    delta = now[0] - was[0]
    target = catalogue.message(R_DIRECTION, "bare_target", now=fmt(now[0]), now_where=now[1], was=fmt(was[0]),
                               was_where=was[1])
    within = o is not Outcome.MISMATCH
    actual = "same" if within else "up" if delta > 0 else "down"
    word = (lex.bare_directions["opposites"].get(c.direction or "") if says in ("up", "down") else None
            ) or lex.bare_directions["words"][actual]
    if says == "nearly":
        share = abs(delta) / was[0] if was[0] else None
        if within or share is not None and share <= _nearly_same():
            c.checks.append(Check(R_DIRECTION, target, c.direction, "exact"))
        else:
            c.checks.append(_mismatch(c, target, word, "warning"))
    elif says == "same":  # 持平 beyond rounding: a warning while the change is small, else an error
        share = abs(delta) / was[0] if was[0] else None
        small = share is not None and share <= _nearly_same()
        c.checks.append(Check(R_DIRECTION, target, c.direction, "exact") if within
                        else _mismatch(c, target, word, "warning" if small else None))
    elif within:
        c.checks.append(Check(R_DIRECTION, target, c.direction, "rounding", delta,
                              catalogue.message(R_DIRECTION, "bare_rounding")))
    elif actual == says:
        c.checks.append(Check(R_DIRECTION, target, c.direction, "exact"))
    else:
        c.checks.append(_mismatch(c, target, word, None))


def _mismatch(c: Claim, target: str, word: str, severity: str | None) -> Check:
    return Check(R_DIRECTION, target, word, "mismatch", None,
                 catalogue.message(R_DIRECTION, "bare_word", said=c.direction, word=word), severity)


def record_prior(ctx: BindingContext, chg: Claim, rate: Claim, prior: Decimal) -> None:
    """The 上年数 a change and its rate imply, when the rate agrees with it (so the change's word is right)
    and the entity is named in their sentence or its heading: kept for the direction words of that entity."""
    if not rate.checks or rate.checks[-1].outcome not in ("exact", "rounding") or not chg.target:
        return
    if not re.search(lexicon().prior_year["against"], chg.sentence.text[:chg.start]):
        return  # a change against the budget, not the prior year
    if _entity(ctx, chg) != chg.target:
        return  # carried over from an earlier sentence: not confident enough
    ctx.prior_stated.setdefault(chg.target, (prior, catalogue.message(
        R_DIRECTION, "prior_stated", change=f"{chg.direction or ''}{chg.text}", rate=f"{rate.direction or ''}{rate.text}")))
