"""The audit's HTML page: a batch opens with an overview (reports ranked by problems, the problems most
reports share) drawn as bars with their numbers beside them; a single report has no overview."""

from __future__ import annotations

import re

from juesuan.findings.html import render


def contract(source: str, errors: int, warnings: int, rules: list[tuple[str, str]]) -> dict:
    findings = [{"rule": rule, "title": f"{rule} 的标题", "severity": sev, "status": "fail", "message": "m",
                 "location": {}, "found": None, "expected": None, "difference": None, "rounding": False}
                for rule, sev in rules]
    findings.append({"rule": "T01-001", "title": "尾差", "severity": "info", "status": "fail", "message": "尾差",
                     "location": {}, "found": None, "expected": None, "difference": None, "rounding": True})
    return {"source": source, "profile": "shaanxi-2024", "findings": findings,
            "summary": {"error": errors, "warning": warnings, "info": 1, "rounding": 1, "passed": 10,
                        "not_checked": 0}}


BATCH = [
    contract("甲.pdf", 1, 1, [("NAR-003", "error"), ("F-007", "warning")]),
    contract("乙.pdf", 3, 0, [("NAR-003", "error"), ("NAR-003", "error"), ("P-001", "error")]),
    contract("丙.pdf", 0, 0, []),
    {"source": "坏.pdf", "error": "文件 坏.pdf：不是有效的 PDF"},
]


def section(html: str, title: str) -> str:
    return html.split(f"<h3>{title}", 1)[1].split("</table>", 1)[0]


def test_batch_overview_ranks_reports_and_rules():
    html = render(BATCH)
    worst = section(html, "问题最多的报告")
    assert re.findall(r"<tr><td>(.*?)</td>", worst) == ["乙.pdf", "甲.pdf"]  # 丙 has none; 坏 was unreadable
    # bars are scaled to the worst report (3 problems): 乙's errors fill the track, 甲's error is a third
    assert "width:100.0%" in worst.split("</tr>")[0] and "错误 3 · 警告 0" in worst
    assert "class='e' style='width:33.3%'" in worst and "class='w' style='width:33.3%'" in worst
    common = section(html, "最常见的问题（共 3 份报告）")
    rows = re.findall(r"<tr><td>(\S+) .*?</td>.*?<td class='num'>(.*?)</td>", common)
    assert rows == [("NAR-003", "2 份报告 · 3 处"), ("F-007", "1 份报告 · 1 处"), ("P-001", "1 份报告 · 1 处")]
    assert "T01-001" not in common  # 尾差 is never a problem
    assert "1（1）" in html  # 提示（其中尾差）


def test_single_report_has_no_overview():
    html = render(BATCH[:1])
    assert "<h2>概览</h2>" not in html and "NAR-003" in html


def test_excel_problem_list_for_reviewers(tmp_path):
    """`--xlsx`: a summary row per file (the unreadable one says why) and one row per problem, worst first,
    figures as numbers, 尾差 left out, filters and a frozen header, and an empty 处理意见 column."""
    from decimal import Decimal as D

    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from conftest import SEED
    from juesuan.cli import app

    d = tmp_path / "reports"
    d.mkdir()
    (d / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "b.txt").write_text("不是报告", encoding="utf-8")
    out = tmp_path / "out" / "问题清单.xlsx"
    r = CliRunner().invoke(app, ["audit", str(d), "--brief", "--xlsx", str(out)])
    assert r.exit_code == 2 and "Excel 问题清单已写入" in r.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题清单"]
    summary = {row[0]: row for row in wb["汇总"].iter_rows(min_row=2, values_only=True)}
    a, b = summary[str(d / "a.txt")], summary[str(d / "b.txt")]
    # not checked: 6 numbers and the 培训费 “较上年增加” (a direction word with no 上年数 anywhere)
    assert a[1:9] == ("shaanxi-2024", None, 12, 11, 27, 24, a[7], 7) and a[9:12] == (149, 146, 146)
    assert b[12].startswith("无法审核：") and b[3] is None
    ws = wb["问题清单"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:K{ws.max_row}"
    header, *rows = list(ws.iter_rows(values_only=True))
    assert header[-1] == "处理意见" and all(row[-1] is None for row in rows)
    levels = [row[1] for row in rows]
    assert levels == sorted(levels, key=["错误", "警告", "提示", "未检查"].index)
    assert levels.count("错误") == 12 and levels.count("警告") == 11 and "尾差" not in "".join(row[9] for row in rows)
    training = next(row for row in rows if row[2] == "NAR-003" and row[6] == 0.2)
    assert (D(str(training[7])), D(str(training[8]))) == (D("0.02"), D("0.18"))
    assert "原文第 203 行" in training[4] and "减少0.2万元" in training[5]
