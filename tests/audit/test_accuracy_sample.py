"""A small sample of the mutation benchmark (benchmarks/accuracy): one mistake of each kind planted
into the seed (TXT), our example exported to PDF by LibreOffice (committed test data) and the
Shanghai PDF; recall may not fall below what is achieved now, and new findings must point at the
planted mistake.  The full table lives in docs/accuracy.md."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks" / "accuracy"))

SOURCES = ["seed-txt", "libreoffice-pdf", "shanghai-pdf"]
# (source, kind) found on the day the floor was set (2026-12-06, end of the round: all 27): a regression in
# any of them fails
_ALL_KINDS = ("prose_figure", "table_figure", "direction_word", "year", "placeholder", "heading_number",
              "row_removed", "percent_base", "name_changed")
_MISSED_NOW: set[tuple[str, str]] = set()
FOUND_NOW = {(s, k) for s in SOURCES for k in _ALL_KINDS} - _MISSED_NOW
RECALL_FLOOR = 27 / 27
POINTED_FLOOR = 0.9


@pytest.fixture(scope="module")
def trials(tmp_path_factory):
    from harness import run

    return run(SOURCES, range(1), work=tmp_path_factory.mktemp("accuracy"))


def test_every_kind_is_planted_everywhere(trials):
    missing = [(t.source, t.kind) for t in trials if t.planted is None]
    assert not missing, missing


def test_recall_does_not_regress(trials):
    found = {(t.source, t.kind) for t in trials if t.found}
    lost = FOUND_NOW - found
    assert not lost, f"mistakes no longer found: {sorted(lost)}"
    planted = [t for t in trials if t.planted is not None]
    assert sum(t.found for t in planted) / len(planted) >= RECALL_FLOOR


def test_new_findings_point_at_the_mistake(trials):
    new = sum(t.new for t in trials)
    pointed = sum(t.pointed for t in trials)
    assert new and pointed / new >= POINTED_FLOOR


def test_an_unmutated_copy_has_no_new_findings(tmp_path):
    """The harness itself: auditing a copy with nothing planted yields no 'new' finding."""
    import shutil

    from harness import SEED, _serious, _sig

    from juesuan.app.audit import audit_file

    copy = tmp_path / "copy.txt"
    shutil.copyfile(SEED, copy)
    assert sorted(map(_sig, _serious(audit_file(copy)))) == sorted(map(_sig, _serious(audit_file(SEED))))


def test_a_mistake_no_text_could_show_is_counted_apart():
    from harness import recall_table, undetectable

    from juesuan.mutate import Planted
    from juesuan.mutate.kinds import renamed

    apart = Planted("r.txt", "name_changed", {}, "榆林市某某分局", "榆林市某某")  # reads as a subordinate body
    counted = Planted("r.txt", "name_changed", {}, renamed("榆林市人事信息中心"), "榆林市人事信息中心")
    assert undetectable(apart) and not undetectable(counted)

    from harness import Trial

    trials = [Trial("s", "name_changed", 0, apart, undetectable=undetectable(apart)),
              Trial("s", "name_changed", 1, counted, found=True)]
    assert recall_table(trials) == {("name_changed", "s"): (1, 1)}


def test_a_flipped_word_with_nothing_to_compare_is_counted_apart():
    """“X万元，比上年增长Y%” flipped to 下降: undetectable when last year's figure is printed nowhere and
    nothing else in the sentence gives the direction; detectable when the figure is printed."""
    from harness import undetectable

    from juesuan.mutate import Planted

    sentence = "11.职业年金缴费支出，2024年度决算数为5,502.38万元，比2023年度决算数增长23.69%。"
    planted = Planted("r.pdf", "direction_word", {"context": "算数为5,502.38万元，比2023年度决算数下降23.69%。"},
                      "下降", "增长")
    assert undetectable(planted, [sentence])
    assert not undetectable(planted, [sentence, "上年决算数 4,448.53"])  # 5502.38 / 1.2369
    with_reason = sentence.replace("%。", "%，增长的主要原因是人员调整。")
    planted.location["context"] = "5,502.38万元，比2023年度决算数下降23.69%，"
    assert not undetectable(planted, [with_reason])  # the reason's word contradicts the flipped one
    assert undetectable(planted, [with_reason.replace("增长的主要原因", "主要原因")])


def test_a_changed_rate_with_nothing_to_compare_is_counted_apart():
    """“X万元，比上年增长Y%” with Y changed: undetectable when last year's figure is printed nowhere and the
    sentence states no change amount; detectable when the figure is printed or the change is stated."""
    from harness import undetectable

    from juesuan.mutate import Planted

    sentence = "11.职业年金缴费支出，2024年度决算数为5,502.38万元，比2023年度决算数增长23.69%。"
    planted = Planted("r.pdf", "percent_base", {"context": "算数为5,502.38万元，比2023年度决算数增长18.95%。"},
                      "18.95", "23.69")
    assert undetectable(planted, [sentence])
    assert not undetectable(planted, [sentence, "上年决算数 4,448.53"])  # 5502.38 / 1.2369
    stated = "2024年度决算数为5,502.38万元，比2023年度决算数增加1,053.85万元，增长23.69%。"
    planted.location["context"] = "比2023年度决算数增加1,053.85万元，增长18.95%。"
    assert not undetectable(planted, [stated])  # the change amount and the current figure give the rate


PROSE_KINDS = ("prose_figure", "direction_word", "year", "placeholder", "heading_number", "percent_base",
               "name_changed")


def test_prose_mistakes_are_found_in_a_narrative_published_alone(tmp_path):
    """The seed without its tables (benchmarks/accuracy `seed-narrative-txt`): every prose mistake kind
    planted once (seed 0, all found on 2026-12-06) is still found from the prose alone."""
    from harness import run

    trials = run(["seed-narrative-txt"], range(1), list(PROSE_KINDS), work=tmp_path)
    assert all(t.planted is not None for t in trials)
    lost = sorted(t.kind for t in trials if not t.found and not t.undetectable)
    assert not lost, f"prose mistakes no longer found without the tables: {lost}"
