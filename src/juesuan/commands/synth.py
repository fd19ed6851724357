"""`juesuan synth OUTDIR`: write a synthetic corpus of consistent units (juesuan.synth)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def run_synth(outdir: Path, n: int, seed: int, year: int, profile: str, formats: str, mix: bool,
              error_rate: float, jobs: int | None, distinct: int | None = None) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from juesuan.core.errors import JuesuanError
    from juesuan.synth.corpus import parse_formats, write_corpus

    if n < 1:
        print(f"-n 应为正整数，不能是 {n}", file=sys.stderr)
        return 2
    try:
        fmts = parse_formats(formats)
        with Progress(TextColumn("生成"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("", total=n)
            manifest = write_corpus(outdir, n, seed, year, profile, fmts, mix, error_rate,
                                    jobs or _cores(), lambda k: progress.advance(task, k), distinct)
    except JuesuanError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    files = sum(len(u["files"]) for u in manifest["units"])
    planted = sum(u.get("planted", 0) for u in manifest["units"])
    console = Console(highlight=False)
    console.print(f"已生成 {n} 个单位、{files} 个文件，写入 {outdir}（清单 corpus.jsonl）")
    if error_rate > 0:
        console.print(f"其中 {sum(1 for u in manifest['units'] if u.get('planted'))} 个单位埋入错误 {planted} 处，"
                      f"标准答案见 ground_truth.jsonl")
    return 0


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def synth_command(
    outdir: Annotated[Path, typer.Argument(help="输出文件夹（不存在时自动创建）")],
    n: Annotated[int, typer.Option("-n", "--units", help="生成的单位个数")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="随机种子：种子相同，生成的数据完全相同")] = 1,
    year: Annotated[int, typer.Option("--year", help="决算年度")] = 2024,
    profile: Annotated[str, typer.Option("--profile", help="地区模板，如 shaanxi-2024")] = "shaanxi-2024",
    formats: Annotated[str, typer.Option("--format", "-f", help="格式，逗号分隔：pdf,docx,html,xlsx（公开报告）、"
                                                               "txt（网页文字）、workbook（填报工作簿）、yaml（数据）")]
    = "pdf",
    mix: Annotated[bool, typer.Option("--mix", help="每个单位只写一种格式，按顺序轮换（混合语料）")] = False,
    error_rate: Annotated[float, typer.Option("--error-rate", help="埋入错误的单位比例（0–1），"
                                                                    "标准答案写入 ground_truth.jsonl")] = 0.0,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="并行进程数（默认为处理器核数）")] = None,
    distinct: Annotated[int | None, typer.Option("--distinct", help="压力测试用（与 --mix 同用）：PDF 和 DOCX "
                                                                    "各只排版前 K 个单位，其余是它们的副本，"
                                                                    "各带不同的文档编号（内容哈希不同）")] = None,
) -> None:
    """生成合成的决算单位（数据一致、规模接近真实），写成填报工作簿或公开报告，供测试和压力测试。

    同一种子生成相同的数据；--error-rate 按比例埋入错误，标准答案写入 ground_truth.jsonl。
    """
    code = run_synth(outdir, n, seed, year, profile, formats, mix, error_rate, jobs, distinct)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("synth")(synth_command)
