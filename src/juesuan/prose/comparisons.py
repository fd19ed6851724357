"""Direction and comparison words (大于 / 小于 / 等于 / 持平 / 增加 / 减少 / 增长 / 下降 …) held against
the figures they describe, in any section:

- "决算数小于年初预算数" against the 决算 and 预算 the paragraph states;
- "X万元，高于上年的Y万元" against the two figures on either side of the word;
- "与上年持平" (or 一致, 保持不变) next to a stated change or rate that is not zero.
A word is checked only when both figures it compares are found in its sentence (or paragraph)."""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.core.amounts import Outcome, compare_equal
from juesuan.prose.claims import Check, Claim
from juesuan.prose.compare import R_DIRECTION, clause_of, fmt, operand
from juesuan.prose.entities import attribute
from juesuan.prose.lexicon import lexicon
from juesuan.prose.sentences import Sentence

_BUDGET_WORD = re.compile(r"决算数?(?:较|比)?(大于|小于|高于|低于|超过|等于|持平|一致|相等)(?:于)?(?:年初|全年|调整后)?预算数?")
_BUDGET_SAME = re.compile(r"决算数?与(?:年初|全年|调整后)?预算数?(持平|一致|相等)")
_BETWEEN = re.compile(r"(大于|小于|高于|低于|多于|少于|超过|等于)")
_SAME_AS_PRIOR = re.compile(r"与上年(?:度)?(?:决算数?)?(?:相比)?(?:基本)?(持平|一致|相同|保持不变)|(?:较|比)上年(?:度)?(?:基本)?持平|保持不变")


def comparison_words(sentence: Sentence, claims: list[Claim], pool: list[Claim]) -> None:
    """Check every comparison word of one sentence (`claims`; `pool` adds the paragraph's earlier claims)."""
    text = sentence.text
    _budget_words(text, claims, pool)
    _between(text, claims)
    _same_as_prior(text, claims)


def _says(word: str) -> str | None:
    if word in ("多于", "超过"):
        return "up"
    if word == "少于":
        return "down"
    return lexicon().direction(word)


def _verdict(claim: Claim, word: str, says: str, diff: Decimal, exact: bool, target: str) -> None:
    """Record whether `word` (saying up / down / same) agrees with diff = stated − its base."""
    if says == "same":
        ok = exact
        expected = "相等" if ok else ("大于" if diff > 0 else "小于")
    else:
        ok = not exact and (diff > 0) == (says == "up")
        expected = "相等" if exact else ("大于" if diff > 0 else "小于")
    claim.checks.append(Check(R_DIRECTION, target, expected if not ok else word, "exact" if ok else "mismatch", None,
                              "" if ok else f"文中用“{word}”，但数据为“{expected}”"))


def _budget_words(text: str, claims: list[Claim], pool: list[Claim]) -> None:
    m = _BUDGET_WORD.search(text) or _BUDGET_SAME.search(text)
    if not m:
        return
    word = m.group(1)
    amounts = [x for x in pool if x.kind == "amount"] + [x for x in claims if x.kind == "amount" and x.start < m.start()]
    actual = next((x for x in reversed(amounts) if attribute(clause_of(x)) == "actual"), None)
    budget = next((x for x in reversed(amounts) if attribute(clause_of(x)) in ("initial", "full", "budget")), None)
    if actual is None or budget is None:
        return
    says = _says(word)
    if says is None:
        return
    a, b = operand(actual), operand(budget)
    o, _ = compare_equal(a, b)
    holder = next((x for x in claims if x.start > m.start()), None) or actual
    _verdict(holder, word, says, a - b, o is not Outcome.MISMATCH,
             f"“决算数{word}预算数”与决算数 {actual.text}、预算数 {budget.text}（{fmt(a)} − {fmt(b)}）")


def _between(text: str, claims: list[Claim]) -> None:
    """"X万元，高于上年的Y万元": the word between two stated figures of one unit."""
    for m in _BETWEEN.finditer(text):
        if _BUDGET_WORD.search(text[max(0, m.start() - 4):m.end() + 6]):
            continue
        left = next((x for x in reversed(claims) if x.end <= m.start() and m.start() - x.end <= 12
                     and "，" not in text[x.end:m.start()].strip("，")), None)
        right = next((x for x in claims if x.start >= m.end() and x.start - m.end() <= 16
                      and not re.search(r"[，；。]", text[m.end():x.start])), None)
        if left is None or right is None or left.unit != right.unit or left.kind != right.kind:
            continue
        if left.kind not in ("amount", "count", "quantity", "percent", "share", "completion"):
            continue
        says = _says(m.group(1))
        if says is None:
            continue
        lv, rv = (operand(left), operand(right)) if left.kind == "amount" else (left.value, right.value)
        o, _ = compare_equal(lv, rv)
        _verdict(right, m.group(1), says, lv - rv, o is not Outcome.MISMATCH,
                 f"“{left.text}{m.group(1)}{right.text}”")


def _same_as_prior(text: str, claims: list[Claim]) -> None:
    """"与上年持平" next to a change or rate that is not zero."""
    m = _SAME_AS_PRIOR.search(text)
    if not m:
        return
    for c in claims:
        if c.kind not in ("change", "rate") or abs(c.start - m.start()) > 30:
            continue
        if re.search(r"[，,；。]", text[min(c.end, m.end()):max(c.start, m.start())]):
            continue  # another clause: the word speaks of something else
        ok = c.value == 0
        c.checks.append(Check(R_DIRECTION, f"“{m.group(0)}”", "0" if not ok else c.text, "exact" if ok else "mismatch",
                              None if ok else c.value, "" if ok else "文中称与上年持平，却写了不为0的增减"))
