"""The HTML report: every table cell against the model, accessibility, escaping, self-containment,
the embedded model and the draft stamp."""

from __future__ import annotations

import json
import re
import warnings

import pytest
from lxml import html as lhtml

from juesuan.core import codec
from juesuan.core.amounts import fmt_amount
from juesuan.domain.profiles import load_profile
from juesuan.formats.embedded import read_embedded
from juesuan.render.html import render_html, write_html
from juesuan.report import assemble


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from conftest import EXAMPLE_YAML
    model = codec.read_path(EXAMPLE_YAML)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = render_html(model)
    return model, text, lhtml.fromstring(text)


def grid(tree, table_id: str) -> list[list[str]]:
    """Body rows of one table as cell texts (spans ignored: body cells are listed in order)."""
    fig = tree.get_element_by_id(f"tbl-{table_id}")
    rows = fig.xpath(".//tbody/tr")
    return [[c.text_content().strip() for c in r.xpath("./th|./td")] for r in rows]


def numeric_cells(tree, table_id: str) -> int:
    fig = tree.get_element_by_id(f"tbl-{table_id}")
    return sum(1 for c in fig.xpath(".//tbody//td[contains(@class,'num')]") if c.text_content().strip())


def test_every_table_cell_matches_the_model(page):
    model, _, tree = page
    profile = load_profile(model.profile)
    checked = 0
    for layout in profile.ordered_tables():
        t = model.table(layout.id)
        rows = grid(tree, layout.id)
        expected_cells = 0
        for r in t.rows:
            for col, value in r.values.items():
                if value is None:
                    continue
                expected_cells += 1
                want = fmt_amount(value)
                if layout.layout == "classified":
                    idx = [c.key for c in layout.columns].index(col)
                    row = next(x for x in rows if (x[1] == "合计" if r.key == "total" else x[0] == r.key))
                    assert row[2 + idx] == want, (layout.id, r.key, col)
                elif layout.layout == "two_sided":
                    assert layout.left and layout.right
                    if any(s.key == r.key for s in layout.left.rows):
                        spec = next(s for s in layout.left.rows if s.key == r.key)
                        row = next(x for x in rows if x[0] == spec.label and x[1] == str(spec.line))
                        idx = [c.key for c in layout.left.columns].index(col)
                        assert row[2 + idx] == want, (layout.id, r.key, col)
                    else:
                        spec = next(s for s in layout.right.rows if s.key == r.key)
                        off = 2 + len(layout.left.columns)
                        row = next(x for x in rows if x[off] == spec.label and x[off + 1] == str(spec.line))
                        idx = [c.key for c in layout.right.columns].index(col)
                        assert row[off + 2 + idx] == want, (layout.id, r.key, col)
                elif layout.layout == "economic":
                    if r.key in ("personnel_total", "public_total"):
                        label = "人员经费合计" if r.key == "personnel_total" else "公用经费合计"
                        row = rows[-1]
                        assert row[row.index(label) + 1] == want
                    else:
                        hits = [x[i + 2] for x in rows for i in (0, 3, 6) if i < len(x) and x[i] == r.key]
                        assert hits == [want], (layout.id, r.key)
                else:  # matrix
                    spec = next(s for s in layout.rows if s.key == r.key)
                    row = next(x for x in rows if x[0] == spec.label)
                    idx = [c.key for c in layout.columns].index(col)
                    assert row[1 + idx] == want, (layout.id, r.key, col)
                checked += 1
        assert numeric_cells(tree, layout.id) == expected_cells, layout.id
    assert checked > 150


def test_two_sided_tables_print_padding_lines(page):
    _, _, tree = page
    rows = grid(tree, "T01")
    assert len(rows) == 30
    assert rows[8][:2] == ["", "9"] and rows[8][3:5] == ["九、卫生健康支出", "39"]
    assert rows[26][0] == "本年收入合计" and rows[26][3] == "本年支出合计" and rows[26][4] == "57"
    t4 = grid(tree, "T04")
    assert t4[-1][:3] == ["合计", "32", "691.29"] and t4[-1][3:5] == ["合计", "64"]


def test_classified_tables_put_the_total_first_and_show_column_numbers(page):
    _, _, tree = page
    fig = tree.get_element_by_id("tbl-T02")
    head = [[c.text_content() for c in r.xpath("./th")] for r in fig.xpath(".//thead/tr")]
    assert head[-1] == ["", "栏次", "1", "2", "3", "4", "5", "6", "7"]
    assert grid(tree, "T02")[0][:3] == ["", "合计", "691.29"]


def test_t06_has_three_blocks_and_the_footer(page):
    _, _, tree = page
    rows = grid(tree, "T06")
    assert len(rows[0]) == 9 and rows[0][0] == "301" and rows[0][3] == "302" and rows[0][6] == "307"
    assert rows[-1] == ["人员经费合计", "99.23", "公用经费合计", "8.80"]
    fig = tree.get_element_by_id("tbl-T06")
    foot = fig.xpath(".//tbody/tr[last()]/*")
    assert [c.get("colspan") for c in foot] == ["2", None, "5", None]


def test_t09_has_a_three_level_header_with_spans(page):
    _, _, tree = page
    fig = tree.get_element_by_id("tbl-T09")
    head = fig.xpath(".//thead/tr")
    assert len(head) == 4  # three header levels + 栏次
    first = head[0].xpath("./th")
    assert first[0].get("rowspan") == "3" and first[1].get("colspan") == "6"
    assert first[1].get("scope") == "colgroup" and head[2].xpath("./th")[0].get("scope") == "col"
    assert grid(tree, "T09") == [["预算数", "", "", "", "", "", "", "", "0.30"],
                                 ["决算数", "", "", "", "", "", "", "", "0.28"]]


def test_tables_are_accessible_and_scroll_in_their_own_box(page):
    _, text, tree = page
    for fig in tree.xpath("//figure[contains(@class,'table')]"):
        wrap = fig.xpath("./div[@class='table-wrap']")[0]
        table = wrap.xpath("./table")[0]
        cap = table.xpath("./caption")[0]
        assert cap.text_content().strip()
        assert wrap.get("aria-labelledby") == cap.get("id")
        for th in table.xpath(".//th"):
            assert th.get("scope") in ("col", "colgroup", "row", "rowgroup")
    assert ".table-wrap{overflow-x:auto" in text


def test_self_evaluation_tables_keep_merged_cells(page):
    _, _, tree = page
    head = tree.get_element_by_id("tbl-perf.overall").xpath(".//thead/tr")
    assert len(head) == 1  # the 名称 row is the header, repeated on each printed page
    label, value = head[0].xpath("./*")
    assert (label.tag, label.get("colspan"), label.get("scope"), label.text_content()) == ("th", "3", "row",
                                                                                          "部门（单位）名称")
    assert value.tag == "td" and value.get("colspan") == "10" and value.text_content()
    rows = tree.get_element_by_id("tbl-perf.overall").xpath(".//tbody/tr")
    assert rows[0].xpath("./*")[0].text_content() == "年度主要任务完成情况"
    level1 = [c for c in tree.get_element_by_id("tbl-perf.overall").xpath(".//td|.//th")
              if c.text_content().startswith("产出指标")]
    assert level1[0].get("rowspan") == "10"
    proj = tree.get_element_by_id("tbl-perf.project.1")
    assert [tr.xpath("./*")[0].text_content() for tr in proj.xpath(".//thead/tr")] == ["项目名称", "主管部门"]
    assert any(c.text_content() == "项目资金（万元）" and c.get("rowspan") == "5" for c in proj.xpath(".//th"))


def test_no_external_requests(page):
    _, text, tree = page
    assert not tree.xpath("//link|//img|//iframe|//script[@src]")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
    assert "@import" not in text and "url(http" not in text


def test_print_stylesheet(page):
    _, text, _ = page
    assert "@media print" in text and "size:A4" in text
    assert "thead{display:table-header-group}" in text and "break-before:page" in text


def test_charts_are_inline_svg_with_text_alternatives(page):
    _, text, tree = page
    figs = tree.xpath("//figure[contains(@class,'chart')]")
    assert len(figs) == 7
    for f in figs:
        assert f.xpath(".//svg") and f.xpath(".//figcaption")[0].text_content()
        assert "万元" in f.xpath(".//div[@role='img']")[0].get("aria-label") or "人" in f.xpath(
            ".//div[@role='img']")[0].get("aria-label")
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), "ids must be unique across inline SVGs"


def test_embedded_model_round_trip(page, tmp_path):
    model, text, tree = page
    script = tree.get_element_by_id("juesuan-model")
    assert script.get("type") == "application/json"
    assert json.loads(script.text)["unit"]["name"] == model.unit.name
    path = tmp_path / "r.html"
    path.write_text(text, encoding="utf-8")
    assert read_embedded(path) == model


def test_html_in_unit_text_stays_text(example, tmp_path):
    evil = '<script>alert("x")</script>&<b>单位</b>'
    example.unit.name = evil
    example.reasons["total_change"] = "</script><img src=x onerror=alert(1)>原因"
    doc = assemble(example)
    path = tmp_path / "evil.html"
    write_html(doc, path)
    text = path.read_text(encoding="utf-8")
    tree = lhtml.fromstring(text)
    assert not tree.xpath("//img") and len(tree.xpath("//script")) == 1
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;单位&lt;/b&gt;" in text
    assert tree.xpath("//p[@class='cover-title']")[0].text_content() == evil
    back = read_embedded(path)
    assert back.unit.name == evil and back.reasons["total_change"].startswith("</script>")


def test_draft_is_stamped(example):
    doc = assemble(example)
    doc.draft = True
    text = render_html(doc)
    tree = lhtml.fromstring(text)
    assert tree.xpath("//div[@class='draft-banner']")[0].text_content().startswith("草稿")
    assert tree.xpath("//title")[0].text.startswith("【草稿】")
    assert not lhtml.fromstring(render_html(assemble(example))).xpath("//div[@class='draft-banner']")


def test_toc_links_resolve(page):
    _, _, tree = page
    links = tree.xpath("//nav[@class='toc']//a/@href")
    assert len(links) == 31
    for href in links:
        assert tree.get_element_by_id(href[1:]) is not None
