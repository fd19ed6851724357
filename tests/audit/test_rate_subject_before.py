"""A change opening its own sentence (“……8.02万元，为……的资金。较2022年度决算数增加0.78万元，增长10.8%”) is
checked against the one amount of the sentence before it; 增加0.00万元、增长0% of a figure that is 0 in both
years is consistent, not a zero-base warning."""

from __future__ import annotations

from juesuan.app.audit import audit_file

HEAD = """某服务中心2023年度单位决算
第二部分 2023年度单位决算情况说明
一、收入决算情况说明
"""


def _audit(tmp_path, body: str):
    p = tmp_path / "r.txt"
    p.write_text(HEAD + body, encoding="utf-8")
    return audit_file(p)


def _nar(report, status: str) -> list:
    return [f for f in report.findings if f.rule.startswith("NAR") and f.rule != "NAR-000" and f.status == status]


RIGHT = ("8.上年结转和结余8.02万元，为以前年度支出预算因客观条件变化未执行完毕、结转到本年度继续使用的资金。"
         "较2022年度决算数增加0.78万元，增长10.8%，主要原因是：合理安排了费用的结算。\n")


def test_rate_of_the_sentence_before_is_checked(tmp_path):
    r = _audit(tmp_path, RIGHT)
    assert not _nar(r, "fail")
    claims = r.extra_summary["claims"]
    assert claims["checked"] == 3 and not claims["unchecked"]  # 8.02, 0.78, 10.8 % held together


def test_a_wrong_rate_of_the_sentence_before_is_an_error(tmp_path):
    r = _audit(tmp_path, RIGHT.replace("增长10.8%", "增长12.8%"))
    bad = _nar(r, "fail")
    assert len(bad) == 1 and bad[0].severity == "error"
    assert "12.8" in str(bad[0].found) and "10.8" in str(bad[0].expected)  # 0.78 ÷ (8.02 − 0.78) = 10.77 %


def test_two_amounts_before_leave_it_unchecked(tmp_path):
    body = RIGHT.replace("8.02万元，为以前年度", "8.02万元，其中基本支出结转3.00万元，为以前年度")
    r = _audit(tmp_path, body)
    assert not _nar(r, "fail")
    assert any(u["text"] == "10.8%" for u in r.extra_summary["claims"]["unchecked"])  # which figure? unsure


def test_zero_in_both_years_is_consistent(tmp_path):
    body = ("6.其他收入0.00万元，为预算单位在财政拨款收入之外取得的收入。"
            "较2022年度决算数增加0.00万元，增长0%，主要原因是：本单位无其他收入。\n")
    r = _audit(tmp_path, body)
    assert not [f for f in r.findings if f.status == "fail" and f.severity in ("error", "warning")
                and f.rule.startswith("NAR")]
    assert r.extra_summary["claims"]["checked"] == 3
