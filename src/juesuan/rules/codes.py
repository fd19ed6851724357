"""Classification codes against the catalogues (catalog/): format, known codes, printed names.

An unknown code is accepted with an info finding (the catalogues are partial); a known code printed
with another name is a warning, or info when the name is the code's name in an earlier edition;
a code that is not 3/5/7 digits (functional) or 3/5 (economic) is an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from juesuan.domain import catalog
from juesuan.layouts import classified
from juesuan.rules.engine import Context, Family, Result, Status

FAMILY = Family("catalog")
_PASS = Result(Status.PASS)

FUNCTIONAL_TABLES = ("T01", "T02", "T03", "T04", "T05", "T07", "T08")
CLASSIFIED = tuple(classified.PARTS)
ECONOMIC_TABLES = ("T06",)
KIND_NAMES = {"functional": "支出功能分类", "economic": "部门预算支出经济分类"}
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、])")


@lru_cache(maxsize=8192)
def norm_name(name: str) -> str:
    """Compare names without width, spaces or a leading ordinal: “一、一般公共服务支出” = “一般公共服务支出”."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    return _ORDINAL.sub("", s)


def _codes(ctx: Context, kind: str) -> Iterator[tuple[str, str, str]]:
    """(table, row key, printed label) of every row that stands for a code of this kind."""
    tables = FUNCTIONAL_TABLES if kind == "functional" else ECONOMIC_TABLES
    for tid in tables:
        layout = ctx.profile.tables.get(tid)
        footer = {f.key for f in layout.footer} if layout else set()
        for row in ctx.model.table(tid).rows:
            if row.key == "total" or row.key in footer:
                continue
            if tid in CLASSIFIED or tid in ECONOMIC_TABLES or row.key.isdigit():
                yield tid, row.key, row.label


def _item_codes(ctx: Context) -> Iterator[str]:
    for b in ctx.model.item_budgets:
        yield b.code


@FAMILY.rule("CAT-001")
def code_format(ctx: Context) -> Iterator[Result]:
    for kind in ("functional", "economic"):
        lengths = "、".join(map(str, catalog.CODE_LENGTHS[kind]))
        for tid, code, label in _codes(ctx, kind):
            if catalog.is_well_formed(kind, code):
                yield _PASS  # a pass carries no location: the engine only counts it
                continue
            yield Result(Status.FAIL, ctx.say("table_code", table=ctx.profile.tables[tid].title, code=code,
                                              label=label, kind=KIND_NAMES[kind], lengths=lengths),
                         ctx.loc(tid, code), code, ctx.say("expected_digits", lengths=lengths))
    for code in _item_codes(ctx):
        if catalog.is_well_formed("functional", code) and len(code) == 7:
            yield Result(Status.PASS, location={"section": "年初预算及差异原因", "code": code})
        else:
            yield Result(Status.FAIL, ctx.say("item_code", code=code),
                         {"section": "年初预算及差异原因", "code": code}, code, ctx.say("expected_digits", lengths=7))


@FAMILY.rule("CAT-002")
def code_known(ctx: Context) -> Iterator[Result]:
    year = ctx.model.year
    for kind in ("functional", "economic"):
        seen: dict[str, list[str]] = {}
        for tid, code, _label in _codes(ctx, kind):
            if catalog.is_well_formed(kind, code):
                seen.setdefault(code, []).append(tid)
        for code, tids in seen.items():
            if catalog.lookup(kind, code, year) is not None:
                yield _PASS
                continue
            where = ctx.loc(tids[0], code)
            others = "、".join(ctx.profile.tables[t].number for t in tids)
            yield Result(Status.FAIL, ctx.say("unknown", code=code, year=year, kind=KIND_NAMES[kind], tables=others),
                         where, code)


@FAMILY.rule("CAT-003")
def name_matches(ctx: Context) -> Iterator[Result]:
    year = ctx.model.year
    for kind in ("functional", "economic"):
        for tid, code, label in _codes(ctx, kind):
            if not label or not catalog.is_well_formed(kind, code):
                continue
            name = catalog.lookup(kind, code, year)
            if name is None:
                continue
            if norm_name(label) == norm_name(name):
                yield _PASS
                continue
            where = ctx.loc(tid, code)
            if norm_name(label) in map(norm_name, catalog.former_names(kind, code)):
                yield Result(Status.FAIL, ctx.say("former_name", code=code, label=label, year=year, name=name),
                             where, label, name, severity="info")
            else:
                yield Result(Status.FAIL, ctx.say("other_name", code=code, label=label, year=year, name=name),
                             where, label, name)
