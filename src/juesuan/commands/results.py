"""`juesuan results compact RESULTS`: merge a results directory's many small Parquet files into a few large ones."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from juesuan.commands._zh import texts

results_app = typer.Typer(help="批量审核结果目录的维护。", no_args_is_help=True, add_completion=False,
                          options_metavar=texts()["options_metavar"],
                          subcommand_metavar=texts()["subcommand_metavar"])


def run_compact(results: Path, files_per_part: int) -> int:
    from juesuan.batch.compact import compact
    from juesuan.core.errors import JuesuanError

    try:
        s = compact(results, files_per_part)
    except JuesuanError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not s.merged:
        print(f"{results}：{s.chunks_before} 块、{s.reports} 份报告，没有需要合并的小文件")
    else:
        print(f"{results}：已把 {s.merged} 个小块合并，块数 {s.chunks_before} → {s.chunks_after}"
              f"（每张表的 Parquet 文件数相同），共 {s.reports} 份报告，内容不变")
    return 0


@results_app.command("compact")
def compact_command(
    results: Annotated[Path, typer.Argument(help="结果目录（audit/check 批量模式的 --results）")],
    files_per_part: Annotated[int, typer.Option("--files-per-part", help="合并后每块最多包含的报告数")] = 5000,
) -> None:
    """把结果目录中大量的小 Parquet 文件合并成少数大文件。

    合并是原子的：中途中断不会损坏结果；合并后 juesuan query 的结果不变，续跑照常跳过已审核的文件。
    合并时不要同时对这个结果目录运行批量审核（会提示目录正被使用）。
    """
    code = run_compact(results, files_per_part)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.add_typer(results_app, name="results", help="批量审核结果目录的维护（compact：合并小文件）。")
