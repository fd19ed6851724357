"""The audit as a self-contained HTML page a reviewer can read: per file, findings grouped by
severity with the quoted sentence or cell, the expected figure and the difference, and the
coverage line (numbers found / bound / checked, and which were not checked).  A batch opens with
an overview drawn as bars: the reports with the most problems, and the problems most reports share."""

from __future__ import annotations

import html
from typing import Any

from juesuan.findings.wording import read_as, script_note, severity_name, status_name, where

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}td,th{border:1px solid #ddd;padding:.35em .5em;
vertical-align:top;font-size:.92em}th{background:#f4f4f4;text-align:left}.error{color:#b00020}.warning{color:#a15c00}
.info{color:#555}.num{text-align:right;font-variant-numeric:tabular-nums}blockquote{margin:.2em 0;color:#333;
border-left:3px solid #ccc;padding-left:.5em}.cov{background:#f7f7f2;padding:.6em;border:1px solid #e5e5d5}
.bad{color:#b00020}
.bars td{border:none;padding:.15em .5em}.bars .num{white-space:nowrap}.bars .track{width:55%}.bar{display:flex;height:1em;background:#f1f1f1}
.bar span{display:block;height:100%}.bar .e{background:#b00020}.bar .w{background:#e0a030}.bar .n{background:#2f5d8a}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-.1em}
.legend .le{background:#b00020}.legend .lw{background:#e0a030}
"""
OVERVIEW_ROWS = 20  # files and rules shown in the batch overview


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _bar(parts: list[tuple[str, int]], top: int) -> str:
    spans = "".join(f"<span class='{cls}' style='width:{100 * n / top:.1f}%'></span>" for cls, n in parts if n)
    return f"<div class='bar' aria-hidden='true'>{spans}</div>"


def _overview(results: list[dict[str, Any]]) -> list[str]:
    """For a batch: the reports ranked by errors then warnings, and the rules failing in most reports."""
    read = [r for r in results if "summary" in r]
    if len(read) < 2:
        return []
    out = ["<h2>概览</h2>"]
    ranked = sorted(read, key=lambda r: (-r["summary"]["error"], -r["summary"]["warning"], r["source"]))
    ranked = [r for r in ranked if r["summary"]["error"] or r["summary"]["warning"]][:OVERVIEW_ROWS]
    if ranked:
        top = max(r["summary"]["error"] + r["summary"]["warning"] for r in ranked)
        out.append("<h3>问题最多的报告</h3><p class='legend'><span class='le'></span>错误<span class='lw'></span>警告</p>"
                   "<table class='bars'>")
        for r in ranked:
            s = r["summary"]
            out.append(f"<tr><td>{_e(r['source'])}</td><td class='track'>{_bar([('e', s['error']), ('w', s['warning'])], top)}"
                       f"</td><td class='num'>错误 {s['error']} · 警告 {s['warning']}</td></tr>")
        out.append("</table>")
    by_rule: dict[str, tuple[str, set[str], int]] = {}
    for r in read:
        for f in r["findings"]:
            if f["status"] != "fail" or f["severity"] == "info":
                continue
            title, files, n = by_rule.get(f["rule"], (f["title"], set(), 0))
            by_rule[f["rule"]] = (title, files | {r["source"]}, n + 1)
    if by_rule:
        common = sorted(by_rule.items(), key=lambda kv: (-len(kv[1][1]), -kv[1][2], kv[0]))[:OVERVIEW_ROWS]
        out.append(f"<h3>最常见的问题（共 {len(read)} 份报告）</h3><table class='bars'>")
        for rule, (title, files, n) in common:
            out.append(f"<tr><td>{_e(rule)} {_e(title)}</td><td class='track'>{_bar([('n', len(files))], len(read))}</td>"
                       f"<td class='num'>{len(files)} 份报告 · {n} 处</td></tr>")
        out.append("</table>")
    return out


def render(results: list[dict[str, Any]]) -> str:
    """HTML for a list of contract objects (or {"source", "error"} for unreadable files)."""
    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><meta name='generator' content='juesuan'>"
           "<title>决算公开审核报告</title>",
           f"<style>{_CSS}</style></head><body><h1>决算公开审核报告</h1>"]
    out.append("<table><tr><th>文件</th><th>地区模板</th><th>错误</th><th>警告</th><th>提示（其中尾差）</th><th>通过</th>"
               "<th>叙述数字：找到 / 绑定 / 核对</th></tr>")
    for r in results:
        if "error" in r and "summary" not in r:
            out.append(f"<tr><td>{_e(r['source'])}</td><td colspan='6' class='bad'>{_e(r['error'])}</td></tr>")
            continue
        s = r["summary"]
        c = s.get("claims", {})
        out.append(f"<tr><td>{_e(r['source'])}</td><td>{_e(r['profile'])}</td><td class='num error'>{s['error']}</td>"
                   f"<td class='num warning'>{s['warning']}</td><td class='num'>{s['info']}（{s.get('rounding', 0)}）</td>"
                   f"<td class='num'>{s['passed']}</td><td class='num'>{c.get('found', 0)} / {c.get('bound', 0)} / "
                   f"{c.get('checked', 0)}</td></tr>")
    out.append("</table>")
    out.extend(_overview(results))
    for r in results:
        if "summary" not in r:
            continue
        out.append(f"<h2>{_e(r['source'])}</h2>")
        if kind := read_as(r["summary"]):
            out.append(f"<p class='kind'>{_e(kind)}</p>")
        if note := script_note(r["summary"]):
            out.append(f"<p class='script'>{_e(note)}。</p>")
        c = r["summary"].get("claims", {})
        if c:
            pct = f"（{100 * c['checked'] / c['found']:.1f}%）" if c.get("found") else ""  # none found: no rate
            out.append(f"<p class='cov'>覆盖：叙述中共 {c['found']} 个数字，绑定 {c['bound']} 个，核对 {c['checked']} 个"
                       f"{pct}。")
            if c.get("context"):
                out.append(f"另有单位概况中的背景数字 {len(c['context'])} 个（人数、个数、面积等，不是决算数据），不计入。")
            if c.get("unchecked"):
                out.append("未核对：" + "；".join(f"“{_e(u['text'])}”（{_e(u.get('section', ''))}）" for u in c["unchecked"]))
            out.append("</p>")
        for sev in ("error", "warning", "info"):
            fs = [f for f in r["findings"] if f["severity"] == sev and f["status"] == "fail"]
            if not fs:
                continue
            out.append(f"<h3 class='{sev}'>{severity_name(sev)}（{len(fs)}）</h3><table><tr><th>规则</th><th>位置</th>"
                       "<th>原文 / 单元格</th><th>文中数</th><th>应为</th><th>差额</th><th>说明</th></tr>")
            for f in fs:
                loc = f.get("location", {})
                quote = loc.get("sentence") or (f"{loc.get('row_label', '')} {loc.get('column_label', '')}".strip())
                out.append(f"<tr><td>{_e(f['rule'])}<br>{_e(f['title'])}</td><td>{_e(where(loc))}</td>"
                           f"<td><blockquote>{_e(quote)}</blockquote></td><td class='num'>{_e(f.get('found'))}</td>"
                           f"<td class='num'>{_e(f.get('expected'))}</td><td class='num'>{_e(f.get('difference'))}</td>"
                           f"<td>{_e(f['message'])}</td></tr>")
            out.append("</table>")
        nc = [f for f in r["findings"] if f["status"] == "not_checked"]
        if nc:
            out.append(f"<h3>{status_name('not_checked')}（{len(nc)}）</h3><ul>")
            out.extend(f"<li>{_e(f['message'])}（{_e(where(f.get('location', {})))}）</li>" for f in nc)
            out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)
