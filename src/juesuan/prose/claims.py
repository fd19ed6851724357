"""Claims: every number the prose of a published report states, with its sentence and location.

`extract(sentence)`
finds each stated number with its unit, kind (amount, change, rate, completion, share, percent,
count, score, quantity), the words before it (its label) and the direction word it carries.
Binding a claim to the figure it speaks of is done in prose/binding.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from juesuan.core.amounts import AmountOutOfRange, check_amount
from juesuan.prose.sentences import Sentence

UNITS = ("万元", "亿元", "元", "%", "％", "万人次", "人次", "万人", "万件", "万张", "万户", "万个", "万",
         "台（套）", "台(套)", "批次", "人", "个", "条", "项", "台", "套", "辆", "次", "批", "件", "张", "分",
         "家", "名", "户", "所")
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUMBER = re.compile(rf"(?<![\d.,×*xX])(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?\s*({_UNIT_RE})?")
_SCORE = re.compile(r"得分\s*(?:为)?\s*(\d+(?:\.\d+)?)(?!\s*[%％\d])")
_DIRECTION = re.compile(r"(增加|减少|增长|下降|降低|提高|上升|持平|大于|小于|高于|低于|多|少)[了]?\s*$")
_MONEY_WORDS = re.compile(r"(支出|收入|经费|决算数?|预算数?|资金|金额|拨款|费用?|总计|合计)(?:为|是|达到?|共计|约)?\s*$")
_AMOUNT_UNITS = {"万元": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001")}


@dataclass
class Check:
    """One comparison made for a claim: what it was bound to and how it came out."""

    rule: str  # rule id (rules/narrative.py) that reports it
    target: str  # what the claim was compared with, in Chinese
    expected: Decimal | str | None
    outcome: str  # exact | rounding | mismatch | undefined
    difference: Decimal | None = None
    note: str = ""  # extra wording for the finding
    severity: str | None = None  # None = the rule's


@dataclass
class Claim:
    """A number stated in the prose."""

    value: Decimal
    unit: str  # 万元 / % / 人 / 个 / 条 / 分 …
    kind: str  # amount | change | rate | completion | share | percent | count | score | quantity
    text: str  # as printed, e.g. "372.90万元"
    sentence: Sentence
    start: int  # offset in the sentence
    end: int
    label: str = ""  # words before the number in its clause
    direction: str | None = None  # 增加 / 减少 / 增长 / 下降 / 持平 / 大于 / 小于
    checks: list[Check] = field(default_factory=list)
    bound: bool = False  # bound to a figure (possibly still unchecked)
    target: str | None = None  # main binding, for the coverage list
    refused: str = ""  # why the figure cannot be held (too large, too many decimals): never bound
    why: str = ""  # left unchecked because the report holds nothing to compare it with: a NAR-000 message key
    context: bool = False  # a context figure, not a claim about the accounts (prose/coverage.py)

    @property
    def checked(self) -> bool:
        return bool(self.checks)

    @property
    def wan(self) -> Decimal:
        """The value in 万元 for an amount (元 and 亿元 converted)."""
        return self.value * _AMOUNT_UNITS.get(self.unit, Decimal(1))

    def location(self) -> dict[str, Any]:
        loc = {"section": " / ".join(self.sentence.section[-2:]) if self.sentence.section else "",
               "sentence": self.sentence.text, "claim": self.text}
        loc.update(self.sentence.location)
        return loc

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": format(self.value, "f"), "unit": self.unit, "kind": self.kind,
                "label": self.label, "location": self.location(), "target": self.target,
                "bound": self.bound, "checked": self.checked}


def extract(s: Sentence) -> list[Claim]:
    """The numeric claims of one sentence."""
    text = s.text
    claims: list[Claim] = []
    for m in _NUMBER.finditer(text):
        digits, frac, unit = m.group(1), m.group(2) or "", m.group(3)
        after = text[m.end():m.end() + 4]
        before = text[max(0, m.start() - 2):m.start()]
        if unit is None:
            continue
        if unit == "分" and after.startswith(("钟", "之", "析", "别", "类", "配", "管", "批")):
            continue
        if unit in ("个", "项", "条", "次", "名") and digits in ("12333",):
            continue
        if before.endswith("第") or _DATE_UNIT.match(text[m.end(2) if m.group(2) else m.end(1):][:2]):
            continue
        if after.startswith(("以上", "以下", "（含）以上", "(含)以上", "以内")) or "单价" in text[max(0, m.start() - 6):m.start()]:
            continue
        if text[:m.start()].rstrip()[-1:] in ("×", "*", "x", "X") or _TIMES.match(text, m.end()):
            continue
        value = Decimal((digits + frac).replace(",", ""))
        unit = "%" if unit == "％" else unit.replace("(套)", "（套）")
        prefix = _clause_prefix(text, m.start())
        if unit == "万" and _MONEY_WORDS.search(prefix) and not _COUNTED.match(after):
            unit = "万元"  # "决算数为823.93万": money written without 元
        kind = _kind(unit, prefix)
        dm = _DIRECTION.search(prefix)
        direction = dm.group(1) if dm else None
        claim = Claim(value, unit, kind, m.group(0).strip(), s, m.start(), m.end(), _label(prefix), direction)
        try:
            check_amount(value)
            check_amount(claim.wan)
        except AmountOutOfRange as e:
            claim.refused = str(e)
        claims.append(claim)
    for m in _SCORE.finditer(text):
        if any(c.start <= m.start(1) < c.end for c in claims):
            continue
        claims.append(Claim(Decimal(m.group(1)), "分", "score", m.group(0), s, m.start(1), m.end(1),
                            _label(_clause_prefix(text, m.start(1)))))
    claims.sort(key=lambda c: c.start)
    return claims


_DATE_UNIT = re.compile(r"\s*[年月日号]")
_TIMES = re.compile(r"\s*[×*]")  # 5×8小时: a product, not a claim
_COUNTED = re.compile(r"[人件张户个次]")


def _clause_prefix(text: str, pos: int) -> str:
    """The text of the clause before position `pos` (from the last ，；：。 or 、)."""
    cut = max(text.rfind(ch, 0, pos) for ch in "，；：。,;:")
    return text[cut + 1:pos]


def _kind(unit: str, prefix: str) -> str:
    p = prefix.strip()
    if unit == "%":
        if re.search(r"(增长|下降|降低|提高|上升|增加|减少)[了]?\s*$", p):
            return "rate"
        if re.search(r"完成.*的\s*$|执行率(?:为|是)?\s*$", p):
            return "completion"
        if "占" in p:
            return "share"
        return "percent"
    if unit in _AMOUNT_UNITS:
        if re.search(r"(增加|减少|增长|下降|降低|多|少|节约|超支)[了]?\s*$", p):
            return "change"
        return "amount"
    if unit == "分":
        return "score"
    if unit in ("人", "个", "项", "辆", "台", "套", "台（套）", "条", "次", "批", "批次", "家", "名", "户", "所", "件", "张"):
        return "count"
    return "quantity"


_STOP_PREFIX = re.compile(r"^(?:其中|分别为|分别是|共计|共有|共|合计|总计为|主要包括|包括|以及|和|及|另有|另外)[：:]?")
_STOP_SUFFIX = re.compile(r"(?:为|是|达到|达|共计|共|约|有|合计|总计|均为|均|分别为)+\s*$")


_LIST_SEP = re.compile(r"(?<=[\d%人个条元次）])、")
_YEARS_AND_BASES = re.compile(r"\d{4}年度?|截至\d{4}年底|截止\S*?年底|与上年相比|比上年|较上年|同比")


def label_of(prefix: str) -> str:
    """The words that name a number: its clause without years, 其中 and 为/是."""
    return _label(prefix)


def _label(prefix: str) -> str:
    prefix = _LIST_SEP.split(prefix)[-1]
    t = _YEARS_AND_BASES.sub("", prefix)
    t = _STOP_PREFIX.sub("", t.strip())
    t = _STOP_SUFFIX.sub("", t).strip()
    return t


def extract_all(sents: list[Sentence]) -> list[Claim]:
    out: list[Claim] = []
    for s in sents:
        out.extend(extract(s))
    return out
