"""The catalogue of the check families: declared well, each rule tested with a pass and a fail case."""

from __future__ import annotations

from pathlib import Path

from juesuan.rules.engine import REGISTRY, SEVERITIES, _load_rule_modules

FAMILIES = {"tables": "test_tables.py", "cross_tables": "test_cross_tables.py", "facts": "test_facts.py",
            "performance": "test_performance.py"}
HERE = Path(__file__).parent


def _rules():
    _load_rule_modules()
    return [r for r in REGISTRY.values() if r.family in FAMILIES]


def test_rules_are_declared_with_chinese_titles_and_docs():
    rules = _rules()
    assert len(rules) >= 55
    for r in rules:
        assert r.severity in SEVERITIES and r.doc, r.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.title), r.id


def test_every_rule_has_its_test():
    """Each rule id appears in its family's test module (which holds its passing and failing case)."""
    for r in _rules():
        text = (HERE / FAMILIES[r.family]).read_text(encoding="utf-8")
        assert f'"{r.id}"' in text, r.id
