"""The nine tables laid out for the portal's pages, with every finding attached to its cell.

A cell's id is `c-<table>-<row key>-<column key>`; a finding with a table, row and column lands
on that cell, one with a table and a row on the row's label, one with a table only on the
table's title.  Findings without a table (sections, fields) are listed with the forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from juesuan.core.amounts import fmt_amount
from juesuan.core.model import FinalAccounts, Table

_SAFE = re.compile(r"[^0-9A-Za-z_]")


def cell_id(table: str, row: str, column: str | None = None) -> str:
    parts = ["c", table, row] + ([column] if column else [])
    return "-".join(_SAFE.sub("_", p) for p in parts)


@dataclass
class Cell:
    id: str
    text: str
    row: str
    column: str
    findings: list[int] = field(default_factory=list)  # indices into the findings list


@dataclass
class GridRow:
    key: str
    label: str
    line: int | None
    cells: list[Cell]
    code: str = ""
    findings: list[int] = field(default_factory=list)
    depth: int = 0


@dataclass
class GridPart:
    caption: str  # "收入" / "支出" for two-sided tables, "" otherwise
    columns: list[tuple[str, str, int | None]]  # key, label, 栏次
    rows: list[GridRow]
    coded: bool  # first columns are 科目代码 + 科目名称


@dataclass
class Grid:
    id: str
    number: str
    title: str
    parts: list[GridPart]
    empty: bool
    empty_reason: str | None
    note: str
    findings: list[int] = field(default_factory=list)

    def worst(self, findings: list[dict[str, Any]]) -> str:
        return worst([findings[i] for i in self.all_indices()])

    def all_indices(self) -> list[int]:
        out = list(self.findings)
        for p in self.parts:
            for r in p.rows:
                out += r.findings
                for c in r.cells:
                    out += c.findings
        return out


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def worst(findings: list[dict[str, Any]]) -> str:
    sevs = [f["severity"] for f in findings if f.get("status") == "fail"]
    if not sevs:
        return "notchecked" if findings else ""
    return min(sevs, key=lambda s: SEVERITY_ORDER.get(s, 9))


def _row(table: Table, key: str, label: str, line: int | None, columns: list[tuple[str, str, int | None]]) -> GridRow:
    r = table.row(key)
    values = r.values if r else {}
    cells = [Cell(cell_id(table.id, key, c), fmt_amount(values.get(c)), key, c) for c, _, _ in columns]
    return GridRow(key, (r.label if r and r.label else label), line if line is not None else (r.line if r else None),
                   cells, code=key if key.isdigit() else "", depth=(len(key) - 3) // 2 if key.isdigit() else 0)


def build_grids(model: FinalAccounts) -> list[Grid]:
    from juesuan.domain.profiles import load_profile

    profile = load_profile(model.profile)
    grids: list[Grid] = []
    for layout in profile.ordered_tables():
        table = model.table(layout.id)
        parts: list[GridPart] = []
        if layout.layout == "two_sided" and layout.left and layout.right:
            for caption, side in (("收入", layout.left), ("支出", layout.right)):
                cols = [(c.key, c.label, c.number) for c in side.columns]
                rows = [_row(table, r.key, r.label, r.line, cols) for r in side.rows]
                parts.append(GridPart(caption, cols, rows, coded=False))
        else:
            cols = [(c.key, c.label, c.number) for c in layout.all_columns()]
            rows = [_row(table, r.key, r.label, r.line, cols) for r in table.rows]
            if not rows and layout.rows:
                rows = [_row(table, r.key, r.label, r.line, cols) for r in layout.rows]
            parts.append(GridPart("", cols, rows, coded=layout.layout in ("classified", "economic")))
        grids.append(Grid(layout.id, layout.number, layout.title, parts, table.is_empty,
                          table.empty_reason, table.note or layout.note))
    return grids


def attach_findings(grids: list[Grid], findings: list[dict[str, Any]]) -> list[int]:
    """Attach each finding to its cell, row or table; return the indices placed nowhere."""
    by_table = {g.id: g for g in grids}
    loose: list[int] = []
    for i, f in enumerate(findings):
        loc = f.get("location") or {}
        g = by_table.get(str(loc.get("table", "")))
        if g is None:
            loose.append(i)
            continue
        row, col = loc.get("row"), loc.get("column")
        placed = False
        if row is not None:
            for part in g.parts:
                for r in part.rows:
                    if r.key != str(row):
                        continue
                    if col is not None:
                        for c in r.cells:
                            if c.column == str(col):
                                c.findings.append(i)
                                placed = True
                                break
                    if not placed:
                        r.findings.append(i)
                        placed = True
                    break
                if placed:
                    break
        if not placed:
            g.findings.append(i)
    return loose


def field_of(finding: dict[str, Any]) -> str:
    """The form field id a finding names (its model path), or ""."""
    f = (finding.get("location") or {}).get("field")
    return f"f-{_SAFE.sub('_', str(f))}" if f else ""


def anchor(finding: dict[str, Any]) -> str:
    """The element id a finding points at in the workspace page (a cell, a row or a table)."""
    loc = finding.get("location") or {}
    table = loc.get("table")
    if not table:
        return ""
    if loc.get("row") is not None and loc.get("column") is not None:
        return cell_id(str(table), str(loc["row"]), str(loc["column"]))
    if loc.get("row") is not None:
        return cell_id(str(table), str(loc["row"]))
    return f"t-{table}"


def where(finding: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    """Where a finding is, in the one wording of findings/wording.py; a model field by its Chinese name
    in `labels` (forms.field_labels: 情况说明中的主要原因 · …), which the form's link then fills."""
    from juesuan.findings.wording import where as words

    loc = finding.get("location") or {}
    field = loc.get("field")
    if field and not loc.get("table") and (named := (labels or {}).get(str(field))):
        return named
    return words(loc)
