"""The one wording of findings for people (wording.yaml): severity names and a location in words.

Every output (console, HTML, XLSX, the marked workbook, the portal) names severities and places
through these two functions."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any


@cache
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("juesuan.findings").joinpath("wording.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def severity_names() -> dict[str, str]:
    """error → 错误, warning → 警告, info → 提示, off → 关闭."""
    return dict(_data()["severity"])


def severity_name(severity: str) -> str:
    return _data()["severity"].get(severity, severity)


def status_name(status: str) -> str:
    """not_checked → 未检查, rounding → 尾差."""
    return _data()["status"].get(status, status)


def read_as(summary: Mapping[str, Any]) -> str:
    """“按决算情况说明（文件中没有可读的决算表）审核”, from an audit summary's document_kind; '' for a check."""
    kind = summary.get("document_kind")
    if not kind:
        return ""
    return str(_data()["read_as"]).format(kind=_data()["document_kind"].get(kind, kind))


def script_note(summary: Mapping[str, Any]) -> str:
    """What the summary says when the report was read from traditional characters ("" otherwise)."""
    script = summary.get("script")
    return str(_data()["script"].get(script, "")) if script else ""


def where(loc: Mapping[str, Any]) -> str:
    """A location in words: 公开06表 一般公共预算财政拨款基本支出决算明细表 · 行次 3 工资福利支出 · 栏次 1 决算数."""
    words = _data()["location"]
    parts: list[str] = []
    if loc.get("page"):
        parts.append(words["page"].format(page=loc["page"]))
    table = " ".join(str(x) for x in (loc.get("table_number"), loc.get("table_title")) if x)
    if not table and loc.get("table"):
        table = str(loc["table"])
    if table:
        parts.append(table)
    row = loc.get("row")
    label = loc.get("row_label") or ""
    if loc.get("line") is not None:
        parts.append(f"{words['line'].format(line=loc['line'])} {label}".strip())
    elif row is not None and str(row).isdigit():
        parts.append(f"{row} {label}".strip())
    elif label or row:
        parts.append(str(label or row))
    if loc.get("column_no") is not None:
        parts.append(f"{words['column_no'].format(column_no=loc['column_no'])} {loc.get('column_label', '')}".strip())
    elif loc.get("column_label"):
        parts.append(str(loc["column_label"]))
    if not table and loc.get("section"):
        parts.insert(0, str(loc["section"]))
    if loc.get("source_line"):
        parts.append(words["source_line"].format(source_line=loc["source_line"]))
    if loc.get("sentence"):
        s = str(loc["sentence"])
        parts.append(f"“{s[:40]}{'…' if len(s) > 40 else ''}”")
    return " · ".join(parts) or "—"
