"""Self-evaluation tables published as text (formats/published/perf_tables.py on text.py's blocks)
and the performance rules on what they read: the Sichuan pipe form, the Anhui space-separated form.

Every figure below was checked by hand against the excerpt (tests/data/corpus/)."""

from __future__ import annotations

from decimal import Decimal as D

from conftest import CORPUS
from juesuan.core.model import FinalAccounts
from juesuan.formats.published.perf_tables import read_evaluation
from juesuan.formats.published.text import parse_text

from .util import run_rule

ANHUI = CORPUS / "anhui-guichi-tangxi-town-2022-project-performance-self-eval-table-excerpt.txt"
QINGSHEN = CORPUS / "sichuan-qingshen-drc-2023-project-performance-self-eval-table-excerpt.txt"
DAYING = CORPUS / "sichuan-daying-justice-bureau-2023-project-performance-self-eval-table-excerpt.txt"


def _evaluation(text: str):
    t = [b for b in parse_text(text) if b.kind == "table"][-1]
    return read_evaluation(t.rows, "project", t.row_locs, spaced=t.spaced)


def _model(ev) -> FinalAccounts:
    m = FinalAccounts(year=2023, profile="national")
    m.performance.projects.append(ev)
    return m


def _serious(m: FinalAccounts, rule: str) -> list:
    return [f for f in run_rule(m, rule) if f.status == "fail"]


def test_qingshen_pipe_table_read_by_its_header_words():
    ev = _evaluation(QINGSHEN.read_text(encoding="utf-8"))
    assert ev.name == "51000021R000000019951-工资性支出"
    assert (ev.department, ev.implementer) == ("青神县发展和改革局本级", "青神县发展和改革局")
    total = ev.funds[0]
    # 总额 | 238.93 | 251.89 | 251.89 | 100.00% | 10 | (得分 blank)
    assert (total.label, total.initial, total.full_year, total.actual, total.rate) == (
        "总额", D("238.93"), D("251.89"), D("251.89"), D("100.00"))
    assert (ev.budget_weight, ev.budget_rate, ev.budget_score) == (D(10), D("100.00"), None)
    assert [f.label for f in ev.funds] == ["总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金"]
    # data rows omit the merged 绩效指标 column: read one place to the left
    assert [(i.level1, i.level2, i.name, i.target, i.weight, i.score) for i in ev.indicators] == [
        ("产出指标", "数量指标", "发放(缴纳)覆盖率", "100", D(60), None),
        ("效益指标", "社会效益指标", "足额保障率(参保率)", "100", D(30), None)]
    assert (ev.total_weight, ev.total_score) == (D(100), None)  # 合计 | 100 |
    assert ev.locs["总额"] == {"source_line": 13}


def test_qingshen_and_daying_give_no_error_or_warning():
    for path in (QINGSHEN, DAYING):
        m = _model(_evaluation(path.read_text(encoding="utf-8")))
        for rule in ("P-001", "P-002", "P-003", "P-004", "P-005", "P-006", "P-008"):
            assert not _serious(m, rule), (path.name, rule)


def test_qingshen_rate_and_fund_sum_fail_when_a_figure_is_changed():
    text = QINGSHEN.read_text(encoding="utf-8")
    wrong_rate = _model(_evaluation(text.replace("总额 | 238.93 | 251.89 | 251.89 | 100.00%",
                                                 "总额 | 238.93 | 251.89 | 241.89 | 100.00%")))
    (f,) = [f for f in _serious(wrong_rate, "P-005") if f.location["row_label"] == "总额"]
    assert f.expected == D("96.03") and f.location["source_line"] == 13  # 241.89 / 251.89 = 96.03 %
    wrong_part = _model(_evaluation(text.replace("单位资金 | 0.00 | 0.00 | 0.00", "单位资金 | 0.00 | 5.00 | 0.00")))
    (f,) = _serious(wrong_part, "P-008")
    assert (f.location["column_label"], f.found, f.expected) == ("全年预算数", D("251.89"), D("256.89"))


def test_anhui_space_table_read_cautiously():
    ev = _evaluation(ANHUI.read_text(encoding="utf-8"))
    assert ev.name == "委托业务项目"
    # 年度资金总额: 0 0 0 10 0 0  (all six columns)   其中:本年财政拨款 90 89.974 89.974  (first three)
    assert [(f.label, f.initial, f.full_year, f.actual) for f in ev.funds[:2]] == [
        ("年度资金总额", D(0), D(0), D(0)), ("其中:本年财政拨款", D(90), D("89.974"), D("89.974"))]
    assert (ev.budget_weight, ev.budget_rate, ev.budget_score) == (D(10), D(0), D(0))
    assert not ev.indicators and "产出指标(50分)" in ev.unread["indicators"]  # columns not certain: not read


def test_anhui_total_row_of_zero_is_an_error_with_its_line():
    m = _model(_evaluation(ANHUI.read_text(encoding="utf-8")))
    found = _serious(m, "P-008")
    # 年度资金总额 0 / 0 / 0 against 其中:本年财政拨款 90 / 89.974 / 89.974 (blank 上年结转 / 其他资金)
    assert sorted((f.location["column_label"], f.found, f.expected) for f in found) == [
        ("全年执行数", D(0), D("89.974")), ("全年预算数", D(0), D("89.974")), ("年初预算数", D(0), D(90))]
    assert all(f.severity == "error" and f.location["source_line"] == 9 for f in found)
    unchecked = [f for f in run_rule(m, "P-002") if f.status == "not_checked"]
    assert unchecked and "产出指标(50分)" in unchecked[0].message


def test_space_row_whose_columns_are_uncertain_is_not_read():
    text = ANHUI.read_text(encoding="utf-8").replace("其中:本年财政拨款 90 89.974 89.974", "其中:本年财政拨款 89.974 89.974")
    ev = _evaluation(text)
    assert ev.unread["funds"] == ["其中:本年财政拨款"]  # two figures: which column is blank cannot be told
    found = run_rule(_model(ev), "P-008")
    assert [f.status for f in found] == ["not_checked"] and "其中:本年财政拨款" in found[0].message


def test_prose_with_numbers_is_never_split_at_spaces():
    text = "项目名称 委托业务项目\n本年收入 90 万元 支出 89 万元\n说明 1 2 3\n"  # no 项目资金 / 一级指标 header
    assert [b.kind for b in parse_text(text)] == ["para", "para", "para"]


def test_fund_row_that_is_no_known_part_is_not_summed():
    """A 项目资金 row the templates do not list (其中：中央补助, a sub-part of 财政资金) is not guessed into the sum."""
    text = QINGSHEN.read_text(encoding="utf-8").replace("单位资金 | 0.00 | 0.00 | 0.00 | 0.00%",
                                                      "其中：中央补助 | 0.00 | 5.00 | 5.00 | 100.00%")
    found = run_rule(_model(_evaluation(text)), "P-008")
    assert [f.status for f in found] == ["not_checked"] and "其中：中央补助" in found[0].message
    assert found[0].location["table_title"] == "51000021R000000019951-工资性支出项目绩效自评表"


def test_project_named_xiangmu_is_not_doubled_in_the_title():
    ev = _evaluation(ANHUI.read_text(encoding="utf-8"))
    (f, *_) = _serious(_model(ev), "P-008")
    assert f.location["table_title"] == "委托业务项目绩效自评表"


SPACED_OVERALL = """部门（单位）名称 某某中心
年度主要任务 任务名称 主要内容 完成情况 全年预算数（万元） 全年执行数（万元） 分值 执行率 得分
人员经费 保障运转 完成 100 80 20 100 80 20 100% 10
公用经费 日常运转 完成 50 50 50 50 100% 10
金额合计 150 150 10 100% 10
"""


def test_spaced_overall_table_tasks_not_read_and_p007_not_checked():
    ev = read_evaluation([line.split(" ") for line in SPACED_OVERALL.splitlines()], "overall", spaced=True)
    assert not ev.tasks and ev.unread["tasks"][:2] == ["人员经费", "公用经费"]
    m = FinalAccounts(year=2023, profile="national")
    m.performance.overall = ev
    found = run_rule(m, "P-007")
    assert [f.status for f in found] == ["not_checked"] and "人员经费" in found[0].message
