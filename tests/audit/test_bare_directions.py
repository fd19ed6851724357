"""Direction words with no number (比上年有所增加, 较上年略有下降, 与上年基本持平, 同比减少) are claims of their own
kind (prose/directions.py), held against the same entity's figure of this year and the prior year's: right →
no finding; flipped → NAR-005 with the sentence, the word found, the word expected and both figures; an
uncertain subject or an unknown prior-year figure → not checked with the reason, never an error."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from .helpers import audit_seed_with

# the seed states 财政拨款支出增加372.90万元，增长117.12% (上年 318.39万元) and prints 691.29 in 公开05表
ANCHOR = "完成年初预算的459.15%。"


def _nar005(report):
    return [f for f in report.findings if f.rule == "NAR-005" and f.status == "fail"]


def _directions(report):
    return report.extra_summary["directions"]


@pytest.mark.parametrize(("sentence", "wrong", "expected"), [
    ("一般公共预算财政拨款支出比上年有所增加。", False, None),
    ("一般公共预算财政拨款支出比上年有所减少。", True, "增加"),
    ("一般公共预算财政拨款支出同比大幅增长。", False, None),
    ("一般公共预算财政拨款支出同比下降。", True, "增长"),
    ("一般公共预算财政拨款支出与上年基本持平。", True, "增加"),
    ("一般公共预算财政拨款支出与上年持平。", True, "增加"),  # 持平 off by more than 5 %: an error
    ("2024年度一般公共预算财政拨款支出较2023年度有所减少。", True, "增加"),  # the report's own year is not the base
    ("2024年度一般公共预算财政拨款支出较2023年度相比，有所增加。", False, None),
])
def test_bare_direction_against_the_prior_year_the_report_implies(tmp_path, sentence, wrong, expected):
    r = audit_seed_with(tmp_path, ANCHOR, ANCHOR + sentence)
    d = _directions(r)
    assert d["found"] == 2 and d["checked"] == 1  # this one; the seed's 培训费 “较上年增加的原因” has no prior
    hits = _nar005(r)
    assert bool(hits) is wrong
    if wrong:
        (f,) = hits
        assert f.location["sentence"] == sentence
        assert f.found in sentence and f.expected == expected
        assert "691.29" in f.message and "318.39" in f.message
        # 基本持平 off by more than 5 % is a warning, a contradicted 增加 / 减少 an error
        assert f.severity == ("warning" if "基本持平" in sentence else "error")


def test_flat_within_the_tolerance_is_no_finding(tmp_path):
    """基本持平 within 5 % of the prior year's figure passes (the 上年数 here: 691.29 − 20.00 = 671.29)."""
    old = "与上年相比，财政拨款支出增加372.90万元，增长117.12%"
    new = "与上年相比，财政拨款支出增加20.00万元，增长2.98%"
    r = audit_seed_with(tmp_path, old, new)
    assert not [f for f in r.findings if f.rule == "NAR-002" and f.status == "fail" and "2.98" in f.message]
    text = (tmp_path / "report.txt").read_text(encoding="utf-8").replace(ANCHOR, ANCHOR + "一般公共预算财政拨款支出与上年基本持平。", 1)
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    from juesuan.app.audit import audit_file

    r = audit_file(tmp_path / "report.txt")
    assert not _nar005(r) and _directions(r)["checked"] == 1


def test_subject_not_named_is_not_checked(tmp_path):
    """No figure named in the sentence or its heading: which one grew is uncertain, so not checked."""
    r = audit_seed_with(tmp_path, ANCHOR, ANCHOR + "相关工作较上年有所减少。")
    assert not _nar005(r)
    why = {u["text"]: u["why"] for u in _directions(r)["unchecked"]}
    assert why.get("有所减少") in ("direction_subject_unsure",)


def test_no_prior_year_figure_is_not_checked_with_the_reason(tmp_path):
    """The seed's 培训费 section: 决算数较上年增加 — no 上年数 anywhere, so not checked (NAR-000 says why)."""
    r = audit_seed_with(tmp_path)
    (u,) = _directions(r)["unchecked"]
    assert u["why"] == "direction_no_prior" and u["sentence"].startswith("决算数较上年增加")
    msgs = [f.message for f in r.findings if f.rule == "NAR-000" and "增减用词未核对" in f.message]
    assert msgs and "上年数" in msgs[0]
    from juesuan.findings.console import summary_line

    assert "不带数字的增减用词 1 处，已核对 0 处" in summary_line(r)


def test_a_number_in_the_clause_is_not_a_bare_direction():
    from juesuan.prose.directions import extract
    from juesuan.prose.sentences import Sentence

    s = Sentence("收入总计比上年增加20.00万元，支出较上年有所下降，与2023年相比基本持平；比上年增加（减少）", (), {}, 0, 0)
    assert [(c.text, c.direction) for c in extract(s)] == [("有所下降", "下降"), ("基本持平", "基本持平")]


def test_against_another_year_is_not_checked(tmp_path):
    r = audit_seed_with(tmp_path, ANCHOR, ANCHOR + "一般公共预算财政拨款支出比2022年有所减少。")
    assert not _nar005(r)
    assert any(u["why"] == "direction_other_year" for u in _directions(r)["unchecked"])


def test_prior_report_gives_the_prior_year_figure(tmp_path):
    """With last year's report (audit --prior) the prior-year figure comes from that file, named in the finding."""
    from conftest import SEED
    from juesuan.app.audit import audit_published
    from juesuan.app.prior import read_prior
    from juesuan.formats.published.read import read_published

    text = SEED.read_text(encoding="utf-8")
    last = tmp_path / "last.txt"  # last year's 一般公共预算财政拨款支出 printed as 791.29
    last.write_text(text.replace("2024", "2023").replace("691.29", "791.29"), encoding="utf-8")
    this = tmp_path / "this.txt"
    this.write_text(text.replace(ANCHOR, ANCHOR + "一般公共预算财政拨款支出比上年有所增加。", 1), encoding="utf-8")
    r = audit_published(read_published(this), prior=read_prior(last))
    hits = [f for f in _nar005(r) if f.found == "有所增加"]
    assert [(f.found, f.expected, f.severity) for f in hits] == [("有所增加", "减少", "error")]
    assert "last.txt" in hits[0].message and "791.29" in hits[0].message


@pytest.mark.parametrize(("word", "wrong"), [("增加", False), ("减少", True)])
def test_a_prior_year_amount_the_prose_states(tmp_path, word, wrong):
    """培训费上年决算数为0.20万元: last year's figure (never held against this year's table, which prints 0.28),
    and the 上年数 the direction word of that item is checked against."""
    old = "决算数较上年增加的主要原因是"
    r = audit_seed_with(tmp_path, old, f"培训费上年决算数为0.20万元，决算数较上年{word}的主要原因是")
    assert not [f for f in r.findings if f.rule == "NAR-001" and f.status == "fail" and f.found == D("0.20")]
    hits = _nar005(r)
    assert [(f.found, f.expected) for f in hits] == ([("减少", "增加")] if wrong else [])
    if wrong:
        assert "0.28" in hits[0].message and "上年数 0.20万元" in hits[0].message
    assert _directions(r)["checked"] == 1
    assert not [u for u in r.extra_summary["claims"]["unchecked"] if u["text"] == "0.20万元"]  # an operand now


@pytest.mark.parametrize(("rate_word", "wrong"), [("增长", False), ("下降", True)])
def test_change_and_rate_words_contradict_without_the_tables(tmp_path, rate_word, wrong):
    """增加372.90万元，下降117.12% in a narrative published alone (no table gives this year's figure): the two
    words contradict each other whatever the figures are (NAR-005)."""
    import sys

    from conftest import REPO, SEED

    sys.path.insert(0, str(REPO / "benchmarks" / "accuracy"))
    from harness import narrative_only

    from juesuan.app.audit import audit_file

    p = narrative_only(SEED, tmp_path / "narrative.txt")
    old = "财政拨款支出增加372.90万元，增长117.12%"
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, old.replace("增长", rate_word)), encoding="utf-8")
    hits = [f for f in audit_file(p).findings if f.rule == "NAR-005" and f.status == "fail"]
    assert [(f.found, f.expected) for f in hits] == ([(D("117.12"), "增长")] if wrong else [])
