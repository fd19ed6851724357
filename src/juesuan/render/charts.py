"""The report's charts (document.Chart blocks) as SVG, drawn directly; PNG rasterised by Typst.

- `chart_svg(chart)`: one SVG document, labels as real `<text>` (selectable, read by screen readers
  beside the figure's `describe` text).  The HTML writer inlines it; the PDF writer hands it to Typst,
  which draws it as vectors with the pip Noto Sans SC font.
- `chart_pngs(charts)`: 200-dpi PNGs for DOCX, all of a document's charts in one Typst compile.

Layout is computed here from the font's advance widths (CJK and full-width forms are 1 em; the
ASCII widths below are Noto Sans SC's, checked by a test), so no plotting library is imported: a
build spends milliseconds on its seven charts, not seconds.  Values are labelled on the bars and
slices; pies name tiny slices in the legend only.  Coordinates are pixels (floats); the figures
printed on the chart are the Decimal strings of the model.
"""

from __future__ import annotations

import math
import tempfile
from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path

from juesuan.core.amounts import percent
from juesuan.core.document import Chart

PALETTE = ("#2f5d8a", "#d9822b", "#3d8b5a", "#b8453a", "#7a5ba6", "#8c6d46", "#c2629c", "#6b7b8c",
           "#a6a13b", "#2a9aa8")
FONT = "Noto Sans SC"
FONT_STACK = ("'Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',"
              "sans-serif")
WIDTH, HEIGHT = 640, 360  # px; 6.4 × 3.6 in at 100 px/in
PNG_PPI = 200  # 1280 × 720 px
TINY_SHARE = Decimal("4")  # slices below 4 % get no label on the pie itself
INK, MUTED, GRID = "#222222", "#555555", "#d9d9d9"

# advance widths of printable ASCII in Noto Sans SC (1/1000 em); anything else is full-width (1 em)
_ASCII = (224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555,
          555, 555, 555, 555, 555, 555, 278, 278, 555, 555, 555, 474, 946, 608, 657, 638, 688, 589, 552, 689,
          728, 293, 535, 646, 543, 812, 723, 742, 633, 742, 635, 596, 599, 721, 575, 878, 573, 531, 603, 338,
          392, 338, 555, 559, 606, 563, 618, 510, 620, 554, 325, 564, 607, 275, 275, 552, 284, 926, 610, 606,
          620, 620, 388, 468, 377, 607, 521, 802, 498, 521, 475, 338, 270, 338, 555)


def text_width(text: str, size: float) -> float:
    """Advance width of `text` at font size `size` (px) in Noto Sans SC."""
    units = sum(_ASCII[ord(c) - 32] if 32 <= ord(c) < 127 else 1000 for c in text)
    return units * size / 1000


def _values(values: list[str]) -> list[Decimal]:
    return [Decimal(x) if x not in ("", None) else Decimal(0) for x in values]


def _label(value: Decimal, unit: str = "万元") -> str:
    """A printed value: whole numbers for people, two decimals for money."""
    return f"{value:.0f}" if unit == "人" else f"{value:.2f}"


def _n(x: float) -> str:
    """A coordinate: one decimal, no trailing zeros."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


class _Svg:
    """Accumulates SVG elements; text is escaped here and nowhere else."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str) -> None:
        self.parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}"/>')

    def text(self, x: float, y: float, s: str, size: float, anchor: str = "start", fill: str = INK) -> None:
        """`y` is the baseline."""
        self.parts.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
                          f'fill="{fill}">{escape(s, quote=False)}</text>')

    def document(self) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
                f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT_STACK}">'
                f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>' + "".join(self.parts) + "</svg>")


# --- bars ------------------------------------------------------------------------------------

def _nice_step(top: Decimal, integer: bool) -> Decimal:
    """A tick step of 1, 2, 2.5 or 5 × 10^k giving about five intervals up to `top`."""
    raw = top / 5
    if raw <= 0:
        return Decimal(1)
    base = Decimal(10) ** raw.adjusted()  # base <= raw < 10 × base
    step = next(base * m for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if base * m >= raw)
    if integer:
        step = max(Decimal(1), step.to_integral_value(rounding="ROUND_CEILING"))
    return step


def _tick_label(v: Decimal) -> str:
    return f"{v.normalize():f}"


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` (character by character: Chinese has no spaces)."""
    lines, cur = [], ""
    for ch in text:
        if cur and text_width(cur + ch, size) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return [*lines, cur] if cur else lines


def _legend_row(svg: _Svg, names: list[str], y: float, size: float = 14) -> None:
    """Series names centred in one row at the top: a colour square, then the name."""
    gap, box = 22, 12
    widths = [box + 6 + text_width(n, size) for n in names]
    x = (WIDTH - sum(widths) - gap * (len(names) - 1)) / 2
    for k, (name, w) in enumerate(zip(names, widths, strict=True)):
        svg.rect(x, y - box + 1, box, box, PALETTE[k % len(PALETTE)])
        svg.text(x + box + 6, y, name, size)
        x += w + gap


def _bars(svg: _Svg, chart: Chart) -> None:
    series = [(name, _values(vals)) for name, vals in chart.series]
    n_series, n_cats = len(series), len(chart.labels)
    top = max((v for _, vals in series for v in vals), default=Decimal(0))
    integer = chart.unit == "人"
    step = _nice_step(top * Decimal("1.15") if top > 0 else Decimal(1), integer)
    n_ticks = int((top * Decimal("1.15") / step).to_integral_value(rounding="ROUND_CEILING")) if top > 0 else 5
    n_ticks = max(n_ticks, 1)
    y_max = step * n_ticks
    ticks = [step * i for i in range(n_ticks + 1)]
    tick_size, cat_size, value_size = 13, 14, 13

    left = 14 + max(text_width(_tick_label(t), tick_size) for t in ticks) + 8
    right = WIDTH - 16
    cat_w = (right - left) / max(1, n_cats)
    cat_lines = [_wrap(lab, cat_size, cat_w - 8) for lab in chart.labels]
    n_lines = max((len(x) for x in cat_lines), default=1)
    bottom = HEIGHT - 12 - cat_size * 1.35 * n_lines
    plot_top = 52 if n_series > 1 else 40

    if "单位" not in chart.title:  # the unit once per chart: in its title when the title names it
        svg.text(14, 24, f"单位：{chart.unit}", 13, fill=MUTED)
    if n_series > 1:
        _legend_row(svg, [name for name, _ in series], 24)

    def y_of(v: Decimal) -> float:
        return bottom - (bottom - plot_top) * float(v / y_max)  # geometry, not money

    for t in ticks:
        y = y_of(t)
        if t:
            svg.line(left, y, right, y, GRID)
        svg.text(left - 6, y + tick_size * 0.35, _tick_label(t), tick_size, "end", MUTED)
    group = cat_w * 0.8
    bar_w = group / max(1, n_series)
    for i in range(n_cats):
        x0 = left + cat_w * i + (cat_w - group) / 2
        for k, (_name, vals) in enumerate(series):
            v = vals[i] if i < len(vals) else Decimal(0)
            color = PALETTE[(k if n_series > 1 else i) % len(PALETTE)]
            x = x0 + bar_w * k + bar_w * 0.04
            w = bar_w * 0.92
            y = y_of(max(v, Decimal(0)))
            svg.rect(x, y, w, bottom - y, color)
            svg.text(x + w / 2, y - 5, _label(v, chart.unit), value_size, "middle")
        for j, line in enumerate(cat_lines[i]):
            svg.text(left + cat_w * (i + 0.5), bottom + cat_size * 1.35 * (j + 1), line, cat_size, "middle")
    svg.line(left, bottom, right, bottom, "#666666")


# --- pies ------------------------------------------------------------------------------------

def _shares(chart: Chart, nums: list[Decimal]) -> list[Decimal]:
    if chart.shares and len(chart.shares) == len(nums):  # the shares the narrative states (derive.share)
        return [Decimal(x) for x in chart.shares]
    total = sum(nums, Decimal(0))
    return [(percent(v, total) or Decimal(0)) if total else Decimal(0) for v in nums]


MAX_SLICES = 10  # beyond this the smallest slices are drawn together as 其他N项


def _slices(chart: Chart) -> tuple[list[str], list[Decimal], list[Decimal]]:
    """Labels, values and shares of the slices, the smallest merged so the legend stays readable."""
    nums = [max(v, Decimal(0)) for v in _values(chart.series[0][1])] if chart.series else []
    labels, shares = list(chart.labels[:len(nums)]), _shares(chart, nums)
    if len(nums) <= MAX_SLICES:
        return labels, nums, shares
    order = sorted(range(len(nums)), key=lambda i: (-nums[i], i))
    keep, rest = sorted(order[:MAX_SLICES - 1]), order[MAX_SLICES - 1:]
    return ([labels[i] for i in keep] + [f"其他{len(rest)}项"], [nums[i] for i in keep] + [sum(nums[i] for i in rest)],
            [shares[i] for i in keep] + [sum(shares[i] for i in rest)])


def _pie(svg: _Svg, chart: Chart) -> None:
    labels, nums, shares = _slices(chart)
    total = sum(nums, Decimal(0))
    cx, cy, r = 178.0, HEIGHT / 2, 142.0
    if not total:
        svg.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="#dddddd"/>')
        svg.text(cx, cy + 5, "无数据", 14, "middle", MUTED)
    start = 0.0  # clockwise from twelve o'clock
    for i, v in enumerate(nums):
        if not total or not v:
            continue
        frac = float(v / total)  # geometry, not money
        color = PALETTE[i % len(PALETTE)]
        if frac >= 0.9999:
            svg.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{color}"/>')
        else:
            end = start + frac * 2 * math.pi
            x0, y0 = cx + r * math.sin(start), cy - r * math.cos(start)
            x1, y1 = cx + r * math.sin(end), cy - r * math.cos(end)
            large = 1 if frac > 0.5 else 0
            svg.parts.append(f'<path d="M{_n(cx)} {_n(cy)} L{_n(x0)} {_n(y0)} A{_n(r)} {_n(r)} 0 {large} 1 '
                             f'{_n(x1)} {_n(y1)} Z" fill="{color}" stroke="#ffffff" stroke-width="1.5"/>')
        mid = start + frac * math.pi
        if shares[i] >= TINY_SHARE:
            svg.text(cx + 0.62 * r * math.sin(mid), cy - 0.62 * r * math.cos(mid) + 4.5, f"{shares[i]:.2f}%",
                     14, "middle", "#ffffff")
        start += frac * 2 * math.pi
    entries = [f"{name}：{_label(v, chart.unit)}{chart.unit}（{s:.2f}%）"
               for name, v, s in zip(labels, nums, shares, strict=True)]
    x, box, avail = 344.0, 14, WIDTH - 344 - 14 - 8 - 8
    size = 14.0
    while size > 10 and any(text_width(e, size) > avail for e in entries):
        size -= 0.5
    while True:  # long entries wrap; shrink until the legend fits the picture's height
        rows = [_wrap(e, size, avail) for e in entries]
        line_h, gap = size * 1.35, size * 0.7
        height = sum(len(rw) * line_h for rw in rows) + gap * (len(rows) - 1)
        if height <= HEIGHT - 16 or size <= 8:
            break
        size -= 0.5
    y = cy - height / 2 + size
    for i, lines in enumerate(rows):
        svg.rect(x, y - size + 1.5, box, box, PALETTE[i % len(PALETTE)])
        for j, line in enumerate(lines):
            svg.text(x + box + 8, y + j * line_h, line, size)
        y += len(lines) * line_h + gap


# --- public ----------------------------------------------------------------------------------

def _key(chart: Chart) -> tuple[object, ...]:
    return (chart.id, chart.title, chart.kind, tuple(chart.labels),
            tuple((n, tuple(v)) for n, v in chart.series), chart.unit, tuple(chart.shares))


@lru_cache(maxsize=64)
def _svg(key: tuple[object, ...]) -> str:
    chart = Chart(id=key[0], title=key[1], kind=key[2], labels=list(key[3]),  # type: ignore[arg-type]
                  series=[(n, list(v)) for n, v in key[4]], unit=key[5], shares=list(key[6]))  # type: ignore[attr-defined]
    svg = _Svg()
    if chart.kind == "pie":
        _pie(svg, chart)
    else:
        _bars(svg, chart)
    # no title inside the image: every writer prints chart.title as the caption
    return svg.document()


def chart_svg(chart: Chart) -> str:
    """The chart as one `<svg>` element (no XML prolog), to inline into HTML or give to Typst."""
    return _svg(_key(chart))


_PNG: dict[tuple[object, ...], bytes] = {}  # (font settings, chart) -> PNG


def chart_pngs(charts: list[Chart]) -> list[bytes]:
    """200-dpi PNGs of `charts` (for DOCX), rasterised by Typst with the pip font in one compile.

    Kept in memory by content and font settings, so a build that writes DOCX and PDF rasterises once
    and a build with other fonts (--font-dir) never gets another build's pictures."""
    import typst

    from juesuan.render import fonts
    from juesuan.render.pdf import typst_fonts

    config = fonts.config_key()
    keys = [(config, _key(c)) for c in charts]
    todo = list(dict.fromkeys(k for k in keys if k not in _PNG))
    if todo:
        with tempfile.TemporaryDirectory(prefix="juesuan-charts-") as tmp:
            root = Path(tmp)
            pages = []
            for i, key in enumerate(todo):
                (root / f"c{i}.svg").write_text(_svg(key[1]), encoding="utf-8")  # type: ignore[arg-type]
                pages.append(f'#image("c{i}.svg", width: 100%)')
            (root / "charts.typ").write_text(
                f"#set page(width: {WIDTH / 100}in, height: {HEIGHT / 100}in, margin: 0pt)\n"
                + "\n#pagebreak()\n".join(pages) + "\n", encoding="utf-8")
            out = typst.compile(str(root / "charts.typ"), root=str(root), font_paths=typst_fonts(),
                                ignore_system_fonts=True, format="png", ppi=PNG_PPI)
        images = [out] if isinstance(out, bytes) else list(out)
        _PNG.update(zip(todo, images, strict=True))
    found = [_PNG[k] for k in keys]
    while len(_PNG) > 64:
        _PNG.pop(next(iter(_PNG)))
    return found


def chart_png(chart: Chart) -> bytes:
    """One chart as a 200-dpi PNG."""
    return chart_pngs([chart])[0]


def describe(chart: Chart) -> str:
    """A one-line text alternative: the title and every labelled value."""
    parts = []
    for name, vals in chart.series:
        pairs = "，".join(f"{lab}{_label(v, chart.unit)}{chart.unit}" for lab, v in zip(chart.labels, _values(vals), strict=False))
        parts.append(f"{name}：{pairs}" if len(chart.series) > 1 else pairs)
    return f"{chart.title}。" + "；".join(parts) + "。"
