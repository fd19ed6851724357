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
from juesuan.rules.engine import Context, Result, Status, rule

if TYPE_CHECKING:  # prose sits above rules: its types only, never an import at run time
    from juesuan.prose.claims import Check, Claim


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


def results_for(ctx: Context, rule_id: str, what: str) -> Iterator[Result]:
    """One result per distinct comparison of this rule (repeats of one statement reported once)."""
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
        more = f"（同样的表述文中共 {n} 处）" if n > 1 else ""
        found: Decimal | str = c.value
        if ch.outcome == "rounding":
            msg = (f"{what}：“{c.text}”与{ch.target}相差 {_fmt(ch.difference)}，在四舍五入尾差范围内（不是错误）{more}")
            yield Result(Status.FAIL, msg, loc, found, ch.expected, ch.difference, severity="info", rounding=True)
            continue
        diff = f"，相差 {_fmt(ch.difference)}" if ch.difference is not None else ""
        note = f"。{ch.note}" if ch.note else ""
        msg = f"{what}：文中“{c.text}”，对照{ch.target}，应为 {_fmt(ch.expected)}{diff}{note}{more}"
        yield Result(Status.FAIL, msg, loc, found, ch.expected, ch.difference, severity=ch.severity)


@rule("NAR-001", "叙述中的金额与表格数据一致", "error", family="narrative")
def nar_table(ctx: Context) -> Iterator[Result]:
    """情况说明中的每个金额（收支总计、各项收入支出、项级科目决算数、人员经费、公用经费、“三公”经费…）
    与所指表格单元格一致；按打印精度比较（“50万元”与 50.00 一致），尾差为提示。"""
    yield from results_for(ctx, "NAR-001", "叙述金额与表格不一致")


@rule("NAR-002", "叙述中的百分比与其数据一致", "error", family="narrative")
def nar_percent(ctx: Context) -> Iterator[Result]:
    """占比、完成率、增长率按其分子分母（表格数或同句所写数）重算，区间算法判定是否只是四舍五入差异。"""
    yield from results_for(ctx, "NAR-002", "百分比与其数据不符")


@rule("NAR-003", "叙述中的差额、增减额与其两端数据一致", "error", family="narrative")
def nar_arith(ctx: Context) -> Iterator[Result]:
    """如“决算数较预算数减少X万元”：X 应等于同段所写（或表中）预算数与决算数之差。"""
    yield from results_for(ctx, "NAR-003", "文中差额计算有误")


@rule("NAR-004", "“其中”所列分项之和等于合计", "error", family="narrative")
def nar_sum(ctx: Context) -> Iterator[Result]:
    """“合计X，其中A、B、C”：分项之和应等于合计（只列一项时不得大于合计）；各项级科目年初预算之和
    应等于所写的年初预算总数。分项之和小于合计时为警告（可能漏列）。"""
    yield from results_for(ctx, "NAR-004", "分项之和与合计不符")


@rule("NAR-005", "增减、大小用词与数据方向一致", "error", family="narrative")
def nar_direction(ctx: Context) -> Iterator[Result]:
    """增加/减少、增长/下降、大于/小于必须与数据的正负一致。"""
    yield from results_for(ctx, "NAR-005", "方向用词与数据不符")


@rule("NAR-006", "同一数字在文中各处表述一致", "warning", family="narrative")
def nar_restate(ctx: Context) -> Iterator[Result]:
    """附件、绩效报告常重述正文的数字（人员编制、访问量…），各处应一致。"""
    yield from results_for(ctx, "NAR-006", "前后表述不一致")


@rule("NAR-007", "所写个数与所列名单一致", "warning", family="narrative")
def nar_count(ctx: Context) -> Iterator[Result]:
    """“内设机构N个，分别为：…”所列名称应为 N 个；离退休人员数与离退休费是否有支出应一致。"""
    yield from results_for(ctx, "NAR-007", "个数与名单不符")


@rule("NAR-008", "绩效叙述与绩效自评表一致", "error", family="narrative")
def nar_performance(ctx: Context) -> Iterator[Result]:
    """自评得分、全年预算数、全年执行数、执行率、项目个数与绩效自评表一致；叙述中给出的指标完成数
    与表中“实际完成值”一致（警告）。"""
    yield from results_for(ctx, "NAR-008", "与绩效自评表不一致")


@rule("NAR-009", "比率的分母不得为零或口径不符", "warning", family="narrative")
def nar_zero_base(ctx: Context) -> Iterator[Result]:
    """上年为0时不写增长率，年初预算为0时不写“完成年初预算的X%”，分母为0的占比无意义。"""
    yield from results_for(ctx, "NAR-009", "比率口径有误")


@rule("NAR-010", "国有资产、政府采购表述前后一致", "error", family="narrative")
def nar_assets(ctx: Context) -> Iterator[Result]:
    """称“无国有资产占用及购置”时，文中不得另有设备台（套）数，政府采购货物支出也应为0（警告）。"""
    yield from results_for(ctx, "NAR-010", "资产表述矛盾")


@rule("NAR-011", "机关运行经费与公用经费一致", "warning", family="narrative")
def nar_agency(ctx: Context) -> Iterator[Result]:
    """行政单位和参公事业单位的机关运行经费通常等于一般公共预算财政拨款基本支出中的公用经费。"""
    yield from results_for(ctx, "NAR-011", "机关运行经费与公用经费不一致")


@rule("NAR-012", "叙述中的科目名称与表中一致", "warning", family="narrative")
def nar_item_name(ctx: Context) -> Iterator[Result]:
    """文中以“名称（编码）”写出的科目按编码与表中科目对应；名称与表中不同（但相近）时按编码核对数字，
    并提示名称不一致。编码与名称相差太大时不核对（无法确定所指科目）。"""
    prose = getattr(ctx, "prose", None)
    for d in getattr(prose, "name_differences", None) or []:
        loc = {"section": " / ".join(d.sentence.section[-2:]), "sentence": d.sentence.text, **d.sentence.location,
               "code": d.code}
        yield Result(Status.FAIL, f"科目名称与表中不一致：文中“{d.printed}（{d.code}）”，表中科目 {d.code} 名为“{d.table}”",
                     loc, d.printed, d.table)


@rule("NAR-000", "叙述中的数字均已核对", "info", family="narrative")
def nar_unchecked(ctx: Context) -> Iterator[Result]:
    """未能绑定到任何表格、计算或其他表述的数字，逐个列为“未核对”（诚实的覆盖率）。"""
    for c in _claims(ctx):
        if c.checks:
            continue
        loc = c.location()
        why = "找到了对应项目但表中无此数" if c.bound else "文中和表中都没有可对照的数据"
        yield Result(Status.NOT_CHECKED, f"未核对：“{c.text}”（{why}）", loc, c.value)
