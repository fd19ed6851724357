"""Counts the prose states: "内设机构6个，分别为：…" against the names it lists, 离退休人员 against
离退休费, and the staffing figures (人员编制, 实有人员) kept as stated facts."""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan.core.amounts import ZERO
from juesuan.prose.claims import Check, Claim
from juesuan.prose.compare import R_COUNT, fmt
from juesuan.prose.context import BindingContext
from juesuan.prose.sentences import Sentence

_LIST_COUNT = re.compile(r"(内设机构|内设科室|科室|机构|下属单位|所属单位|二级单位)(?:共)?(\d+)个[，,]?(?:分别为|分别是|包括|即|为)[:：]?(.+?)(?:[。；]|$)")
_STAFFING = ((re.compile(r"人员编制(\d+)人"), "authorized_total"), (re.compile(r"实有人员(\d+)人"), "actual_total"))


def counts(ctx: BindingContext, s: Sentence, claims: list[Claim]) -> None:
    m = _LIST_COUNT.search(s.text)
    if m:
        names = [x.strip() for x in re.split(r"[、，,；]", m.group(3)) if x.strip() and x.strip() not in ("等",)]
        names = [re.sub(r"等$", "", n) for n in names]
        claim = next((c for c in claims if c.start >= m.start(2) and c.unit == "个"), None)
        if claim is not None:
            n = Decimal(len(names))
            o = "exact" if claim.value == n else "mismatch"
            claim.checks.append(Check(R_COUNT, f"所列名称 {len(names)} 个（{'、'.join(names)}）", n, o,
                                      claim.value - n if o == "mismatch" else Decimal(0)))
            if m.group(1).startswith("内设") and not ctx.facts.departments:
                ctx.facts.departments = names
    m2 = re.search(r"离退休人员(\d+)人", s.text)
    if m2:
        claim = next((c for c in claims if c.start == m2.start(1)), None)
        t6 = ctx.model.tables.get("T06")
        if claim is not None and t6 is not None:
            pay = sum((t6.value(k, "amount") or ZERO for k in ("30301", "30302")), ZERO)
            ok = (claim.value == 0) == (pay == 0)
            claim.checks.append(Check(R_COUNT, f"公开06表 离休费+退休费 {fmt(pay)} 万元", "有离退休费" if pay else "无离退休费",
                                      "exact" if ok else "mismatch", None,
                                      "" if ok else "离退休人员数与离退休费支出不一致", "warning"))
            ctx.facts.staffing.setdefault("retirees", int(claim.value))
    for pat, attr in _STAFFING:
        mm = pat.search(s.text)
        if mm:
            ctx.facts.staffing.setdefault(attr, int(mm.group(1)))
