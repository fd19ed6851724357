"""HTML published reports -> blocks: h1–h6 headings, paragraphs, tables with colspan / rowspan."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from juesuan.core.errors import InputError
from juesuan.formats.published.blocks import Block, Loc, RawDocument, clean
from juesuan.formats.published.script import decode_text

_BLOCK_TAGS = {"p", "div", "li", "dd", "dt", "section", "article", "blockquote", "caption", "figcaption", "pre"}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg"}  # a chart's labels are not prose


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.heading = 0
        self.skip = 0
        self.tables: list[dict] = []  # stack: {"rows": [[(text, colspan, rowspan)]], "cell": [str] | None}

    def _flush(self) -> None:
        text = clean("".join(self.text))
        self.text = []
        if text:
            kind = "heading" if self.heading else "para"
            self.blocks.append(Block(kind, text, level=self.heading, loc=Loc(line=self.getpos()[0])))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            if not self.tables:
                self._flush()
            self.tables.append({"rows": [], "cell": None, "line": self.getpos()[0]})
        elif self.tables and tag == "caption":
            self.tables[-1]["caption"] = []
        elif self.tables and tag == "tr":
            self.tables[-1]["rows"].append([])
        elif self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            if not t["rows"]:
                t["rows"].append([])
            t["cell"] = {"text": [], "colspan": _int(a.get("colspan")), "rowspan": _int(a.get("rowspan"))}
        elif tag == "br":
            (self.tables[-1]["cell"]["text"] if self.tables and self.tables[-1]["cell"] else self.text).append("\n")
        elif not self.tables and (tag in _BLOCK_TAGS or tag in ("h1", "h2", "h3", "h4", "h5", "h6")):
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self.heading = int(tag[1:])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.tables and tag == "caption":
            t = self.tables[-1]
            t["title"] = clean("".join(t.pop("caption", None) or []))
        elif self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            c = t["cell"]
            if c is not None:
                t["rows"][-1].append(("".join(c["text"]).strip(), c["colspan"], c["rowspan"]))
                t["cell"] = None
        elif self.tables and tag == "table":
            t = self.tables.pop()
            rows, spans = _expand(t["rows"])
            b = Block("table", rows=rows, row_locs=[Loc(line=t["line"]) for _ in rows], loc=Loc(line=t["line"]))
            b.spans = spans  # type: ignore[attr-defined]
            if self.tables:  # nested table: keep its text in the outer cell
                return
            title = t.get("title", "")
            if title and _bare(title) != _bare(self.blocks[-1].text if self.blocks else ""):
                # a <caption> is the table's title (or restates the title printed above it: read once)
                self.blocks.append(Block("para", title, loc=Loc(line=t["line"])))
            self.blocks.append(b)
        elif not self.tables and (tag in _BLOCK_TAGS or tag[0] == "h"):
            self._flush()
            self.heading = 0

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables:
            c = self.tables[-1]["cell"]
            if c is not None:
                c["text"].append(data)
            elif self.tables[-1].get("caption") is not None:
                self.tables[-1]["caption"].append(data)
            return
        self.text.append(data)


def _bare(text: str) -> str:
    """Text without punctuation and spaces (a caption “收入决算表，编制单位：X” restates “收入决算表编制单位：X”)."""
    return re.sub(r"[\s，,、:：;；。()（）]", "", text)


MAX_COLSPAN = 1000


def _int(v: str | None) -> int:
    try:
        return max(1, int(v or 1))
    except ValueError:
        return 1


def _expand(rows: list[list[tuple[str, int, int]]]) -> tuple[list[list[str | None]], dict]:
    grid: dict[tuple[int, int], str | None] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    width = 0
    for i, row in enumerate(rows):
        j = 0
        for text, cs, rs in row:
            # as browsers do: colspan at most 1000 (the HTML standard's limit), rowspan ends with the table
            cs, rs = min(cs, MAX_COLSPAN), min(rs, len(rows) - i)
            while (i, j) in grid:
                j += 1
            for di in range(rs):
                for dj in range(cs):
                    pos = (i + di, j + dj)
                    grid[pos] = clean(text) if (di, dj) == (0, 0) else None
                    if (di, dj) != (0, 0):
                        spans[pos] = (i, j)
            j += cs
            width = max(width, j)
    out = [[grid.get((i, j), "") for j in range(width)] for i in range(len(rows))]
    return out, spans


def read_html(path: Path) -> RawDocument:
    text = decode_text(path.read_bytes())
    if text is None:
        raise InputError(f"文件 {path}：无法识别的网页编码（应为 UTF-8、GB18030 或 Big5）")
    p = _Parser()
    p.feed(text)
    p.close()
    p._flush()
    for i, b in enumerate(p.blocks):
        b.loc.block = i + 1
    return RawDocument(str(path), p.blocks, text_chars=sum(len(b.text) for b in p.blocks))
