"""Charts: the seven charts of the seed, Chinese glyphs without missing-glyph warnings, values labelled."""

from __future__ import annotations

import os
import warnings

import pytest

from juesuan.document import Chart
from juesuan.narrative import assemble
from juesuan.writers import charts

SEED_CHARTS = ["本年人员结构图", "收入、支出决算总计对比图（单位：万元）", "收入结构图", "支出结构图",
               "财政拨款收入、支出总计对比图（单位：万元）", "财政拨款支出对比图（单位：万元）", "财政拨款支出结构图"]


@pytest.fixture(autouse=True)
def no_disk_cache(monkeypatch):
    """Draw every chart for real in these tests (the disk cache has its own test)."""
    monkeypatch.setenv("JUESUAN_CHART_CACHE", "0")
    charts._render.cache_clear()
    yield
    charts._render.cache_clear()


@pytest.fixture(scope="module")
def chart_blocks():
    from conftest import EXAMPLE_YAML
    from juesuan import codec

    return [b for b in assemble(codec.read_path(EXAMPLE_YAML)).blocks if isinstance(b, Chart)]


def test_the_seven_charts_of_the_seed_in_order(chart_blocks):
    assert [c.title for c in chart_blocks] == SEED_CHARTS


def test_chart_data_are_decimal_strings_from_the_figures(chart_blocks):
    by_id = {c.id: c for c in chart_blocks}
    assert by_id["gb_structure"].shares == ["0.04", "98.27", "0.60", "1.09"]  # derive.class_structure
    assert by_id["expenditure"].shares == ["15.63", "84.37"]
    assert by_id["expenditure"].labels == ["基本支出", "项目支出"]
    assert by_id["expenditure"].series == [("决算数", ["108.04", "583.26"])]
    assert by_id["totals"].series[0] == ("收入总计", ["318.39", "691.29"])
    assert by_id["staff"].unit == "人" and by_id["staff"].series[1] == ("实有人数", ["5", "1"])


def test_png_and_svg_render_without_missing_glyphs(chart_blocks, tmp_path):
    charts._render.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise here
        for c in chart_blocks:
            png = charts.render_png(c, tmp_path / f"{c.id}.png")
            data = png.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
            svg = charts.chart_svg(c)
            assert svg.startswith("<svg") and "</svg>" in svg
    from PIL import Image

    with Image.open(tmp_path / "totals.png") as im:
        assert im.size == (1280, 720)  # 6.4 × 3.6 in at 200 dpi


def test_a_glyph_the_font_lacks_is_an_error(tmp_path):
    chart = Chart(id="x", title="t", kind="bar", labels=["\U0001F600"], series=[("s", ["1"])])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="missing from font"):
            charts._render(charts._key(chart), "png")


def test_chinese_labels_and_values_are_drawn(chart_blocks):
    # with glyphs as paths, matplotlib writes each drawn string as an SVG comment
    by_id = {c.id: c for c in chart_blocks}
    svg = charts.chart_svg(by_id["gb_compare"])
    for text in ("<!-- 318.39 -->", "<!-- 150.56 -->", "<!-- 691.29 -->", "<!-- 2024年度年初预算 -->"):
        assert text in svg
    pie = charts.chart_svg(by_id["gb_structure"])
    assert "<!-- 98.27% -->" in pie  # the big slice is labelled, with the share the narrative states
    assert "<!-- 教育支出：0.28万元（0.04%） -->" in pie  # the tiny slice only in the legend
    assert "<!-- 0.04% -->" not in pie


def test_font_is_the_pip_noto_sans_sc():
    assert charts.font_name() == "Noto Sans SC"


def test_describe_lists_every_value(chart_blocks):
    by_id = {c.id: c for c in chart_blocks}
    assert charts.describe(by_id["expenditure"]) == "支出结构图。基本支出108.04万元，项目支出583.26万元。"


def test_disk_cache_skips_drawing_unchanged_charts(chart_blocks, tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_CHART_CACHE", "1")
    monkeypatch.setenv("JUESUAN_CACHE_DIR", str(tmp_path))
    chart = chart_blocks[1]
    first = charts.chart_png(chart)
    files = list((tmp_path / "charts").iterdir())
    assert len(files) == 1 and files[0].read_bytes() == first

    def no_drawing(*_):
        raise AssertionError("drew a cached chart")

    monkeypatch.setattr(charts, "_draw", no_drawing)
    charts._render.cache_clear()
    assert charts.chart_png(chart) == first  # from disk
    changed = Chart(id=chart.id, title=chart.title, kind=chart.kind, labels=chart.labels,
                    series=[(chart.series[0][0], ["1.00", "2.00"])], unit=chart.unit)
    with pytest.raises(AssertionError, match="drew"):
        charts.chart_png(changed)  # other figures: a miss


def test_disk_cache_can_be_disabled(chart_blocks, tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_CACHE_DIR", str(tmp_path))
    charts.chart_png(chart_blocks[0])
    assert not (tmp_path / "charts").exists()


def test_disk_cache_is_pruned(tmp_path, monkeypatch):
    folder = tmp_path / "charts"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.png").write_bytes(b"x")
        os.utime(folder / f"{i:02d}.png", (i, i))
    monkeypatch.setattr(charts, "CACHE_MAX_FILES", 10)
    charts._prune(folder)
    assert sorted(p.name for p in folder.iterdir()) == [f"{i:02d}.png" for i in range(5, 12)]
