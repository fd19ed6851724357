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
# (source, kind) found on the day the floor was set (2026-12-06): a regression in any of them fails
_ALL_KINDS = ("prose_figure", "table_figure", "direction_word", "year", "placeholder", "heading_number",
              "row_removed", "percent_base", "name_changed")
_MISSED_NOW = {("libreoffice-pdf", "name_changed"), ("shanghai-pdf", "heading_number")}
FOUND_NOW = {(s, k) for s in SOURCES for k in _ALL_KINDS} - _MISSED_NOW
RECALL_FLOOR = 25 / 27
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
