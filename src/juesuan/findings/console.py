"""The readable Chinese report of one input's findings (shared by `juesuan check` and `juesuan audit`).

Findings are grouped by severity (错误 / 警告 / 提示, findings/wording.yaml) in rich tables, each with its location
(公开NN表 and title, 行次 or 科目代码 with the row label, 栏次 with the column label), the figure
found, the figure expected and the difference.  尾差 infos are condensed to one line per table so
they do not drown the signal; not-checked results are listed with their reason; a summary line
closes the report.  rich is imported inside the functions (start-up stays light).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from juesuan.findings.wording import read_as, script_note, severity_name, where

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _fmt(x: Decimal | str | None) -> str:
    if x is None:
        return ""
    if isinstance(x, Decimal):
        return f"{x:f}"
    return str(x)


def is_rounding(f: Any) -> bool:
    """A finding that only reports 尾差 (a difference explained by rounding)."""
    return bool(getattr(f, "rounding", False)) and f.status == "fail"


def _table_key(loc: dict[str, Any]) -> str:
    return " ".join(str(x) for x in (loc.get("table_number"), loc.get("table_title")) if x) or str(
        loc.get("table") or loc.get("section") or "其他")


def _short_cell(loc: dict[str, Any]) -> str:
    row = loc.get("row_label") or loc.get("row") or ""
    if loc.get("line") is not None:
        row = f"行次{loc['line']}"
    elif str(loc.get("row", "")).isdigit():
        row = str(loc["row"])
    col = f"栏次{loc['column_no']}" if loc.get("column_no") is not None else loc.get("column_label", "")
    return "/".join(str(x) for x in (row, col) if x)


def suspects(report: Any) -> list[tuple[str, int]]:
    """Cells that enter two or more failed identities (errors, not 尾差): the likely wrong figures."""
    from collections import Counter

    counts: Counter[tuple[str, str, str]] = Counter()
    for f in report.findings:
        if f.status == "fail" and f.severity == "error":
            for t in {(t["table"], t["row"], t["column"]) for t in f.location.get("terms", ())}:
                counts[t] += 1
    out = []
    for (table, row, column), n in counts.most_common():
        if n < 2:
            break
        out.append((_cell_label(report.profile, table, row, column), n))
    return out


def _cell_label(profile_id: str, table: str, row: str, column: str) -> str:
    try:
        from juesuan.domain.profiles import load_profile

        layout = load_profile(profile_id).tables.get(table)
    except Exception:  # noqa: BLE001 - a label is a nicety; fall back to the keys
        layout = None
    if layout is None:
        return f"{table} {row}/{column}"
    spec = layout.row_spec(row)
    row_txt = f"行次{spec.line}" if spec and spec.line is not None else row
    col = layout.column(column, row)
    col_txt = f"栏次{col.number}" if col and col.number is not None else (col.label if col else column)
    return f"{layout.number} {row_txt}/{col_txt}"


NARROW = 110  # below this many columns the findings are listed as short blocks instead of a table


def _numbers(f: Any) -> str:
    """填列 / 应为 / 差额 when the message does not already say them."""
    parts = [(name, _fmt(v)) for name, v in (("填列", f.found), ("应为", f.expected), ("差额", f.difference))
             if v is not None]
    if not parts or all(v in (f.message or "") for _, v in parts):
        return ""
    return "  ".join(f"{name} {v}" for name, v in parts)


def _print_compact(console: Any, title: str, style: str, fs: list[Any], reason: bool = False) -> None:
    """Findings as numbered blocks, wrapped with a hanging indent: rule and place, then the message
    (and the figures when the message does not give them).  Readable at 80 columns."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(title, style=style or ""))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for i, f in enumerate(fs, 1):
        body = Text.assemble((f.rule, "bold"), "  ", where(f.location), "\n", f.message or "")
        if not reason and (nums := _numbers(f)):
            body.append("\n" + nums, style="dim")
        grid.add_row(f"{i}.", body)
    console.print(grid)


def print_report(report: Any, source: str, console: Any, heading: str = "校验结果") -> None:
    """Print one input's CheckReport on a rich Console (a compact list on narrow terminals)."""
    from rich.table import Table

    narrow = console.width < NARROW
    kind = read_as(report.summary())
    console.print(f"[bold]{heading}：{source}[/]（地区模板 {report.profile}{'，' + kind if kind else ''}）")
    fails = [f for f in report.findings if f.status == "fail"]
    rounding = [f for f in fails if is_rounding(f)]
    for sev in ("error", "warning", "info"):
        fs = [f for f in fails if f.severity == sev and not is_rounding(f)]
        if not fs:
            continue
        if narrow:
            _print_compact(console, f"{severity_name(sev)}（{len(fs)} 项）", SEVERITY_STYLE[sev], fs)
            continue
        t = Table(title=f"{severity_name(sev)}（{len(fs)} 项）", title_style=SEVERITY_STYLE[sev],
                  title_justify="left", show_lines=True, expand=True)
        t.add_column("规则", no_wrap=True)
        t.add_column("位置", ratio=3, overflow="fold")
        t.add_column("说明", ratio=4, overflow="fold")
        t.add_column("填列数", justify="right", no_wrap=True)
        t.add_column("应为", justify="right", no_wrap=True)
        t.add_column("差额", justify="right", no_wrap=True)
        for f in fs:
            t.add_row(f.rule, where(f.location), f.message, _fmt(f.found), _fmt(f.expected), _fmt(f.difference))
        console.print(t)
    likely = suspects(report)
    if likely:
        cells = "、".join(f"{label}（{n} 条）" for label, n in likely[:10])
        console.print(f"[bold]最可能出错的单元格[/]（同时出现在多条不成立的等式中）：{cells}", soft_wrap=not narrow)
    if rounding:
        groups: dict[str, list[Any]] = defaultdict(list)
        for f in rounding:
            groups[_table_key(f.location)].append(f)
        console.print(f"[cyan]尾差（{len(rounding)} 处，均在四舍五入范围内，不是错误）[/]")
        for name, fs in sorted(groups.items(), key=lambda kv: str(kv[1][0].location.get("table") or "~")):
            biggest = max(abs(f.difference) for f in fs if f.difference is not None) if any(
                f.difference is not None for f in fs) else Decimal(0)
            cells = "、".join(dict.fromkeys(_short_cell(f.location) for f in fs))
            console.print(f"  {name}：{len(fs)}处，最大{biggest:f}万元（{cells}）", highlight=False, soft_wrap=not narrow)
    unchecked = [f for f in report.findings if f.status == "not_checked"]
    if unchecked and narrow:
        _print_compact(console, f"未检查（{len(unchecked)} 项）", "", unchecked, reason=True)
    elif unchecked:
        t = Table(title=f"未检查（{len(unchecked)} 项）", title_justify="left", expand=True)
        t.add_column("规则", no_wrap=True)
        t.add_column("位置", ratio=3, overflow="fold")
        t.add_column("原因", ratio=5, overflow="fold")
        for f in unchecked:
            t.add_row(f.rule, where(f.location), f.message)
        console.print(t)
    console.print(summary_line(report, len(rounding)))


def summary_line(report: Any, rounding: int | None = None) -> str:
    """错误 a 项，警告 b 项，提示 c 项（其中尾差 d 处）；N 项通过，N 项未检查。"""
    s = report.summary()
    if rounding is None:
        rounding = sum(1 for f in report.findings if is_rounding(f))
    verdict = ("[bold red]有错误[/]" if s["error"] else "[yellow]有警告[/]" if s["warning"]
               else "[green]未发现错误或警告[/]")
    extra = ""
    claims = s.get("claims")
    if isinstance(claims, dict) and claims.get("found") is not None:
        extra = f"；说明中的数字 {claims.get('found', 0)} 个，已核对 {claims.get('checked', 0)} 个"
        if claims.get("context"):
            extra += f"（另有单位概况中的背景数字 {len(claims['context'])} 个，不计入）"
    if note := script_note(s):
        extra += f"；{note}"
    return (f"{verdict}：错误 {s['error']} 项，警告 {s['warning']} 项，提示 {s['info']} 项"
            f"（其中尾差 {rounding} 处）；{s['passed']} 项通过，{s['not_checked']} 项未检查{extra}。")
