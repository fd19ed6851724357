"""A “三公” item's completion rate whose budget the sentence does not state (公务接待费支出决算X万元，完成预算的Y%)
is held against the “三公” table's 预算数 of that item (prose/arithmetic.py three_public_completion): right →
checked, no finding; wrong → NAR-002 error quoting the sentence; 年初预算 against a column that does not say
so, or the item not named in the sentence → not checked, with the reason."""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import pytest

from .helpers import audit_seed_with

TRAINING = "2024年度财政拨款安排培训费预算0.3万元，支出决算0.28万元，完成预算的93.33%。"


def _fails(report, rule):
    return [f for f in report.findings if f.rule == rule and f.status == "fail" and f.severity in ("error", "warning")]


def _unchecked(report, text):
    return [u for u in report.extra_summary["claims"]["unchecked"] if u["text"] == text]


@pytest.mark.parametrize(("rate", "wrong"), [("93.33", False), ("98.33", True)])
def test_item_rate_without_its_budget_against_the_table(tmp_path, rate, wrong):
    new = f"2024年度财政拨款安排培训费支出决算0.28万元，完成预算的{rate}%。"
    r = audit_seed_with(tmp_path, TRAINING, new)
    assert not _unchecked(r, f"{rate}%")
    hits = [f for f in _fails(r, "NAR-002") if f.found == D(rate)]
    assert bool(hits) is wrong
    if wrong:
        f = hits[0]
        assert f.severity == "error" and f.location["sentence"] == new
        assert f.expected == D("93.33") and "培训费 预算数 0.30万元" in f.message


def test_initial_budget_against_a_plain_budget_column_is_not_checked(tmp_path):
    """The seed's table prints 预算数 (全年预算 by its note): 完成年初预算的X% is not held against it."""
    r = audit_seed_with(tmp_path, TRAINING, "2024年度财政拨款安排培训费支出决算0.28万元，完成年初预算的98.33%。")
    assert not [f for f in _fails(r, "NAR-002") if f.found == D("98.33")]
    (u,) = _unchecked(r, "98.33%")
    why = [f for f in r.findings if f.rule == "NAR-000" and "98.33%" in f.message]
    assert why and "没有注明是哪一种预算" in why[0].message, u


def test_item_not_named_in_the_sentence_is_not_checked(tmp_path):
    """The rate in a sentence of its own: which figure it completes is carried over, so not checked."""
    r = audit_seed_with(tmp_path, TRAINING, "2024年度财政拨款安排培训费支出决算0.28万元。完成预算的98.33%。")
    assert not [f for f in _fails(r, "NAR-002") if f.found == D("98.33")]
    assert _unchecked(r, "98.33%")


@pytest.fixture(scope="module")
def shanghai_unit(tmp_path_factory):
    """A built Shanghai-profile report whose “三公” items state their rate without their budget."""
    from juesuan.synth.corpus import make_unit

    d = tmp_path_factory.mktemp("sh")
    os.environ.setdefault("JUESUAN_BUILD_JOBS", "1")
    entry = make_unit(d, 0, 7, 2024, "shanghai-2024", ("txt",), 0.0)
    return d / entry["files"][0]


def test_built_report_item_rates_checked(shanghai_unit: Path):
    from juesuan.app.audit import audit_file

    text = shanghai_unit.read_text(encoding="utf-8")
    assert "公务接待费支出决算0.09万元，完成预算的81.82%" in text
    r = audit_file(shanghai_unit)
    assert not _fails(r, "NAR-002")
    assert not _unchecked(r, "81.82%") and not _unchecked(r, "86.96%")


def test_built_report_item_rate_planted_wrong(shanghai_unit: Path, tmp_path):
    from juesuan.app.audit import audit_file

    p = tmp_path / "wrong.txt"
    # 0.09 ÷ 0.11 may be 73.9 %–90.5 % before rounding (尾差, info): a rate outside that is an error
    p.write_text(shanghai_unit.read_text(encoding="utf-8").replace("完成预算的81.82%", "完成预算的61.82%"),
                 encoding="utf-8")
    hits = _fails(audit_file(p), "NAR-002")
    assert [(f.found, f.expected, f.severity) for f in hits] == [(D("61.82"), D("81.82"), "error")]
    assert hits[0].location["sentence"].startswith("公务接待费支出决算0.09万元") and "公务接待费 预算数 0.11万元" in hits[0].message
