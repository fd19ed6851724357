"""What the public and researchers take away: each published report's data as JSON, and one CSV of the
key figures of every published report (Excel-safe)."""

from __future__ import annotations

import csv
import io

from juesuan.core import codec

from .helpers import example_model, login
from .test_flow import upload


def publish(app, unit_id: int) -> None:  # noqa: ANN001
    clerk, reviewer = login(app, "clerk"), login(app, "reviewer")
    upload(clerk, unit_id, codec.to_yaml(example_model()).encode())
    assert clerk.post(f"/units/{unit_id}/2024/submit",
                      data={"csrf_token": clerk.csrf, "explanation": "分值按原表填列"}).status_code == 303
    assert reviewer.post(f"/units/{unit_id}/2024/approve", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert reviewer.post(f"/units/{unit_id}/2024/publish", data={"csrf_token": reviewer.csrf}).status_code == 303


def rows_of(response) -> list[list[str]]:  # noqa: ANN001
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # Excel reads the Chinese as UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_published_data_as_json_and_csv(sqlite_bureau) -> None:
    app, own, other = sqlite_bureau.app, sqlite_bureau.own_unit, sqlite_bureau.other_unit
    public = login(app, None)
    assert rows_of(public.get("/public/data.csv"))[1:] == []  # nothing published yet
    assert public.get(f"/public/{own}/2024/download/json").status_code == 404
    publish(app, own)

    r = public.get(f"/public/{own}/2024/download/json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "attachment" in r.headers["content-disposition"]
    assert codec.dump(codec.from_json(r.text)) == codec.dump(example_model())  # the data, exactly

    header, *rows = rows_of(public.get("/public/data.csv"))
    assert header[:4] == ["部门", "单位", "年度", "公开日期"] and header[-1] == "报告网址"
    assert len(rows) == 1  # the other unit published nothing
    row = dict(zip(header, rows[0], strict=True))
    assert (row["单位"], row["年度"], row["报告网址"]) == ("榆林市人事信息中心", "2024", f"http://testserver/public/{own}/2024")
    assert (row["收入总计（万元）"], row["“三公”经费决算（万元）"], row["机关运行经费（万元）"]) == ("691.29", "", "8.80")  # 三公 printed blank
    assert rows_of(public.get("/public/data.csv", params={"year": "2023"}))[1:] == []
    assert len(rows_of(public.get("/public/data.csv", params={"year": "2024"}))) == 2
    assert f"/public/{own}/2024/download/json" in public.get(f"/public/{own}/2024").text  # offered on the page
    assert other != own


def test_csv_cells_never_run_as_formulas(sqlite_bureau) -> None:
    from juesuan.store.models import Unit

    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    with app.state.sessions() as db:
        db.get(Unit, own).name = "=HYPERLINK(\"http://x\",\"点我\")"
        db.commit()
    publish(app, own)
    header, row = rows_of(login(app, None).get("/public/data.csv"))
    assert row[1] == "'=HYPERLINK(\"http://x\",\"点我\")"
