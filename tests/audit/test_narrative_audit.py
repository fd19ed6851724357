"""Auditing a document without readable 决算 tables (a 情况说明 published alone, a web page's text, an
excerpt) and saying once, truly, when a document is cut short (CMP-011, DOC-008, NAR-000's reason)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import CORPUS
from juesuan.app.audit import audit_file
from juesuan.cli import app
from juesuan.core.errors import InputError

HEAD = """某县审计局2023年度部门决算
目录
第一部分 部门概况
第二部分 2023年度部门决算表
一、收入支出决算总表
二、收入决算表
第三部分 2023年度部门决算情况说明
"""
BODY = """第一部分 部门概况
一、部门职责
负责全县审计工作。
第三部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入总计1614.63万元，与2022年相比增加540.23万元，增长50.28%。
二、收入决算情况说明
2023年本年收入合计3765.66万元，其中：一般公共预算财政拨款收入1008.64万元，占26.79%；事业收入2757.02万元，占73.21%。
"""


def _audit(tmp_path, text: str, name: str = "r.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return audit_file(p)


def _fails(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule and f.status == "fail"]


def _serious(report) -> list:
    return [f for f in report.findings if f.status == "fail" and f.severity in ("error", "warning")]


def test_a_right_narrative_only_text_is_audited(tmp_path):
    r = _audit(tmp_path, HEAD + BODY)
    assert r.extra_summary["document_kind"] == "narrative"
    assert not _fails(r, "CMP-001")  # no “没有找到收入支出决算总表”: the tables may be published apart
    notice = [f for f in r.findings if f.rule == "CMP-011"]
    assert len(notice) == 1 and notice[0].status == "not_checked" and notice[0].severity == "info"
    assert "文件目录列出的决算表：收入支出决算总表、收入决算表" in notice[0].message
    assert not [f for f in r.findings if f.rule.startswith(("T0", "X-", "CAT-"))]  # the table rules do not run
    assert r.extra_summary["claims"]["checked"] >= 3  # 50.28%, 26.79%, 73.21% held against the prose itself
    assert not [f for f in _serious(r) if f.rule.startswith("NAR")]
    assert not _fails(r, "DOC-008")  # ends with a full sentence; the 目录 lists nothing more


def test_a_planted_wrong_rate_in_a_narrative_is_an_error(tmp_path):
    r = _audit(tmp_path, HEAD + BODY.replace("增长50.28%", "增长60.28%"))
    bad = [f for f in _serious(r) if f.rule.startswith("NAR") and str(f.found) == "60.28"]
    assert bad and bad[0].severity == "error" and str(bad[0].expected) == "50.28"


def test_unchecked_figures_say_there_is_no_table(tmp_path):
    r = _audit(tmp_path, HEAD + BODY + "三、支出决算情况说明\n2023年本年支出合计4021.94万元。\n")
    why = [f.message for f in r.findings if f.rule == "NAR-000" and "4021.94" in f.message]
    assert why and "文件中没有可读的决算表" in why[0]


def test_a_truncated_text_gets_one_warning_and_no_section_warnings(tmp_path):
    r = _audit(tmp_path, HEAD + "第四部分 名词解释\n" + BODY + "三、支出决算情况说明\n2023年本年支出合计4021.94万元，其中：基本")
    cut = _fails(r, "DOC-008")
    assert len(cut) == 1 and cut[0].severity == "warning"
    assert "正文在原文第18行“" in cut[0].message and "其中：基本”处中断" in cut[0].message
    assert "目录所列的“第四部分名词解释”未出现" in cut[0].message
    assert not [f for f in _serious(r) if f.rule in ("CMP-003", "CMP-004", "CMP-006")]


def test_a_complete_document_missing_a_section_still_gets_cmp003(tmp_path):
    r = _audit(tmp_path, HEAD + BODY)
    assert not _fails(r, "DOC-008")
    missing = {f.location.get("section") for f in _fails(r, "CMP-003")}
    assert "支出决算情况说明" in missing and "收入决算情况说明" not in missing


def test_a_page_without_its_beginning(tmp_path):
    text = ("[第3页]\n2020年本年收入合计3765.66万元，其中：一般公共预算财政拨款收入1008.64万元，占26.79%。\n"
            "三、支出决算情况说明\n2020年本年支出合计4021.94万元，其中：基本支出2719.24万元，占67.61%。\n")
    r = _audit(tmp_path, text)
    cut = _fails(r, "DOC-008")
    assert len(cut) == 1 and "没有标题和目录" in cut[0].message and "各部分是否齐全无法判断" in cut[0].message
    assert not _fails(r, "CMP-003")


def test_the_seed_is_complete_and_has_its_tables(tmp_path):
    from conftest import SEED

    r = audit_file(SEED)
    assert r.extra_summary["document_kind"] == "tables"
    assert not _fails(r, "DOC-008")
    assert not [f for f in r.findings if f.rule == "CMP-011"]  # tables read: no notice


@pytest.mark.parametrize(("text", "words"), [
    ("某县审计局2023年工作总结\n全年完成审计项目12个。\n", "全文没有“决算”二字"),
    ("某县审计局2023年度部门决算\n一、部门职责\n负责全县审计工作。\n", "既没有可读的决算表，也没有决算情况说明的标题"),
])
def test_a_non_report_is_refused_with_the_true_message(tmp_path, text, words):
    p = tmp_path / "x.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        audit_file(p)
    assert str(p) in str(e.value) and words in str(e.value)
    r = CliRunner().invoke(app, ["audit", str(p)])
    assert r.exit_code == 2 and words in r.output.replace("\n", "")


def test_batch_records_a_narrative_only_file_as_audited(tmp_path):
    from juesuan.batch.work import process

    (tmp_path / "a.txt").write_text(HEAD + BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("某县审计局2023年工作总结\n全年完成审计项目12个。\n", encoding="utf-8")
    row = process(tmp_path / "a.txt", "audit")["report"]
    assert row["status"] == "ok" and row["claims_checked"] >= 3
    assert process(tmp_path / "b.txt", "audit")["report"]["status"] == "unreadable"
    r = CliRunner().invoke(app, ["audit", str(tmp_path), "--json"])
    objs = {json.loads(line)["source"].rsplit("/", 1)[-1]: json.loads(line) for line in r.output.splitlines() if line}
    assert "summary" in objs["a.txt"] and objs["a.txt"]["summary"]["document_kind"] == "narrative"
    assert "error" in objs["b.txt"] and "summary" not in objs["b.txt"]


def test_console_says_what_the_document_was_read_as():
    r = CliRunner().invoke(app, ["audit", str(CORPUS / "sichuan-daying-mch-unit-2020-unit-final-narrative-excerpt.txt")])
    assert r.exit_code == 0, r.output
    assert "按决算情况说明（文件中没有可读的决算表）审核" in r.output.replace("\n", "")


def test_html_says_what_the_document_was_read_as():
    from juesuan.findings.html import render

    r = audit_file(CORPUS / "shaanxi-zhashui-audit-bureau-2020-dept-final-excerpt.txt")
    html = render([r.to_contract("x.txt")])
    assert "<p class='kind'>按决算情况说明（文件中没有可读的决算表）审核</p>" in html


def test_no_truncation_from_a_toc_whose_body_start_is_unclear(tmp_path):
    # a 目录 that lost lines (a mirror's conversion): none of its entries is printed again as the body's
    # heading, so where the body begins is unclear and its entries are no evidence; the file ends well
    text = ("某县审计局2023年度部门决算\n目录\n九、国有资本经营预算财政拨款收入支出决算情况说明\n十二、其他需说明的事项\n"
            "单位概况\n一、主要职能\n负责全县审计工作，依法对财政收支进行审计监督。\n"
            "二、收入支出决算总体情况说明\n2023年度收入总计434.72万元，与上年相比增加58.21万元，增长15.46%。\n")
    assert not _fails(_audit(tmp_path, text), "DOC-008")


def test_tables_listed_in_the_toc_but_published_apart_are_no_truncation(tmp_path):
    text = HEAD.replace("第三部分 2023年度部门决算情况说明\n", "") + "第三部分 附表\n" + BODY.replace(
        "第三部分 2023年度部门决算情况说明", "第二部分 2023年度部门决算情况说明")
    text = text.replace("第二部分 2023年度部门决算表\n一、收入支出决算总表\n二、收入决算表\n", "第二部分 2023年度部门决算情况说明\n")
    text = text.replace("第三部分 附表\n", "第三部分 附表\n一、收入支出决算总表\n二、收入决算表\n", 1)
    r = _audit(tmp_path, text)
    assert r.extra_summary["document_kind"] == "narrative" and not _fails(r, "DOC-008")


@pytest.mark.parametrize("pages", [8, 12])
def test_a_pdf_cut_short_gets_one_warning_and_no_false_errors(tmp_path, pages):
    """The Shanghai report with only its first pages (a download cut short): one DOC-008 naming the page
    and the 目录 parts that are missing; the table it ends in (continued on the next page) is set aside,
    and the reasons (F-008) and sections after the break are not reported one by one."""
    import pymupdf

    src = pymupdf.open(CORPUS / "shanghai-putuo-cpc-social-work-dept-2024-dept-final.pdf")
    cut = pymupdf.open()
    cut.insert_pdf(src, from_page=0, to_page=pages - 1)
    path = tmp_path / "cut.pdf"
    cut.save(path)
    r = audit_file(path)
    assert [(f.rule, f.location.get("page")) for f in _serious(r)] == [("DOC-008", pages)]
    msg = _serious(r)[0].message
    assert f"正文在第{pages}页" in msg and "“第四部分名词解释”" in msg
    assert ("文件在“支出决算表”中结束，此表可能不完整，未核对" in msg) == (pages == 8)


def test_a_performance_self_evaluation_alone_is_audited_as_such():
    r = audit_file(CORPUS / "hunan-nanxian-cppcc-2021-dept-overall-performance-eval-excerpt.txt")
    assert r.extra_summary["document_kind"] == "performance"
    notice = [f for f in r.findings if f.rule == "CMP-011"]
    assert len(notice) == 1 and "单独的绩效自评材料" in notice[0].message
    # no 决算 sections, glossary, “三公” or tables are expected of it
    assert not [f for f in r.findings if f.rule in ("CMP-001", "CMP-003", "CMP-004", "CMP-005", "CMP-006")]
    assert r.extra_summary["claims"]["checked"] >= 1  # its prose arithmetic is still checked


def test_a_web_page_with_the_narrative_is_audited(tmp_path):
    """The common case of a 情况说明 published as a web page (its tables as images): read from HTML."""
    paras = "".join(f"<p>{line}</p>" for line in (HEAD + BODY).splitlines()[1:])
    page = ("<html><head><meta charset='utf-8'><title>某县审计局</title></head><body>"
            f"<h1>某县审计局2023年度部门决算</h1>{paras}<p><img src='t1.png' alt='收入支出决算总表'></p></body></html>")
    r = _audit(tmp_path, page, "page.html")
    assert r.extra_summary["document_kind"] == "narrative"
    assert [f.rule for f in r.findings if f.rule == "CMP-011"] == ["CMP-011"]
    assert r.extra_summary["claims"]["checked"] >= 3 and not _fails(r, "DOC-008")
    bad = _audit(tmp_path, page.replace("增长50.28%", "增长60.28%"), "bad.html")
    assert [str(f.found) for f in _serious(bad) if f.rule.startswith("NAR")] == ["60.28"]
