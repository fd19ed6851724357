"""The report as one self-contained HTML file: inline CSS, inline SVG charts, no external requests.

Readable on a phone (tables scroll sideways inside their own box), accessible tables (<caption>,
<th scope>, colspan/rowspan), a print stylesheet (A4, each part on a new page, repeated table
headers) and the model embedded as <script type="application/json" id="juesuan-model"> so that
readers.embedded.read_embedded gets it back losslessly.  Every text is escaped.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from juesuan.core.document import (
    EMBED_HTML_ID,
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    TableBlock,
    Toc,
    TocEntry,
)
from juesuan.core.fileio import write_text_atomically
from juesuan.core.model import FinalAccounts

CSS = """
:root{--ink:#1b1b1b;--muted:#555;--line:#8a8a8a;--head:#eef2f6;--accent:#2f5d8a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;font:16px/1.8 "FangSong","仿宋","仿宋_GB2312","STFangsong",
 "Noto Serif SC","Noto Serif CJK SC","Songti SC","SimSun",serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1,h2,h3,h4,.cover-title,.table-title .t{font-family:"SimHei","黑体","Heiti SC","PingFang SC","Noto Sans SC",
 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;font-weight:600;line-height:1.5}
h1{font-size:1.45rem;text-align:center;margin:2.5rem 0 1.25rem}
h2{font-size:1.2rem;margin:1.75rem 0 .75rem}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .4rem}
h2#annex\\.title{text-align:center;font-size:1.3rem;margin-top:1rem}
p{margin:.4rem 0;text-indent:2em;text-align:justify}
p.cover-title,p.cover-subtitle,p.cover-line{text-indent:0;text-align:center}
.cover{padding:3rem 0 2rem;display:flex;flex-direction:column;justify-content:center;align-items:center}
[id]{scroll-margin-top:3.5rem}
.cover-title{font-size:2rem;margin:0 0 1rem}
.cover-subtitle{font-size:1.6rem;margin:0 0 3rem;font-family:"SimHei","黑体","Noto Sans SC",sans-serif}
.cover-line{font-size:1.05rem;margin:.2rem 0}
nav.toc{margin:2rem 0}
nav.toc h2{text-align:center;font-size:1.3rem;letter-spacing:.5em}
nav.toc ol{list-style:none;margin:0;padding:0}
nav.toc li.l1{font-weight:600;margin-top:.6rem}
nav.toc li.l2{padding-left:2em}
nav.toc a{color:inherit;text-decoration:none;border-bottom:1px dotted #aaa}
nav.toc a:hover{color:var(--accent)}
figure{margin:1.25rem 0}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border:0;margin:.25rem 0}
.table-wrap:focus{outline:2px solid var(--accent)}
table{border-collapse:collapse;width:100%;font-size:.8rem;line-height:1.45;
 font-family:"SimSun","宋体","Noto Serif SC","Songti SC",serif}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);
 white-space:nowrap;border:0}
.table-title{text-align:center;padding:0 0 .35rem}
.table-title .t{display:block;font-size:1.05rem;margin-bottom:.15rem}
.table-title .meta{display:flex;justify-content:space-between;gap:1rem;font-size:.78rem;color:var(--muted)}
.table-title .meta .n:only-child{margin:0 auto}
.table-title .meta .l:only-child{margin-left:auto}
th,td{border:1px solid var(--line);padding:.2rem .35rem;vertical-align:middle}
thead th{background:var(--head);font-weight:600;text-align:center}
tbody th{font-weight:normal;text-align:left;background:#fafafa}
td:empty::after{content:"\\00a0"}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.c,th.c{text-align:center}
td.r{text-align:right}
tbody th.h{background:var(--head);font-weight:600;text-align:center}
.wide table{min-width:48rem}
p.note{text-indent:0;font-size:.78rem;color:var(--muted);margin:.35rem 0 1rem}
figure.chart{text-align:center}
figure.chart .svg{max-width:40rem;margin:0 auto}
figure.chart svg{width:100%;height:auto}
figcaption{font-size:.95rem;color:var(--ink);font-family:"SimHei","黑体","Noto Sans SC",sans-serif;margin:0 0 .4rem}
.draft-banner{position:sticky;top:0;z-index:10;background:#b8453a;color:#fff;text-align:center;
 padding:.35rem;font-family:"SimHei","Noto Sans SC",sans-serif;letter-spacing:.2em}
.draft-mark{position:fixed;inset:0;display:flex;align-items:center;justify-content:center;pointer-events:none;
 z-index:5;font:700 9rem/1 "SimHei","Noto Sans SC",sans-serif;color:rgba(184,69,58,.12);transform:rotate(-30deg)}
footer{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:var(--muted);font-size:.8rem;
 border-top:1px solid #ddd}
@media (max-width:40rem){
 body{font-size:15px}
 main{padding:1rem .8rem 3rem}
 h1{font-size:1.25rem}
 .cover-title{font-size:1.5rem}
 .cover-subtitle{font-size:1.25rem}
 .table-title .meta{flex-direction:column;gap:0;align-items:flex-start}
 .draft-mark{font-size:5rem}
 figure.wide .table-title::after{content:"表格较宽，可左右滑动查看 →";display:block;font-size:.75rem;color:var(--muted)}
 figure.chart .svg{overflow-x:auto;-webkit-overflow-scrolling:touch}
 figure.chart .svg svg{min-width:34rem}
 figure.chart::after{content:"图表可左右滑动查看 →";display:block;font-size:.75rem;color:var(--muted)}
}
@media print{
 @page{size:A4;margin:20mm 16mm 18mm}
 body{font-size:12pt}
 main{max-width:none;padding:0}
 .cover{min-height:240mm}
 h1.part,nav.toc,.pb{break-before:page}
 h1,h2,h3,h4,.table-title{break-after:avoid}
 .table-wrap{overflow:visible}
 .wide table{min-width:0}
 table{font-size:8.5pt}
 thead{display:table-header-group}
 tr,figure.chart{break-inside:avoid}
 nav.toc a{border:0}
 nav.toc{font-size:11pt;line-height:1.45}
 nav.toc li{break-inside:avoid}
 figure.chart .svg svg{min-width:0}
 figure.chart::after,figure.wide .table-title::after{content:none}
 .draft-banner{position:static}
 footer{display:none}
}
"""


def render_html(source: FinalAccounts | Document) -> str:
    """The whole report as one self-contained HTML document (a model is assembled first)."""
    if isinstance(source, FinalAccounts):
        from juesuan.report import assemble

        source = assemble(source)
    return _Renderer(source).render()


def write_html(document: Document, path: Path) -> None:
    """Write the HTML of `document` to `path` atomically (temp file, then rename)."""
    path = Path(path)
    write_text_atomically(path, render_html(document))


def embed_json(text: str) -> str:
    """JSON made safe inside <script>: every "<" becomes \\u003c (so no "</script>" or "<!--")."""
    return text.replace("<", "\\u003c")


def _e(text: str) -> str:
    return escape(text, quote=True)


def _id(text: str) -> str:
    """An HTML id from an anchor: letters, digits, '-', '_', '.' kept."""
    return re.sub(r"[^0-9A-Za-z_.\-]", "-", text)


class _Renderer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.out: list[str] = []
        self.ids: set[str] = set()
        self.n_chart = 0
        self.n_heading = 0
        self.first_part = True

    def uid(self, base: str) -> str:
        k, n = _id(base), 1
        cand = k
        while cand in self.ids:
            n += 1
            cand = f"{k}-{n}"
        self.ids.add(cand)
        return cand

    def render(self) -> str:
        d = self.doc
        title = f"{d.title}{d.subtitle}"
        if d.draft:
            title = f"【草稿】{title}"
        o = self.out
        o.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 f"<meta name=\"generator\" content=\"juesuan\">\n<title>{_e(title)}</title>\n"
                 f"<style>{CSS}</style>\n</head>\n")
        o.append('<body class="draft">\n' if d.draft else "<body>\n")
        if d.draft:
            o.append("<div class=\"draft-banner\" role=\"note\">草稿 · 校验未通过，不得公开</div>\n"
                     "<div class=\"draft-mark\" aria-hidden=\"true\">草稿</div>\n")
        o.append("<main>\n")
        blocks = d.blocks
        i = 0
        cover: list[Paragraph] = []
        while i < len(blocks) and isinstance(blocks[i], Paragraph) and blocks[i].style.startswith("cover"):
            cover.append(blocks[i])  # type: ignore[arg-type]
            i += 1
        if cover:
            o.append("<header class=\"cover\">\n")
            for p in cover:
                o.append(f"<p class=\"{p.style}\">{self.text(p.text)}</p>\n")
            o.append("</header>\n")
        pending_break = False
        for b in blocks[i:]:
            if isinstance(b, PageBreak):
                pending_break = True
                continue
            self.block(b, pending_break)
            pending_break = False
        o.append("</main>\n")
        o.append(f"<footer>{_e(d.title)}{_e(d.subtitle)} · 本文件由 juesuan 根据决算数据生成，"
                 "数据以所附决算表为准。</footer>\n")
        o.append(f"<script type=\"application/json\" id=\"{EMBED_HTML_ID}\">{embed_json(d.model_json)}</script>\n")
        o.append("</body>\n</html>\n")
        return "".join(o)

    def text(self, text: str) -> str:
        return "<br>".join(_e(line) for line in text.split("\n"))

    def block(self, b: object, page_break: bool) -> None:
        if isinstance(b, Heading):
            self.heading(b, page_break)
        elif isinstance(b, Paragraph):
            cls = f" class=\"{b.style}\"" if b.style != "body" else ""
            data = f" data-anchor=\"{_e(b.anchor)}\"" if b.anchor else ""
            text = f"<strong>{self.text(b.text)}</strong>" if b.bold else self.text(b.text)
            self.out.append(f"<p{cls}{data}>{text}</p>\n")
        elif isinstance(b, TableBlock):
            self.table(b, page_break)
        elif isinstance(b, Chart):
            self.chart(b)
        elif isinstance(b, Toc):
            self.toc(b)

    def heading(self, h: Heading, page_break: bool) -> None:
        level = min(max(h.level, 1), 4)
        self.n_heading += 1
        hid = self.uid(h.anchor or f"h-{self.n_heading}")
        cls = " class=\"part\"" if level == 1 else (" class=\"pb\"" if page_break else "")
        self.out.append(f"<h{level} id=\"{hid}\"{cls}>{self.text(h.text)}</h{level}>\n")

    def toc(self, t: Toc) -> None:
        entries = t.entries or [TocEntry(h.level, h.text, h.anchor) for h in self.doc.blocks
                                if isinstance(h, Heading) and h.in_toc]
        o = self.out
        o.append(f"<nav class=\"toc\" aria-label=\"目录\">\n<h2>{_e(t.title)}</h2>\n<ol>\n")
        for e in entries:
            target = _id(e.anchor) if e.anchor else ""
            if e.anchor and re.fullmatch(r"T\d\d", e.anchor):
                target = f"tbl-{e.anchor}"
            label = f"<a href=\"#{_e(target)}\">{_e(e.text)}</a>" if target else _e(e.text)
            o.append(f"<li class=\"l{min(e.level, 2)}\">{label}</li>\n")
        o.append("</ol>\n</nav>\n")

    def cell(self, c: Cell, tag: str, scope: str | None) -> str:
        attrs = []
        if c.colspan > 1:
            attrs.append(f"colspan=\"{c.colspan}\"")
        if c.rowspan > 1:
            attrs.append(f"rowspan=\"{c.rowspan}\"")
        if scope:
            attrs.append(f"scope=\"{scope}\"")
        classes = []
        if c.numeric and c.align != "center":
            classes.append("num")
        elif c.align == "center":
            classes.append("c")
        elif c.align == "right":
            classes.append("r")
        if tag == "th" and c.header and scope in ("row", "rowgroup"):
            classes.append("h")
        if classes:
            attrs.append(f"class=\"{' '.join(classes)}\"")
        a = (" " + " ".join(attrs)) if attrs else ""
        return f"<{tag}{a}>{self.text(c.text)}</{tag}>"

    def table(self, t: TableBlock, page_break: bool) -> None:
        tid = self.uid(f"tbl-{t.id}")
        ncols = max((sum(c.colspan for c in row) for row in (t.header or t.body)[:1]), default=0)
        wide = " wide" if ncols > 5 else ""
        o = self.out
        parts = [(k, x) for k, x in (("u", t.unit_name), ("n", t.number), ("l", t.unit_label)) if x]
        meta = [x for _, x in parts]
        o.append(f"<figure class=\"table{wide}{' pb' if page_break else ''}\" id=\"{tid}\">\n"
                 f"<div class=\"table-title\" aria-hidden=\"true\"><span class=\"t\">{_e(t.title)}</span>")
        if parts:  # outside the scrolling box, so the title stays in view on a phone
            o.append("<span class=\"meta\">" + "".join(f"<span class=\"{k}\">{_e(x)}</span>" for k, x in parts)
                     + "</span>")
        o.append("</div>\n"
                 f"<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{tid}-cap\">\n"
                 f"<table>\n<caption id=\"{tid}-cap\" class=\"sr\">"
                 f"{_e('，'.join([t.title, *meta]))}</caption>\n")
        if t.widths:
            total = sum(t.widths) or 1
            o.append("<colgroup>" + "".join(f"<col style=\"width:{w / total * 100:.1f}%\">"  # ok-float: layout
                                            for w in t.widths) + "</colgroup>\n")
        if t.header:
            o.append("<thead>\n")
            for row in t.header:  # a form's label-value row (项目名称 | …): the value is data, the label its row's
                labelled = not all(c.header for c in row)
                o.append("<tr>" + "".join(
                    self.cell(c, "th", "row" if labelled else ("col" if c.colspan == 1 else "colgroup"))
                    if c.header else self.cell(c, "td", None) for c in row) + "</tr>\n")
            o.append("</thead>\n")
        o.append("<tbody>\n")
        for row in t.body:
            parts = []
            first = True
            for c in row:
                if c.header:
                    scope = "rowgroup" if c.rowspan > 1 else ("row" if c.colspan <= 1 or first else "colgroup")
                    parts.append(self.cell(c, "th", scope if first else ("col" if c.colspan == 1 else "colgroup")))
                elif first and not c.numeric and c.text:
                    parts.append(self.cell(c, "th", "rowgroup" if c.rowspan > 1 else "row"))
                else:
                    parts.append(self.cell(c, "td", None))
                first = False
            o.append("<tr>" + "".join(parts) + "</tr>\n")
        o.append("</tbody>\n</table>\n</div>\n")
        if t.note:
            o.append(f"<p class=\"note\">{self.text(t.note)}</p>\n")
        o.append("</figure>\n")

    def chart(self, c: Chart) -> None:
        from juesuan.render.charts import chart_svg, describe

        self.n_chart += 1
        prefix = f"c{self.n_chart}-"
        svg = chart_svg(c)
        svg = re.sub(r'\bid="', f'id="{prefix}', svg)
        svg = re.sub(r'(xlink:href|href)="#', lambda m: f'{m.group(1)}="#{prefix}', svg)
        svg = svg.replace("url(#", f"url(#{prefix}")
        svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1)
        svg = svg.replace("<svg ", "<svg aria-hidden=\"true\" focusable=\"false\" ", 1)
        cid = self.uid(f"chart-{c.id}")
        # the caption above the chart, as in the PDF and the DOCX
        self.out.append(f"<figure class=\"chart\" id=\"{cid}\">\n"
                        f"<figcaption>{_e(c.title)}</figcaption>\n"
                        f"<div class=\"svg\" role=\"img\" aria-label=\"{_e(describe(c))}\">{svg}</div>\n</figure>\n")
