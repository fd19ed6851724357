"""The example workbook against the reference report: the nine tables cell by cell, and the facts.

The seed's tables are parsed here from its tab-separated text and its facts from its narrative
sentences; nothing is copied by hand.  The workbook is read twice: with our reader and with
openpyxl's raw cell values.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from conftest import EXAMPLE_XLSX, EXAMPLE_YAML, SEED
from juesuan import derive
from juesuan.core import codec
from juesuan.domain.profiles import load_profile
from juesuan.formats import read_input

PROFILE = load_profile("shaanxi-2024")


# --- the seed --------------------------------------------------------------------------------

def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_tables(text: str) -> dict[str, dict]:
    """公开NN表 -> {"unit": 编制单位, "rows": [[field, …], …] (header rows included), "note": 注}."""
    lines = text.splitlines()
    out: dict[str, dict] = {}
    for i, line in enumerate(lines):
        m = re.fullmatch(r"公开(\d\d)表", line.strip())
        if not m:
            continue
        number, rows, unit, note, title = line.strip(), [], None, None, None
        back = [x.strip().lstrip("# ").strip() for x in lines[max(0, i - 3):i] if x.strip()]
        title = back[-1] if back else None
        for x in lines[i + 1:]:
            if x.startswith("编制单位："):
                unit = x.split("：", 1)[1].strip()
            elif x.startswith("注："):
                note = x[2:].strip()
                break
            elif "\t" in x:
                rows.append(x.split("\t"))
        out[number] = {"title": title, "unit": unit, "rows": rows, "note": note}
    return out


def data_rows(table_id: str, rows: list[list[str]]) -> list[list[str]]:
    """The 栏次 row and the rows under it (T06: the data rows, the repeated page header dropped)."""
    if table_id == "T06":
        return [r for r in rows if r[0] != "科目代码"]
    start = next(i for i, r in enumerate(rows) if "栏次" in r)
    return rows[start:]


def same(seed_cell: str, value) -> bool:
    s = seed_cell.strip()
    if s == "":
        return value is None or value == ""
    if re.fullmatch(r"-?\d+(\.\d+)?", s):
        if isinstance(value, str):
            return value.strip() == s
        return value is not None and Decimal(repr(value) if isinstance(value, float) else str(value)) == Decimal(s)
    return value == s


# --- the workbook read raw ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def raw_sheets():
    import openpyxl

    wb = openpyxl.load_workbook(EXAMPLE_XLSX, data_only=True)
    out = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        grid = [[c.value for c in row] for row in ws.iter_rows()]
        out[ws.title] = grid
    return out


def find_sheet(raw_sheets, title: str) -> list[list]:
    hits = [g for g in raw_sheets.values() if g and g[0][0] == title]
    assert len(hits) == 1, f"exactly one sheet titled {title}"
    return hits[0]


@pytest.fixture(scope="module")
def model():
    return read_input(EXAMPLE_XLSX)


@pytest.mark.parametrize("table_id", PROFILE.table_order)
def test_table_cells_match_seed_raw(table_id, raw_sheets):
    layout = PROFILE.table(table_id)
    seed = seed_tables(seed_text())[layout.number]
    grid = find_sheet(raw_sheets, seed["title"])
    assert seed["title"] == layout.title
    flat = [v for row in grid[:4] for v in row if v is not None]
    assert layout.number in flat
    assert f"编制单位：{seed['unit']}" in flat
    assert "单位：万元" in flat
    want = data_rows(table_id, seed["rows"])
    if table_id == "T06":
        start = next(i for i, r in enumerate(grid) if r[0] == "科目代码") + 1
    else:
        start = next(i for i, r in enumerate(grid) if "栏次" in r)
    got = grid[start:start + len(want)]
    assert len(got) == len(want)
    for i, (srow, grow) in enumerate(zip(want, got, strict=True)):
        padded = srow + [""] * (len(grow) - len(srow))
        assert len(padded) == len(grow), f"{table_id} row {i}: width"
        for j, (s, g) in enumerate(zip(padded, grow, strict=True)):
            assert same(s, g), f"{table_id} row {start + i + 1} col {j + 1}: seed {s!r} workbook {g!r}"
    after = grid[start + len(want)]
    assert after[0] == f"注：{seed['note']}"


@pytest.mark.parametrize("table_id", PROFILE.table_order)
def test_table_values_match_seed_via_reader(table_id, model):
    layout = PROFILE.table(table_id)
    rows = data_rows(table_id, seed_tables(seed_text())[layout.number]["rows"])
    t = model.tables[table_id]
    checked = 0
    if layout.layout == "classified":
        body = rows[1:]
        assert len(body) == len(t.rows)
        for srow, row in zip(body, t.rows, strict=True):
            code, name, *vals = srow
            assert row.key == (code or "total")
            assert row.label == name
            for col, s in zip(layout.columns, vals + [""] * len(layout.columns), strict=False):
                assert same(s, row.values.get(col.key)), (table_id, code, col.key)
                checked += 1
    elif layout.layout == "two_sided":
        lw = 2 + len(layout.left.columns)
        for srow in rows[1:]:
            srow = srow + [""] * (lw + 2 + len(layout.right.columns) - len(srow))
            for base, side in ((0, layout.left), (lw, layout.right)):
                label, line, *vals = srow[base:base + 2 + len(side.columns)]
                row = next((r for r in t.rows if r.line == int(line)), None)
                if row is None:
                    assert not label and not any(vals), (table_id, line)
                    continue
                assert row.label == label
                for col, s in zip(side.columns, vals, strict=True):
                    assert same(s, row.values.get(col.key)), (table_id, line, col.key)
                    checked += 1
    elif layout.layout == "economic":
        for srow in rows:
            if srow[0].endswith("合计"):
                labels = [(i, x) for i, x in enumerate(srow) if x.endswith("合计")]
                for k, (i, label) in enumerate(labels):
                    stop = labels[k + 1][0] if k + 1 < len(labels) else len(srow)
                    figure = next(x for x in srow[i + 1:stop] if x)
                    row = next(r for r in t.rows if r.label == label)
                    assert row.values["amount"] == Decimal(figure)
                    checked += 1
                continue
            for b in range(0, len(srow), 3):
                code, name, figure = (srow[b:b + 3] + ["", "", ""])[:3]
                if not code:
                    continue
                row = t.row(code)
                assert row is not None and row.label == name
                assert same(figure, row.values.get("amount")), code
                checked += 1
    else:
        for srow in rows[1:]:
            row = next(r for r in t.rows if r.label == srow[0])
            for col, s in zip(layout.columns, srow[1:] + [""] * len(layout.columns), strict=False):
                assert same(s, row.values.get(col.key))
                checked += 1
    assert checked >= len(layout.all_columns())


# --- facts from the narrative ------------------------------------------------------------------

def D(s: str) -> Decimal:
    return Decimal(s)


def test_staffing_matches_seed(model):
    m = re.search(r"人员编制(\d+)人，其中行政编制(\d+)人、事业编制(\d+)人；实有人员(\d+)人，其中行政(\d+)人、事业(\d+)人。"
                  r"单位管理的离退休人员(\d+)人", seed_text())
    assert m
    a, a_admin, a_inst, b, b_admin, b_inst, retirees = map(int, m.groups())
    st = model.unit.staffing
    assert (st.authorized_total, st.authorized, st.actual_total, st.actual, st.retirees) == (
        a, {"行政": a_admin, "事业": a_inst}, b, {"行政": b_admin, "事业": b_inst}, retirees)


def test_procurement_matches_seed(model, raw_sheets):
    text = seed_text()
    m = re.search(r"政府采购支出总额共([\d.]+)万元，其中：政府采购货物支出([\d.]+)万元、政府采购工程支出([\d.]+)万元、"
                  r"政府采购服务支出([\d.]+)万元", text)
    sme = re.search(r"政府采购授予中小企业合同金额([\d.]+)万元", text)
    small = re.search(r"授予小微企业合同金额([\d.]+)万元", text)
    assert m and sme and small
    p = model.procurement
    assert (p.total, p.goods, p.works, p.services) == tuple(map(D, m.groups()))
    assert p.sme_total == D(sme.group(1)) and p.small_micro == D(small.group(1))
    grid = find_sheet(raw_sheets, "政府采购")
    cells = {r[0]: r[1] for r in grid if r and r[0]}
    assert Decimal(repr(cells["政府采购支出总额"])) == D(m.group(1))
    assert Decimal(repr(cells["政府采购服务支出"])) == D(m.group(4))


def test_agency_running_costs_match_seed(model):
    m = re.search(r"机关运行经费预算([\d.]+)万元，支出决算([\d.]+)万元[^。]*。支出决算比上年减少([\d.]+)万元", seed_text())
    assert m
    budget, actual, decrease = map(D, m.groups())
    assert model.agency_running_costs.budget == budget
    assert model.agency_running_costs.actual == actual
    assert model.prior.agency_running_costs == actual + decrease


def test_item_budgets_match_seed_sentences(model, raw_sheets):
    text = seed_text()
    sentences = re.findall(r"\d+\. (\S+?)（类）(\S+?)（款）(\S+?)（项）。年初预算([\d.]+)万元，支出决算([\d.]+)万元", text)
    assert len(sentences) == 9
    t5 = model.tables["T05"]
    for cls, sec, item, initial, actual in sentences:
        code = next(r.key for r in derive.item_rows(t5) if derive.item_path(t5, r.key) == (cls, sec, item))
        assert model.item_budget(code).initial == D(initial)
        assert t5.value(code, "total") == D(actual)
    total = re.search(r"一般公共预算财政拨款支出年初预算([\d.]+)万元", text)
    assert model.general_budget_initial == D(total.group(1))
    grid = find_sheet(raw_sheets, "年初预算及差异原因")
    coded = [r for r in grid if r and isinstance(r[0], str) and r[0].isdigit()]
    assert len(coded) == 9
    assert all(r[1] and r[2] and r[3] and r[4] is not None for r in coded)


def test_prior_year_and_unit_match_seed(model):
    text = seed_text()
    m = re.search(r"收入总计、支出总计均为([\d.]+)万元，与上年相比收入总计、支出总计均增加([\d.]+)万元", text)
    now, increase = map(D, m.groups())
    assert model.prior.income_grand_total == now - increase
    assert model.unit.name == re.search(r"^# (\S+)", text, re.M).group(1)
    assert model.unit.contact_phone == re.search(r"联系电话：(（\d+）\d+)", text).group(1)
    assert model.unit.departments == re.search(r"分别为：(\S+?)。", text).group(1).split("、")


def test_reading_the_workbook_gives_the_yaml_model(model):
    expected = codec.read_path(EXAMPLE_YAML)
    assert model == expected
    assert codec.dump(model) == codec.dump(expected)


def test_committed_workbook_is_current(tmp_path):
    from juesuan.formats.workbook.write import write_workbook

    fresh = tmp_path / "fresh.xlsx"
    write_workbook(codec.read_path(EXAMPLE_YAML), fresh)
    assert read_input(fresh) == read_input(EXAMPLE_XLSX)
