"""The seed audited: the real inconsistencies a careful reviewer finds in it, nothing that is
only rounding as an error, and at least 90% of its numeric claims bound and checked."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import SEED
from juesuan.app.audit import audit_file


def _find(report, rule, **loc):
    out = [f for f in report.findings if f.rule == rule and f.status == "fail"
           and all(f.location.get(k) == v for k, v in loc.items())]
    return out


# (rule, severity, source line, found, expected, difference, words in the message)
EXPECTED = [
    # 单位内设机构6个 but five names are listed
    ("NAR-007", "warning", 73, D("6"), D("5"), D("1"), "12333咨询服务室"),
    # 培训费: 决算数较预算数减少0.2万元, but 0.30 − 0.28 = 0.02 (the 0.18 error GovBudgetChecker's 0.5 tolerance hides)
    ("NAR-003", "error", 203, D("0.2"), D("0.02"), D("0.18"), "预算数 0.30 − 决算数 0.28"),
    # 附件: 公用支出5.46万元, T06 公用经费合计 8.80
    ("NAR-001", "error", 709, D("5.46"), D("8.80"), D("-3.34"), "公用经费合计"),
    # 附件: 691.29 = 99.23 + 5.46 + 583.26? (= 687.95)
    ("NAR-004", "warning", 709, D("691.29"), D("687.95"), D("3.34"), "分项之和小于合计"),
    # 附件: 信息中心专项业务经费 全年预算数350万元、执行数194.39万元 against the overall table's 50 / 30.86
    ("NAR-008", "error", 729, D("350"), D("50"), D("300"), "信息中心专项业务经费 全年预算数"),
    ("NAR-008", "error", 729, D("194.39"), D("30.86"), D("163.53"), "全年执行数"),
    ("NAR-008", "error", 729, D("55.54"), D("61.72"), D("-6.18"), "执行率"),
    # 附件: 单价20万元以上的设备5台（套） against 第二部分 “本单位2024年度无国有资产占用及购置”
    ("NAR-010", "error", 671, D("5"), "0", None, "无国有资产占用及购置"),
    # 政府采购货物支出44.56万元 while “无国有资产…购置”
    ("NAR-010", "warning", 215, D("44.56"), "0", None, "货物"),
    # 占部门预算项目支出总额的65.14%: computed on 460.56 (整体支出 全年预算数), not on 项目支出 583.26
    ("NAR-002", "warning", 231, D("65.14"), D("51.44"), D("13.70"), "460.56"),
    # 原创信息13条 while the indicator 微信公众号原创信息数量 reports 37条
    ("NAR-008", "warning", 229, D("13"), D("37"), D("-24"), "微信公众号原创信息数量"),
    # 年初预算150.56万元 against Σ item initial budgets 150.57: rounding, info only
    ("NAR-004", "info", 129, D("150.56"), D("150.57"), D("-0.01"), "尾差"),
    # 本年支出合计691.29 = 108.04 + 583.26 (= 691.30): rounding, info only
    ("NAR-004", "info", 111, D("691.29"), D("691.30"), D("-0.01"), "尾差"),
]


@pytest.mark.parametrize(("rule", "severity", "line", "found", "expected", "diff", "words"), EXPECTED)
def test_expected_seed_finding(seed_report, rule, severity, line, found, expected, diff, words):
    hits = [f for f in _find(seed_report, rule, source_line=line) if f.found == found]
    assert hits, f"{rule} at line {line} not reported"
    f = hits[0]
    assert f.severity == severity
    assert f.expected == expected
    assert f.difference == diff
    assert words in f.message
    assert f.location["sentence"] and f.location["section"]


def test_seed_table_and_performance_findings(seed_report):
    # T06 30109 职业年金缴费 7.25 against T05 2080506 4.39 (a warning, not an error)
    t6 = [f for f in seed_report.findings if f.location.get("table") == "T06" and f.location.get("row") == "30109"
          and f.status == "fail"]
    assert t6 and all(f.severity == "warning" for f in t6)
    # performance weights: 产出指标（50分） whose indicators sum to 65 (overall table)
    assert any(f.found == D("65") and f.expected == D("50") and f.severity == "error" for f in seed_report.findings)
    # glossary lacks 机关运行经费, headings （四） repeated in the attachment
    assert _find(seed_report, "CMP-004")[0].location["term"] == "机关运行经费"
    assert _find(seed_report, "CMP-007")[0].severity == "info"


def test_no_error_is_only_rounding(seed_report):
    for f in seed_report.findings:
        if f.status != "fail":
            continue
        if "尾差" in f.message:
            assert f.severity == "info", f.message
        if f.severity == "error" and isinstance(f.difference, D):
            assert abs(f.difference) > D("0.05"), f.message


def test_seed_coverage_at_least_90_percent(seed_report):
    claims = seed_report.summary()["claims"]
    assert claims["found"] >= 140
    assert claims["checked"] / claims["found"] >= 0.9
    assert claims["bound"] >= claims["checked"]
    assert len(claims["unchecked"]) == claims["found"] - claims["checked"]
    assert {u["text"] for u in claims["unchecked"]} <= {"0.30万元", "12个", "1个", "6.82万张"}


def test_repeated_statement_reported_once(seed_report):
    f = [x for x in _find(seed_report, "NAR-008") if x.found == D("13")]
    assert len(f) == 1 and "共 4 处" in f[0].message


def _variant(tmp_path, old, new):
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "variant.txt"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return audit_file(p)


def test_synthetic_018_error_is_caught(tmp_path):
    r = _variant(tmp_path, "支出决算82.13万元", "支出决算82.31万元")
    f = [x for x in _find(r, "NAR-001") if x.found == D("82.31")]
    assert f and f[0].severity == "error" and f[0].difference == D("0.18") and f[0].expected == D("82.13")


def test_synthetic_001_rounding_is_info(tmp_path):
    r = _variant(tmp_path, "政府采购服务支出44.25万元", "政府采购服务支出44.26万元")
    f = [x for x in _find(r, "NAR-004") if x.found == D("88.81")]
    assert f and f[0].severity == "info" and f[0].difference == D("-0.01")
    assert r.count("error") == audit_file(SEED).count("error")


def test_lower_stated_precision_is_not_an_error(seed_report):
    # "培训费预算0.3万元" against T09 0.30, "年初预算50万元" in a completion rate: consistent
    for f in seed_report.findings:
        if f.status == "fail" and f.rule.startswith("NAR-") and f.found in (D("0.3"), D("50"), D("8.8")):
            pytest.fail(f.message)


def test_missing_table_is_reported_even_if_declared_empty(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    start = text.index("政府性基金预算财政拨款收入支出决算表\n\n公开07表")
    end = text.index("国有资本经营预算财政拨款支出决算表\n\n公开08表")
    p = tmp_path / "no-t07.txt"
    p.write_text(text[:start] + text[end:], encoding="utf-8")
    r = audit_file(p)
    f = [x for x in r.findings if x.rule == "CMP-001" and x.location["table"] == "T07"]
    assert f and f[0].severity == "error"
    assert not [x for x in audit_file(SEED).findings if x.rule == "CMP-001" and x.status == "fail"]


def test_profile_detection():
    from juesuan.domain.profiles.detect import detect_profile
    from juesuan.formats.published.blocks import Block

    def blocks(*texts):
        return [Block("para", t) for t in texts]

    assert detect_profile(blocks("保密审查情况：已审查", "主要负责人审签情况：已审签")) == "shaanxi-2024"
    assert detect_profile(blocks("上海市XX局2024年度部门决算", "七、财政拨款“三公”经费支出决算表",
                                 "十一、其他重要事项的情况说明")) == "shanghai-2024"
    assert detect_profile(blocks("某县某局2024年度部门决算", "公开09表", "七、政府性基金预算财政拨款收入支出决算表")) == "national"


def test_overall_evaluation_against_accounts(seed_report):
    # 整体支出自评表 全年执行数 250.01 while 一般公共预算财政拨款支出 is 691.29; 人员和公用经费 108.04 = 基本支出
    f = [x for x in seed_report.findings if x.rule == "CMP-008" and x.status == "fail"]
    assert len(f) == 1 and f[0].severity == "warning"
    assert (f[0].found, f[0].expected, f[0].difference) == (D("250.01"), D("691.29"), D("-441.28"))
