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


@pytest.mark.parametrize(("sentence", "mutated", "found", "not_checkable"), [
    # the change amount and the current figure give the 上年数: the flipped rate word is found
    ("支出决算比上年减少0.30万元，下降3.30%。", "支出决算比上年减少0.30万元，增长3.30%。", True, False),
    # no 上年数 anywhere: the mutated report is self-consistent; counted apart, with the audit's reason
    ("支出决算比上年下降3.30%。", "支出决算比上年增长3.30%。", False, True),
])
def test_a_mistake_nothing_can_show_is_counted_apart_never_as_found(tmp_path, sentence, mutated, found, not_checkable):
    from harness import Source, _serious, trial

    from juesuan.app.audit import audit_file
    from juesuan.mutate import Planted

    anchor = "（二）公用经费8.80万元"
    text = (REPO / "tests" / "data" / "seed" / "000_6849a2ff488092f1.txt").read_text(encoding="utf-8")
    assert anchor in text
    orig, bad = tmp_path / "orig.txt", tmp_path / "bad.txt"
    orig.write_text(text.replace(anchor, "公用经费8.80万元。" + sentence + "\n\n" + anchor, 1), encoding="utf-8")
    bad.write_text(text.replace(anchor, "公用经费8.80万元。" + mutated + "\n\n" + anchor, 1), encoding="utf-8")
    word = "增长" if "增长" in mutated else "增加"
    planted = Planted(str(bad), "direction_word", {"context": mutated}, word, "下降", [word])
    base = audit_file(orig)
    src = Source("seed-txt", "txt", True, lambda kind, seed: (planted, audit_file(bad).findings), _serious(base),
                 base.profile)
    t = trial(src, "direction_word", 0)
    assert t.found is found
    assert bool(t.unverifiable) is not_checkable
    if not_checkable:
        assert "未找到上年数" in t.unverifiable
