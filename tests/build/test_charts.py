"""Charts: the seven charts of the seed, drawn as SVG with every label as text, rasterised by Typst."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from juesuan.core.document import Chart
from juesuan.render import charts
from juesuan.report import assemble

SEED_CHARTS = ["本年人员结构图", "收入、支出决算总计对比图（单位：万元）", "收入结构图", "支出结构图",
               "财政拨款收入、支出总计对比图（单位：万元）", "财政拨款支出对比图（单位：万元）", "财政拨款支出结构图"]
SVG = "{http://www.w3.org/2000/svg}"
NINE = Chart(id="many", title="财政拨款支出结构图", kind="pie",
             labels=["一般公共服务支出", "教育支出", "科学技术支出", "社会保障和就业支出", "卫生健康支出",
                     "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出",
                     "住房保障支出"],
             series=[("决算数", ["108817.15", "300.00", "20.00", "500.00", "88.00", "3.00", "0.00", "450.00",
                                 "12.00", "7.00", "90.00"])])
FOURTEEN = Chart(id="fourteen", title="t", kind="pie", labels=[f"第{i}类支出" for i in range(1, 15)],
                 series=[("决算数", [f"{100 - 7 * i}.00" for i in range(14)])])
BIG = Chart(id="big", title="t", kind="grouped_bar", labels=["2023年度", "2024年度"],
            series=[("收入总计", ["108817.15", "95000.20"]), ("支出总计", ["106183.12", "97000.00"])])
LONG = Chart(id="long", title="t", kind="bar",
             labels=["一般公共预算财政拨款基本支出中的人员经费", "一般公共预算财政拨款基本支出中的公用经费",
                     "政府性基金预算财政拨款支出", "国有资本经营预算财政拨款支出"],
             series=[("金额", ["1.00", "2.00", "0.00", "3.50"])])


@pytest.fixture(scope="module")
def chart_blocks():
    from conftest import EXAMPLE_YAML
    from juesuan.core import codec

    return [b for b in assemble(codec.read_path(EXAMPLE_YAML)).blocks if isinstance(b, Chart)]


def texts(chart: Chart) -> list[ET.Element]:
    return list(ET.fromstring(charts.chart_svg(chart)).iter(f"{SVG}text"))


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


def test_labels_and_values_are_svg_text(chart_blocks):
    by_id = {c.id: c for c in chart_blocks}
    bar = [t.text for t in texts(by_id["gb_compare"])]
    for text in ("318.39", "150.56", "691.29", "2024年度年初预算"):
        assert text in bar
    # the unit once per chart: this title says （单位：万元）, so the picture does not repeat it
    assert "单位" in by_id["gb_compare"].title and not any("单位" in (t or "") for t in bar)
    pie = [t.text for t in texts(by_id["gb_structure"])]
    assert "98.27%" in pie  # the big slice is labelled, with the share the narrative states
    assert "教育支出：0.28万元（0.04%）" in pie  # the tiny slice only in the legend
    assert "0.04%" not in pie
    staff = [t.text for t in texts(by_id["staff"])]
    assert {"6", "5", "1", "编制人数", "实有人数", "单位：人"} <= set(staff) and "6.00" not in staff


def test_text_is_escaped():
    chart = Chart(id="x", title="t", kind="bar", labels=["<b>&</b>"], series=[("s", ["1.00"])])
    svg = charts.chart_svg(chart)
    assert "<b>" not in svg and "&lt;b&gt;&amp;&lt;/b&gt;" in svg
    assert [t.text for t in texts(chart)].count("<b>&</b>") == 1


def test_bar_heights_are_proportional_to_the_values(chart_blocks):
    gb = next(c for c in chart_blocks if c.id == "gb_compare")
    rects = [r for r in ET.fromstring(charts.chart_svg(gb)).iter(f"{SVG}rect")][1:]  # after the background
    heights = [float(r.get("height")) for r in rects]
    assert len(heights) == 3
    for h, v in zip(heights, ["318.39", "150.56", "691.29"], strict=True):
        assert h / heights[2] == pytest.approx(float(Decimal(v) / Decimal("691.29")), abs=0.002)


def test_pie_slices_follow_the_values(chart_blocks):
    exp = next(c for c in chart_blocks if c.id == "expenditure")
    paths = [p.get("d") for p in ET.fromstring(charts.chart_svg(exp)).iter(f"{SVG}path")]
    assert len(paths) == 2
    # the first slice (基本支出 15.63 %) is the small arc, the second (84.37 %) the large one
    flags = [re.search(r"A[\d.]+ [\d.]+ 0 ([01]) 1", d).group(1) for d in paths]
    assert flags == ["0", "1"]


def test_every_label_stays_inside_the_picture(chart_blocks):
    """Estimated from the font's advance widths: nothing is cut off at the edges, even with eleven
    slices, five-digit figures or long category names."""
    for chart in [*chart_blocks, NINE, BIG, LONG, FOURTEEN]:
        for t in texts(chart):
            size, x, y = float(t.get("font-size")), float(t.get("x")), float(t.get("y"))
            w = charts.text_width(t.text, size)
            left = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor")]
            assert left >= 0 and left + w <= charts.WIDTH, (chart.id, t.text)
            assert y - size >= 0 and y <= charts.HEIGHT, (chart.id, t.text)


def test_long_category_names_wrap():
    cats = [t.text for t in texts(LONG) if t.get("font-size") == "14"]
    assert "".join(cats[:2]) == "一般公共预算财政拨款基本支出中的人员经费"  # two lines


def test_many_slices_merge_the_smallest_into_others():
    legend = [t.text for t in texts(FOURTEEN) if "：" in t.text]
    assert len(legend) == charts.MAX_SLICES
    assert legend[0] == "第1类支出：100.00万元（13.11%）"
    # the five smallest (37 + 30 + 23 + 16 + 9 = 115) together, with their shares summed
    assert legend[-1] == "其他5项：115.00万元（15.07%）"
    paths = list(ET.fromstring(charts.chart_svg(FOURTEEN)).iter(f"{SVG}path"))
    assert len(paths) == charts.MAX_SLICES


def test_an_empty_pie_says_so():
    zero = Chart(id="z", title="t", kind="pie", labels=["基本支出", "项目支出"], series=[("决算数", ["0.00", "0.00"])])
    found = [t.text for t in texts(zero)]
    assert "无数据" in found and "基本支出：0.00万元（0.00%）" in found
    assert not list(ET.fromstring(charts.chart_svg(zero)).iter(f"{SVG}path"))


@pytest.mark.parametrize(("top", "integer", "step"), [
    (Decimal("795.0"), False, Decimal("200")), (Decimal("9.2"), True, Decimal("2")),
    (Decimal("2.3"), True, Decimal("1")), (Decimal("125000"), False, Decimal("25000")),
    (Decimal("0.6"), False, Decimal("0.2")),
])
def test_tick_steps_are_round(top, integer, step):
    assert charts._nice_step(top, integer) == step


def test_ascii_widths_are_the_fonts_own():
    import pymupdf
    from pylopdf_fonts_zh_cn import sans_path

    font = pymupdf.Font(fontfile=str(sans_path()))
    for c in "0123456789.%：（）ABCabc年度":
        assert charts.text_width(c, 1000) == pytest.approx(font.text_length(c, fontsize=1000), abs=1)


def test_every_character_drawn_has_a_glyph_in_the_pip_font(chart_blocks):
    import pymupdf
    from pylopdf_fonts_zh_cn import sans_path

    font = pymupdf.Font(fontfile=str(sans_path()))
    drawn = {ch for chart in [*chart_blocks, NINE, LONG] for t in texts(chart) for ch in t.text}
    assert not [ch for ch in drawn if not font.has_glyph(ord(ch))]


def test_pngs_are_rendered_with_the_font(chart_blocks):
    import pymupdf

    pngs = charts.chart_pngs(chart_blocks)
    assert len(pngs) == 7 and all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    pix = pymupdf.Pixmap(pngs[5])  # gb_compare: three bars in three colours
    assert (pix.width, pix.height) == (1280, 720)  # 6.4 × 3.6 in at 200 dpi
    colours = {pix.pixel(x, 600)[:3] for x in range(0, 1280, 4)}
    for hexc in charts.PALETTE[:3]:
        assert tuple(int(hexc[i:i + 2], 16) for i in (1, 3, 5)) in colours
    dark = sum(1 for x in range(0, 1280, 2) for y in range(640, 700, 2) if sum(pix.pixel(x, y)[:3]) < 200)
    assert dark > 50  # the category names under the axis are drawn
    assert charts.chart_png(chart_blocks[5]) == pngs[5]  # the same picture from the cache


def test_describe_lists_every_value(chart_blocks):
    by_id = {c.id: c for c in chart_blocks}
    assert charts.describe(by_id["expenditure"]) == "支出结构图。基本支出108.04万元，项目支出583.26万元。"
    assert charts.describe(by_id["staff"]) == "本年人员结构图。编制人数：行政6人，事业1人；实有人数：行政5人，事业1人。"
