"""`juesuan query RESULTS "SQL"`: DuckDB SQL over a batch's results (tables reports, findings, figures)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def run_query_command(results: Path, sql: str, as_csv: bool = False, limit: int = 200) -> int:
    from juesuan.batch.query import run_query
    from juesuan.core.errors import JuesuanError

    try:
        cols, rows = run_query(results, sql)
    except JuesuanError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if as_csv:
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
        return 0
    from rich.console import Console
    from rich.table import Table

    t = Table(show_lines=False)
    for c in cols:
        t.add_column(c, overflow="fold")
    for r in rows[:limit]:
        t.add_row(*("" if v is None else str(v) for v in r))
    console = Console(highlight=False)
    console.print(t)
    console.print(f"共 {len(rows)} 行" + (f"（只显示前 {limit} 行，全部请用 --csv）" if len(rows) > limit else ""))
    return 0


def query_command(
    results: Annotated[Path, typer.Argument(help="结果目录（audit/check 批量模式的 --results）")],
    sql: Annotated[str, typer.Argument(help="DuckDB SQL，可用的表：reports、findings、figures")],
    as_csv: Annotated[bool, typer.Option("--csv", help="以 CSV 输出全部行")] = False,
    limit: Annotated[int, typer.Option("--limit", help="表格最多显示的行数")] = 200,
) -> None:
    """用 SQL（DuckDB）查询批量审核结果：表 reports、findings、figures。

    reports 每个文件一行，findings 每个问题一行，figures 每份报告的关键数字（万元）；列的说明见 docs/scale.md。
    """
    code = run_query_command(results, sql, as_csv, limit)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("query")(query_command)
