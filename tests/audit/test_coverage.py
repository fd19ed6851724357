"""Claim coverage (issue 10): context figures, 科目 of the all-funds expenditure table, 其中 changes, and
收入总计 / 支出总计 when the total table prints no 总计 row.  Each with a passing and a failing form."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import CORPUS

from .helpers import audit_seed_with

UNIVERSITY = CORPUS / "chongqing-beibei-southwest-university-2024-dept-final.pdf"
EXPENSES = "2024年度本年支出合计691.29万元，其中：基本支出108.04万元，占15.63%；项目支出583.26万元，占84.37%。"
TOTALS = ("2024年度收入总计、支出总计均为691.29万元，与上年相比收入总计、支出总计均增加372.90万元，增长117.12%，"
          "增长的主要原因是：上年项目支出不及时导致资金结转至今年支付。")


_audit = audit_seed_with


def _fails(report, rule, severities=("error", "warning")):
    return [f for f in report.findings if f.rule == rule and f.status == "fail" and f.severity in severities]


def _unchecked(report) -> set[str]:
    return {u["text"] for u in report.extra_summary["claims"]["unchecked"]}


def _context(report) -> set[str]:
    return {u["text"] for u in report.extra_summary["claims"]["context"]}


# --- context figures -------------------------------------------------------------------------------

def test_counts_in_the_introduction_are_context_figures_money_never(tmp_path):
    old = "单位管理的离退休人员0人。"
    r = _audit(tmp_path, old, old + "全年服务群众3000人次，办公楼建成于1998年，年度运行经费12.34万元，办证合格率99%。")
    assert {"3000人次", "99%"} <= _context(r)
    assert "12.34万元" not in _context(r) and "12.34万元" in _unchecked(r)  # money: never context
    c = r.extra_summary["claims"]
    assert len(c["unchecked"]) == c["found"] - c["checked"]
    assert not {"3000人次", "99%"} & _unchecked(r)
    why = [f.message for f in r.findings if f.rule == "NAR-000" and "3000人次" in f.message]
    assert why and "背景数字" in why[0] and "不计入" in why[0]


def test_a_checked_count_in_the_introduction_stays_a_claim(tmp_path):
    """内设机构6个 is checked against the names it lists: a claim, counted in the coverage."""
    r = _audit(tmp_path, "单位管理的离退休人员0人。", "单位管理的离退休人员0人。")
    assert "6个" not in _context(r) and "6个" not in _unchecked(r)


def test_a_count_outside_the_introduction_is_not_context(tmp_path):
    r = _audit(tmp_path, EXPENSES, EXPENSES + "全年办理业务3000件。")
    assert "3000件" in _unchecked(r) and "3000件" not in _context(r)


# --- 科目 of the all-funds expenditure table ----------------------------------------------------------

@pytest.mark.parametrize(("value", "share", "errors"), [("679.30", "98.27%", 0), ("697.30", "98.27%", 1)])
def test_class_in_the_expenditure_section_is_held_against_the_expenditure_table(tmp_path, value, share, errors):
    r = _audit(tmp_path, EXPENSES, EXPENSES + f"按照支出功能分类，社会保障和就业支出{value}万元，占总支出的{share}。")
    wrong = [f for f in _fails(r, "NAR-001") if f.found == D(value)]
    assert len(wrong) == errors
    assert f"{value}万元" not in _unchecked(r)
    if errors:
        assert "公开03表 208" in wrong[0].message
    else:
        assert share not in _unchecked(r)  # 679.30 ÷ 公开03表 合计 691.29 = 98.27 %


def test_university_class_list_bound_to_its_expenditure_table():
    from juesuan.app.audit import read_prose
    from juesuan.formats.published.read import read_published

    prose = read_prose(read_published(UNIVERSITY))
    by_text = {c.text: c for c in prose.claims if c.sentence.location.get("page") == 17}
    edu = by_text["448,061.80万元"]
    assert edu.target == "A:205" and edu.checks[0].outcome == "exact" and "表3 205" in edu.checks[0].target
    assert by_text["93.06%"].checks and by_text["93.06%"].checks[0].outcome == "exact"
    # the 财政拨款 section's 科目 stay bound to the 财政拨款 table (表4)
    assert by_text["8,627.17万元"].target == "I:2050202" and "表4 2050202" in by_text["8,627.17万元"].checks[0].target


# --- 其中 changes ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("words", "b", "agrees"), [(("增加", "增加"), "272.90", True),
                                                    (("增加", "减少"), "262.90", False)])
def test_changes_listed_after_qizhong_add_up_to_the_total_change(tmp_path, words, b, agrees):
    w1, w2 = words
    r = _audit(tmp_path, TOTALS, TOTALS + f"其中：基本支出{w1}100.00万元，项目支出{w2}{b}万元。")
    unchecked = _unchecked(r)
    notes = [f for f in r.findings if f.rule == "NAR-004" and f.status == "fail" and "增减相抵" in f.message]
    if agrees:
        assert not {"100.00万元", f"{b}万元"} & unchecked and not notes
    else:  # the parts may be only the main items: a note, never an error, and the parts stay unchecked
        assert {"100.00万元", f"{b}万元"} <= unchecked
        assert notes and all(f.severity == "info" for f in notes)
        assert not [f for f in _fails(r, "NAR-004") if "增减相抵" in f.message]
    # (one word turned round that alone makes the parts agree is reported: test_prose_reading.py)


def test_university_changes_by_class_add_up():
    from juesuan.app.audit import read_prose
    from juesuan.formats.published.read import read_published

    prose = read_prose(read_published(UNIVERSITY))
    by_text = {c.text: c for c in prose.claims if c.sentence.location.get("page") == 16}
    total = by_text["23,806.71万元"]
    assert any(ch.rule == "NAR-004" and ch.outcome == "exact" for ch in total.checks)
    assert by_text["547.65万元"].checks  # a 减少 part, subtracted


# --- 收入总计 when the table prints 本年收入合计 and a 合计 with the balances ------------------------------

def _total_table_model():
    from juesuan.core.model import FinalAccounts, Row, Table

    t1 = Table("T01", [Row("income_total", "本年收入合计", {"amount": D("477447.73")}),
                       Row("income_grand_total", "合计", {"amount": D("609139.01")}),
                       Row("expenditure_total", "本年支出合计", {"amount": D("481483.46")}),
                       Row("expenditure_grand_total", "合计", {"amount": D("609139.01")})])
    return FinalAccounts(year=2024, profile="moe-university-2024", tables={"T01": t1})


@pytest.mark.parametrize(("value", "checked"), [("477,447.73", True), ("609,139.01", True), ("477,474.73", False)])
def test_total_named_by_no_row_is_checked_only_against_a_row_it_equals(value, checked):
    from juesuan.formats.published.blocks import Block
    from juesuan.prose.binding import read_prose

    blocks = [Block("heading", "（一）高等学校收支决算总表说明", level=2),
              Block("para", f"学校2024年度收入总计{value}万元。")]
    claim = read_prose(blocks, _total_table_model()).claims[0]
    assert bool(claim.checks) is checked
    assert all(ch.outcome == "exact" for ch in claim.checks)  # never a mismatch from a guess


# --- the 财政拨款 table of the 教育部高校 template (表4 holds all 财政拨款) ----------------------------

def _appropriation_model(profile: str):
    from juesuan.core.model import FinalAccounts, Row, Table

    t5 = Table("T05", [Row("total", "合计", {"total": D("266783.56"), "basic": D("209899.51"),
                                             "project": D("56884.05")})])
    return FinalAccounts(year=2024, profile=profile, tables={"T05": t5})


@pytest.mark.parametrize(("profile", "basic", "outcome"), [
    ("moe-university-2024", "209,899.51", "exact"),
    ("moe-university-2024", "209,989.51", "mismatch"),
    # elsewhere table 5 is the 一般公共预算 table only: 财政拨款's 基本支出 is not its figure
    ("national", "209,899.51", None),
])
def test_appropriation_basic_spending_held_against_the_template_table(profile, basic, outcome):
    from juesuan.formats.published.blocks import Block
    from juesuan.prose.binding import read_prose

    blocks = [Block("heading", "（四）高等学校财政拨款支出决算表说明", level=2),
              Block("para", f"学校2024年度财政拨款支出总计为266,783.56万元，其中：基本支出{basic}万元。")]
    claims = {c.text: c for c in read_prose(blocks, _appropriation_model(profile)).claims}
    table = [ch for ch in claims[f"{basic}万元"].checks if ch.rule == "NAR-001"]
    if outcome is None:
        assert not table
    else:
        assert [ch.outcome for ch in table] == [outcome] and table[0].target == "表4 合计 基本支出"
        assert [ch.target for ch in claims["266,783.56万元"].checks if ch.rule == "NAR-001"] == ["表4 合计 本年支出"]


def test_share_of_total_spending_in_an_appropriation_section_without_its_total_is_not_checked(tmp_path):
    """“占总支出的X%” in the 一般公共预算 section with no total in its sentence: the all-funds total or the
    财政拨款 one — uncertain, left unchecked (never an error from a guess)."""
    old = "2024年度一般公共预算财政拨款支出年初预算150.56万元"
    r = _audit(tmp_path, old, "社会保障和就业支出679.30万元，占总支出的50.00%。" + old)
    assert "50.00%" in _unchecked(r) and not [f for f in _fails(r, "NAR-002") if f.found == D("50.00")]
