"""The batch mode of `audit` and `check` (--jobs / --cluster / --results): juesuan.batch with a
progress bar, a summary in Chinese, the HTML overview in the results directory."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_RESULTS = Path("juesuan-results")

# The batch options `audit` and `check` share.
JobsOption = Annotated[int | None, typer.Option("--jobs", "-j", help="批量模式：本机并行的工作进程数（默认为处理器核数）")]
ClusterOption = Annotated[str | None, typer.Option("--cluster", help="批量模式：Dask 调度器地址 tcp://主机:8786，"
                                                                     "或 local:N 在本机启动 N 个工作进程")]
ResultsOption = Annotated[Path | None, typer.Option("--results", help="批量模式：结果目录（Parquet 表，可续跑；"
                                                                      "默认 juesuan-results）")]
TimeoutOption = Annotated[float | None, typer.Option("--timeout", help="批量模式：单个文件最长处理秒数（默认 300）")]


def wanted(jobs: int | None, cluster: str | None, results: Path | None) -> bool:
    return jobs is not None or cluster is not None or results is not None


def default_jobs() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(kind: str, paths: list[Path], jobs: int | None, cluster: str | None, results: Path | None,
        timeout: float | None, profile: str | None, fail_on: str, html: bool = True, prior: Path | None = None) -> int:
    """Run the batch; return the exit code (0 clean, 1 findings at --fail-on, 2 a file unreadable)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from juesuan.batch.overview import write_overview
    from juesuan.batch.runner import DEFAULT_TIMEOUT, count_files, run_batch
    from juesuan.core.errors import JuesuanError

    results = results or DEFAULT_RESULTS
    verb = "审核" if kind == "audit" else "校验"
    err = Console(stderr=True, highlight=False)
    if jobs is not None and jobs < 1:
        err.print(f"--jobs 应为正整数，不能是 {jobs}")
        return 2
    try:
        total = count_files(paths, kind)
        with Progress(TextColumn(verb), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                      TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(), console=err,
                      transient=True) as progress:
            task = progress.add_task("", total=total, rate="")

            def on_chunk(res: list[Any]) -> None:
                progress.advance(task, len(res))
                t = progress.tasks[0]
                if t.elapsed:
                    progress.update(task, rate=f"{t.completed / t.elapsed:.1f} 份/秒")

            summary = run_batch(paths, results, kind, jobs=jobs or default_jobs(), cluster=cluster,
                                timeout=timeout or DEFAULT_TIMEOUT, profile=profile, on_chunk=on_chunk, prior=prior)
            progress.update(task, completed=total)
        overview = results / "overview.html"
        if html:
            write_overview(results, overview)
    except JuesuanError as exc:
        err.print(str(exc))
        return 2
    except KeyboardInterrupt:
        err.print(f"已中断。已完成的文件的结果都保存在 {results}，再次运行同一命令会跳过它们、接着{verb}。")
        return 130
    out = Console(highlight=False)
    where = f"Dask 集群（{summary.workers} 个工作进程）" if cluster else f"{summary.workers} 个工作进程"
    out.print(f"{verb}完成：共 {summary.seen} 个文件，本次{verb} {summary.done} 个（{where}），"
              f"跳过已有结果的 {summary.skipped} 个，无法读取 {summary.unreadable} 个。")
    if summary.done:
        out.print(f"有错误的文件 {summary.with_errors} 个（错误 {summary.errors} 处），"
                  f"有警告的文件 {summary.with_warnings} 个（警告 {summary.warnings} 处）。")
    for msg in summary.unreadable_messages:
        out.print(f"[red]无法读取[/]  {msg}")
    if prior is not None:
        from juesuan.rules.catalogue import phrase

        out.print(phrase("batch_prior_summary", path=prior, files=summary.prior_files, read=summary.prior_read,
                         bad=len(summary.prior_unreadable), used=summary.with_prior, done=summary.done))
        for msg in summary.prior_unreadable[:20]:
            out.print(phrase("batch_prior_bad_file", message=msg), style="yellow")
    out.print(f"结果（Parquet 表 reports、findings、figures）已写入 {results}"
              + (f"；总览 {overview}" if html else "") + f"。查询示例：juesuan query {results} "
              "\"SELECT rule, count(*) FROM findings WHERE status = 'fail' GROUP BY rule ORDER BY 2 DESC\"")
    sys.stdout.flush()
    if summary.unreadable:
        return 2
    if fail_on == "info":
        return 1 if summary.errors or summary.warnings or summary.infos else 0
    return 1 if summary.errors or (fail_on == "warning" and summary.warnings) else 0
