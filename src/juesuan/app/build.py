"""`build_report`: check the model, assemble the report once, write every format, all or nothing.

Error findings block the build (BuildBlocked, nothing written) unless `force`, which stamps every
output 草稿 (draft).  Files are written into a temporary folder inside OUTDIR and moved into place
only when every format succeeded, so a failure never leaves partial output.  On two or more cores XLSX
and HTML are written in a forked process beside DOCX and PDF (JUESUAN_BUILD_JOBS=1 forces one process).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from juesuan.core.errors import JuesuanError
from juesuan.core.model import FinalAccounts

FORMATS: tuple[str, ...] = ("docx", "pdf", "html", "xlsx")
Progress = Callable[[str, int, int], None]  # (step label, steps done, steps total)


class BuildBlocked(JuesuanError):
    """The model has error findings: the report is not built (use --force for a draft)."""

    def __init__(self, report: object, errors: list[object]) -> None:
        self.report = report
        self.errors = errors
        lines = [f"校验发现 {len(errors)} 个错误，未生成任何文件（确需生成草稿请加 --force）："]
        for f in errors[:50]:
            lines.append(f"  [{getattr(f, 'rule', '')}] {getattr(f, 'message', '')}")
        if len(errors) > 50:
            lines.append(f"  ……另有 {len(errors) - 50} 个错误")
        super().__init__("\n".join(lines))


MAX_UNIT_NAME_BYTES = 120  # file names are limited to 255 bytes; room for the year, suffix and temp-file parts


def output_name(model: FinalAccounts, ext: str) -> str:
    """`<单位名>-<年度>年度部门决算.<ext>` (单位决算 in that profile), with characters no file system accepts replaced.

    A unit name longer than MAX_UNIT_NAME_BYTES (UTF-8) is cut at a character boundary and ends
    in `…` and six hex digits of its hash, so two long names never share a file name.
    """
    unit = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", model.unit.name or "").strip(" .") or "未命名单位"
    if len(unit.encode("utf-8")) > MAX_UNIT_NAME_BYTES:
        import hashlib

        digest = hashlib.sha256(unit.encode("utf-8")).hexdigest()[:6]
        cut = unit.encode("utf-8")[:MAX_UNIT_NAME_BYTES - 10].decode("utf-8", errors="ignore").rstrip(" .")
        unit = f"{cut}…{digest}"
    return f"{unit}-{_report_title(model)}.{ext}"


def _report_title(model: FinalAccounts) -> str:
    """2024年度部门决算, or the profile's own title (2024年度单位决算)."""
    from juesuan.core.errors import InputError
    from juesuan.domain.profiles import load_profile

    try:
        title = load_profile(model.profile).raw.get("report_title") or "{year}年度部门决算"
    except InputError:
        title = "{year}年度部门决算"
    return str(title).format(year=model.year)


def parse_formats(formats: Sequence[str] | str) -> tuple[str, ...]:
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in items if f.strip()))
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise JuesuanError(f"不支持的输出格式：{'、'.join(bad) or '（空）'}；可选：{','.join(FORMATS)}")
    return out


def build_report(model: FinalAccounts, outdir: Path | str, formats: Sequence[str] | str = FORMATS,
                 force: bool = False, progress: Progress | None = None,
                 on_report: Callable[[object], None] | None = None,
                 overrides: dict[str, str] | None = None, draft: bool | None = None) -> list[Path]:
    """Check, assemble and write the report in `formats` into `outdir`; return the paths written.

    `progress(label, done, total)` is called before each step; `on_report(CheckReport)` receives the
    findings of the check (also when the build is then blocked).  `overrides` are rule severities
    (rule id → error/warning/info/off) as in `run_checks`.  `draft` None stamps 草稿 exactly when error
    findings remain; False is for a report a reviewer approved with its findings explained (the
    portal), True stamps every build.
    """
    from juesuan.app.check import run_checks
    from juesuan.report import assemble

    fmts = parse_formats(formats)
    total = len(fmts) + 2
    step = _stepper(progress, total)
    step("校验数据")
    report = run_checks(model, overrides=overrides)
    if on_report is not None:
        on_report(report)
    errors = [f for f in report.findings if f.severity == "error" and f.status == "fail"]
    if errors and not force:
        raise BuildBlocked(report, errors)
    step("生成报告内容")
    document = assemble(model)
    document.draft = bool(errors) if draft is None else draft
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(outdir)
    tmp = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outdir))
    (tmp / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    try:
        targets = {fmt: tmp / output_name(model, fmt) for fmt in fmts}
        side = [f for f in fmts if f in SIDE_FORMATS] if _parallel(fmts) else []
        worker = _start_worker(side, model, document, targets) if side else None
        try:
            # the PDF first: the DOCX's 目录 takes its page numbers from the same layout (render/pdf.toc_pages)
            for fmt in sorted((f for f in fmts if f not in side), key=lambda f: f != "pdf"):
                step(f"写出 {fmt.upper()}")
                _write(fmt, model, document, targets[fmt])
        except BaseException:
            if worker is not None:
                _join_worker(worker, quiet=True)
            raise
        if worker is not None:
            for fmt in side:
                step(f"写出 {fmt.upper()}")
            _join_worker(worker)
        mode = _file_mode()
        written = []
        for fmt in fmts:
            dst = outdir / targets[fmt].name
            os.chmod(targets[fmt], mode)  # writers stage through mkstemp (0600); published files follow the umask
            os.replace(targets[fmt], dst)
            written.append(dst)
        step("完成")
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


STAGING_PREFIX = ".juesuan-build-"
OWNER_FILE = ".owner"


def remove_stale_staging(outdir: Path) -> list[Path]:
    """Remove staging folders left in `outdir` by a build that was killed (its process is gone)."""
    removed = []
    for old in outdir.glob(f"{STAGING_PREFIX}*"):
        try:
            owner = int((old / OWNER_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            owner = 0  # killed before writing it (or a build that is just starting: give it a minute)
        if owner and owner != os.getpid() and _alive(owner):
            continue  # a build running right now in this folder
        if not owner and _age(old) < 60:
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def _age(path: Path) -> float:
    import time

    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- two processes on two cores: XLSX and HTML (SVG charts) beside DOCX and PDF (PNG charts) ------

SIDE_FORMATS = ("xlsx", "html")


def _parallel(fmts: tuple[str, ...]) -> bool:
    """Write in two processes when there is work for both, fork exists and there are two cores.

    JUESUAN_BUILD_JOBS=1 always writes in one process.  The second process costs almost no extra CPU
    (it imports openpyxl, which the one-process build imports too), so it is used even on a busy
    machine (docs/performance.md, build).
    """
    import multiprocessing

    if os.environ.get("JUESUAN_BUILD_JOBS", "") == "1" or (os.cpu_count() or 1) < 2:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    side = [f for f in fmts if f in SIDE_FORMATS]
    return bool(side) and len(side) < len(fmts)


def _start_worker(fmts: list[str], model: FinalAccounts, document: object, targets: dict[str, Path]):  # type: ignore[no-untyped-def]
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(fmts, model, document, targets, send, os.getpid()), daemon=True)
    proc.start()
    send.close()
    return proc, recv


def _worker(fmts: list[str], model: FinalAccounts, document: object, targets: dict[str, Path], send,  # type: ignore[no-untyped-def]
            parent: int) -> None:
    from juesuan.core.proc import die_with_parent

    die_with_parent(parent)  # killed with the build (kill -9 included), never writing on alone
    try:
        for fmt in fmts:
            _write(fmt, model, document, targets[fmt])
        send.send(None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        send.send((type(exc).__name__, str(exc), isinstance(exc, JuesuanError)))
    finally:
        send.close()


def _join_worker(worker, quiet: bool = False) -> None:  # type: ignore[no-untyped-def]
    proc, recv = worker
    try:
        result = recv.recv() if recv.poll(600) else ("Timeout", "子进程超时", False)
    except EOFError:
        result = ("EOFError", "子进程意外退出", False)
    proc.join(30)
    recv.close()
    if result is not None and not quiet:
        name, message, ours = result
        raise JuesuanError(message if ours else f"写出文件失败（{name}: {message}）")


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _stepper(progress: Progress | None, total: int) -> Callable[[str], None]:
    done = [0]

    def step(label: str) -> None:
        if progress is not None:
            progress(label, min(done[0], total), total)
        done[0] += 1

    return step


def _write(fmt: str, model: FinalAccounts, document: object, path: Path) -> None:
    if fmt == "html":
        from juesuan.render.html import write_html

        write_html(document, path)  # type: ignore[arg-type]
    elif fmt == "docx":
        from juesuan.render.docx import write_docx

        write_docx(document, path)  # type: ignore[arg-type]
    elif fmt == "pdf":
        from juesuan.render.pdf import write_pdf

        write_pdf(document, path)  # type: ignore[arg-type]
    elif fmt == "xlsx":
        from juesuan.render.xlsx import write_xlsx

        write_xlsx(document, path)  # type: ignore[arg-type]  # the published tables (model embedded)
