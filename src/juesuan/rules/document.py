"""Document rules (audit only): what a reviewer checks in the text of a published report besides its
figures: the report year in titles and dates, template leftovers, heading numbering, the unit's name,
percentages without %, doubled punctuation and repeated words.  Each finding quotes the text and
says where it is (page or line).  On a plain check Context (no published report) they yield nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from juesuan.formats.published.outline import unit_field
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Family, Result, Status

FAMILY = Family("document")

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMBERED = (
    (1, re.compile(r"^第([一二三四五六七八九十]+)部分")),
    (3, re.compile(r"^([一二三四五六七八九十]+)、")),
    (4, re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")),
)
_YEAR_TITLE = re.compile(r"(20\d{2})\s*年度?")
_AS_OF = re.compile(r"截[至止](20\d{2})年(?:12月31日|底|末)")
_VERSUS = re.compile(r"(?:与|较|比)(20\d{2})年度?(?:决算数?)?(?:相比|对比|比较)?")
_PLACEHOLDERS = re.compile(r"(?<![A-Za-z])(?:[XＸ×]{2,}|[xｘ]{2,})(?![A-Za-z])|某某|下降（增长）|增长（下降）|增加（减少）|减少（增加）|"
                           r"下降\(增长\)|增加\(减少\)|【请?填写|（此处填写|\(此处填写")
# an empty field, also when the line's other furniture was read with it (“公开04表编制单位：单位：万元”)
_EMPTY_FIELD = re.compile(r"(?:^|(?<=表))(编制单位|单位名称|填报单位)[:：]\s*(?=$|(?:金额)?单位[:：]|公开\d+表)")
_PERCENT_WORD = re.compile(r"(占[^，。；：]{0,20}?的|增长|下降|降低|提高|上升|完成率(?:为|达)?|执行率(?:为|达)?|比例(?:为|达)?|比重(?:为|达)?)"
                           r"\s*(\d{1,3}\.\d{1,2})(?!\s*[%％\d.])(?=\s*(?:[，。；、）)]|$))")
_DOUBLED = re.compile(r"([，。；：、！？,;])\1|[，；、：][。]|。[，；、]")
_REPEATED = re.compile(r"(的的|了了|和和|是是|在在|及及|与与)|([\u4e00-\u9fff]{3,12})\2")


def _published(ctx: Context) -> Any:
    return getattr(ctx, "published", None)


def _sentences(ctx: Context) -> list:
    prose = getattr(ctx, "prose", None)
    return list(prose.sentences) if prose is not None else []


def _text_blocks(pub: Any) -> Iterator[tuple[int, Any]]:
    for i, b in enumerate(pub.blocks):
        if b.kind != "table" and b.text:
            yield i, b


def _where(block: Any, **extra: Any) -> dict[str, Any]:
    loc = block.loc.to_dict()
    loc.update(extra)
    return loc


def _quote(text: str, pos: int = 0, width: int = 60) -> str:
    start = max(0, pos - width // 2)
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


_TITLE_WORDS = r"决算|说明|表|情况|报告"


def _title_rest(texts: list[tuple[int, Any]], k: int) -> str:
    """The next line when a title is broken over two (“…部门整体支出2024年度” / “绩效自评报告”)."""
    if k + 1 >= len(texts) or texts[k + 1][0] != texts[k][0] + 1:
        return ""
    nxt = texts[k + 1][1].text
    return nxt if len(nxt) <= 20 and not re.search(r"[。，；：]", nxt) else ""


@FAMILY.rule("DOC-001")
def year_consistency(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    year = ctx.model.year
    if pub is None or not year:
        return
    furniture = getattr(pub, "furniture", set())
    texts = list(_text_blocks(pub))
    for k, (i, b) in enumerate(texts):
        is_title = b.kind == "heading" or i in furniture or (len(b.text) <= 40 and not b.text.endswith("。"))
        if not is_title or not re.search(_TITLE_WORDS, b.text + _title_rest(texts, k)):
            continue
        for m in _YEAR_TITLE.finditer(b.text):
            y = int(m.group(1))
            if y != year and not re.search(r"与|较|比|上年|截至", b.text[max(0, m.start() - 4):m.start()]):
                yield Result(Status.FAIL, ctx.say("title_year", text=b.text, found=y, year=year),
                             _where(b, text=b.text), str(y), str(year))
                break
        else:
            yield Result(Status.PASS, location=_where(b))
    for s in _sentences(ctx):
        for m in _AS_OF.finditer(s.text):
            y = int(m.group(1))
            if y != year:
                yield Result(Status.FAIL, ctx.say("as_of", text=m.group(0), year=year),
                             {**s.location, "sentence": s.text}, str(y), str(year), severity="warning")
        for m in _VERSUS.finditer(s.text):
            y = int(m.group(1))
            if y not in (year - 1, year) and "上年" not in s.text[m.start():m.end() + 2]:
                yield Result(Status.FAIL, ctx.say("versus", text=m.group(0), prior=year - 1, found=y),
                             {**s.location, "sentence": s.text}, str(y), str(year - 1), severity="warning")


@FAMILY.rule("DOC-002")
def placeholders(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    found = False
    for _i, b in _text_blocks(pub):
        hits = list(dict.fromkeys(m.group(0) for m in _PLACEHOLDERS.finditer(b.text)))
        if hits:  # one finding per paragraph, naming each leftover once
            found = True
            words = "”“".join(hits)
            yield Result(Status.FAIL, ctx.say("placeholder", words=words, quote=_quote(b.text, 0, 80)),
                         _where(b, text=b.text), "、".join(hits), "实际内容")
        m2 = _EMPTY_FIELD.search(b.text)
        if m2:
            found = True
            yield Result(Status.FAIL, ctx.say("empty_field", field=m2.group(1)), _where(b, text=b.text), "空", "单位全称")
    if not found:
        yield Result(Status.PASS, location={"section": "全文"})


def _number(text: str) -> tuple[int, int] | None:
    for level, pat in _NUMBERED:
        m = pat.match(text)
        if m:
            n = _cn_number(m.group(1))
            return (level, n) if n else None
    return None


def _cn_number(word: str) -> int | None:
    if word in _CN_DIGITS:
        return _CN_DIGITS[word]
    if len(word) == 2 and word[0] == "十":
        return 10 + _CN_DIGITS.get(word[1], 0)
    if len(word) == 2 and word[1] == "十":
        return _CN_DIGITS.get(word[0], 0) * 10
    if len(word) == 3 and word[1] == "十":
        return _CN_DIGITS.get(word[0], 0) * 10 + _CN_DIGITS.get(word[2], 0)
    return None


_CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


@FAMILY.rule("DOC-003")
def heading_numbering(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    for segment in _outline_segments(pub):
        yield from _numbering(pub, segment)
    for items in _numbered_paragraphs(pub):
        yield from _numbering(pub, items, bridge=False)
    yield from _numbering(pub, _contents_lines(pub), bridge=False)


_ITEM_LEVELS = (3, 4)  # 一、 and （一） open list items as well as headings


def _numbered_paragraphs(pub: Any) -> list[list[Any]]:
    """The numbered paragraphs under each heading (“（一）部门基本情况。”, a 名词解释 list “九、经营支出：
    指…”), each run checked on its own: items that are sentences (with “。” or “：”), not headings, not
    table-of-contents lines."""
    from juesuan.formats.published.outline import OutlineEntry, is_heading

    runs: list[list[Any]] = [[]]
    for b in pub.blocks:
        if b.kind == "table":
            continue
        if is_heading(b):
            runs.append([])
            continue
        got = _number(b.text)
        if got and got[0] in _ITEM_LEVELS and re.search(r"[。：]", b.text) and not _TOC_LINE.search(b.text) \
                and "…" not in b.text and "...." not in b.text:
            runs[-1].append(OutlineEntry(got[0], b.text, b.loc.to_dict()))
    return [r for r in runs if len(r) > 1]


_LEADER = re.compile(r"\s*[.…·]{4,}\s*\d*\s*$")


def _contents_lines(pub: Any) -> list[Any]:
    """The numbered lines of a printed table of contents (“（二）高等学校收入决算表说明……14”), read as
    paragraphs with dot leaders: numbered like the headings they list."""
    from juesuan.formats.published.outline import OutlineEntry

    out = []
    for b in pub.blocks:
        if b.kind != "table" and _LEADER.search(b.text) and "PAGEREF" not in b.text and "_Toc" not in b.text:
            text = _LEADER.sub("", b.text)
            got = _number(text)
            if got:
                out.append(OutlineEntry(got[0], text, b.loc.to_dict()))
    return out


def _numbering(pub: Any, entries: list[Any], bridge: bool = True) -> Iterator[Result]:
    last: dict[int, tuple[int, Any]] = {}
    for e in entries:
        got = _number(e.text)
        if got is None:
            continue
        level, n = got
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        prev = last.get(level)
        last[level] = (n, e)
        if n == 1 or prev is None:
            continue
        p = prev[0]
        if n == p + 1:
            yield Result(Status.PASS, location=dict(e.location))
            continue
        if bridge and n > p + 1 and _printed_between(pub, prev[1], e, level, p + 1):
            continue  # the missing heading is there, read as a paragraph or a table line: not a gap
        if n == p:
            what = catalogue.message("DOC-003", "repeated", previous=prev[1].text, heading=e.text)
        elif n > p + 1:
            missing = "、".join(_cn(k) for k in range(p + 1, n))
            what = catalogue.message("DOC-003", "skipped", previous=prev[1].text, heading=e.text, missing=missing)
        else:
            what = catalogue.message("DOC-003", "reversed", previous=prev[1].text, heading=e.text)
        yield Result(Status.FAIL, what, {**e.location, "text": e.text}, e.text, _cn(p + 1))


_TOC_MARK = re.compile(r"^#*\s*目\s*[录錄]\s*$")
_TOC_LINE = re.compile(r"PAGEREF|_Toc|[.…·]{3,}\s*\d+$|\s\d{1,3}$")


def _outline_segments(pub: Any) -> list[list[Any]]:
    """The heading sequences to number-check: a table of contents (目录 up to where its first numbered
    entry reappears) and the body are checked each on its own; lines with Word page-reference field
    codes (PAGEREF, _Toc) are reading artefacts, not headings."""
    entries = [e for e in pub.outline if not _TOC_LINE.search(e.text)]
    marks = [i for i, b in enumerate(pub.blocks) if b.kind != "table" and _TOC_MARK.match(b.text)]
    if not marks:
        return [entries]
    start = marks[0]
    after = [e for e in entries if (e.location.get("paragraph") or 0) > start]
    numbered = [e for e in after if _number(e.text)]
    if not numbered:
        return [entries]
    first = _number(numbered[0].text)
    for e in numbered[1:]:
        if _number(e.text) == first:
            body_start = entries.index(e)
            return [entries[:body_start], entries[body_start:]]
    return [entries]


def _printed_between(pub: Any, first: Any, last: Any, level: int, n: int) -> bool:
    """Whether a block between two headings starts with heading number n of this level."""
    a, b = first.location.get("paragraph"), last.location.get("paragraph")
    if a is None or b is None:
        return True  # cannot tell: do not report
    titles = _listed_titles(pub, level, n)
    for blk in pub.blocks[a:b - 1]:  # paragraph numbers count from 1: the blocks strictly between
        texts = [blk.text] if blk.kind != "table" else [str(c or "") for r in blk.rows for c in r[:1]]
        if any(_number(t.strip().lstrip("#* ")) == (level, n) for t in texts):
            return True
        if blk.kind != "table" and any(_same_title(_plain(blk.text), t) for t in titles):
            return True  # the part printed under its title alone, without the 第N部分 the 目录 gives it
    return False


def _plain(text: str) -> str:
    return re.sub(r"[\s#*]", "", text)


def _listed_titles(pub: Any, level: int, n: int) -> list[str]:
    """The titles that outline entries numbered n at this level give, without their number label
    (第二部分 in 目录 “第二部分 2024年度部门决算表”); only parts are looked up this way."""
    if level != 1:
        return []
    label = _NUMBERED[0][1]
    out = []
    for e in pub.outline:
        if _number(e.text) == (level, n):
            title = _plain(label.sub("", e.text.strip().lstrip("#* "), count=1))
            if len(title) >= 6:
                out.append(title)
    return out


def _same_title(text: str, title: str) -> bool:
    """A block is the listed title when it starts with it (a table title may follow on the same line)
    or is its beginning, cut by a line break, with most of it there."""
    if not text:
        return False
    return text.startswith(title) or (title.startswith(text) and len(text) >= max(6, 0.8 * len(title)))


def _norm_name(name: str) -> str:
    return re.sub(r"[（(]本级[）)]|\s|#|\*", "", name)


# how the names of public bodies end (longest first): a written name is compared only when it ends so
_ORG = ("委员会|办公室|办事处|管理委员会|管理局|管理处|管理所|管理站|服务中心|服务站|事务所|研究院|研究所|研究中心|"
        "中心|大学|学院|学校|中学|小学|幼儿园|医院|集团|公司|政府|街道|社区|局|部|院|所|站|处|馆|厅|委|办|会|社|队|校|园|台|室|科|团|场")
_ORG_END = re.compile(f"(?:{_ORG})$")
# a title that names the report's unit: [附：|第N部分 …] NAME [（本级）] [YYYY年度] [部门|单位] 决算 / 整体支出 / 概况 …
_TITLE_PREFIX = re.compile(r"^(?:第[一二三四五六七八九十]+部分|附件?\d*[:：]?|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])?"
                           r"\s*[/《]?\s*(?:20\d{2}年度?)?")
_TITLE_NAME = re.compile(rf"^(?P<name>[^，,。；;：:、\s《》“”]{{1,40}}?(?:{_ORG}))(?:[（(]本级[）)])?(?:20\d{{2}}年度?)?"
                         r"(?:部门|单位)?(?:决算|预算|整体支出|项目支出|项目绩效|绩效自评|绩效评价|概况)")
# where running text names the unit itself: NAME本级, NAME2024年度…, NAME部门决算, NAME整体支出 …
_SELF = r"(?=[（(]本级[）)]|本级|20\d{2}年|(?:部门|单位)?决算|(?:部门)?整体支出)"


def _same_unit(written: str, name: str) -> bool:
    """A written name is the unit's when one contains the other (abbreviations, 本级, subordinate units)."""
    return written in name or name in written


def _stated_names(text: str) -> list[tuple[str, int]]:
    """The unit names a line states as the report's own: its 编制单位-type field, or the name a title
    line opens with (“XX局2024年度部门决算”, “附：XX局部门整体支出绩效自评表”, “第一部分 XX局概况”)."""
    out = []
    text = text.lstrip("#* ")
    field = unit_field(text)
    if field:
        out.append(field)
    if len(text) <= 60 and not text.endswith("。") and "，" not in text:
        lead = _TITLE_PREFIX.match(text)
        at = lead.end() if lead else 0
        m = _TITLE_NAME.match(text[at:]) if not re.search(r"[:：]", text[at:]) else None
        if m and not (field and field[1] <= at + m.end("name")):
            out.append((m.group("name"), at))
    return out


def _other_unit(written: str) -> bool:
    """Whether a stated name is worth comparing: long enough, a body's name, not a placeholder or 本单位."""
    return (len(written) >= 3 and _ORG_END.search(written) is not None and not re.search(r"\d{4}", written)
            and not re.search(r"[XＸ×x]{2}|某某", written) and not written.startswith(("本", "我", "该", "全", "各")))


@FAMILY.rule("DOC-004")
def unit_name(ctx: Context) -> Iterator[Result]:
    """The unit's name where the report names itself: 编制单位 fields, titles (cover, parts, attachments),
    and running text that names the unit as its subject with another kind of body (XX中心 → XX服务站)."""
    pub = _published(ctx)
    name = _norm_name(ctx.model.unit.name or "")
    if pub is None or len(name) < 3:
        return
    suffix = _ORG_END.search(name)
    stem = name[:suffix.start()] if suffix and suffix.start() >= 2 else ""
    variant = re.compile(re.escape(stem) + f"(?:{_ORG})" + _SELF) if stem else None
    for _i, b in _text_blocks(pub):
        failed = False
        for written, _at in _stated_names(b.text):
            norm = _norm_name(written)
            if len(norm) < 3 or re.search(r"[XＸ×x]{2}|某某", norm):
                continue  # a placeholder: DOC-002 reports it
            if _same_unit(norm, name):
                yield Result(Status.PASS, location=_where(b))
            elif _other_unit(norm) or unit_field(b.text):
                failed = True
                yield Result(Status.FAIL, ctx.say("other_name", text=b.text, written=written, name=ctx.model.unit.name),
                             _where(b, text=b.text), written, ctx.model.unit.name)
        if failed or variant is None:
            continue
        for m in variant.finditer(b.text):
            written = m.group(0)
            if _same_unit(written, name):
                continue
            yield Result(Status.FAIL, ctx.say("other_name", text=_quote(b.text, m.start(), 80), written=written,
                                              name=ctx.model.unit.name), _where(b, text=b.text), written,
                         ctx.model.unit.name)
            break


@FAMILY.rule("DOC-005")
def percent_sign(ctx: Context) -> Iterator[Result]:
    for s in _sentences(ctx):
        for m in _PERCENT_WORD.finditer(s.text):
            yield Result(Status.FAIL, ctx.say("no_percent", quote=_quote(s.text, m.start()), number=m.group(2)),
                         {**s.location, "sentence": s.text}, m.group(2), m.group(2) + "%")


@FAMILY.rule("DOC-006")
def doubled_punctuation(ctx: Context) -> Iterator[Result]:
    pub = _published(ctx)
    if pub is None:
        return
    for _i, b in _text_blocks(pub):  # paragraphs, not sentences: "。。" ends one sentence and starts none
        for m in _DOUBLED.finditer(b.text):
            yield Result(Status.FAIL, ctx.say("doubled", quote=_quote(b.text, m.start()), marks=m.group(0)),
                         _where(b, sentence=b.text), m.group(0), m.group(0)[0])


@FAMILY.rule("DOC-007")
def repeated_words(ctx: Context) -> Iterator[Result]:
    for s in _sentences(ctx):
        if not re.search(r"[，。；]", s.text):
            continue  # a table row or header flattened into a line of text, not a sentence
        for m in _REPEATED.finditer(s.text):
            yield Result(Status.FAIL, ctx.say("repeated", quote=_quote(s.text, m.start()), words=m.group(0)),
                         {**s.location, "sentence": s.text}, m.group(0), m.group(0)[:len(m.group(0)) // 2])


@FAMILY.rule("DOC-008")
def complete_file(ctx: Context) -> Iterator[Result]:
    """A document cut short (formats/published/truncation.py found the evidence): one warning with it."""
    pub = _published(ctx)
    if pub is None:
        return
    t = getattr(pub, "truncation", None)
    if t is None:
        yield Result(Status.PASS, location={"section": ctx.say("section")})
        return
    loc = t.loc.to_dict()
    where = ctx.say("line", n=t.loc.line) if t.loc.line else ctx.say("page", n=t.loc.page) if t.loc.page else ""
    missing = ""
    if t.missing:  # the parts (第N部分) after the break when the 目录 has them, else its first entries
        shown = [m for m in t.missing if (_number(m) or (0, 0))[0] == 1][:3] or t.missing[:3]
        parts = (ctx.say("parts", first="”“".join(shown), n=len(t.missing)) if len(t.missing) > len(shown)
                 else ctx.say("one_part", first="”“".join(shown)))
        missing = ctx.say("missing", parts=parts)
    if t.last_table:
        missing += ctx.say("last_table", table=t.last_table)
    if t.start_missing:
        end = ctx.say("end_cut", quote=t.quote) if t.cut else ""
        msg = ctx.say("no_start", first=t.start_missing, end=end)
    else:
        msg = ctx.say("cut" if t.cut else "ended", where=where, quote=t.quote, missing=missing)
    yield Result(Status.FAIL, msg, dict(loc, sentence=t.quote))  # the quote is the evidence: no figure
