"""Completeness of a published report against the disclosure requirements (domain.md §1):
nine tables present or declared empty with a reason, the required explanation sections,
"三公" explained, 机关运行经费, 政府采购, 国有资产, 预算绩效, 名词解释, the Shaanxi header lines.
Audit only: on a plain check Context (no published document) the section rules yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.core.model import TABLE_IDS
from juesuan.rules.engine import Context, Family, Result, Status

FAMILY = Family("completeness")

# (what, keywords any of which must appear in a heading, or in the prose for sub-items)
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("收入支出决算总体情况说明", ("收入支出决算总体",)),
    ("收入决算情况说明", ("收入决算情况",)),
    ("支出决算情况说明", ("支出决算情况",)),
    ("财政拨款收入支出决算总体情况说明", ("财政拨款收入支出决算总体",)),
    ("一般公共预算财政拨款支出决算情况说明", ("一般公共预算财政拨款支出决算",)),
    ("一般公共预算财政拨款基本支出决算情况说明", ("基本支出决算",)),
    ("政府性基金预算财政拨款收入支出决算情况说明", ("政府性基金",)),
    ("国有资本经营预算财政拨款支出决算情况说明", ("国有资本经营",)),
    ("“三公”经费支出决算情况说明", ("三公",)),
    ("机关运行经费支出情况说明", ("机关运行经费",)),
    ("政府采购支出情况说明", ("政府采购",)),
    ("国有资产占用情况说明", ("国有资产",)),
    ("预算绩效情况说明", ("绩效",)),
    ("名词解释", ("名词解释",)),
)


def _published(ctx: Context):
    return getattr(ctx, "published", None)


def _sentences(ctx: Context) -> list:
    """The prose sentences of an audited report (prose.binding.ProseReading)."""
    prose = getattr(ctx, "prose", None)
    return list(prose.sentences) if prose is not None else []


@FAMILY.rule("CMP-001")
def tables_present(ctx: Context) -> Iterator[Result]:
    if _published(ctx) is None:
        return
    unreadable = getattr(_published(ctx), "unreadable", {})
    for tid in (t for t in TABLE_IDS if t in ctx.profile.tables):  # a table the template lacks is not missing
        layout = ctx.profile.tables.get(tid)
        loc = {"table": tid, "table_title": layout.title if layout else tid}
        if tid in ctx.model.tables or tid in unreadable:  # an unreadable table is CMP-009's
            yield Result(Status.PASS, location=loc)
        else:
            yield Result(Status.FAIL, ctx.say("missing", table=loc["table_title"]), loc,
                         "缺失", "公开此表，无数据时公开空表并说明")


@FAMILY.rule("CMP-002")
def empty_tables_explained(ctx: Context) -> Iterator[Result]:
    if _published(ctx) is None:
        return
    for tid, t in ctx.model.tables.items():
        if not t.is_empty:
            continue
        layout = ctx.profile.tables.get(tid)
        loc = {"table": tid, "table_title": layout.title if layout else tid}
        if t.empty_reason:
            yield Result(Status.PASS, location=loc)
        else:
            yield Result(Status.FAIL, ctx.say("unexplained", table=loc["table_title"]), loc, "无说明", "空表说明")


@FAMILY.rule("CMP-003")
def sections_present(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    headings = "\n".join(e.text for e in pub.outline)
    prose = "\n".join(s.text for s in _sentences(ctx))
    own = ctx.profile.raw.get("required_sections")  # a template with other sections lists its own
    wanted = [(d["what"], tuple(d["keys"])) for d in own] if own else SECTIONS
    for what, keys in wanted:
        ok = any(k in headings for k in keys) or (what in ("机关运行经费支出情况说明", "政府采购支出情况说明",
                                                            "国有资产占用情况说明") and any(k in prose for k in keys))
        loc = {"section": what}
        yield Result(Status.PASS, location=loc) if ok else Result(
            Status.FAIL, ctx.say("missing", section=what), loc, "缺失", what)


@FAMILY.rule("CMP-004")
def glossary_terms(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    terms = {g.term for g in ctx.model.glossary}
    prose = "\n".join(s.text for s in _sentences(ctx))
    loc = {"section": "名词解释"}
    if not terms:
        yield Result(Status.FAIL, ctx.say("no_glossary"), loc, "缺失", "名词解释")
        return
    for term in ("机关运行经费", "基本支出", "项目支出", "“三公”经费"):
        if term not in prose.replace("三公经费", "“三公”经费"):
            continue
        if any(term.strip("“”") in t for t in terms):
            yield Result(Status.PASS, location=loc)
        else:
            yield Result(Status.FAIL, ctx.say("unexplained", term=term), dict(loc, term=term),
                         "未解释", term)


@FAMILY.rule("CMP-005")
def header_lines(ctx: Context) -> Iterator[Result]:
    if _published(ctx) is None or not ctx.profile.header_lines:
        return
    for spec in ctx.profile.header_lines:
        value = getattr(ctx.model.unit, spec["key"], None)
        loc = {"section": "封面", "line_label": spec["label"]}
        if value:
            yield Result(Status.PASS, location=loc)
        else:
            yield Result(Status.FAIL, ctx.say("missing", label=spec["label"], default=spec.get("default", "")), loc, "缺失",
                         f"{spec['label']}：{spec.get('default', '')}")


@FAMILY.rule("CMP-006")
def three_public_explained(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None or "T09" not in ctx.profile.tables:  # a template without the "三公" table
        return
    sents = [s.text for s in _sentences(ctx) if "三公" in s.text or "三公" in " ".join(s.section)]
    loc = {"section": "“三公”经费支出决算情况说明"}
    t9 = ctx.model.tables.get("T09")
    actual = t9.value("actual", "total") if t9 else None
    if not sents:
        yield Result(Status.FAIL, ctx.say("missing"), loc, "缺失", "“三公”经费说明")
        return
    if actual:
        text = "".join(sents)
        need = [w for w, pat in (("因公出国团组数、人次", r"团组|人次"), ("公务用车保有量", r"保有|辆"),
                                 ("公务接待批次", r"批次|接待"))
                if not re.search(pat, text)]
        if need:
            yield Result(Status.FAIL, ctx.say("lacking", items="、".join(need)), loc, "缺少", "、".join(need))
            return
    yield Result(Status.PASS, location=loc)


@FAMILY.rule("CMP-007")
def heading_numbers(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    prev: dict[int, str] = {}
    for e in pub.outline:
        m = re.match(r"^[（(]((?:一|二|三|四|五|六|七|八|九|十)+)[）)]", e.text)
        lvl = 4 if m else None
        if lvl is None:
            m2 = re.match(r"^((?:一|二|三|四|五|六|七|八|九|十)+)、", e.text)
            if m2:
                prev.pop(4, None)
                continue
            if re.match(r"^第(?:一|二|三|四|五|六|七|八|九|十)+部分|^附件", e.text):
                prev.clear()
            continue
        num = m.group(1)  # type: ignore[union-attr]
        if prev.get(4) == num:
            loc = {"section": e.text}
            loc.update(e.location)
            yield Result(Status.FAIL, ctx.say("repeated", number=num, heading=e.text), loc, e.text, "序号依次递增")
        prev[4] = num


@FAMILY.rule("CMP-008")
def overall_evaluation_covers_accounts(ctx: Context) -> Iterator[Result]:
    if _published(ctx) is None:
        return
    ov = ctx.model.performance.overall
    t5 = ctx.model.tables.get("T05")
    if ov is None or t5 is None or ov.budget_actual is None:
        return
    total = t5.value("total", "total")
    loc = {"section": "部门（单位）整体支出绩效自评表", "target": "公开05表 合计"}
    res = ctx.equal_check(ov.budget_actual, total, loc, ctx.say("total"))
    yield res
    basic = t5.value("total", "basic")
    for task in ov.tasks:
        if task.actual_total is not None and re.search(r"人员.*公用|基本支出", task.name):
            yield ctx.equal_check(task.actual_total, basic, dict(loc, task=task.name, target="公开05表 合计 基本支出"),
                                  ctx.say("task", task=task.name))


def _table_loc(ctx: Context, pub, tid: str) -> dict:
    layout = ctx.profile.tables.get(tid)
    loc = {"table": tid, "table_title": layout.title if layout else tid}
    where = pub.table_titles.get(tid)
    if where is not None:
        loc.update(where.to_dict())
    return loc


@FAMILY.rule("CMP-009")
def tables_readable(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    for tid, rel in getattr(pub, "unreadable", {}).items():
        loc = _table_loc(ctx, pub, tid)
        yield Result(Status.FAIL, ctx.say("unreadable", table=loc["table_title"], checked=rel.checked,
                                          failed=rel.failed, examples="、".join(rel.examples)),
                     loc, f"{rel.failed}/{rel.checked}", ctx.say("expected"))


@FAMILY.rule("CMP-010")
def table_units(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    for tid, unit in getattr(pub, "converted", {}).items():
        loc = _table_loc(ctx, pub, tid)
        yield Result(Status.FAIL, ctx.say("converted", table=loc["table_title"], unit=unit), loc, unit, "万元")
