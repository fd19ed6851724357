"""The report's charts (document.Chart blocks) drawn with matplotlib (Agg) and the pip CJK font.

- `chart_svg(chart)` for HTML: glyphs are written as paths (svg.fonttype "path"), so the chart
  looks the same on a reader's machine without Chinese fonts; the figures stay accessible as text
  through the HTML figure's aria-label (`describe`) and caption.
- `chart_png(chart)` for DOCX/PDF: 200 dpi.
Values are labelled on bars and slices; pies put tiny slices in the legend only.  Images are
cached by content in memory (DOCX and PDF of one build share their PNGs) and on disk (a rebuild
whose charts did not change skips matplotlib; the key includes this module's source and the
matplotlib and font versions; JUESUAN_CHART_CACHE=0 disables it).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..amounts import percent
from ..document import Chart

PALETTE = ("#2f5d8a", "#d9822b", "#3d8b5a", "#b8453a", "#7a5ba6", "#8c6d46", "#c2629c", "#6b7b8c",
           "#a6a13b", "#2a9aa8")
DPI = 200
SIZE = (6.4, 3.6)
TINY_SHARE = Decimal("4")  # slices below 4 % get no label on the pie itself


@lru_cache(maxsize=1)
def font_name() -> str:
    """Register the pip Noto Sans SC font with matplotlib and return its family name."""
    from matplotlib import font_manager
    from pylopdf_fonts_zh_cn import sans_path

    path = str(sans_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _rc() -> dict[str, Any]:
    return {"font.family": [font_name()], "axes.unicode_minus": False, "svg.fonttype": "path",
            "svg.hashsalt": "juesuan", "font.size": 10}


def _values(values: list[str]) -> list[Decimal]:
    return [Decimal(x) if x not in ("", None) else Decimal(0) for x in values]


def _label(value: Decimal) -> str:
    s = f"{value:f}"
    return s if "." not in s else f"{value:.2f}"


def _figure(chart: Chart):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE)  # fixed margins: constrained layout doubles the drawing time
    if chart.kind == "pie":
        ax = fig.add_axes((0.02, 0.04, 0.46, 0.92))
        _pie(fig, ax, chart)
    else:
        ax = fig.add_axes((0.11, 0.1, 0.86, 0.78))
        _bars(ax, chart)
    # no title inside the image: every writer prints chart.title as the caption
    return fig


def _bars(ax: Any, chart: Chart) -> None:
    n_series = len(chart.series)
    width = 0.8 / max(1, n_series)
    xs = range(len(chart.labels))
    top = max((v for _, vals in chart.series for v in _values(vals)), default=Decimal(0))
    for k, (name, vals) in enumerate(chart.series):
        nums = _values(vals)
        offs = [x - 0.4 + width * (k + 0.5) for x in xs]
        color = PALETTE[k % len(PALETTE)] if n_series > 1 else None
        colors = color or [PALETTE[i % len(PALETTE)] for i in range(len(nums))]
        bars = ax.bar(offs, [float(v) for v in nums], width=width * 0.92, color=colors,  # chart: floats for plotting
                      label=name)
        ax.bar_label(bars, labels=[_label(v) for v in nums], padding=2, fontsize=8)
    ax.set_xticks(list(xs), chart.labels)
    ax.set_ylabel(f"单位：{chart.unit}")
    ax.set_ylim(0, float(top) * 1.15 if top > 0 else 1)  # chart headroom for the labels
    if chart.unit == "人":
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    if n_series > 1:
        ax.legend(frameon=False, fontsize=9, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=n_series)


def _pie(fig: Any, ax: Any, chart: Chart) -> None:
    nums = _values(chart.series[0][1]) if chart.series else []
    total = sum(nums, Decimal(0))
    if chart.shares and len(chart.shares) == len(nums):  # the shares the narrative states (derive.share)
        shares = [Decimal(x) for x in chart.shares]
    else:
        shares = [(percent(v, total) or Decimal(0)) if total else Decimal(0) for v in nums]
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(nums))]

    def autopct_labels() -> list[str]:
        return [f"{s:.2f}%" if s >= TINY_SHARE else "" for s in shares]

    wedges, _texts = ax.pie([float(v) for v in nums] if total else [1], colors=colors if total else ["#ddd"],  # chart
                            startangle=90, counterclock=False,
                            wedgeprops={"linewidth": 1, "edgecolor": "white"})
    if total:
        import math

        for w, text in zip(wedges, autopct_labels(), strict=True):
            if not text:
                continue
            ang = math.radians((w.theta1 + w.theta2) / 2)
            ax.text(0.62 * math.cos(ang), 0.62 * math.sin(ang), text, ha="center", va="center",
                    fontsize=9, color="white")
    legend = [f"{name}：{_label(v)}{chart.unit}（{s:.2f}%）" for name, v, s in zip(chart.labels, nums, shares,
                                                                                    strict=True)]
    ax.legend(wedges, legend, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
    ax.set_aspect("equal")


def _key(chart: Chart) -> tuple[Any, ...]:
    return (chart.id, chart.title, chart.kind, tuple(chart.labels),
            tuple((n, tuple(v)) for n, v in chart.series), chart.unit, tuple(chart.shares))


@lru_cache(maxsize=64)
def _render(key: tuple[Any, ...], fmt: str) -> bytes:
    """The chart image, from the disk cache when this exact chart was drawn before."""
    cached = _cache_path(key, fmt)
    if cached is not None and cached.exists():
        try:
            return cached.read_bytes()
        except OSError:
            pass
    data = _draw(key, fmt)
    if cached is not None:
        _store(cached, data)
    return data


def _draw(key: tuple[Any, ...], fmt: str) -> bytes:
    import matplotlib

    chart = Chart(id=key[0], title=key[1], kind=key[2], labels=list(key[3]),
                  series=[(n, list(v)) for n, v in key[4]], unit=key[5], shares=list(key[6]))
    with matplotlib.rc_context(_rc()):
        fig = _figure(chart)
        buf = io.BytesIO()
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None})
        else:  # zlib level 1: the default level spends most of a chart's time compressing
            fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


# --- disk cache: a rebuild whose charts did not change never imports matplotlib ----------------

def cache_dir() -> Path | None:
    """Where drawn charts are kept (JUESUAN_CACHE_DIR, else the user cache); None when disabled
    with JUESUAN_CHART_CACHE=0."""
    if os.environ.get("JUESUAN_CHART_CACHE", "1") == "0":
        return None
    base = os.environ.get("JUESUAN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "juesuan")
    return Path(base) / "charts"


@lru_cache(maxsize=1)
def _code_version() -> str:
    """This module's source and the library versions: any change to how charts look misses the cache."""
    import importlib.metadata as md

    h = hashlib.sha256(Path(__file__).read_bytes())
    for dist in ("matplotlib", "pylopdf-fonts-zh-cn"):
        try:
            h.update(f"{dist}={md.version(dist)}".encode())
        except md.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()


def _cache_path(key: tuple[Any, ...], fmt: str) -> Path | None:
    d = cache_dir()
    if d is None:
        return None
    h = hashlib.sha256(f"{_code_version()}|{fmt}|{DPI}|{key!r}".encode()).hexdigest()
    return d / f"{h}.{fmt}"


CACHE_MAX_FILES = 2000  # about 60 MB; the oldest images go first


def _store(path: Path, data: bytes) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".chart-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        _prune(path.parent)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    entries = list(os.scandir(folder))
    if len(entries) <= CACHE_MAX_FILES:
        return
    entries.sort(key=lambda e: e.stat().st_mtime)
    for e in entries[: len(entries) - CACHE_MAX_FILES * 3 // 4]:
        Path(e.path).unlink(missing_ok=True)


def chart_png(chart: Chart) -> bytes:
    """The chart as a 200-dpi PNG (for DOCX and PDF)."""
    return _render(_key(chart), "png")


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG document without the XML prolog (to inline into HTML)."""
    text = _render(_key(chart), "svg").decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def describe(chart: Chart) -> str:
    """A one-line text alternative: the title and every labelled value."""
    parts = []
    for name, vals in chart.series:
        pairs = "，".join(f"{lab}{_label(v)}{chart.unit}" for lab, v in zip(chart.labels, _values(vals), strict=False))
        parts.append(f"{name}：{pairs}" if len(chart.series) > 1 else pairs)
    return f"{chart.title}。" + "；".join(parts) + "。"


def render_png(chart: Chart, path: Path | str) -> Path:
    """Write the chart's PNG to `path` (used by the DOCX and PDF writers)."""
    out = Path(path)
    out.write_bytes(chart_png(chart))
    return out


def render_svg(chart: Chart, path: Path | str) -> Path:
    """Write the chart's SVG to `path`."""
    out = Path(path)
    out.write_text(chart_svg(chart), encoding="utf-8")
    return out
