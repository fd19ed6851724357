"""`juesuan check PATH...`: run every rule on input workbooks / YAML / JSON and report the findings.

Exit codes: 0 no finding at or above --fail-on, 1 such findings, 2 an input could not be read
(the other inputs are still checked).  `--json` prints the contract of docs/contract.md: one
object for one input, JSON Lines (one object per line) for several.  `--mark OUT` writes a copy of
one input workbook with the findings marked on their cells (writers/marks.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from juesuan.commands._batch import ClusterOption, JobsOption, ResultsOption, TimeoutOption
from juesuan.commands._fastargs import parse

FAIL_ON = ("error", "warning")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def read_model(path: Path) -> Any:
    """Read one input through juesuan.formats (workbook, YAML, JSON, our own outputs)."""
    from juesuan.formats import read_input

    return read_input(path)


def check_one(path: Path, profile: str | None,
              cells: dict[str, tuple[str, str]] | None = None) -> tuple[dict[str, Any], Any]:
    """(contract object, report) for one input; on unreadable input ({"source", "error"}, None).
    `cells` (a workbook only) is filled with where each value was read."""
    from juesuan.app.check import run_checks
    from juesuan.core.errors import JuesuanError

    try:
        if cells is not None:
            from juesuan.formats.workbook.read import read_workbook

            model = read_workbook(path, cells)
        else:
            model = read_model(path)
        if profile:
            from juesuan.domain.profiles import load_profile

            load_profile(profile)  # unknown profile -> InputError naming the available ones
            model.profile = profile
        report = run_checks(model)
    except JuesuanError as exc:
        return {"source": str(path), "error": str(exc)}, None
    except OSError as exc:
        from juesuan.core.fileio import os_error_message

        return {"source": str(path), "error": f"文件 {os_error_message(exc, path)}"}, None
    except Exception as exc:  # noqa: BLE001 - any other failure to read is reported, never a traceback
        return {"source": str(path), "error": f"文件 {path}：无法读取（{type(exc).__name__}: {exc}）"}, None
    return report.to_contract(str(path)), report


def exit_code(reports: list[Any], unreadable: int, fail_on: str) -> int:
    if unreadable:
        return EXIT_UNREADABLE
    levels = ("error",) if fail_on == "error" else ("error", "warning")
    return EXIT_FINDINGS if any(r.count(s) for r in reports for s in levels) else EXIT_CLEAN


def mark_problem(paths: list[Path], mark: Path) -> str | None:
    """Why `--mark` cannot be done (a Chinese message), or None."""
    from juesuan.formats import WORKBOOK_SUFFIXES

    if len(paths) != 1 or paths[0].suffix.lower() not in WORKBOOK_SUFFIXES:
        return "--mark 只能用于一个 Excel 工作簿（.xlsx）：在它的副本上标出问题所在的单元格"
    if mark.suffix.lower() != ".xlsx":
        return f"--mark 的文件名应以 .xlsx 结尾：{mark}"
    if mark.exists() and mark.resolve() == paths[0].resolve():
        return f"不能把标注写进原工作簿 {mark}（原文件保持不变），请另起一个文件名"
    from juesuan.core.fileio import overwrite_problem

    return overwrite_problem(mark, paths, _is_marked_copy, option=None)


def _is_marked_copy(path: Path) -> bool:
    try:
        import python_calamine as pc

        from juesuan.findings.marks import SHEET

        return pc.CalamineWorkbook.from_path(str(path)).sheet_names[:1] == [SHEET]
    except Exception:  # noqa: BLE001 - unreadable: not ours
        return False


def run_check(paths: list[Path], as_json: bool = False, fail_on: str = "error", profile: str | None = None,
              mark: Path | None = None) -> int:
    """Check every input, print the report (or the JSON contract), write the marked copy; return the exit code."""
    if fail_on not in FAIL_ON:
        print(f"--fail-on 只能是 error 或 warning，不能是“{fail_on}”", file=sys.stderr)
        return EXIT_UNREADABLE
    if mark is not None and (problem := mark_problem(paths, Path(mark))):
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE
    console = None
    if not as_json:
        from rich.console import Console

        console = Console(highlight=False)
    reports: list[Any] = []
    unreadable = 0
    for path in paths:
        cells: dict[str, tuple[str, str]] | None = {} if mark is not None else None
        obj, report = check_one(path, profile, cells)
        if report is None:
            unreadable += 1
            print(f"无法校验：{obj['error']}", file=sys.stderr)
        else:
            reports.append(report)

        if as_json:
            if len(paths) == 1:
                print(json.dumps(obj, ensure_ascii=False, indent=2))
            else:
                print(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        elif report is not None:
            from juesuan.findings.console import print_report

            print_report(report, str(path), console)
            if len(paths) > 1:
                console.print()
    if mark is not None and reports and cells is not None:
        from juesuan.findings.marks import mark_workbook

        try:
            n = mark_workbook(paths[0], reports[0].findings, cells, Path(mark))
        except OSError as exc:
            from juesuan.core.fileio import os_error_message

            print(f"无法写出标注副本：{os_error_message(exc, mark)}", file=sys.stderr)
            return EXIT_UNREADABLE
        print(f"已写出标注副本 {mark}：标出 {n} 个单元格，问题清单在第一张工作表“校验结果”（原工作簿未改动）",
              file=sys.stderr if as_json else sys.stdout)
    sys.stdout.flush()
    return exit_code(reports, unreadable, fail_on)


def fast_main(argv: list[str]) -> int | None:
    """`juesuan check …` on the fast path (see _fastargs); None means: let typer handle it."""
    parsed = parse(argv, {"--json": "as_json"}, {"--fail-on": "fail_on", "--profile": "profile", "--mark": "mark"})
    if parsed is None:
        return None
    paths, opts = parsed
    if "mark" in opts:
        opts["mark"] = Path(opts["mark"])
    return run_check(paths, **{"as_json": False, "fail_on": "error", "profile": None, **opts})


def check_command(
    paths: Annotated[list[Path], typer.Argument(help="要校验的文件：Excel 工作簿（.xlsx）、YAML 或 JSON，可写多个")],
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON（多个文件时每行一个对象，JSON Lines）")]
    = False,
    fail_on: Annotated[str, typer.Option("--fail-on", help="达到哪一级即以退出码 1 结束：error 或 warning")] = "error",
    profile: Annotated[str | None, typer.Option("--profile", help="强制使用的地区模板，如 shaanxi-2024")] = None,
    mark: Annotated[Path | None, typer.Option("--mark", help="另存一份标注副本（.xlsx）：在工作簿的副本上把有问题的单元格"
                                                              "标色并加批注，第一张表列出全部问题；原工作簿不改动")] = None,
    jobs: JobsOption = None,
    cluster: ClusterOption = None,
    results: ResultsOption = None,
    timeout: TimeoutOption = None,
) -> None:
    """校验决算数据：表内、表间勾稽关系，人员与采购等事实，绩效自评表；尾差单独列为提示。

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 有文件无法读取（其余文件照常校验）。
    批量模式（--jobs / --cluster / --results）：可给文件夹，多进程或 Dask 集群并行，结果写入结果目录，可续跑。
    """
    from juesuan.commands import _batch

    if _batch.wanted(jobs, cluster, results):
        raise typer.Exit(_batch.run("check", paths, jobs, cluster, results, timeout, profile, fail_on))
    raise typer.Exit(run_check(paths, as_json, fail_on, profile, mark))


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
