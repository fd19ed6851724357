"""The 单位决算 template (issue 10, item 3): a unit's own final accounts, as 四川 units publish them —
the nine tables plus detail tables the model has no place for.  Detection on the corpus excerpts, the
detail tables recognised and not read, and a clean audit of a 单位决算 built from the example."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from conftest import CORPUS, REPO

UNIT_EXCERPTS = ["sichuan-quxian-agri-tech-service-center-2024-unit-final-excerpt.txt",
                 "sichuan-luzhou-tcm-hospital-2023-unit-final-excerpt.txt",
                 "sichuan-daying-unknown-unit-2022-unit-final-narrative-excerpt.txt"]


def _blocks(*texts):
    from juesuan.formats.published.blocks import Block

    return [Block("para", t) for t in texts]


def test_unit_final_profile_has_the_nine_tables_and_names_its_detail_tables():
    from juesuan.domain.profiles import load_profile

    p = load_profile("unit-final-2024")
    assert p.table_order == ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09")
    assert not p.three_public_includes_meeting_training and not p.header_lines  # as the national template
    assert p.table("T09").title == "财政拨款“三公”经费支出决算表"
    # table 8 is the 支出 table; the 收入支出 table of 国有资本经营 is one of the detail tables
    assert "国有资本经营预算财政拨款收入支出决算表" not in p.table("T08").all_titles
    assert "一般公共预算财政拨款项目支出决算表" in p.raw["other_tables"]


@pytest.mark.parametrize("name", UNIT_EXCERPTS)
def test_unit_final_detected_on_real_excerpts(name):
    from juesuan.domain.profiles.detect import detect_profile
    from juesuan.formats.published.text import read_text

    assert detect_profile(read_text(CORPUS / name).blocks) == "unit-final-2024"


@pytest.mark.parametrize(("texts", "profile"), [
    (("泸州市中医医院2023年度单位决算", "第二部分 2023年度单位决算情况说明"), "unit-final-2024"),
    # 部门（单位）决算 is a department's report
    (("某县水利局2024年度部门（单位）决算", "第二部分 2024年度部门决算情况说明"), "national"),
    # a Shaanxi unit's 单位决算 keeps the Shaanxi template (its header lines are required)
    (("榆林市某中心2024年度单位决算", "保密审查情况：已审查", "主要负责人审签情况：已审签"), "shaanxi-2024"),
    # one weak signal many regions print (其他重要事项) does not make a report Shanghai's
    (("某县审计局2024年度部门决算", "十、其他重要事项的情况说明"), "national"),
])
def test_unit_final_detection_against_other_templates(texts, profile):
    from juesuan.domain.profiles.detect import detect_profile

    assert detect_profile(_blocks(*texts)) == profile


def test_detail_tables_of_the_unit_template_are_recognised_not_read():
    """附表 十一、国有资本经营预算财政拨款收入支出决算表 and 十二、…支出决算表: only the second is table 8."""
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.blocks import Block
    from juesuan.formats.published.tables import find_tables

    head = ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
    detail = [head, ["", "合计", "9.00", "9.00", ""], ["223", "国有资本经营预算支出", "9.00", "9.00", ""]]
    t08 = [head, ["", "合计", "", "", ""]]
    blocks = [Block("para", "十一、国有资本经营预算财政拨款收入支出决算表"), Block("table", rows=detail),
              Block("para", "十二、国有资本经营预算财政拨款支出决算表"), Block("table", rows=t08),
              Block("para", "九、一般公共预算财政拨款项目支出决算表"), Block("table", rows=detail)]
    found = find_tables(blocks, load_profile("unit-final-2024"))
    assert [(f.role, len(f.rows)) for f in found] == [("other", 3), ("T08", 2), ("other", 3)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example built as HTML with the unit template and with the national one (same figures)."""
    from typer.testing import CliRunner

    from juesuan.cli import app

    out = tmp_path_factory.mktemp("unit")
    reports = {}
    for profile in ("unit-final-2024", "national"):
        r = CliRunner().invoke(app, ["build", str(REPO / "examples" / "yulin-2024.yaml"), "-o", str(out / profile),
                                     "--format", "html", "--profile", profile, "--force"])
        assert r.exit_code == 0, r.output
        (html,) = (out / profile).glob("*.html")
        a = CliRunner().invoke(app, ["audit", str(html), "--json"])
        reports[profile] = (html, json.loads(a.output))
    return reports


def test_built_unit_final_report_is_titled_and_detected_as_such(built):
    html, report = built["unit-final-2024"]
    assert html.name.endswith("-2024年度单位决算.html")
    text = html.read_text(encoding="utf-8")
    assert "2024年度单位决算情况说明" in text and "部门决算单位构成" not in text
    assert report["summary"]["profile_detected"] == "unit-final-2024"


def test_built_unit_final_report_audits_clean(built):
    """The template adds no finding: the same errors and warnings as the same figures in the national
    template (the example's own planted mistakes), no table or section reported missing."""
    def serious(report):
        return sorted((f["rule"], f["message"]) for f in report["findings"]
                      if f["status"] == "fail" and f["severity"] in ("error", "warning"))

    unit, national = built["unit-final-2024"][1], built["national"][1]
    assert serious(unit) == serious(national)
    assert not [r for r, _ in serious(unit) if r in ("CMP-001", "CMP-003", "CMP-009", "DOC-001", "DOC-004")]
    c = unit["summary"]["claims"]
    assert c["checked"] / c["found"] >= 0.95
    assert c["checked"] == national["summary"]["claims"]["checked"]


def test_built_unit_final_report_tables_read_back(built):
    from juesuan.formats.published.read import read_published

    html = built["unit-final-2024"][0]
    model = read_published(html).model
    assert sorted(model.tables) == [f"T0{i}" for i in range(1, 10)]
    assert model.table("T05").value("total", "total") == D("691.29")


def _detail_tables() -> str:
    """The four detail tables a 四川 单位决算 prints after the nine (as HTML tables with their titles)."""
    def table(head: list[str], rows: list[list[str]]) -> str:
        th = "".join(f"<th>{h}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"

    economic = ["科目编码", "科目名称", "合计", "工资福利支出", "商品和服务支出", "对个人和家庭的补助"]
    coded = [["", "合计", "691.29", "96.04", "595.25", ""], ["208", "社会保障和就业支出", "679.30", "96.04", "583.26", ""],
             ["20801", "人力资源和社会保障管理事务", "662.43", "82.13", "580.30", ""]]
    return "".join([
        "<p>十、财政拨款支出决算明细表</p>", table(economic, coded),
        "<p>十一、一般公共预算财政拨款支出决算明细表</p>", table(economic, coded),
        "<p>十二、一般公共预算财政拨款项目支出决算表</p>",
        table(["项目名称", "科目编码", "科目名称", "本年支出"], [["", "", "合计", "583.26"],
                                                     ["金保工程运维", "2080199", "其他人力资源事务支出", "583.26"]]),
        "<p>十三、国有资本经营预算财政拨款收入支出决算表</p>",
        table(["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
              [["", "合计", "1.00", "2.00", "3.00", ""], ["223", "国有资本经营预算支出", "1.00", "2.00", "3.00", ""]])])


def test_unit_final_report_with_its_detail_tables_reads_and_audits_the_same(built, tmp_path):
    """The whole 附表 of the 四川 template: the nine tables and then its four detail tables (one with
    the same economic columns as table 6, one the 国有资本经营 收入支出 table): nothing read from them,
    the same findings."""
    from audit.helpers import table_lines
    from juesuan.app.audit import audit_published
    from juesuan.formats.published.read import read_published

    html = built["unit-final-2024"][0]
    text = html.read_text(encoding="utf-8")
    cut = text.index('<h1 id="part.glossary"')
    full = tmp_path / "单位决算-含明细表.html"
    full.write_text(text[:cut] + _detail_tables() + text[cut:], encoding="utf-8")
    base, with_detail = read_published(html), read_published(full)
    assert with_detail.detected_profile == "unit-final-2024"
    assert table_lines(with_detail.model) == table_lines(base.model)

    def serious(p):
        return sorted((f.rule, f.message) for f in audit_published(p).findings
                      if f.status == "fail" and f.severity in ("error", "warning"))

    assert serious(with_detail) == serious(base)
