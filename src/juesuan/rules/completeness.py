"""Completeness of a published report against the disclosure requirements (domain.md §1):
nine tables present or declared empty with a reason, the required explanation sections,
"三公" explained, 机关运行经费, 政府采购, 国有资产, 预算绩效, 名词解释, the Shaanxi header lines.
Audit only: on a plain check Context (no published document) the section rules yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from juesuan.core.model import TABLE_IDS
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Family, Result, Status

FAMILY = Family("completeness")
THREE_PUBLIC = "三公"  # how the prose names the “三公” (sentences and sections about it)


def _published(ctx: Context):
    return getattr(ctx, "published", None)


def _kind(ctx: Context) -> str:
    """What the audited document is (formats/published/kind.py): tables, narrative or performance."""
    return str(getattr(_published(ctx), "kind", "tables"))


def _cut_short(ctx: Context) -> bool:
    """The document is cut short (DOC-008 says so once): what is missing after the break is covered by it."""
    return getattr(_published(ctx), "truncation", None) is not None


def _sentences(ctx: Context) -> list:
    """The prose sentences of an audited report (prose.binding.ProseReading)."""
    prose = getattr(ctx, "prose", None)
    return list(prose.sentences) if prose is not None else []


@FAMILY.rule("CMP-001")
def tables_present(ctx: Context) -> Iterator[Result]:
    if _published(ctx) is None or _kind(ctx) != "tables":  # no readable table at all: CMP-011 says so once
        return
    unreadable = getattr(_published(ctx), "unreadable", {})
    for tid in (t for t in TABLE_IDS if t in ctx.profile.tables):  # a table the template lacks is not missing
        layout = ctx.profile.tables.get(tid)
        loc = {"table": tid, "table_title": layout.title if layout else tid}
        if tid in ctx.model.tables or tid in unreadable:  # an unreadable table is CMP-009's
            yield Result(Status.PASS, location=loc)
        elif not _cut_short(ctx):
            yield Result(Status.FAIL, ctx.say("missing", table=loc["table_title"]), loc,
                         catalogue.phrase("found_missing"), ctx.say("expected"))


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
            yield Result(Status.FAIL, ctx.say("unexplained", table=loc["table_title"]), loc,
                         catalogue.phrase("found_unexplained"), ctx.say("expected"))


@FAMILY.rule("CMP-003")
def sections_present(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None or _kind(ctx) == "performance":  # a self-evaluation has no 决算 sections
        return
    headings = "\n".join(e.text for e in pub.outline)
    prose = "\n".join(s.text for s in _sentences(ctx))
    for d in ctx.profile.raw.get("required_sections", ()):  # the profile's (a template lists its own)
        what, keys = d["what"], tuple(d["keys"])
        ok = any(k in headings for k in keys) or (d.get("in_prose", False) and any(k in prose for k in keys))
        loc = {"section": what}
        if ok:
            yield Result(Status.PASS, location=loc)
        elif not _cut_short(ctx):  # missing after the break: DOC-008 covers it
            yield Result(Status.FAIL, ctx.say("missing", section=what), loc, catalogue.phrase("found_missing"), what)


@FAMILY.rule("CMP-004")
def glossary_terms(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None or _kind(ctx) == "performance":
        return
    terms = {g.term for g in ctx.model.glossary}
    prose = "\n".join(s.text for s in _sentences(ctx))
    loc = {"section": ctx.say("section")}
    if not terms:
        if _cut_short(ctx):  # the 名词解释 comes at the end: covered by DOC-008
            return
        yield Result(Status.FAIL, ctx.say("no_glossary"), loc, catalogue.phrase("found_missing"), ctx.say("section"))
        return
    quoted = f"“{THREE_PUBLIC}”"
    for term in ctx.profile.raw.get("glossary_terms", ()):
        if term not in prose.replace(f"{THREE_PUBLIC}经费", f"{quoted}经费"):
            continue
        if any(term.strip("“”") in t for t in terms):
            yield Result(Status.PASS, location=loc)
        else:
            yield Result(Status.FAIL, ctx.say("unexplained", term=term), dict(loc, term=term),
                         catalogue.phrase("found_not_explained"), term)


@FAMILY.rule("CMP-005")
def header_lines(ctx: Context) -> Iterator[Result]:
    if _published(ctx) is None or not ctx.profile.header_lines or _kind(ctx) == "performance":
        return
    if getattr(getattr(_published(ctx), "truncation", None), "start_missing", ""):  # the header is not there
        return
    for spec in ctx.profile.header_lines:
        value = getattr(ctx.model.unit, spec["key"], None)
        loc = {"section": ctx.say("section"), "line_label": spec["label"]}
        if value:
            yield Result(Status.PASS, location=loc)
        else:
            words = {"label": spec["label"], "default": spec.get("default", "")}
            yield Result(Status.FAIL, ctx.say("missing", **words), loc, catalogue.phrase("found_missing"),
                         ctx.say("expected", **words))


@FAMILY.rule("CMP-006")
def three_public_explained(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None or "T09" not in ctx.profile.tables or _kind(ctx) == "performance":  # no "三公" table
        return
    sents = [s.text for s in _sentences(ctx) if THREE_PUBLIC in s.text or THREE_PUBLIC in " ".join(s.section)]
    loc = {"section": ctx.say("section")}
    t9 = ctx.model.tables.get("T09")
    actual = t9.value("actual", "total") if t9 else None
    if not sents:
        if not _cut_short(ctx):  # missing after the break: DOC-008 covers it
            yield Result(Status.FAIL, ctx.say("missing"), loc, catalogue.phrase("found_missing"), ctx.say("expected"))
        return
    if actual:
        text = "".join(sents)
        need = [d["what"] for d in ctx.profile.raw.get("three_public_items", ()) if not re.search(d["pattern"], text)]
        if need:
            yield Result(Status.FAIL, ctx.say("lacking", items="、".join(need)), loc, catalogue.phrase("found_lacking"),
                         "、".join(need))
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
            yield Result(Status.FAIL, ctx.say("repeated", number=num, heading=e.text), loc, e.text, ctx.say("expected"))
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
    loc = {"section": ctx.say("section"), "target": ctx.say("target")}
    res = ctx.equal_check(ov.budget_actual, total, loc, ctx.say("total"))
    yield res
    basic = t5.value("total", "basic")
    for task in ov.tasks:
        if task.actual_total is not None and re.search(r"人员.*公用|基本支出", task.name):
            yield ctx.equal_check(task.actual_total, basic, dict(loc, task=task.name, target=ctx.say("target_basic")),
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
        yield Result(Status.FAIL, ctx.say("converted", table=loc["table_title"], unit=unit), loc, unit, ctx.say("expected"))


@FAMILY.rule("CMP-011")
def tables_in_file(ctx: Context) -> Iterator[Result]:
    """A document without any readable 决算 table: one notice, naming the tables its own 目录 lists."""
    pub = _published(ctx)
    if pub is None:
        return
    kind = _kind(ctx)
    loc = {"section": ctx.say("section")}
    if kind == "tables":
        yield Result(Status.PASS, location=loc)
        return
    listed = list(getattr(pub, "toc_tables", []) or [])
    words = ctx.say("listed", tables="、".join(listed)) if listed else ""
    msg = ctx.say("performance") if kind == "performance" else ctx.say("narrative", listed=words)
    yield Result(Status.NOT_CHECKED, msg, loc)
