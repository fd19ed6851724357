"""`juesuan audit FILE_OR_DIR...`: audit published reports (TXT / MD / DOCX / PDF / HTML).

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 a file could not be
read (the others are still audited).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from juesuan.commands._batch import ClusterOption, JobsOption, ResultsOption, TimeoutOption
from juesuan.commands._fastargs import parse
from juesuan.core.fileio import write_text_atomically

SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")


def _expand(paths: list[Path]) -> list[Path]:
    """Files to audit; an unreadable folder raises PermissionError (rglob would silently skip it)."""
    import os

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = [Path(d) / f for d, _dirs, files in os.walk(p, onerror=_raise) for f in files]
            out.extend(sorted(q for q in found if q.suffix.lower() in SUFFIXES and q.is_file()))
        else:
            out.append(p)
    return out


def _raise(exc: OSError) -> None:
    raise exc


def audit_one(path: Path, profile: str | None, models: dict[str, Any] | None = None,
              prior: Any = None) -> tuple[dict[str, Any], Any]:
    """(contract object or {"source","error"}, report or None) for one file; never raises.
    `models`, when given, receives the model read from the report (for --export); `prior` is last
    year's report (app.prior.read_prior), which must be of the year before the file's, or a callable
    giving, for the model read, its unit's report of the year before and why there is none
    (`--prior FOLDER`, see _prior_folder)."""
    from juesuan.app.audit import audit_published
    from juesuan.core.errors import JuesuanError
    from juesuan.formats.published.read import read_published

    try:
        published = read_published(path, profile)
        if models is not None:
            models[str(path)] = published.model
        note = None
        if callable(prior):
            prior, note = prior(published.model)
        elif prior is not None:
            from juesuan.app.prior import check_year

            check_year(prior, published.model.year)
        report = audit_published(published, prior=prior)
        if note:
            report.extra_summary["prior_note"] = note
    except JuesuanError as exc:
        return {"source": str(path), "error": str(exc), "exit": 2}, None
    except OSError as exc:
        from juesuan.core.fileio import os_error_message

        return {"source": str(path), "error": f"文件 {os_error_message(exc, path)}", "exit": 2}, None
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return {"source": str(path), "error": f"文件 {path}：无法读取（{type(exc).__name__}: {exc}）", "exit": 2}, None
    return report.to_contract(str(path)), report


def _print_findings(console: Any, report: Any, source: str) -> None:
    from juesuan.findings.console import print_report

    print_report(report, source, console, heading="审核结果")


def _summary_line(obj: dict[str, Any]) -> str:
    from juesuan.findings.wording import read_as, script_note, status_name

    if "summary" not in obj:
        return f"[bold red]无法审核[/]  {obj['error']}"
    s = obj["summary"]
    c = s.get("claims", {})
    pct = f"（{100 * c.get('checked', 0) / c['found']:.1f}%）" if c.get("found") else ""  # none found: no rate
    pages = f"  {s['pages']} 页" if s.get("pages") else ""
    kind = read_as(s)
    pages += f"，{kind}" if kind else ""
    return (f"{obj['source']}（{obj['profile']}{pages}）：[red]错误 {s['error']}[/]  [yellow]警告 {s['warning']}[/]  "
            f"提示 {s['info']}  通过 {s['passed']}  {status_name('not_checked')} {s['not_checked']}  "
            f"叙述数字 找到 {c.get('found', 0)} / 绑定 {c.get('bound', 0)} / 核对 {c.get('checked', 0)}{pct}"
            + (f"  背景数字 {len(c['context'])}" if c.get("context") else "")
            + (f"  {note}" if (note := script_note(s)) else ""))


def run_audit(paths: list[Path], as_json: bool = False, html_out: Path | None = None, profile: str | None = None,
              fail_on: str = "error", brief: bool = False, xlsx_out: Path | None = None,
              export: Path | None = None, force: bool = False, prior: Path | None = None) -> int:
    """Audit every input (files or folders), print, write the HTML / Excel reports; return the exit code."""
    import sys

    console: Any = None
    if not as_json:  # --json prints no rich output (and does not import rich for one file)
        from rich.console import Console

        console = Console(highlight=False)
    if fail_on not in ("error", "warning", "info"):
        print(f"--fail-on 只能是 error、warning 或 info，不能是“{fail_on}”", file=sys.stderr)
        return 2
    try:
        files = _expand(paths)
    except OSError as exc:
        from juesuan.core.fileio import os_error_message

        print(f"无法审核：{os_error_message(exc)}", file=sys.stderr)
        return 2
    if not files:
        print(f"没有找到可审核的文件：{'、'.join(map(str, paths))} 中没有 .txt .md .docx .pdf .html 文件",
              file=sys.stderr)
        return 2
    if problem := _output_problem([o for o in (html_out, xlsx_out) if o is not None], files, force):
        print(problem, file=sys.stderr)
        return 2
    if export is not None:
        from juesuan.app.export import check_target
        from juesuan.core.errors import JuesuanError

        try:
            if len(files) != 1:
                raise JuesuanError(f"--export 一次只能导出一份报告，这里有 {len(files)} 份")
            check_target(export, files[0], force)
        except JuesuanError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    last_year: Any = None
    if prior is not None:
        from juesuan.app.prior import read_prior
        from juesuan.core.errors import JuesuanError
        from juesuan.core.fileio import os_error_message
        from juesuan.rules.catalogue import phrase

        try:
            if prior.is_dir():
                last_year = _prior_folder(prior)
            elif len(files) > 1:
                raise JuesuanError(phrase("prior_file_for_many", path=prior, n=len(files)))
            else:
                last_year = read_prior(prior)
        except JuesuanError as exc:
            print(f"无法读取上年报告：{exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"无法读取上年报告：{os_error_message(exc, prior)}", file=sys.stderr)
            return 2
    results: list[dict[str, Any]] = []
    reports: list[Any] = []
    models: dict[str, Any] = {}

    def one(f: Path) -> None:
        obj, rep = audit_one(f, profile, models if export is not None else None, last_year)
        results.append(obj)
        reports.append(rep)
        if as_json:  # one object, or JSON Lines for a batch (as `check` does)
            typer.echo(json.dumps(obj, ensure_ascii=False, indent=1) if len(files) == 1
                       else json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        else:
            if rep is not None and not brief:
                _print_findings(console, rep, obj["source"])
            console.print(_summary_line(obj))
            if note := obj.get("summary", {}).get("prior_note"):
                console.print(f"  [yellow]{note}[/]")

    if len(files) > 1:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("审核"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("", total=len(files))
            for f in files:
                progress.update(task, description=f.name)
                one(f)
                progress.advance(task)
    else:
        one(files[0])
    target = None
    try:
        if html_out is not None:
            from juesuan.findings.html import render

            target = html_out
            html_out.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(html_out, render(results))
            if console is not None:
                console.print(f"HTML 审核报告已写入 {html_out}")
        if xlsx_out is not None:
            from juesuan.findings.xlsx import write_audit_xlsx

            target = xlsx_out
            write_audit_xlsx(results, xlsx_out)
            if console is not None:
                console.print(f"Excel 问题清单已写入 {xlsx_out}")
    except OSError as exc:
        from juesuan.core.fileio import os_error_message

        print(f"无法写出审核结果：{os_error_message(exc, target)}", file=sys.stderr)
        return 2
    if any("summary" not in r for r in results):
        return 2
    if export is not None and not _export(models[str(files[0])], export, str(files[0]), console):
        return 2
    levels = {"error": ("error",), "warning": ("error", "warning"), "info": ("error", "warning", "info")}[fail_on]
    return 1 if any(r["summary"][lv] for r in results for lv in levels) else 0


def _prior_folder(folder: Path) -> Any:
    """`--prior FOLDER` without batch options: the folder's files read once each for their unit and
    year (only those are kept); returns the callable audit_one asks for each report's prior."""
    from juesuan.app.prior import check_year, read_prior
    from juesuan.batch.files import AUDIT_SUFFIXES, CHECK_SUFFIXES, content_hash, walk
    from juesuan.batch.prior import PriorIndex
    from juesuan.batch.work import prior_entry
    from juesuan.core.errors import JuesuanError
    from juesuan.rules.catalogue import phrase

    index = PriorIndex([{**prior_entry(p), "hash": content_hash(p)}
                        for p in walk([folder], AUDIT_SUFFIXES + CHECK_SUFFIXES)])

    def for_model(model: Any) -> tuple[Any, str | None]:
        m = index.match(model.unit.name, model.year)
        if m.path is None:
            return None, m.note
        try:
            last = read_prior(Path(m.path))
            check_year(last, model.year)
        except (JuesuanError, OSError) as exc:
            return None, phrase("batch_prior_unreadable", path=m.path, error=exc)
        return last, None

    return for_model


def _output_problem(outputs: list[Path], inputs: list[Path], force: bool) -> str | None:
    """Why an --html / --xlsx output would lose data (never an input; a foreign file only with --force)."""
    from juesuan.core.fileio import overwrite_problem
    from juesuan.formats.provenance import written_by_juesuan

    for out in outputs:
        if problem := overwrite_problem(out, inputs, written_by_juesuan, force):
            return problem
    if len(outputs) == 2 and outputs[0].resolve() == outputs[1].resolve():
        return f"--html 和 --xlsx 不能写到同一个文件 {outputs[0]}"
    return None


def _export(model: Any, out: Path, source: str, console: Any) -> bool:
    """Write what the audit read (`audit --export`); False (message on stderr) when it cannot."""
    import sys

    from juesuan.app.export import export_model
    from juesuan.core.errors import JuesuanError

    try:
        missing = export_model(model, out, source)
    except (JuesuanError, OSError) as exc:
        print(f"导出文件 {out}：未能写入（{exc}）", file=sys.stderr)
        return False
    msg = f"已把从报告读出的数据导出到 {out}"
    if missing:
        msg += f"；以下 {len(missing)} 项未能读出，已留空：" + "；".join(missing)
    if console is not None:
        console.print(msg)
    else:
        print(msg, file=sys.stderr)
    return True


def fast_main(argv: list[str]) -> int | None:
    """`juesuan audit …` on the fast path (see _fastargs); None means: let typer handle it."""
    parsed = parse(argv, {"--json": "as_json", "--brief": "brief", "--force": "force"},
                   {"--html": "html_out", "--xlsx": "xlsx_out", "--profile": "profile", "--fail-on": "fail_on",
                    "--export": "export", "--prior": "prior"})
    if parsed is None:
        return None
    paths, opts = parsed
    for key in ("html_out", "xlsx_out", "export", "prior"):
        if key in opts:
            opts[key] = Path(opts[key])
    return run_audit(paths, **opts)


def audit_command(
    paths: Annotated[list[Path], typer.Argument(help="要审核的文件或文件夹（.txt .md .docx .pdf .html）")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（与 check 相同的结构，summary 中含 claims；"
                                                        "多个文件时每行一个对象）")] = False,
    html_out: Annotated[Path | None, typer.Option("--html", help="另写一份 HTML 审核报告")] = None,
    xlsx_out: Annotated[Path | None, typer.Option("--xlsx", help="另写一份 Excel 问题清单（汇总表 + 每个问题一行，可筛选）")]
    = None,
    profile: Annotated[str | None, typer.Option("--profile", help="强制使用的地区模板（默认自动识别）")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="有此级别及以上的问题时退出码为 1：error / warning / info")]
    = "error",
    brief: Annotated[bool, typer.Option("--brief", help="每个文件只输出一行汇总")] = False,
    jobs: JobsOption = None,
    cluster: ClusterOption = None,
    results: ResultsOption = None,
    timeout: TimeoutOption = None,
    export: Annotated[Path | None, typer.Option("--export", help="把从报告读出的数据导出为填报工作簿（.xlsx）或 "
                                                "YAML / JSON，未读出的部分留空并列出；可作为下一年的上年数")] = None,
    prior: Annotated[Path | None, typer.Option("--prior", help="上年的报告（.txt .docx .pdf .html）或数据（.xlsx .yaml .json）："
                                               "其本年数作为上年数， 核对文中与上年比较的增减额、增长率和用词。 "
                                               "审核多份报告时给出上年报告所在的文件夹， 按单位名称和年度逐一对应， "
                                               "对应不上的注明原因")] = None,
    force: Annotated[bool, typer.Option("--force", help="--html / --xlsx / --export 的文件已存在且不是 juesuan 写出的，"
                                                        "也覆盖（被审核的文件任何时候都不覆盖）")] = False,
) -> None:
    """审核已公开的决算报告：读回表格和文字，核对表内、表间、文字与表格、文字前后的一致性。

    退出码：0 没有达到 --fail-on 级别的问题；1 有；2 有文件无法读取（其余文件照常审核）。
    批量模式（--jobs / --cluster / --results）：多进程或 Dask 集群并行，结果写入结果目录，已审核的文件再次运行时跳过。
    加 --prior 上年报告文件夹：每份报告与本单位上一年的报告对照（按单位名称和年度对应）。
    """
    from juesuan.commands import _batch

    if _batch.wanted(jobs, cluster, results):
        raise typer.Exit(_batch.run("audit", paths, jobs, cluster, results, timeout, profile, fail_on, prior=prior))
    code = run_audit(paths, as_json, html_out, profile, fail_on, brief, xlsx_out, export, force, prior)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)
