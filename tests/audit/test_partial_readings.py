"""Precision when the prose is read only in part: a sum is checked only over all its parts, and a
科目 name with a parenthesis of its own (党委办公厅（室）…) is still read as the 科目."""

from __future__ import annotations

from conftest import SEED
from juesuan.app.audit import audit_file

TOTAL = "2024年度一般公共预算财政拨款支出年初预算150.56万元"
ITEM9 = "9. 住房保障支出（类）住房改革支出（款）住房公积金（项）。年初预算7.90万元，支出决算7.55万元，完成年初预算的95.57%，"


def _audit(tmp_path, *changes: tuple[str, str]):
    text = SEED.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    p = tmp_path / "report.txt"
    p.write_text(text, encoding="utf-8")
    return audit_file(p)


def _sum_checks(report):
    return [f for f in report.findings if f.rule == "NAR-004" and "各项级科目年初预算数之和" in f.message]


def test_the_initial_budget_is_the_sum_of_every_items(tmp_path):
    ok = _audit(tmp_path)
    # 0.30 + 72.97 + 50 + 0 + 9.99 + 4.99 + 0 + 4.42 + 7.90 = 150.57: 尾差 of 150.56, info
    assert [(f.status, f.severity) for f in _sum_checks(ok)] == [("fail", "info")]
    wrong = _sum_checks(_audit(tmp_path, (TOTAL, TOTAL.replace("150.56", "160.56"))))
    assert [(f.severity, str(f.found)) for f in wrong if f.status == "fail"] == [("error", "160.56")]


def test_an_item_whose_budget_is_not_read_leaves_the_sum_unchecked(tmp_path):
    """Item 9 written without its 年初预算: the other eight do not make 150.56, but that is a
    partial sum, not an error (the missing budget is F-008's)."""
    r = _audit(tmp_path, (TOTAL, TOTAL.replace("150.56", "160.56")),
               (ITEM9, ITEM9.replace("年初预算7.90万元，", "")))
    assert not [f for f in _sum_checks(r) if f.status == "fail"]


def test_a_name_with_its_own_parenthesis_is_read_as_the_item():
    from juesuan.prose.entities import _candidates

    text = "1.一般公共服务支出（类）党委办公厅（室）及相关机构事务（款）行政运行（项）。年初预算734.87万元"
    items = [c[3] for c in _candidates(text) if c[2] == "item"]
    assert items == [("一般公共服务支出", "党委办公厅（室）及相关机构事务", "行政运行")]
    plain = "2.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。"
    assert [c[3] for c in _candidates(plain) if c[2] == "item"] == [
        ("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位职业年金缴费支出")]
