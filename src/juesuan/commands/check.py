"""`juesuan check PATH...`: run every rule on input workbooks / YAML / JSON and report the findings.

Exit codes: 0 no finding at or above --fail-on, 1 such findings, 2 an input could not be read
(the other inputs are still checked).  `--json` prints the contract of docs/contract.md: one
object for one input, JSON Lines (one object per line) for several.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ._fastargs import parse

FAIL_ON = ("error", "warning")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def read_model(path: Path) -> Any:
    """Read one input through juesuan.readers (workbook, YAML, JSON, our own outputs)."""
    from ..readers import read_input

    return read_input(path)


def check_one(path: Path, profile: str | None) -> tuple[dict[str, Any], Any]:
    """(contract object, report) for one input; on unreadable input ({"source", "error"}, None)."""
    from ..errors import JuesuanError
    from ..rules import run_checks

    try:
        model = read_model(path)
        if profile:
            from ..profiles import load_profile

            load_profile(profile)  # unknown profile -> InputError naming the available ones
            model.profile = profile
        report = run_checks(model)
    except JuesuanError as exc:
        return {"source": str(path), "error": str(exc)}, None
    except Exception as exc:  # noqa: BLE001 - any other failure to read is reported, never a traceback
        return {"source": str(path), "error": f"文件 {path}：无法读取（{type(exc).__name__}: {exc}）"}, None
    return report.to_contract(str(path)), report


def exit_code(reports: list[Any], unreadable: int, fail_on: str) -> int:
    if unreadable:
        return EXIT_UNREADABLE
    levels = ("error",) if fail_on == "error" else ("error", "warning")
    return EXIT_FINDINGS if any(r.count(s) for r in reports for s in levels) else EXIT_CLEAN


def run_check(paths: list[Path], as_json: bool = False, fail_on: str = "error", profile: str | None = None) -> int:
    """Check every input, print the report (or the JSON contract), return the exit code."""
    if fail_on not in FAIL_ON:
        print(f"--fail-on 只能是 error 或 warning，不能是“{fail_on}”", file=sys.stderr)
        return EXIT_UNREADABLE
    console = None
    if not as_json:
        from rich.console import Console

        console = Console(highlight=False)
    reports: list[Any] = []
    unreadable = 0
    for path in paths:
        obj, report = check_one(path, profile)
        if report is None:
            unreadable += 1
            print(f"无法检查：{obj['error']}", file=sys.stderr)
        else:
            reports.append(report)
        if as_json:
            if len(paths) == 1:
                print(json.dumps(obj, ensure_ascii=False, indent=2))
            else:
                print(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        elif report is not None:
            from ..console import print_report

            print_report(report, str(path), console)
            if len(paths) > 1:
                console.print()
    sys.stdout.flush()
    return exit_code(reports, unreadable, fail_on)


def fast_main(argv: list[str]) -> int | None:
    """`juesuan check …` on the fast path (see _fastargs); None means: let typer handle it."""
    parsed = parse(argv, {"--json": "as_json"}, {"--fail-on": "fail_on", "--profile": "profile"})
    if parsed is None:
        return None
    paths, opts = parsed
    return run_check(paths, **{"as_json": False, "fail_on": "error", "profile": None, **opts})


def check_command(
    paths: Annotated[list[Path], typer.Argument(help="要检查的文件：Excel 工作簿（.xlsx）、YAML 或 JSON，可写多个")],
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON（多个文件时每行一个对象，JSON Lines）")]
    = False,
    fail_on: Annotated[str, typer.Option("--fail-on", help="达到哪一级即以退出码 1 结束：error 或 warning")] = "error",
    profile: Annotated[str | None, typer.Option("--profile", help="强制使用的地区模板，如 shaanxi-2024")] = None,
) -> None:
    """检查决算数据：表内、表间勾稽关系，人员与采购等事实，绩效自评表；尾差单独列为提示。

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 有文件无法读取（其余文件照常检查）。
    """
    raise typer.Exit(run_check(paths, as_json, fail_on, profile))


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
