"""`juesuan build INPUT -o OUTDIR`: the report in DOCX, PDF, HTML and XLSX from one input."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

EXIT_BLOCKED = 1
EXIT_INPUT = 2


def register(app: typer.Typer) -> None:
    app.command("build", help="由决算数据（Excel 工作簿、YAML 或 JSON）生成部门决算公开报告：DOCX、PDF、HTML、XLSX。")(build)


def build(
    input: Annotated[Path, typer.Argument(help="决算数据文件：.xlsx / .yaml / .json，或 juesuan 生成的文件")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹（不存在时自动创建）")],
    format: Annotated[str, typer.Option("--format", "-f", help="输出格式，逗号分隔")] = "docx,pdf,html,xlsx",
    profile: Annotated[str | None, typer.Option("--profile", help="地区模板，如 shaanxi-2024、shanghai-2024、national")]
    = None,
    force: Annotated[bool, typer.Option("--force", help="校验有错误时仍生成，所有文件标注“草稿”；输出文件夹中已有"
                                                        "同名、不是 juesuan 写出的文件时也覆盖（输入文件任何时候都不覆盖）")]
    = False,
    font_dir: Annotated[Path | None, typer.Option("--font-dir", help="另外查找公文字体（仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体）的文件夹")]
    = None,
) -> None:
    """Build the report; exit 1 when errors block it (nothing written), 2 when the input is unreadable."""
    from rich.console import Console

    from juesuan.app.build import BuildBlocked, parse_formats
    from juesuan.core.errors import InputError, JuesuanError

    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    try:
        formats = parse_formats(format)
    except JuesuanError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_INPUT) from None
    try:
        model = _read(input)
    except InputError as exc:
        err.print(f"[red]无法读取输入：[/red]{_esc(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    except OSError as exc:
        from juesuan.core.fileio import os_error_message

        err.print(f"[red]无法读取输入：[/red]{_esc(os_error_message(exc, input))}")
        raise typer.Exit(EXIT_INPUT) from None
    if profile:
        from juesuan.domain.profiles import load_profile

        try:
            model.profile = load_profile(profile).id
        except InputError as exc:
            err.print(f"[red]--profile 有误：[/red]{_esc(str(exc))}")
            raise typer.Exit(EXIT_INPUT) from None
    if problem := _output_problem(model, input, output, formats, force):
        err.print(f"[red]未生成：[/red]{_esc(problem)}")
        raise typer.Exit(EXIT_INPUT)
    if font_dir is not None:
        if not font_dir.is_dir():
            err.print(f"[red]--font-dir 有误：[/red]找不到文件夹 {_esc(str(font_dir))}")
            raise typer.Exit(EXIT_INPUT)
        from juesuan.render import fonts

        fonts.configure(font_dir=font_dir)
    try:
        paths, report = _run(model, output, formats, force, out)
    except OSError as exc:
        from juesuan.core.fileio import os_error_message

        err.print(f"[red]无法写出，未生成任何文件：[/red]{_esc(os_error_message(exc, output))}")
        raise typer.Exit(EXIT_INPUT) from None
    except BuildBlocked as exc:
        _print_blocked(exc, input, err)
        raise typer.Exit(EXIT_BLOCKED) from None
    except InputError as exc:
        err.print(f"[red]无法生成：[/red]{_esc(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    except JuesuanError as exc:
        err.print(f"[red]生成失败，未写出任何文件：[/red]{_esc(str(exc))}")
        raise typer.Exit(EXIT_BLOCKED) from None
    s = report.summary()
    draft = s["error"] > 0
    out.print("[yellow]已生成草稿（校验有错误，文件均标注“草稿”）：[/yellow]" if draft else "[green]已生成：[/green]")
    for p in paths:
        out.print(f"  {_esc(str(p))}")
    if "pdf" in formats or "docx" in formats:
        from juesuan.render import fonts

        out.print(_esc(fonts.summary(formats)))
    out.print(f"校验结果：错误 {s['error']} 个，警告 {s['warning']} 个，提示 {s['info']} 个，未检查 {s['not_checked']} 项。"
              + ("用 `juesuan check` 查看详情。" if s["error"] or s["warning"] else ""))


def _output_problem(model: Any, source: Path, outdir: Path, formats: tuple[str, ...], force: bool) -> str | None:
    """Why writing the report into `outdir` would lose data (a Chinese message), or None."""
    from juesuan.app.build import output_name
    from juesuan.core.fileio import overwrite_problem
    from juesuan.formats.provenance import written_by_juesuan

    if outdir.exists() and not outdir.is_dir():
        return f"输出位置 {outdir} 是一个已有的文件，不是文件夹；请用 -o 指定一个文件夹"
    for fmt in formats:
        if problem := overwrite_problem(outdir / output_name(model, fmt), [source], written_by_juesuan, force):
            return problem
    return None


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _read(path: Path) -> Any:
    from juesuan.formats import read_input

    return read_input(path)


def _run(model: Any, output: Path, formats: tuple[str, ...], force: bool, console: Any) -> tuple[list[Path], Any]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from juesuan.app.build import build_report

    captured: dict[str, Any] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("生成报告", total=len(formats) + 2)

        def progress(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done, total=total)

        paths = build_report(model, output, formats, force=force, progress=progress,
                             on_report=lambda r: captured.__setitem__("report", r))
    return paths, captured["report"]


def _print_blocked(exc: Any, source: Path, console: Any) -> None:
    from juesuan.findings.console import print_report

    console.print(f"[red]校验发现 {len(exc.errors)} 个错误，未生成任何文件。[/red]修正后重试，或加 --force 生成标注“草稿”的文件。")
    print_report(exc.report, str(source), console)
