"""Reading tables the way real reports print them, and template profiles (issue 10, items 1-4)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import CORPUS, SEED

UNIVERSITY = CORPUS / "chongqing-beibei-southwest-university-2024-dept-final.pdf"


@pytest.fixture(scope="module")
def university():
    from juesuan.formats.published.read import read_published

    return read_published(UNIVERSITY)


@pytest.fixture(scope="module")
def university_report(university):
    from juesuan.app.audit import audit_published

    return audit_published(university)


def _found(role, rows):
    from juesuan.formats.published.blocks import Block, Loc
    from juesuan.formats.published.tables import FoundTable

    b = Block("table", rows=rows, row_locs=[Loc(page=1) for _ in rows])
    return FoundTable(role, "", b, list(rows), list(b.row_locs))


# --- template profiles and detection -----------------------------------------------------------

def test_university_profile_lists_only_its_four_tables():
    from juesuan.domain.profiles import load_profile

    p = load_profile("moe-university-2024")
    assert list(p.table_order) == ["T01", "T02", "T03", "T05"]
    assert set(p.tables) == {"T01", "T02", "T03", "T05"}
    assert p.table("T05").title == "高等学校财政拨款支出决算表"
    assert set(load_profile("national").tables) == {f"T0{i}" for i in range(1, 10)}


def test_university_template_detected_from_its_table_titles():
    from juesuan.domain.profiles.detect import detect_profile
    from juesuan.formats.published.blocks import Block

    def blocks(*texts):
        return [Block("para", t) for t in texts]

    assert detect_profile(blocks("西南大学2024年度部门决算", "表1：高等学校收支决算总表",
                                 "表2：高等学校收入决算表")) == "moe-university-2024"
    # a university merely named in an ordinary report does not switch the template
    assert detect_profile(blocks("某县教育局2024年度部门决算", "向高等学校输送毕业生", "公开09表",
                                 "七、政府性基金预算财政拨款收入支出决算表")) == "national"


def test_university_report_reads_all_four_tables(university):
    m = university.model
    assert university.detected_profile == "moe-university-2024"
    assert set(m.tables) == {"T01", "T02", "T03", "T05"}
    t1 = m.table("T01")
    assert t1.value("appropriation", "amount") == D("279818.00")  # thousands separators
    assert t1.value("appropriation_fund_budget", "amount") == D("21887.50")
    assert t1.value("income_total", "amount") == D("477447.73")
    assert t1.value("205", "amount") == D("448061.80")
    assert t1.value("expenditure_grand_total", "amount") == D("609139.01")
    t2 = m.table("T02")
    # the first row of page 11 sits under a missing top rule: still read, with its children
    assert t2.value("206", "total") == D("1723.93")
    assert t2.value("2060204", "appropriation") == D("900.00")
    assert t2.value("total", "public_service_income") == D("144017.87")
    assert t2.row("total").values.get("other_income") == D("53611.86")
    t3 = m.table("T03")
    assert t3.value("20602", "total") == D("1989.00")  # first row of page 13
    assert len(t3.coded_rows()) == 27


def test_code_cell_spanning_split_header_columns(university):
    """表4 heads its code column 类 | 款 | 项 but prints each code in one cell across the three."""
    t5 = university.model.table("T05")
    assert t5.value("2050205", "total") == D("206360.32")
    row = t5.row("2050205")
    assert row.label == "高等教育"  # the name only, no code fragment
    assert t5.value("total", "total") == D("266783.56") and t5.value("total", "project") == D("56884.05")
    # page 15 goes on with 6 columns under the 8 of page 14's header: joined, names and amounts aligned
    assert t5.value("2296004", "project") == D("109.50") and t5.row("2296004").label == "用于教育事业的彩票公益金支出"
    assert t5.value("2080505", "basic") == D("9575.43")
    assert len(t5.coded_rows()) == 27


def test_university_has_no_template_errors(university_report):
    """Before the profile: 7 "missing" tables, 12 missing sections, 3 hierarchy and 2 sum errors."""
    fails = [f for f in university_report.findings if f.status == "fail" and f.severity in ("error", "warning")]
    for rule in ("CMP-001", "CMP-003", "CMP-006", "CMP-009", "TAB-001", "T02-003", "T01-001", "X-001", "X-002",
                 "F-008"):
        assert not [f for f in fails if f.rule == rule], rule
    assert not [f for f in fails if f.rule.startswith(("T0", "TAB", "X-", "CMP"))]
    # 教育支出 in 支出决算表说明 (all funds) is not compared with 表4 (财政拨款 only)
    assert not [f for f in fails if f.rule == "NAR-001" and f.found == D("448061.80")]


def test_missing_table_of_a_nine_table_template_is_still_an_error(tmp_path):
    from juesuan.app.audit import audit_file

    text = SEED.read_text(encoding="utf-8")
    start = text.index("政府性基金预算财政拨款收入支出决算表\n\n公开07表")
    end = text.index("国有资本经营预算财政拨款支出决算表\n\n公开08表")
    p = tmp_path / "no-t07.txt"
    p.write_text(text[:start] + text[end:], encoding="utf-8")
    f = [x for x in audit_file(p).findings if x.rule == "CMP-001" and x.status == "fail"]
    assert [x.location["table"] for x in f] == ["T07"]


# --- code columns ---------------------------------------------------------------------------------

def test_function_codes_in_three_columns_printed_where_they_change():
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.tables import read_table

    rows = [["项目", None, None, None, "本年支出合计", "基本支出", "项目支出"],
            ["类", "款", "项", "科目名称", None, None, None],
            ["", "", "", "合计", "30.00", "20.00", "10.00"],
            ["201", "", "", "一般公共服务支出", "30.00", "20.00", "10.00"],
            ["", "06", "", "财政事务", "30.00", "20.00", "10.00"],
            ["", "", "01", "行政运行", "20.00", "20.00", ""],
            ["", "", "99", "其他财政事务支出", "10.00", "", "10.00"],
            ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "0", "", ""]]
    spans = {(0, 1): (0, 0), (0, 2): (0, 0), (0, 3): (0, 0)}
    table, _ = read_table(_found("T03", rows), load_profile("national"), spans)
    assert [r.key for r in table.coded_rows()] == ["201", "20106", "2010601", "2010699", "2080505"]
    assert table.row("2010601").label == "行政运行"
    assert table.value("2010699", "project") == D("10.00")
    assert table.value("total", "total") == D("30.00")


def test_economic_codes_in_two_columns():
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.tables import read_table

    rows = [["类", "款", "科目名称", "决算数", "类", "款", "科目名称", "决算数"],
            ["301", "", "工资福利支出", "12.00", "302", "", "商品和服务支出", "3.00"],
            ["", "01", "基本工资", "10.00", "", "01", "办公费", "1.00"],
            ["", "02", "津贴补贴", "2.00", "", "11", "差旅费", "2.00"]]
    table, _ = read_table(_found("T06", rows), load_profile("national"))
    assert [r.key for r in table.rows] == ["301", "30101", "30102", "302", "30201", "30211"]
    assert table.value("30102", "amount") == D("2.00") and table.row("30102").label == "津贴补贴"
    assert table.value("30211", "amount") == D("2.00") and table.row("30211").label == "差旅费"


# --- "三公" tables ---------------------------------------------------------------------------------

def test_three_public_pairs_across():
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.tables import read_table

    rows = [["合计", None, "因公出国（境）费", None, "公务用车购置及运行维护费", None, None, None, None, None,
             "公务接待费", None],
            [None, None, None, None, "小计", None, "公务用车购置费", None, "公务用车运行维护费", None, None, None],
            ["预算数", "决算数"] * 6,
            ["9.00", "8.00", "1.00", "1.00", "6.00", "5.50", "4.00", "4.00", "2.00", "1.50", "2.00", "1.50"]]
    spans = {(0, 1): (0, 0), (0, 3): (0, 2), (0, 5): (0, 4), (0, 6): (0, 4), (0, 7): (0, 4), (0, 8): (0, 4),
             (0, 9): (0, 4), (0, 11): (0, 10), (1, 0): (0, 0), (1, 1): (0, 0), (1, 2): (0, 2), (1, 3): (0, 2),
             (1, 5): (1, 4), (1, 7): (1, 6), (1, 9): (1, 8), (1, 10): (0, 10), (1, 11): (0, 10)}
    table, _ = read_table(_found("T09", rows), load_profile("shanghai-2024"), spans)
    assert table.value("budget", "total") == D("9.00") and table.value("actual", "total") == D("8.00")
    assert table.value("actual", "vehicle") == D("5.50")  # the 小计 pair, not the 合计 pair
    assert table.value("budget", "vehicle_purchase") == D("4.00")
    assert table.value("actual", "vehicle_operation") == D("1.50")
    assert table.value("actual", "reception") == D("1.50")


def test_three_public_items_down():
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.tables import read_table

    rows = [["项目", "预算数", "决算数"],
            ["合计", "9.00", "8.00"],
            ["1.因公出国（境）费", "1.00", "1.00"],
            ["2.公务用车购置及运行维护费", "6.00", "5.50"],
            ["其中：公务用车购置费", "4.00", "4.00"],
            ["公务用车运行维护费", "2.00", "1.50"],
            ["3.公务接待费", "2.00", "1.50"]]
    table, _ = read_table(_found("T09", rows), load_profile("shanghai-2024"))
    assert table.value("budget", "total") == D("9.00") and table.value("actual", "total") == D("8.00")
    assert table.value("actual", "overseas") == D("1.00")
    assert table.value("actual", "vehicle") == D("5.50")
    assert table.value("budget", "vehicle_purchase") == D("4.00")
    assert table.value("actual", "vehicle_operation") == D("1.50")
    assert table.value("budget", "reception") == D("2.00")


# --- one misread table must not cascade -------------------------------------------------------------

def _shift_t03_totals(text: str) -> str:
    """The 本年支出合计 column of T03 read one row too low, as a misread table would come out."""
    start = text.index("\t合计\t691.29", text.index("公开03表"))
    end = text.index("注：本表反映单位本年度各项支出情况")
    lines = text[start:end].split("\n")
    cells = [ln.split("\t") for ln in lines if ln.strip()]
    assert all(len(c) > 2 for c in cells)
    totals = [c[2] for c in cells]
    for c, t in zip(cells[1:], totals, strict=False):
        c[2] = t
    return text[:start] + "\n".join("\t".join(c) for c in cells) + "\n\n" + text[end:]


def test_misread_table_gives_one_finding_and_no_cascade(tmp_path):
    from juesuan.app.audit import audit_file

    p = tmp_path / "misread.txt"
    p.write_text(_shift_t03_totals(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    r = audit_file(p)
    base = audit_file(SEED)
    one = [f for f in r.findings if f.rule == "CMP-009"]
    assert len(one) == 1 and one[0].severity == "warning" and one[0].location["table"] == "T03"
    assert "未能可靠读取" in one[0].message and "人工核对" in one[0].message
    t03 = [f for f in r.findings if f.status == "fail" and (f.rule.startswith("T03") or f.location.get("table") == "T03")
           and f.rule != "CMP-009"]
    assert not t03
    x2 = [f for f in r.findings if f.rule == "X-002"]
    assert x2 and all(f.status == "not_checked" for f in x2)
    assert not [f for f in r.findings if f.rule == "CMP-001" and f.status == "fail"]
    assert r.count("error") <= base.count("error")
    assert not [f for f in base.findings if f.rule == "CMP-009"]


def test_reliability_counts_identities():
    from juesuan.core.model import Row, Table
    from juesuan.formats.published.tables import reliability

    good = Table("T05", [Row("total", "合计", {"total": D("3"), "basic": D("1"), "project": D("2")}),
                         Row("201", "", {"total": D("3"), "basic": D("1"), "project": D("2")}),
                         Row("20101", "", {"total": D("3"), "basic": D("1"), "project": D("2")}),
                         Row("2010101", "", {"total": D("3"), "basic": D("1"), "project": D("2")})])
    rel = reliability(good)
    assert rel.checked >= 4 and rel.failed == 0 and not rel.unreliable
    bad = Table("T05", [Row("total", "合计", {"total": D("3"), "basic": D("5"), "project": D("2")}),
                        Row("201", "", {"total": D("9"), "basic": D("1"), "project": D("2")}),
                        Row("20101", "", {"total": D("3"), "basic": D("7"), "project": D("2")}),
                        Row("2010101", "", {"total": D("8"), "basic": D("1"), "project": D("4")})])
    assert reliability(bad).unreliable


# --- 机关运行经费 and the kind of unit -----------------------------------------------------------------

def test_unit_kind_from_statement_or_spending_items():
    from juesuan.domain.profiles.detect import infer_unit_kind

    assert infer_unit_kind(["单位性质：参照公务员法管理的事业单位"], ["行政运行"]) == "参公事业单位"
    assert infer_unit_kind(["本单位为财政全额拨款单位。单位性质为公益一类事业单位。"], []) == "事业单位"
    assert infer_unit_kind([], ["行政运行", "一般行政管理事务"]) == "行政单位"
    assert infer_unit_kind([], ["事业运行"]) == "事业单位"
    assert infer_unit_kind([], ["行政运行", "事业运行"]) is None  # a department with both kinds
    assert infer_unit_kind(["下属行政事业单位决算"], ["机构运行"]) is None


def test_agency_costs_question():
    from juesuan.domain.profiles.detect import agency_costs_question

    assert agency_costs_question("行政单位", False) is None
    assert agency_costs_question("参公事业单位", False) is None
    assert agency_costs_question("事业单位", False) == "public_institution"
    assert agency_costs_question(None, False) == "unknown_kind"
    assert agency_costs_question("行政单位", True) == "capital"


def _agency_findings(tmp_path, *edits):
    from juesuan.app.audit import audit_file

    text = SEED.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    p = tmp_path / "agency.txt"
    p.write_text(text, encoding="utf-8")
    return [f for f in audit_file(p).findings if f.rule in ("X-012", "NAR-011") and f.status == "fail"]


def test_agency_costs_differing_from_public_costs_administrative_unit_is_a_warning(tmp_path):
    f = _agency_findings(tmp_path, ("机关运行经费预算8.8万元，支出决算8.80万元", "机关运行经费预算8.8万元，支出决算9.80万元"))
    assert f and all(x.severity == "warning" for x in f)


def test_agency_costs_differing_for_a_public_institution_is_a_question(tmp_path):
    f = _agency_findings(tmp_path, ("机关运行经费预算8.8万元，支出决算8.80万元", "机关运行经费预算8.8万元，支出决算9.80万元"),
                         ("单位主要职责及机构设置：", "单位主要职责及机构设置：单位性质为公益一类事业单位。"))
    assert f and all(x.severity == "info" for x in f)
    assert all("事业单位（非参公）的机关运行经费不一定等于公用经费" in x.message for x in f)


# --- 元 instead of 万元 ------------------------------------------------------------------------------

def test_table_in_yuan_is_converted_and_said_once(tmp_path):
    """The seed's 公开05表 reprinted in 元 (with thousands separators): same checks, one info."""
    import re as _re

    from juesuan.app.audit import audit_file

    text = SEED.read_text(encoding="utf-8")
    start = text.index("公开05表")
    end = text.index("公开06表")
    part = text[start:end]
    head, body = part.split("栏次", 1)

    def yuan(m):
        v = D(m.group(0)) * 10000
        return f"{v:,.2f}"

    body = _re.sub(r"(?<![\d.])\d+\.\d{2}(?![\d])", yuan, body)
    part = head.replace("单位：万元", "单位：元") + "栏次" + body
    assert "单位：元" in part and "6,912,900.00" in part
    p = tmp_path / "yuan.txt"
    p.write_text(text[:start] + part + text[end:], encoding="utf-8")
    r = audit_file(p)
    base = audit_file(SEED)
    note = [f for f in r.findings if f.rule == "CMP-010"]
    assert len(note) == 1 and note[0].severity == "info" and note[0].location["table"] == "T05"
    assert "已换算为万元" in note[0].message
    assert not [f for f in base.findings if f.rule == "CMP-010"]  # tables in 万元: nothing to say
    # read in 万元, the same figures as the seed's: cross-table and prose checks unchanged (within the
    # table, the seed's 尾差 become real differences once its rounded figures are multiplied to 元)
    from juesuan.formats.published.read import read_published

    t5, seed5 = read_published(p).model.table("T05"), read_published(SEED).model.table("T05")
    assert t5.value("total", "total") == D("691.29") and t5.value("2080108", "project") == D("416.78")
    assert [(x.key, x.values) for x in t5.rows] == [(x.key, x.values) for x in seed5.rows]
    cross = {f.message for f in r.findings if f.status == "fail" and f.rule.startswith(("X-", "NAR-"))}
    assert cross == {f.message for f in base.findings if f.status == "fail" and f.rule.startswith(("X-", "NAR-"))}


# --- tables other templates add ------------------------------------------------------------------

@pytest.mark.parametrize("title", ["一般公共预算财政拨款支出决算明细表", "项目收入支出决算表 公开10表",
                                   "某某单位机构运行经费支出决算表", "财政拨款支出决算明细表"])
def test_extra_table_of_another_template_is_neither_one_of_the_nine_nor_a_continuation(title):
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.blocks import Block
    from juesuan.formats.published.tables import find_tables

    t05 = [["科目代码", "科目名称", "小计", "基本支出", "项目支出"], ["", "合计", "3.00", "1.00", "2.00"],
           ["201", "一般公共服务支出", "3.00", "1.00", "2.00"]]
    other = [["201", "一般公共服务支出", "9.00", "9.00", "9.00"], ["20101", "人大事务", "9.00", "9.00", "9.00"]]
    blocks = [Block("para", "一般公共预算财政拨款支出决算表"), Block("table", rows=t05),
              Block("para", title), Block("table", rows=other)]
    found = find_tables(blocks, load_profile("national"))
    t5 = [f for f in found if f.role == "T05"]
    assert len(t5) == 1 and len(t5[0].rows) == 3  # not continued by the other template's table
    assert not [f for f in found if f.role in ("T01", "T02", "T03", "T04", "T06", "T07", "T08", "T09")]


@pytest.mark.parametrize(("line", "role"), [
    ("第二部分 上海市XX局2024年度部门决算表收入支出决算总表", "T01"),  # on the part heading's line
    ("公开01表 收入支出决算总表", "T01"),
    ("收入支出决算总表 公开01表 单位：万元", "T01"),
    ("榆林市人事信息中心2024年度收入支出决算总表", "T01"),  # the unit's name in the title
    ("表1：收入支出决算总表", "T01"),
    ("附表3 支出决算表", "T03"),
    ("收入决算表（此表无数据）", "T02"),  # with a placeholder note
    ("十、政府性基金预算财政拨款收入支出决算表（本单位无此项收支，此表为空）", "T07"),
    ("财政拨款收入支出决算总表", "T04"),
    ("本单位收入决算情况如下表", None),
    ("公开01表", None),
])
def test_title_found_in_the_lines_real_reports_print(line, role):
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.tables import match_title

    m = match_title(line, load_profile("national"))
    assert (m[0] if m else None) == role


def test_empty_template_tables_read_from_their_first_code_row():
    """The official Shanghai template: shells without figures, "……" placeholder rows."""
    from juesuan.formats.published.read import read_published

    r = read_published(CORPUS / "shanghai-putuo-dept-final-template-attachment2.pdf")
    t5 = r.model.table("T05")
    assert [x.key for x in t5.coded_rows()] == ["205", "20502", "2050205", "207", "20799"]
    assert t5.row("2050205").label == "高等教育"  # no "…" appended as a wrapped name
    assert [x.key for x in r.model.table("T02").coded_rows()][:3] == ["205", "20502", "2050205"]


SHANGHAI = CORPUS / "shanghai-putuo-cpc-social-work-dept-2024-dept-final.pdf"
# laid out as real reports print them: 机关运行经费 by economic code (as 江苏's budget volumes print
# 机关运行经费支出预算表, tests/data/corpus/budgets/), projects with their function code and name
AGENCY_COSTS = [["科目编码", "科目名称", "机关运行经费支出"], ["", "合计", "10.23"],
                ["302", "商品和服务支出", "10.23"], ["30201", "办公费", "3.00"], ["30211", "差旅费", "7.23"]]
PROJECTS = [["科目编码", "科目名称", "项目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
            ["", "合计", "", "", "12.00", "12.00", ""],
            ["2013250", "其他群众团体事务支出", "社会工作专项", "", "12.00", "12.00", ""]]


@pytest.mark.parametrize(("title", "rows"), [
    ("一般公共预算财政拨款机关运行经费支出决算表", AGENCY_COSTS),
    ("中共上海市普陀区委社会工作部机关运行经费支出决算表 公开10表 单位：万元", AGENCY_COSTS),
    ("项目收入支出决算表", PROJECTS),
])
def test_extra_tables_in_a_real_report_change_nothing(title, rows):
    """A 机关运行经费 or 项目收入支出决算表 placed in the real Shanghai report right after its 基本支出 table
    (whose economic codes it shares): recognised as a table of another template, never read as a
    continuation of table 6, and the audit's tables and findings are those of the report without it."""
    from dataclasses import replace

    from audit.helpers import table_lines
    from juesuan.app.audit import audit_published
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.blocks import Block, Loc
    from juesuan.formats.published.pdf import read_pdf
    from juesuan.formats.published.read import assemble
    from juesuan.formats.published.tables import find_tables, match_title

    raw = read_pdf(SHANGHAI)
    base = assemble(raw)
    note = next(i for i, b in enumerate(raw.blocks) if b.text.startswith("注：本表反映部门本年度一般公共预算财政拨款基本支出"))
    page = raw.blocks[note].loc.page
    extra = [Block("para", title, loc=Loc(page=page)), Block("table", rows=rows, row_locs=[Loc(page=page)] * len(rows))]
    raw2 = replace(raw, blocks=raw.blocks[:note + 1] + extra + raw.blocks[note + 1:])
    profile = load_profile("shanghai-2024")
    assert (match_title(title, profile) or ("",))[0] == "other"
    assert [f.role for f in find_tables(raw2.blocks, profile) if f.rows and f.rows[0] == rows[0]] == ["other"]
    with_extra = assemble(raw2)
    assert table_lines(with_extra.model) == table_lines(base.model)

    def serious(p):
        return sorted((f.rule, f.message) for f in audit_published(p).findings
                      if f.status == "fail" and f.severity in ("error", "warning"))

    assert serious(with_extra) == serious(base)


def test_three_public_pairs_in_the_real_shanghai_grid():
    """No real report in tests/data prints a 三公 table with figures as 预算数 / 决算数 pairs or down the
    rows (the Shanghai report's pair table is empty; the budget volumes print budgets only).  So the
    figures are planted into the real grid the PDF reader got from the Shanghai report (its merged
    合计 / 小计 header cells as pdfplumber gives them) and must come out in the right pairs."""
    from dataclasses import replace

    from juesuan.formats.published.pdf import read_pdf
    from juesuan.formats.published.read import assemble

    raw = read_pdf(CORPUS / "shanghai-putuo-cpc-social-work-dept-2024-dept-final.pdf")
    title = next(i for i, b in enumerate(raw.blocks) if b.kind != "table" and b.text == "财政拨款“三公”经费支出决算表")
    i = next(j for j in range(title, title + 4) if raw.blocks[j].kind == "table")
    grid = raw.blocks[i]
    assert grid.rows[3] == ["预算数", "决算数"] * 6 and grid.rows[4] == [""] * 12  # the real, empty table
    figures = ["9.00", "8.10", "1.00", "0.90", "6.00", "5.50", "4.00", "4.00", "2.00", "1.50", "2.00", "1.70"]
    blocks = list(raw.blocks)
    blocks[i] = replace(grid, rows=[*grid.rows[:4], figures])
    blocks[i].spans = grid.spans  # the merged cells the PDF reader found (not a dataclass field)
    t9 = assemble(replace(raw, blocks=blocks)).model.table("T09")
    got = {(r.key, k): format(v, "f") for r in t9.rows for k, v in r.values.items() if v is not None}
    assert got == {("budget", "total"): "9.00", ("actual", "total"): "8.10",
                   ("budget", "overseas"): "1.00", ("actual", "overseas"): "0.90",
                   ("budget", "vehicle"): "6.00", ("actual", "vehicle"): "5.50",  # 小计, under 公务用车购置及运行维护费
                   ("budget", "vehicle_purchase"): "4.00", ("actual", "vehicle_purchase"): "4.00",
                   ("budget", "vehicle_operation"): "2.00", ("actual", "vehicle_operation"): "1.50",
                   ("budget", "reception"): "2.00", ("actual", "reception"): "1.70"}
