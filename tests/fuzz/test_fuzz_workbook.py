"""Fuzzing the workbook reader: the example workbook with cells overwritten by hostile values, rows
inserted or deleted, sheets removed, renamed or reordered.  Reading gives a model or a Chinese
InputError; checking the model never crashes; `juesuan check` exits 0/1/2 in Chinese."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLE_XLSX

from .conftest import examples, settings, tried
from .hostile import CELL, TEXT, assert_cli, assert_no_crash

BASE = EXAMPLE_XLSX.read_bytes()

cell_edit = st.tuples(st.just("cell"), st.integers(0, 30), st.integers(1, 60), st.integers(1, 14), CELL)
sheet_edit = st.one_of(
    st.tuples(st.just("delete_sheet"), st.integers(0, 30)),
    st.tuples(st.just("rename_sheet"), st.integers(0, 30), TEXT),
    st.tuples(st.just("move_sheet"), st.integers(0, 30), st.integers(-5, 5)),
    st.tuples(st.just("insert_rows"), st.integers(0, 30), st.integers(1, 40), st.integers(1, 3)),
    st.tuples(st.just("delete_rows"), st.integers(0, 30), st.integers(1, 40), st.integers(1, 3)),
    st.tuples(st.just("delete_cols"), st.integers(0, 30), st.integers(1, 8), st.integers(1, 2)),
    st.tuples(st.just("merge"), st.integers(0, 30), st.integers(1, 40), st.integers(1, 6)),
)
edits = st.lists(st.one_of(cell_edit, cell_edit, cell_edit, sheet_edit), min_size=1, max_size=12)


def apply(wb, edit) -> None:  # noqa: ANN001
    kind, index, *rest = edit
    if not wb.worksheets:
        return
    ws = wb.worksheets[index % len(wb.worksheets)]
    if kind == "cell":
        row, col, value = rest
        cell = ws.cell(row=row, column=col)
        if type(cell).__name__ == "MergedCell":
            return
        cell.value = value
    elif kind == "delete_sheet" and len(wb.worksheets) > 1:
        wb.remove(ws)
    elif kind == "rename_sheet":
        name = "".join(ch for ch in rest[0] if ch not in "[]:*?/\\")[:31].strip("'")
        if name and name not in wb.sheetnames:
            ws.title = name
    elif kind == "move_sheet":
        wb.move_sheet(ws, offset=rest[0])
    elif kind == "insert_rows":
        ws.insert_rows(rest[0], rest[1])
    elif kind == "delete_rows":
        ws.delete_rows(rest[0], rest[1])
    elif kind == "delete_cols":
        ws.delete_cols(rest[0], rest[1])
    elif kind == "merge":
        try:
            ws.merge_cells(start_row=rest[0], start_column=1, end_row=rest[0], end_column=1 + rest[1])
        except ValueError:
            pass


@settings(max_examples=examples(15))
@given(edits=edits)
def test_workbook_reader_survives_hostile_edits(tmp_path_factory, edits) -> None:
    from openpyxl import load_workbook

    from juesuan.app.check import run_checks
    from juesuan.formats import read_input

    tried("workbook")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(BASE))
    for edit in edits:
        apply(wb, edit)
    path = Path(tmp_path_factory.mktemp("wb")) / "单位.xlsx"
    wb.save(path)
    model = assert_no_crash(read_input, path)
    if model is not None:
        assert_no_crash(run_checks, model)
    assert_cli(["check", str(path)])


@settings(max_examples=examples(10))
@given(data=st.binary(min_size=0, max_size=2048), cut=st.integers(0, len(BASE)))
def test_workbook_reader_survives_broken_bytes(tmp_path_factory, data, cut) -> None:
    """Truncated, spliced or random bytes named .xlsx."""
    from juesuan.formats import read_input

    tried("workbook bytes")
    path = Path(tmp_path_factory.mktemp("wbb")) / "坏.xlsx"
    path.write_bytes(BASE[:cut] + data)
    assert_no_crash(read_input, path)
    assert_cli(["check", str(path)])
