"""Each audit rule (families narrative and completeness) with a passing and a failing case.

Narrative rules turn the comparisons prose/binding.py made into findings, so their cases are claims
carrying an exact and a mismatched comparison.  Completeness rules read the published document: the
seed report passes them, and one edit of its text makes each fail.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import EXAMPLE_YAML, SEED
from juesuan.core import codec
from juesuan.domain.profiles import load_profile
from juesuan.prose.claims import Check, Claim, Sentence
from juesuan.rules import catalogue
from juesuan.rules.engine import run
from juesuan.rules.narrative import AuditContext

NARRATIVE = ["NAR-001", "NAR-002", "NAR-003", "NAR-004", "NAR-005", "NAR-006", "NAR-007", "NAR-008", "NAR-009",
             "NAR-010", "NAR-011"]


def test_every_comparison_rule_has_a_case():
    """The narrative rules that report bound comparisons (NAR-000 and NAR-012 have their own tests)."""
    others = {"NAR-000", "NAR-012"}
    assert sorted(NARRATIVE) == sorted(r.id for r in catalogue.load().of(("narrative",)) if r.id not in others)


def only(rule_id: str, family: str) -> dict[str, str]:
    """Severity overrides that leave one rule of its family running."""
    return {r.id: "off" for r in catalogue.load().of((family,)) if r.id != rule_id}


def claim(*checks: Check) -> Claim:
    s = Sentence("本年支出合计10.00万元。", ("第二部分", "一、收入支出决算总体情况说明"), {"line": 12}, 0, 0)
    return Claim(D("10.00"), "万元", "amount", "10.00万元", s, 4, 11, checks=list(checks), bound=True)


def audit_claims(rule_id: str, claims: list[Claim]):
    model = codec.read_path(EXAMPLE_YAML)
    ctx = AuditContext(model, load_profile(model.profile), claims=claims)
    return run(model, ("narrative",), overrides=only(rule_id, "narrative"), context=ctx)


@pytest.mark.parametrize("rule_id", NARRATIVE)
def test_narrative_rule_pass_and_fail(rule_id):
    ok = audit_claims(rule_id, [claim(Check(rule_id, "公开01表 本年支出合计", D("10.00"), "exact"))])
    assert ok.findings == [] and ok.passed == 1
    bad = audit_claims(rule_id, [claim(Check(rule_id, "公开01表 本年支出合计", D("12.00"), "mismatch", D("-2.00")))])
    [f] = bad.findings
    assert (f.rule, f.status, f.severity) == (rule_id, "fail", catalogue.load().rules[rule_id].severity)
    assert (f.found, f.expected, f.difference) == (D("10.00"), D("12.00"), D("-2.00"))
    assert "“10.00万元”" in f.message and f.location["line"] == 12


def test_nar000_unchecked_claims_are_listed():
    """NAR-000: a claim with a comparison passes silently; one without any is listed as not checked."""
    checked = claim(Check("NAR-001", "公开01表", D("10.00"), "exact"))
    assert audit_claims("NAR-000", [checked]).findings == []
    bare = claim()
    [f] = audit_claims("NAR-000", [bare]).findings
    assert (f.rule, f.status) == ("NAR-000", "not_checked") and "10.00万元" in f.message
    no_prior = claim()
    no_prior.why = "no_prior"  # the binding found nothing to compare it with, and says why
    [f] = audit_claims("NAR-000", [no_prior]).findings
    assert "未找到上年数" in f.message and "没有可对照" not in f.message


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def audit_text(tmp_path, text: str, rule_id: str):
    from juesuan.app.audit import read_prose
    from juesuan.formats.published.read import read_published

    p = tmp_path / "report.txt"
    p.write_text(text, encoding="utf-8")
    pub = read_published(p)
    prose = read_prose(pub)
    ctx = AuditContext(pub.model, load_profile(pub.model.profile), claims=prose.claims, published=pub, prose=prose)
    return run(pub.model, ("completeness",), overrides=only(rule_id, "completeness"), context=ctx)


# rule → (an edit of the seed that breaks it, what the failing finding names)
EDITS = {
    "CMP-002": (lambda t: "\n".join(x for x in t.split("\n") if "空表" not in x), "政府性基金"),
    "CMP-003": (lambda t: t.replace("专业名词解释", "附注"), "名词解释"),
    "CMP-005": (lambda t: t.replace("保密审查情况", "审查"), "保密审查情况"),
    "CMP-006": (lambda t: "\n".join(x for x in t.split("\n") if "三公" not in x or "\t" in x), "三公"),
}


@pytest.mark.parametrize("rule_id", sorted(EDITS))
def test_completeness_rule_pass_and_fail(tmp_path, seed_text, rule_id):
    ok = audit_text(tmp_path, seed_text, rule_id)
    assert ok.findings == [] and ok.passed >= 1
    edit, named = EDITS[rule_id]
    bad = audit_text(tmp_path, edit(seed_text), rule_id)
    fails = [f for f in bad.findings if f.status == "fail"]
    assert fails and {f.rule for f in fails} == {rule_id}
    assert any(named in f.message for f in fails), [f.message for f in fails]


def test_cmp004_glossary_pass_and_fail(tmp_path, seed_text):
    """The seed explains 基本支出 (pass) but not 机关运行经费 (fail); explaining it clears the finding."""
    bad = audit_text(tmp_path, seed_text, "CMP-004")
    assert [f.location.get("term") for f in bad.findings] == ["机关运行经费"] and bad.passed >= 1
    i = seed_text.index("## 第五部分 附件")
    fixed = seed_text[:i] + "9. 机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。\n\n" + seed_text[i:]
    assert audit_text(tmp_path, fixed, "CMP-004").findings == []


def test_cmp007_repeated_heading_number(tmp_path, seed_text):
    """The seed numbers “（四）” twice in its performance section (fail); renumbered, nothing is found."""
    [f] = audit_text(tmp_path, seed_text, "CMP-007").findings
    assert f.rule == "CMP-007" and "（四）" in f.message
    fixed = seed_text.replace("(四) 当年部门预算及执行情况", "(五) 当年部门预算及执行情况")
    assert audit_text(tmp_path, fixed, "CMP-007").findings == []


def test_cmp008_overall_evaluation_pass_and_fail(tmp_path, seed_text):
    """The seed's 人员和公用经费 task equals 基本支出 (pass); its 全年执行数 covers 250.01 of 691.29 (fail)."""
    report = audit_text(tmp_path, seed_text, "CMP-008")
    assert report.passed == 1
    [f] = report.findings
    assert (f.rule, f.found, f.expected) == ("CMP-008", D("250.01"), D("691.29"))
