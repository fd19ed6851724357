"""PDF published reports with a text layer -> blocks, with the page of every block and table row.

Uses PyMuPDF 1.28.2 only (words and drawn lines; never 2.x find_tables, which splits numbers):
ruled tables are rebuilt from the drawn rules (merged cells = missing inner rules), borderless
tables from word columns; paragraphs are re-joined across line and page breaks, headings broken
over centred lines are joined, page-number footers are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from juesuan.core.errors import InputError
from juesuan.formats.published.blocks import Block, Loc, RawDocument, clean

_PAGE_NO = re.compile(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$|^第\s*\d+\s*页")
_HEADING = re.compile(r"^(?:第(?:一|二|三|四|五|六|七|八|九|十)+部分|(?:一|二|三|四|五|六|七|八|九|十)+、|[（(](?:一|二|三|四|五|六|七|八|九|十)+[）)])")
_END = re.compile(r"[。！？：:；;]$")
# a line that is a table's title (…决算表 / …绩效自评表, maybe with its year): never the rest of a
# paragraph, even after a full line ending in a colon
_TABLE_TITLE = re.compile(r"^\S{2,60}(?:决算|自评|明细|情况)表(?:[（(]\d{4}年度?[)）])?$")


@dataclass
class _Seg:
    x0: float
    y0: float
    x1: float
    y1: float


def read_pdf(path: Path) -> RawDocument:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's English warnings on stderr: we say it in Chinese
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # noqa: BLE001 - any failure to open is a broken file for the user
        raise InputError(f"文件 {path}：PDF 文件已损坏或不是 PDF，无法打开（{type(exc).__name__}）") from None
    if doc.needs_pass or doc.is_encrypted:
        raise InputError(f"文件 {path}：PDF 已加密（需要密码），无法读取；请提供未加密的文件")
    if doc.page_count == 0:  # a cut-off file: MuPDF repairs what it can and finds no page at all
        raise InputError(f"文件 {path}：PDF 文件不完整或已损坏，读不出任何页面（可能下载或复制时被截断）；"
                         "请重新获取完整的文件")
    blocks: list[Block] = []
    chars = 0
    try:
        for pno in range(doc.page_count):
            page = doc[pno]
            page_blocks, n = _page_blocks(page, pno + 1)
            blocks.extend(page_blocks)
            chars += n
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"文件 {path}：PDF 内容损坏，读取第 {pno + 1} 页时出错（{type(exc).__name__}）") from None
    pages = doc.page_count
    repaired = doc.is_repaired
    doc.close()
    if repaired and chars < 200:  # MuPDF had to rebuild a broken file and found (almost) no text
        raise InputError(f"文件 {path}：PDF 文件不完整或已损坏（可能下载或复制时被截断），读不出文字；"
                         "请重新获取完整的文件")
    if chars < 20 * max(1, pages) // 4 and chars < 200:
        raise InputError(f"文件 {path}：PDF 没有文字层（可能是扫描件，共 {pages} 页只找到 {chars} 个字符）；"
                         "请提供带文字层的 PDF，或先做文字识别（OCR）")
    _drop_running_lines(blocks, pages)
    _join_paragraphs(blocks)
    for i, b in enumerate(blocks):
        b.loc.block = i + 1
    return RawDocument(str(path), blocks, pages=pages, text_chars=chars)


def _words(page) -> list[tuple]:
    """Words from the characters, split at spaces and at gaps wider than half a character (MuPDF's
    own words join CJK runs of neighbouring cells): (x0, y0, x1, y1, text, block, line, n)."""
    out: list[tuple] = []
    for bno, b in enumerate(page.get_text("rawdict", flags=0)["blocks"]):
        for lno, line in enumerate(b.get("lines", ())):
            cur: list = []
            for span in line["spans"]:
                gap = 0.5 * span["size"]
                for ch in span["chars"]:
                    c = ch["c"]
                    x0, y0, x1, y1 = ch["bbox"]
                    if c.isspace() or (cur and x0 - cur[-1][2] > gap):
                        if cur:
                            out.append(_word(cur, bno, lno, len(out)))
                        cur = []
                        if c.isspace():
                            continue
                    cur.append((x0, y0, x1, y1, c))
            if cur:
                out.append(_word(cur, bno, lno, len(out)))
    return out


def _word(chars: list, bno: int, lno: int, n: int) -> tuple:
    return (min(c[0] for c in chars), min(c[1] for c in chars), max(c[2] for c in chars),
            max(c[3] for c in chars), "".join(c[4] for c in chars), bno, lno, n)


def _page_blocks(page, pno: int) -> tuple[list[Block], int]:
    words = _words(page)
    if not words:
        return [], 0
    if page.rotation:  # a landscape page stored rotated: work in the orientation it is read in
        words = _rotate_words(words, page.rotation_matrix)
    heights = sorted(w[3] - w[1] for w in words)
    usual = heights[len(heights) // 2]
    words = [w for w in words if w[3] - w[1] <= 3 * usual]  # a watermark (草稿) is not content
    chars = sum(len(w[4]) for w in words)
    hs, vs = _segments(page)
    if page.rotation:
        hs, vs = _rotate_segments(hs + vs, page.rotation_matrix)
    grids = _grids(hs, vs)
    items: list[tuple[float, Block]] = []
    used: set[int] = set()
    for g in grids:
        block, ids = _grid_table(g, hs, vs, words, pno)
        if block is not None:
            items.append((g[1], block))
            used |= ids
    rest = [w for i, w in enumerate(words) if i not in used]
    found, taken = _borderless(rest, pno)  # tables drawn without rules
    items.extend(found)
    lines = _lines([w for k, w in enumerate(rest) if k not in taken])
    if lines:
        left = min(ln[0] for ln in lines)
        right = _right_margin(lines)
        bottom = max(ln[3] for ln in lines)
        for ln in lines:
            text = clean(ln[4])
            if not text or (_PAGE_NO.match(text) and ln[1] > bottom - 40):
                continue
            b = Block("para", text, loc=Loc(page=pno))
            b._geom = (ln[0] - left, max(0.0, right - ln[2]), right - left)  # type: ignore[attr-defined]
            items.append((ln[1], b))
    items.sort(key=lambda t: t[0])
    return [b for _, b in items], chars


def _right_margin(lines: list[tuple]) -> float:
    """The right edge the page's full lines reach.  Justified lines end a little apart, and a line
    closing on punctuation may hang past the margin (LibreOffice, WPS): the median of the line ends
    within one and a half line heights of the rightmost, when at least three lines are there."""
    heights = sorted(ln[3] - ln[1] for ln in lines)
    h = heights[len(heights) // 2]
    most = max(ln[2] for ln in lines)
    near = sorted(ln[2] for ln in lines if ln[2] >= most - 1.5 * h)
    return near[len(near) // 2] if len(near) >= 3 else most


_NUMERIC = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


def _borderless(words, pno: int) -> tuple[list[tuple[float, Block]], set[int]]:
    """Tables without rules: runs of visual rows whose words fall into stable columns.

    Columns come from the x-extents of the words of the data rows (rows with a number), merged
    where they overlap; header words go to the column they overlap most."""
    if len(words) < 6:
        return [], set()
    heights = sorted(w[3] - w[1] for w in words)
    h = heights[len(heights) // 2] or 8.0
    rows: list[list] = []
    order = sorted(range(len(words)), key=lambda k: ((words[k][1] + words[k][3]) / 2, words[k][0]))
    for k in order:
        w = (*words[k][:5], k)  # keep the word's index for `taken`
        cy = (w[1] + w[3]) / 2
        if rows and abs(cy - rows[-1][0]) <= 0.45 * h:
            rows[-1][1].append(w)
        else:
            rows.append([cy, [w]])
    for r in rows:
        r[1].sort(key=lambda w: w[0])

    def tabular(ws) -> bool:
        gaps = [b[0] - a[2] for a, b in zip(ws, ws[1:], strict=False)]
        wide = sum(1 for g in gaps if g > 1.2 * h)
        return wide >= 1 and (any(_NUMERIC.match(w[4]) for w in ws) or wide >= 2)

    out: list[tuple[float, Block]] = []
    taken: set[int] = set()
    i = 0
    while i < len(rows):
        if not tabular(rows[i][1]):
            i += 1
            continue
        j = i
        while j < len(rows) and (tabular(rows[j][1]) or (j + 1 < len(rows) and tabular(rows[j + 1][1])
                                                          and rows[j + 1][0] - rows[j][0] < 2.5 * h)):
            j += 1
        while j < len(rows) and len(rows[j][1]) == 1 and rows[j][0] - rows[j - 1][0] < 1.8 * h \
                and len(rows[j][1][0][4]) <= 12:
            j += 1  # a 合计 row without figures closes an empty table
        if j - i >= 2 or (j - i >= 1 and i > 0 and len(rows[i - 1][1]) >= 2):
            # header rows: up to 3 rows right above the run with several spaced words
            k = i
            while k > 0 and i - k < 3 and len(rows[k - 1][1]) >= 2 and rows[k][0] - rows[k - 1][0] < 2.5 * h:
                k -= 1
            out.append((rows[k][0], _column_table([r[1] for r in rows[k:j]], j - i, pno)))
            taken.update(w[5] for r in rows[k:j] for w in r[1])
        i = max(j, i + 1)
    return out, taken


def _column_table(rows: list[list], n_data: int, pno: int) -> Block:
    data = rows[len(rows) - n_data:]
    spans: list[list[float]] = []
    for ws in data:
        for w in ws:
            spans.append([w[0], w[2]])
    spans.sort()
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a <= cols[-1][1] + 1:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    grid: list[list[str | None]] = []
    for ws in rows:
        cells = [""] * len(cols)
        for w in ws:
            best = max(range(len(cols)), key=lambda c: min(w[2], cols[c][1]) - max(w[0], cols[c][0]))
            overlap = min(w[2], cols[best][1]) - max(w[0], cols[best][0])
            if overlap <= 0:  # between columns: the nearest one
                best = min(range(len(cols)), key=lambda c: min(abs(w[0] - cols[c][1]), abs(w[2] - cols[c][0])))
            cells[best] = cells[best] + w[4]
        grid.append(cells)
    return Block("table", rows=grid, row_locs=[Loc(page=pno) for _ in grid], loc=Loc(page=pno))


def _rotate_words(words: list[tuple], matrix) -> list[tuple]:
    import pymupdf

    out = []
    for w in words:
        r = (pymupdf.Rect(w[0], w[1], w[2], w[3]) * matrix).normalize()
        out.append((r.x0, r.y0, r.x1, r.y1, *w[4:]))
    return out


def _rotate_segments(segs: list[_Seg], matrix) -> tuple[list[_Seg], list[_Seg]]:
    import pymupdf

    hs: list[_Seg] = []
    vs: list[_Seg] = []
    for sg in segs:
        r = (pymupdf.Rect(sg.x0, sg.y0, sg.x1, sg.y1) * matrix).normalize()
        if r.y1 - r.y0 <= r.x1 - r.x0:
            hs.append(_Seg(r.x0, (r.y0 + r.y1) / 2, r.x1, (r.y0 + r.y1) / 2))
        else:
            vs.append(_Seg((r.x0 + r.x1) / 2, r.y0, (r.x0 + r.x1) / 2, r.y1))
    return hs, vs


def _segments(page) -> tuple[list[_Seg], list[_Seg]]:
    hs: list[_Seg] = []
    vs: list[_Seg] = []
    for d in page.get_cdrawings() if hasattr(page, "get_cdrawings") else page.get_drawings():
        for it in d.get("items", ()):
            kind = it[0]
            if kind == "l":
                p, q = it[1], it[2]
                x0, y0, x1, y1 = (p[0], p[1], q[0], q[1]) if isinstance(p, tuple) else (p.x, p.y, q.x, q.y)
                if abs(y1 - y0) < 1.5:
                    hs.append(_Seg(min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2))
                elif abs(x1 - x0) < 1.5:
                    vs.append(_Seg((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1)))
            elif kind == "re":
                r = it[1]
                x0, y0, x1, y1 = (r[0], r[1], r[2], r[3]) if isinstance(r, tuple) else (r.x0, r.y0, r.x1, r.y1)
                if y1 - y0 < 2.5 and x1 - x0 > 3:
                    hs.append(_Seg(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
                elif x1 - x0 < 2.5 and y1 - y0 > 3:
                    vs.append(_Seg((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
                elif x1 - x0 > 3 and y1 - y0 > 3 and not d.get("fill"):
                    hs += [_Seg(x0, y0, x1, y0), _Seg(x0, y1, x1, y1)]
                    vs += [_Seg(x0, y0, x0, y1), _Seg(x1, y0, x1, y1)]
    return hs, vs


def _grids(hs: list[_Seg], vs: list[_Seg]) -> list[tuple[float, float, float, float]]:
    """Bounding boxes of connected groups of rules with at least 2 horizontal and 2 vertical ones."""
    segs = [("h", s) for s in hs] + [("v", s) for s in vs]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = 2.0
    for i, (_, a) in enumerate(segs):
        for j in range(i + 1, len(segs)):
            b = segs[j][1]
            if a.x0 - tol <= b.x1 and b.x0 - tol <= a.x1 and a.y0 - tol <= b.y1 and b.y0 - tol <= a.y1:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[ri] = rj
    groups: dict[int, list[tuple[str, _Seg]]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    out = []
    for g in groups.values():
        nh = sum(1 for k, _ in g if k == "h")
        nv = sum(1 for k, _ in g if k == "v")
        if nh >= 2 and nv >= 2:
            out.append((min(s.x0 for _, s in g), min(s.y0 for _, s in g), max(s.x1 for _, s in g), max(s.y1 for _, s in g)))
    return out


def _cluster(vals: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(vals):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _grid_table(bbox, hs: list[_Seg], vs: list[_Seg], words, pno: int) -> tuple[Block | None, set[int]]:
    x0, y0, x1, y1 = bbox
    inside_h = [s for s in hs if s.y0 >= y0 - 1 and s.y0 <= y1 + 1 and s.x0 >= x0 - 1 and s.x1 <= x1 + 1]
    inside_v = [s for s in vs if s.x0 >= x0 - 1 and s.x0 <= x1 + 1 and s.y0 >= y0 - 1 and s.y1 <= y1 + 1]
    ys = _cluster([s.y0 for s in inside_h])
    xs = _cluster([s.x0 for s in inside_v])
    if ys and ys[0] - y0 > 3:  # the top rule is missing (a continued table): the column rules bound it
        ys.insert(0, y0)
    if ys and y1 - ys[-1] > 3:
        ys.append(y1)
    if len(ys) < 2 or len(xs) < 2:
        return None, set()
    nr, nc = len(ys) - 1, len(xs) - 1

    def has_v(x: float, ya: float, yb: float) -> bool:
        mid = (ya + yb) / 2
        return any(abs(s.x0 - x) < 1.6 and s.y0 - 1 <= mid <= s.y1 + 1 for s in inside_v)

    def has_h(y: float, xa: float, xb: float) -> bool:
        mid = (xa + xb) / 2
        return any(abs(s.y0 - y) < 1.6 and s.x0 - 1 <= mid <= s.x1 + 1 for s in inside_h)

    cells: list[list[list[tuple[float, float, str]]]] = [[[] for _ in range(nc)] for _ in range(nr)]
    ids: set[int] = set()
    row_xs: list[list[float] | None] = [None] * nr  # the column rules drawn in each row
    for k, w in enumerate(words):
        cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
        if not (x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1):
            continue
        i = _index(ys, cy)
        if i is None:
            continue
        ids.add(k)
        # CJK runs of two adjacent cells come back as one "word": cut it at the rules drawn in this
        # row only (a code cell spanning the 类 | 款 | 项 header columns stays whole)
        if row_xs[i] is None:
            row_xs[i] = [x for x in xs if has_v(x, ys[i], ys[i + 1])]
        for px, text in _split_at(w, row_xs[i]):
            j = _index(xs, px)
            if j is not None:
                cells[i][j].append((w[1], px, text))

    parent = {(i, j): (i, j) for i in range(nr) for j in range(nc)}

    def find(p: tuple[int, int]) -> tuple[int, int]:
        while parent[p] != p:
            p = parent[p]
        return p

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            keep, drop = (ra, rb) if ra <= rb else (rb, ra)
            parent[drop] = keep

    for i in range(nr):
        for j in range(nc):
            if j + 1 < nc and not has_v(xs[j + 1], ys[i], ys[i + 1]):
                union((i, j), (i, j + 1))
            if i + 1 < nr and not has_h(ys[i + 1], xs[j], xs[j + 1]):
                union((i, j), (i + 1, j))
    regions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for p in parent:
        regions.setdefault(find(p), []).append(p)
    rows: list[list[str | None]] = [[None] * nc for _ in range(nr)]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for members in regions.values():
        oi, oj = min(members)
        ws = sorted((w for (i, j) in members for w in cells[i][j]), key=lambda t: (round(t[0] / 3), t[1]))
        rows[oi][oj] = _join_words(ws)
        for p in members:
            if p != (oi, oj):
                spans[p] = (oi, oj)
    row_locs = [Loc(page=pno) for _ in range(nr)]
    block = Block("table", rows=rows, row_locs=row_locs, loc=Loc(page=pno), columns=xs)
    block.spans = spans  # type: ignore[attr-defined]
    return block, ids


def _split_at(w, xs: list[float]) -> list[tuple[float, str]]:
    """A word cut at the column rules it crosses, by estimated character positions
    (a CJK character is two units wide, others one): [(centre x, text)]."""
    x0, x1, text = w[0], w[2], w[4]
    inner = [x for x in xs if x0 + 1 < x < x1 - 1]
    if not inner or len(text) < 2:
        return [((x0 + x1) / 2, text)]
    units = [2 if ord(ch) > 0x2e80 else 1 for ch in text]
    scale = (x1 - x0) / sum(units)
    pieces: list[tuple[float, str]] = []
    pos = x0
    cur, start = "", x0
    for ch, u in zip(text, units, strict=True):
        centre = pos + u * scale / 2
        if cur and any(start < b < centre for b in inner if b > start):
            pieces.append(((start + pos) / 2, cur))
            cur, start = "", pos
        cur += ch
        pos += u * scale
    pieces.append(((start + pos) / 2, cur))
    return pieces


def _join_words(ws: list[tuple[float, float, str]]) -> str:
    out = ""
    for _, _, t in ws:
        if out and re.match(r"[\w]", t) and re.search(r"[A-Za-z0-9]$", out) and re.match(r"[A-Za-z0-9]", t):
            out += " "
        out += t
    return out


def _index(bounds: list[float], v: float) -> int | None:
    for i in range(len(bounds) - 1):
        if bounds[i] - 0.5 <= v <= bounds[i + 1] + 0.5:
            return i
    return None


def _lines(words) -> list[tuple[float, float, float, float, str]]:
    """Words (outside tables) grouped into text lines: (x0, y0, x1, y1, text)."""
    by_line: dict[tuple[int, int], list] = {}
    for w in words:
        by_line.setdefault((w[5], w[6]), []).append(w)
    out = []
    for ws in by_line.values():
        ws.sort(key=lambda w: w[0])
        text = ""
        prev = None
        for w in ws:
            if prev is not None and w[0] - prev[2] > 2 and re.search(r"[A-Za-z0-9]$", text) and re.match(r"[A-Za-z0-9]", w[4]):
                text += " "
            text += w[4]
            prev = w
        out.append((min(w[0] for w in ws), min(w[1] for w in ws), max(w[2] for w in ws), max(w[3] for w in ws), text))
    out.sort(key=lambda t: (round(t[1]), t[0]))
    return out


def _drop_running_lines(blocks: list[Block], pages: int) -> None:
    """Remove running headers / footers: the same line first or last on many pages."""
    if pages < 3:
        return
    by_page: dict[int, list[Block]] = {}
    for b in blocks:
        if b.kind == "para" and getattr(b, "_geom", None) is not None:
            by_page.setdefault(b.loc.page or 0, []).append(b)
    counts: dict[str, int] = {}
    for bs in by_page.values():
        for b in {bs[0].text, bs[-1].text}:
            counts[b] = counts.get(b, 0) + 1
    running = {t for t, n in counts.items() if n >= max(3, pages * 3 // 10)
               and not re.search(r"单位[:：]\s*(?:万元|千元|元)", t)}  # the money unit of each table stays
    if running:
        blocks[:] = [b for b in blocks if not (b.kind == "para" and b.text in running
                                                and getattr(b, "_geom", None) is not None
                                                and b in (by_page[b.loc.page or 0][0], by_page[b.loc.page or 0][-1]))]


def _join_paragraphs(blocks: list[Block]) -> None:
    """Lines -> paragraphs: join continuation lines (also across pages), centred heading lines."""
    out: list[Block] = []
    for b in blocks:
        geom = getattr(b, "_geom", None)
        if b.kind != "para" or geom is None:
            out.append(b)
            continue
        indent, gap_right, width = geom
        last = out[-1] if out else None
        lgeom = getattr(last, "_geom", None) if last is not None else None
        centred = indent > 20 and gap_right > 20 and abs(indent - gap_right) < 0.12 * width
        if last is not None and last.kind == "para" and lgeom is not None:
            l_indent, l_gap, _ = lgeom
            l_centred = l_indent > 20 and l_gap > 20 and abs(l_indent - l_gap) < 0.12 * width
            if (_HEADING.match(last.text) and l_gap < 15 and len(b.text) <= 12 and not _HEADING.match(b.text)
                    and not _END.search(last.text)):
                last.text += b.text  # a heading wrapped onto a second line
                last._geom = (l_indent, gap_right, width)  # type: ignore[attr-defined]
                continue
            if (l_centred and centred and not _END.search(last.text) and not _HEADING.match(b.text)
                    and last.loc.page == b.loc.page):
                last.text += b.text  # a heading broken over centred lines
                last._geom = (min(l_indent, indent), min(l_gap, gap_right), width)  # type: ignore[attr-defined]
                continue
            full = l_gap < 15 and not l_centred and not _TABLE_TITLE.search(b.text)
            if full and not _HEADING.match(b.text) and indent < 15 and not _END.search(last.text[-1:]) or (
                    full and indent < 15 and not _HEADING.match(b.text) and last.text[-1:] not in "。"):
                last.text += b.text  # the paragraph goes on (next line or next page)
                last._geom = (l_indent, gap_right, width)  # type: ignore[attr-defined]
                continue
        out.append(b)
    blocks[:] = out
