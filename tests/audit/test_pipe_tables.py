"""Tables printed as text with pipes (Markdown `| a | b |` and plain `a | b`): formats/published/text.py.

The seed converted to Markdown tables is audited exactly as the tab-separated seed; pipe lines that
are not a table (a web page's metadata line, a sentence with one '|') stay text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CORPUS, SEED
from juesuan.formats.published.blocks import clean
from juesuan.formats.published.text import parse_text

from .helpers import table_lines


def _markdown(text: str) -> str:
    """Every run of tab rows as a Markdown table: `| a | b |` rows, a `|---|` row after the first."""
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        if "\t" in line and line.strip():
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "|".join("---" for _ in cells) + "|")
            in_table = True
        else:
            in_table = in_table and not line.strip()
            out.append(line)
    return "\n".join(out)


def _plain_pipes(text: str) -> str:
    return "\n".join(" | ".join(x.split("\t")) if "\t" in x and x.strip() else x for x in text.split("\n"))


def _findings(path: Path) -> list[tuple]:
    from juesuan.app.audit import audit_file

    r = audit_file(path)
    return sorted((f.rule, f.severity, f.status, f.message, str(f.found), str(f.expected),
                   tuple(sorted((k, str(v)) for k, v in f.location.to_dict().items() if k != "source_line")))
                  for f in r.findings)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("convert", [_markdown, _plain_pipes], ids=["markdown", "plain"])
def test_seed_with_pipe_tables_audits_as_the_tab_seed(tmp_path, seed_text, convert):
    from juesuan.formats.published.read import read_published

    piped = tmp_path / "seed-pipes.md"
    piped.write_text(convert(seed_text), encoding="utf-8")
    tabbed = tmp_path / "seed-tabs.md"
    tabbed.write_text(seed_text, encoding="utf-8")
    a, b = read_published(tabbed), read_published(piped)
    assert table_lines(b.model) == table_lines(a.model)
    assert b.model.performance == a.model.performance
    assert len(b.model.performance.projects) == 1 and b.model.performance.overall is not None
    assert _findings(piped) == _findings(tabbed)


def test_markdown_rows_keep_their_line_numbers(seed_text):
    md = _markdown(seed_text)
    lines = md.split("\n")
    blocks = parse_text(md)
    tables = [b for b in blocks if b.kind == "table"]
    tabbed = [b for b in parse_text(seed_text) if b.kind == "table"]
    assert [t.rows for t in tables] == [t.rows for t in tabbed]
    for t in tables:
        assert not any(set("".join(c or "" for c in r)) <= set("-:") and any(r) for r in t.rows)  # |---| dropped
        for row, loc in zip(t.rows, t.row_locs, strict=True):
            first = next(c for c in row if c)
            assert first in clean(lines[loc.line - 1])  # the row's own line
    funds = next(t for t in tables if any("年度资金总额" in (c or "") for r in t.rows for c in r))
    i = next(i for i, r in enumerate(funds.rows) if "年度资金总额" in r)
    assert lines[funds.row_locs[i].line - 1].startswith("|  |  |  | 年度资金总额 | 0 | 300 | 111.11 |")


def test_markdown_table_continued_after_a_page_mark_is_one_table():
    text = ("支出决算表\n\n| 项目 | 金额 |\n|---|---|\n| 合计 | 3.00 |\n| 201 | 1.00 |\n\f\n— 2 —\n"
            "| 项目 | 金额 |\n|---|---|\n| 202 | 2.00 |\n")
    tables = [b for b in parse_text(text) if b.kind == "table"]
    assert len(tables) == 1
    assert [r[0] for r in tables[0].rows] == ["项目", "合计", "201", "202"]  # the repeated header dropped
    assert tables[0].row_locs[-1].page == 2 and tables[0].row_locs[-1].line == 11


def test_escaped_pipe_stays_in_its_cell():
    tables = [b for b in parse_text("| 项目 | 说明 |\n|---|---|\n| 甲 | a\\|b |\n") if b.kind == "table"]
    assert tables[0].rows[1] == ["甲", "a|b"]


def test_fengdu_metadata_line_is_not_a_table():
    path = CORPUS / "chongqing-fengdu-forestry-bureau-2024-final-excerpt.txt"
    blocks = parse_text(path.read_text(encoding="utf-8"))
    assert not [b for b in blocks if b.kind == "table"]
    assert any(b.kind == "para" and b.text.startswith("[索引号]") and "[主题分类]林业" in b.text for b in blocks)


@pytest.mark.parametrize("text", [
    "本单位收入|支出情况如下。\n下一段文字。\n",
    "索引号: 2025-1 | 发布机构: 某局 | 发布日期: 2025-04-29\n\n正文第一段。\n",
    "甲 | 乙\n丙 | 丁\n",  # two rows of two cells, no header the layouts know: not enough to call it a table
])
def test_pipe_lines_that_are_not_tables_stay_text(text):
    blocks = parse_text(text)
    assert [b.kind for b in blocks] == ["para"] * len(blocks) and blocks


def test_plain_pipe_table_of_a_real_excerpt_is_read():
    path = CORPUS / "sichuan-qingshen-drc-2023-project-performance-self-eval-table-excerpt.txt"
    tables = [b for b in parse_text(path.read_text(encoding="utf-8")) if b.kind == "table"]
    assert len(tables) == 1
    t = tables[0]
    assert t.rows[0][:2] == ["项目名称", "51000021R000000019951-工资性支出"]
    i = next(i for i, r in enumerate(t.rows) if r[0] == "总额")
    assert t.rows[i][:5] == ["总额", "238.93", "251.89", "251.89", "100.00%"]
    assert t.row_locs[i].line == 13


def test_two_sided_table_whose_side_heads_are_two_cells():
    """Hubei 2019: "收入 | 支出" printed as two cells above six columns; the sides split at the second 项目."""
    from juesuan.formats.published.blocks import RawDocument
    from juesuan.formats.published.read import assemble

    path = CORPUS / "hubei-nanzhang-investment-service-center-2019-dept-final-excerpt.txt"
    rep = assemble(RawDocument(str(path), parse_text(path.read_text(encoding="utf-8"))))
    t1 = rep.model.tables["T01"]
    # 一、一般公共预算财政拨款收入 | 1 | 440.55 | 一、一般公共服务支出 | 29 | 423.20  (line 41)
    assert t1.value("general_budget", "amount") == Decimal("440.55")
    assert t1.value("201", "amount") == Decimal("423.20")
    assert t1.value("superior_subsidy", "amount") == Decimal("10.00")  # 三、上级补助收入 | 3 | 10.00
    assert rep.table_locs["T01"]["general_budget"].line == 41
