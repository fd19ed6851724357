"""The rule catalogue (rules/catalogue.yaml): well declared, the same in every process, joined with
an implementation for every rule, and every rule of every family tested with a passing and a
failing case (RULE_TESTS names them; this test checks the names against the catalogue and the code)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

from conftest import REPO
from juesuan.rules import catalogue
from juesuan.rules.catalogue import SEVERITIES
from juesuan.rules.engine import rules_of

# rule id → (test with its passing case, test with its failing case); one test may hold both
RULE_TESTS: dict[str, tuple[str, str]] = {}
_BOTH = {  # tests that assert the rule's passing and failing case together
    "tests/rules/test_tables.py::test_sum_rule_pass_and_fail": [
        "T01-001", "T01-002", "T01-003", "T01-004", "T01-005", "T02-001", "T02-002", "T02-003", "T03-001",
        "T03-002", "T03-003", "T05-001", "T05-002", "T05-003", "T07-001", "T07-002", "T07-003", "T07-004",
        "T08-001", "T08-002", "T08-003", "T04-001", "T04-002", "T04-003", "T04-004", "T04-005", "T06-001",
        "T06-002", "T09-001", "T09-002"],
    "tests/rules/test_tables.py::test_hierarchy_pass_and_orphan": ["TAB-001"],
    "tests/rules/test_cross_tables.py::test_equality_rule_pass_and_fail": [
        "X-001", "X-002", "X-003", "X-004", "X-005", "X-006", "X-008"],
    "tests/rules/test_cross_tables.py::test_x007_empty_table_needs_reason": ["X-007"],
    "tests/rules/test_cross_tables.py::test_x009_t05_not_above_t03": ["X-009"],
    "tests/rules/test_cross_tables.py::test_x010_t06_not_above_t09": ["X-010"],
    "tests/rules/test_cross_tables.py::test_x011_economic_vs_functional_warning": ["X-011"],
    "tests/rules/test_cross_tables.py::test_x012_agency_running_costs_warning": ["X-012"],
    "tests/rules/test_facts.py::test_f001_authorized_staff": ["F-001"],
    "tests/rules/test_facts.py::test_f002_actual_staff": ["F-002"],
    "tests/rules/test_facts.py::test_f003_procurement_total": ["F-003"],
    "tests/rules/test_facts.py::test_f004_sme_parts": ["F-004"],
    "tests/rules/test_facts.py::test_f005_small_micro": ["F-005"],
    "tests/rules/test_facts.py::test_f006_three_public_counts": ["F-006"],
    "tests/rules/test_facts.py::test_f007_missing_reason": ["F-007"],
    "tests/rules/test_facts.py::test_f008_item_reason": ["F-008"],
    "tests/rules/test_facts.py::test_f009_prior_year_missing_is_not_checked": ["F-009"],
    "tests/rules/test_performance.py::test_p001_level1_weights": ["P-001"],
    "tests/rules/test_performance.py::test_p002_total_weight": ["P-002"],
    "tests/rules/test_performance.py::test_p003_score_le_weight": ["P-003"],
    "tests/rules/test_performance.py::test_p004_budget_score": ["P-004"],
    "tests/rules/test_performance.py::test_p005_execution_rate": ["P-005"],
    "tests/rules/test_performance.py::test_p006_total_score": ["P-006"],
    "tests/rules/test_performance.py::test_p007_tasks": ["P-007"],
    "tests/rules/test_performance.py::test_p008_fund_lines": ["P-008"],
    "tests/audit/test_rule_cases.py::test_narrative_rule_pass_and_fail": [
        "NAR-001", "NAR-002", "NAR-003", "NAR-004", "NAR-005", "NAR-006", "NAR-007", "NAR-008", "NAR-009",
        "NAR-010", "NAR-011"],
    "tests/audit/test_rule_cases.py::test_nar000_unchecked_claims_are_listed": ["NAR-000"],
    "tests/audit/test_prose_reading.py::test_item_bound_by_code_and_fuzzy_name": ["NAR-012"],
    "tests/audit/test_rule_cases.py::test_completeness_rule_pass_and_fail": ["CMP-002", "CMP-003", "CMP-005", "CMP-006"],
    "tests/audit/test_rule_cases.py::test_cmp004_glossary_pass_and_fail": ["CMP-004"],
    "tests/audit/test_rule_cases.py::test_cmp007_repeated_heading_number": ["CMP-007"],
    "tests/audit/test_rule_cases.py::test_cmp008_overall_evaluation_pass_and_fail": ["CMP-008"],
    "tests/audit/test_seed_findings.py::test_missing_table_is_reported_even_if_declared_empty": ["CMP-001"],
    "tests/audit/test_templates.py::test_misread_table_gives_one_finding_and_no_cascade": ["CMP-009"],
    "tests/audit/test_templates.py::test_table_in_yuan_is_converted_and_said_once": ["CMP-010"],
}
for _node, _ids in _BOTH.items():
    RULE_TESTS.update({i: (_node, _node) for i in _ids})
_DOC = "tests/audit/test_document_rules.py::"
_NAR = "tests/audit/test_narrative_audit.py::"
RULE_TESTS.update({
    "CAT-001": ("tests/inputs/test_catalog_rules.py::test_example_passes_all_catalog_rules",
                "tests/inputs/test_catalog_rules.py::test_bad_code_format_is_an_error"),
    "CAT-002": ("tests/inputs/test_catalog_rules.py::test_example_passes_all_catalog_rules",
                "tests/inputs/test_catalog_rules.py::test_unknown_code_is_info_once"),
    "CAT-003": ("tests/inputs/test_catalog_rules.py::test_example_passes_all_catalog_rules",
                "tests/inputs/test_catalog_rules.py::test_known_code_with_another_name_is_a_warning"),
    "NAR-REASON-MISSING": ("tests/build/test_wording.py::test_example_has_no_missing_reason",
                           "tests/build/test_wording.py::test_missing_item_reason_is_a_placeholder_and_an_error_finding"),
    "NAR-FACT-MISSING": ("tests/build/test_wording.py::test_example_has_no_missing_reason",
                         "tests/build/test_wording.py::test_missing_contact_phone_is_a_fact_finding"),
    "DOC-001": (_DOC + "test_the_seed_passes", _DOC + "test_year_consistency"),
    "DOC-002": (_DOC + "test_the_seed_passes", _DOC + "test_placeholders"),
    "DOC-003": (_DOC + "test_seed_heading_numbering_finds_the_repeated_number", _DOC + "test_heading_numbering"),
    "DOC-004": (_DOC + "test_the_seed_passes", _DOC + "test_unit_name_consistency"),
    "DOC-005": (_DOC + "test_the_seed_passes", _DOC + "test_percentage_without_percent_sign"),
    "DOC-006": (_DOC + "test_the_seed_passes", _DOC + "test_doubled_punctuation_and_repeated_words"),
    "DOC-007": (_DOC + "test_the_seed_passes", _DOC + "test_doubled_punctuation_and_repeated_words"),
    "DOC-008": (_NAR + "test_the_seed_is_complete_and_has_its_tables",
                _NAR + "test_a_truncated_text_gets_one_warning_and_no_section_warnings"),
    "CMP-011": (_NAR + "test_the_seed_is_complete_and_has_its_tables", _NAR + "test_a_right_narrative_only_text_is_audited"),
})


def test_rules_are_declared_with_chinese_titles_and_descriptions():
    rules = list(catalogue.load().rules.values())
    assert len(rules) >= 85
    for r in rules:
        assert r.severity in SEVERITIES and r.description, r.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.title), r.id


def test_every_rule_has_an_implementation_and_every_implementation_a_rule():
    from juesuan.rules.families import all_families

    families = all_families()
    declared = {r.id: r.family for r in catalogue.load().rules.values()}
    implemented = {rid: name for name, fam in families.items() for rid in fam.funcs}
    assert implemented == declared
    assert [r.id for r in rules_of(tuple(families))] == list(declared)


def test_message_templates_name_their_arguments():
    """Every template's {names} are plain identifiers (format-ready), and rules' own messages exist."""
    c = catalogue.load()
    templates = [*c.phrases.values(), *(m for r in c.rules.values() for m in r.messages.values())]
    for t in templates:
        for name in re.findall(r"{([^}]*)}", t):
            assert name.isidentifier(), t


CATALOGUE_DUMP = ("import json; from juesuan.rules import catalogue; from juesuan.rules.engine import rules_of;"
                  "import sys; c = catalogue.load(); sys.stdout.write(json.dumps([[r.id, r.title, r.severity, r.family]"
                  " for r in c.rules.values()], ensure_ascii=False))")


def test_catalogue_is_the_same_in_a_fresh_process_and_after_an_audit():
    """Which rules exist does not depend on what ran before (the portal's rule page lists all of them)."""
    from juesuan.web.integration import rule_catalogue

    fresh = json.loads(subprocess.run([sys.executable, "-c", CATALOGUE_DUMP], capture_output=True, text=True,
                                      check=True, encoding="utf-8").stdout)
    before = rule_catalogue()
    from conftest import SEED
    from juesuan.app.audit import audit_file

    audit_file(SEED)
    after = rule_catalogue()
    assert before == after
    assert sorted(r["id"] for r in after) == sorted(x[0] for x in fresh)
    assert len(after) == len(catalogue.load().rules) >= 85


@cache
def _functions(path: str) -> dict[str, str]:
    """Source of each test function of a file, with its decorators and the module constants it names."""
    src = (REPO / path).read_text(encoding="utf-8")
    tree = ast.parse(src)
    consts = {n.targets[0].id: ast.get_source_segment(src, n) or "" for n in tree.body
              if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)}
    out = {}
    for n in tree.body:
        if isinstance(n, ast.FunctionDef):
            seg = "".join(ast.get_source_segment(src, d) or "" for d in n.decorator_list)
            seg += ast.get_source_segment(src, n) or ""
            seg += "".join(consts[x] for x in set(re.findall(r"\b[A-Z_]{3,}\b", seg)) if x in consts)
            out[n.name] = seg
    return out


def test_every_rule_of_every_family_has_a_passing_and_a_failing_test():
    assert set(RULE_TESTS) == set(catalogue.load().rules), set(RULE_TESTS) ^ set(catalogue.load().rules)
    for rid, (ok, bad) in RULE_TESTS.items():
        family = catalogue.load().rules[rid].family
        for node in (ok, bad):
            path, name = node.split("::")
            assert Path(REPO / path).exists(), node
            funcs = _functions(path)
            assert name in funcs, node
        # the failing case names the rule; the passing case names it or runs its whole family
        assert f'"{rid}"' in _functions(bad.split("::")[0])[bad.split("::")[1]], (rid, bad)
        ok_src = _functions(ok.split("::")[0])[ok.split("::")[1]]
        assert f'"{rid}"' in ok_src or f'"{family}"' in ok_src, (rid, ok)


def test_severity_off_leaves_a_failing_rule_out(tmp_path):
    """`off` is accepted wherever a severity override is: the engine, `check` and the build gate."""
    from conftest import EXAMPLE_YAML
    from juesuan.app.build import BuildBlocked, build_report
    from juesuan.app.check import run_checks
    from juesuan.core import codec

    model = codec.read_path(EXAMPLE_YAML)
    model.unit.staffing.authorized_total = (model.unit.staffing.authorized_total or 0) + 1  # F-001 fails
    base = run_checks(model)
    failing = sorted({f.rule for f in base.findings if f.severity == "error" and f.status == "fail"})
    assert "F-001" in failing
    off = run_checks(model, overrides={"F-001": "off"})
    assert not [f for f in off.findings if f.rule == "F-001"]
    assert [f.rule for f in off.findings] == [f.rule for f in base.findings if f.rule != "F-001"]
    everything_off = {rid: "off" for rid in failing}
    assert build_report(model, tmp_path, "html", overrides=everything_off)  # not blocked
    try:
        build_report(model, tmp_path / "b", "html")
    except BuildBlocked as exc:
        assert {f.rule for f in exc.errors} == set(failing)
    else:
        raise AssertionError("the errors should block the build")
