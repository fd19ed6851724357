"""The portal's calls into the rest of juesuan: readers, rules, writers, audit.

Imports happen inside the functions, so the portal starts even while a piece is being built;
a missing piece becomes a clear Chinese message instead of a crash at start-up.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from juesuan.core.errors import JuesuanError
from juesuan.core.model import FinalAccounts

FORMATS = ("docx", "pdf", "xlsx")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


class Unavailable(JuesuanError):
    """A part of juesuan the portal needs is not installed in this build."""


def unreadable(filename: str, exc: BaseException, action: str = "读取") -> str:
    """What the user reads when a file could not be read for a reason no reader foresaw (a bug: logged)."""
    if isinstance(exc, ArithmeticError):
        return f"无法{action}“{filename}”：文件中有位数过多或无法计算的数字，请核对其中的金额。"
    if isinstance(exc, RecursionError | MemoryError):
        return f"无法{action}“{filename}”：文件的结构过于复杂（层次过深或内容过大），无法读取。"
    return f"无法{action}“{filename}”：文件内容无法解析，请确认文件完整、格式正确。"


def read_input(path: Path) -> FinalAccounts:
    """Read an uploaded workbook / YAML / JSON into the model (InputError on bad input)."""
    from juesuan.formats import read_input as _read

    return _read(path)


def overrides_key(overrides: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(overrides, sort_keys=True).encode()).hexdigest()[:16]


def check_contract(model: FinalAccounts, source: str, overrides: dict[str, str] | None = None) -> dict[str, Any]:
    """Run all rules and return the machine-readable check contract."""
    from juesuan.app.check import run_checks

    report = run_checks(model, overrides=overrides or None)
    return report.to_contract(source)


def rule_catalogue() -> list[dict[str, str]]:
    """All rules of the catalogue (rules/catalogue.yaml): id, title, default severity, family."""
    from juesuan.rules import catalogue

    return [{"id": r.id, "title": r.title, "severity": r.severity, "family": r.family}
            for r in sorted(catalogue.load().rules.values(), key=lambda r: r.id)]


def render_report_html(model: FinalAccounts) -> str:
    """The whole report as one self-contained HTML page (charts inline)."""
    from juesuan.render.html import render_html

    return render_html(model)


def build_file(model: FinalAccounts, fmt: str, overrides: dict[str, str] | None = None,
               final: bool = False) -> tuple[str, bytes]:
    """Build one output file of the report; returns (filename, bytes).

    A `final` file (the version a reviewer approved) carries no draft stamp; any other is stamped
    草稿 when error findings remain under the deployment's rule `overrides`."""
    if fmt not in FORMATS:
        raise Unavailable(f"不支持的下载格式：{fmt}")
    from juesuan.app.build import build_report

    with tempfile.TemporaryDirectory(prefix="juesuan-web-") as tmp:
        paths = build_report(model, Path(tmp), formats=(fmt,), force=True, overrides=overrides or None,
                             draft=False if final else None)
        for p in paths:
            if p.suffix.lower() == f".{fmt}":
                return p.name, p.read_bytes()
    raise Unavailable(f"生成 {fmt.upper()} 文件失败")


def audit_contract(path: Path, source: str) -> dict[str, Any]:
    """Audit a published report file (PDF / DOCX / TXT) and return the check contract."""
    from juesuan.app.audit import audit_file

    return audit_file(path).to_contract(source)
