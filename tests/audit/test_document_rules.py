"""Document rules (DOC-001 … DOC-007) on the seed with one passage changed: each rule has a
passing case (the seed as published) and failing cases, with the quoted text and its line."""

from __future__ import annotations

import pytest

from conftest import SEED
from juesuan.app.audit import audit_file

from .helpers import audit_seed_with

TEXT = SEED.read_text(encoding="utf-8")


_audit = audit_seed_with


def _fails(report, rule):
    return [f for f in report.findings if f.rule == rule and f.status == "fail"]


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return _audit(tmp_path_factory.mktemp("seed"))


@pytest.mark.parametrize("rule", ["DOC-001", "DOC-002", "DOC-004", "DOC-005", "DOC-006", "DOC-007"])
def test_the_seed_passes(seed, rule):
    assert not _fails(seed, rule)


def test_seed_heading_numbering_finds_the_repeated_number(seed):
    # the attachment numbers two consecutive headings （四）: 部门预算绩效管理开展情况 and 当年部门预算及执行情况
    f = _fails(seed, "DOC-003")
    assert len(f) == 1 and "重复" in f[0].message and f[0].location["source_line"] == 707


@pytest.mark.parametrize(("old", "new", "severity", "words"), [
    ("## 第二部分 2024年度部门决算情况说明", "## 第二部分 2023年度部门决算情况说明", "error", "2023年度"),
    ("截至2024年底，本单位人员编制7人", "截至2023年底，本单位人员编制7人", "warning", "截至2023年底"),
    ("与上年相比收入总计、支出总计均增加372.90万元", "与2022年度相比收入总计、支出总计均增加372.90万元", "warning", "2023年度"),
])
def test_year_consistency(tmp_path, old, new, severity, words):
    f = _fails(_audit(tmp_path, old, new), "DOC-001")
    assert f and f[0].severity == severity and words in f[0].message
    assert "source_line" in f[0].location


@pytest.mark.parametrize(("old", "new", "words"), [
    ("榆林市人事信息中心", "榆林市XX局", "XX"),
    ("与上年相比收入总计、支出总计均增加372.90万元，增长117.12%",
     "与上年相比收入总计、支出总计均增加（减少）372.90万元，增长（下降）117.12%", "增加（减少）"),
    ("编制单位：榆林市人事信息中心", "编制单位：", "编制单位"),
    ("编制单位：榆林市人事信息中心", "公开04表编制单位：单位：万元", "编制单位"),  # read with its line's furniture
    ("本单位作为", "某某单位作为", "某某"),
])
def test_placeholders(tmp_path, old, new, words):
    f = _fails(_audit(tmp_path, old, new), "DOC-002")
    assert f and f[0].severity == "error" and words in f[0].message


@pytest.mark.parametrize(("old", "new", "words"), [
    ("### 二、收入决算情况说明", "### 三、收入决算情况说明", "缺少“二”"),
    ("## 三、单位人员情况", "## 二、单位人员情况", "重复"),
])
def test_heading_numbering(tmp_path, old, new, words):
    f = [x for x in _fails(_audit(tmp_path, old, new), "DOC-003") if x.location["source_line"] != 707]
    assert f and f[0].severity == "warning" and words in f[0].message


def test_unit_name_consistency(tmp_path):
    r = _audit(tmp_path, "编制单位：榆林市人事信息中心", "编制单位：榆林市人才交流中心")
    f = _fails(r, "DOC-004")
    assert len(f) == 1 and "榆林市人才交流中心" in f[0].message and f[0].location["source_line"] == 354


def test_percentage_without_percent_sign(tmp_path):
    f = _fails(_audit(tmp_path, "增长117.12%，增长的主要原因", "增长117.12，增长的主要原因"), "DOC-005")
    assert f and "117.12" in f[0].message and f[0].location["source_line"] == 93


@pytest.mark.parametrize(("old", "new", "rule", "words"), [
    ("均为691.29万元，与上年相比收入总计", "均为691.29万元，，与上年相比收入总计", "DOC-006", "，，"),
    ("上年项目支出不及时导致资金结转至今年支付。", "上年项目支出不及时导致资金结转至今年支付。。", "DOC-006", "。。"),
    ("导致资金结转至今年支付", "导致资金的的结转至今年支付", "DOC-007", "的的"),
    ("收入总计、支出总计均为691.29万元", "收入总计、支出总计支出总计均为691.29万元", "DOC-007", "支出总计支出总计"),
])
def test_doubled_punctuation_and_repeated_words(tmp_path, old, new, rule, words):
    f = _fails(_audit(tmp_path, old, new), rule)
    assert f and words in f[0].message and f[0].location["sentence"]


def test_percent_sign_after_a_space_is_not_missing(tmp_path):
    assert not _fails(_audit(tmp_path, "增长117.12%，增长的主要原因", "增长117.12 %，增长的主要原因"), "DOC-005")


def test_a_flattened_table_header_is_not_a_repeated_phrase(tmp_path):
    row = "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分"
    r = _audit(tmp_path, "## 三、单位人员情况", f"{row}\n\n## 三、单位人员情况")
    assert not _fails(r, "DOC-007")


@pytest.mark.parametrize(("new", "gap"), [
    ("## 2024年度部门决算情况说明", False),  # the 目录's title without its 第二部分 label: that part, not a gap
    ("## 2024年度部门决算情况", False),  # the title's beginning, printed over two lines
    ("## 本单位的有关情况", True),  # another title: part 二 is missing
])
def test_part_printed_without_its_label_counts_as_that_part(tmp_path, new, gap):
    f = [x for x in _fails(_audit(tmp_path, "## 第二部分 2024年度部门决算情况说明\n\n### 一、", new + "\n\n### 一、"), "DOC-003")
         if x.location["source_line"] != 707]
    assert bool(f) == gap, [x.message for x in f]
    if gap:
        assert "缺少“二”" in f[0].message


def test_a_heading_printed_as_a_paragraph_right_after_the_previous_one_is_not_a_gap(tmp_path):
    """“四、…情况。” (a numbered line ending in 。, read as a paragraph) directly after the heading
    “三、…”: the number is there, so “五、” after it is no gap; without that line it is one."""
    lines = TEXT.split("\n")
    at = lines.index("## 二、部门决算单位构成")
    p = tmp_path / "report.txt"
    # 二 (heading) followed at once by “三、单位人员情况。” as a paragraph, then the heading 四
    body = lines[:at + 1] + ["", "三、单位人员情况。"] + lines[at + 1:]
    body[body.index("## 三、单位人员情况")] = "## 四、单位人员情况"
    p.write_text("\n".join(body), encoding="utf-8")
    assert not [f for f in _fails(audit_file(p), "DOC-003") if f.location["source_line"] < 700]
    body.remove("三、单位人员情况。")
    p.write_text("\n".join(body), encoding="utf-8")
    f = [f for f in _fails(audit_file(p), "DOC-003") if f.location["source_line"] < 700]
    assert len(f) == 1 and "缺少“三”" in f[0].message


@pytest.mark.parametrize(("old", "new"), [
    # a DOCX tab between 编制单位 and 单位：万元 read as nothing; a PDF line read with the 公开NN表 label
    ("编制单位：榆林市人事信息中心", "编制单位：榆林市人事信息中心单位：万元"),
    ("编制单位：榆林市人事信息中心", "公开04表编制单位：榆林市人事信息中心"),
    # another body named by its own name (a different stem) is not the unit misnamed
    ("3. 榆林市人事信息中心决算数据反映1个单位收支情况。", "3. 榆林市财政局2024年度批复本单位决算。"),
])
def test_unit_name_read_with_the_line_furniture_is_the_same_name(tmp_path, old, new):
    assert not _fails(_audit(tmp_path, old, new), "DOC-004")


@pytest.mark.parametrize(("old", "new", "written", "line"), [
    ("编制单位：榆林市人事信息中心", "公开04表编制单位：榆林市人才交流中心单位：万元", "榆林市人才交流中心", 354),
    ("附：榆林市人事信息中心部门整体支出绩效自评表", "附：榆林市人事信息服务站部门整体支出绩效自评表", "榆林市人事信息服务站", 751),
    ("# 榆林市人事信息中心部门整体支出2024年度", "# 榆林市人事信息办公室部门整体支出2024年度", "榆林市人事信息办公室", 661),
    ("3. 榆林市人事信息中心决算数据", "3. 榆林市人事信息服务站决算数据", "榆林市人事信息服务站", 329),
])
def test_unit_name_in_titles_and_text(tmp_path, old, new, written, line):
    f = _fails(_audit(tmp_path, old, new), "DOC-004")
    assert len(f) == 1 and f"写作“{written}”" in f[0].message and f[0].location["source_line"] == line


@pytest.mark.parametrize("new", [
    "# 榆林市人事信息中心部门整体支出2023年度 绩效自评报告",
    "# 榆林市人事信息中心部门整体支出2023年度\n\n绩效自评报告",  # the title broken over two lines (PDF)
])
def test_year_in_the_attachment_report_title(tmp_path, new):
    f = _fails(_audit(tmp_path, "# 榆林市人事信息中心部门整体支出2024年度 绩效自评报告", new), "DOC-001")
    assert len(f) == 1 and "2023" in f[0].message and f[0].location["source_line"] == 661


@pytest.mark.parametrize(("old", "new", "words"), [
    ("（二）政府采购授予中小企业合同金额", "（三）政府采购授予中小企业合同金额", "缺少“二”"),
    ("（一）人员经费99.23万元", "（二）人员经费99.23万元", "重复"),
])
def test_numbered_paragraphs(tmp_path, old, new, words):
    f = [x for x in _fails(_audit(tmp_path, old, new), "DOC-003") if x.location["source_line"] != 707]
    assert len(f) == 1 and words in f[0].message and new[:3] in f[0].message


@pytest.mark.parametrize(("toc", "gap"), [
    ("一、单位概况......1\n\n（一）部门职责......1\n\n（二）机构设置......2\n\n二、决算表......3", False),
    ("一、单位概况......1\n\n（一）部门职责......1\n\n（三）机构设置......2\n\n二、决算表......3", True),
])
def test_printed_table_of_contents_is_numbered_like_the_headings(tmp_path, toc, gap):
    f = [x for x in _fails(_audit(tmp_path, "# 榆林市人事信息中心\n", f"# 榆林市人事信息中心\n\n{toc}\n"), "DOC-003")
         if x.location["source_line"] != 707 + toc.count("\n") + 2]
    assert bool(f) == gap, [x.message for x in f]
    if gap:
        assert "缺少“二”" in f[0].message and "（三）机构设置" in f[0].message
