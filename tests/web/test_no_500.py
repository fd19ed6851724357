"""Hostile requests get a 4xx page in Chinese, never a 500, and the connection stays usable: deeply nested
JSON, a billion-laughs DOCX, a report with 25- and 40-digit amounts, huge numbers in every route and query
parameter that takes one (with and without login), NaN / 1e999999999 typed into a form."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from conftest import SEED
from juesuan.core import codec

from .helpers import example_model, login
from .hostile import billion_laughs_docx, deep_json
from .test_flow import upload

HUGE = "99999999999999999999999"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def hardy(app, user: str | None) -> TestClient:  # noqa: ANN001
    """A client that sees a server error as a 500 response (not as an exception in the test)."""
    signed = login(app, user)
    c = TestClient(app, follow_redirects=False, raise_server_exceptions=False, cookies=signed.cookies)
    c.csrf = signed.csrf
    return c


def refused(r, *codes: int) -> None:  # noqa: ANN001
    assert r.status_code in (codes or (400, 404, 422)), (r.status_code, r.text[:300])
    assert CHINESE.search(r.text), r.text[:300]


def still_usable(c: TestClient) -> None:
    assert c.get("/healthz").text == "ok" and c.get("/").status_code == 200


def test_deeply_nested_json_upload(sqlite_bureau) -> None:
    clerk = hardy(sqlite_bureau.app, "clerk")
    r = upload(clerk, sqlite_bureau.own_unit, deep_json(), "deep.json")
    refused(r, 400)
    assert "deep.json" in r.text and "嵌套层次过深" in r.text
    r = clerk.post("/api/check", data={"csrf_token": clerk.csrf}, files={"file": ("deep.json", io.BytesIO(deep_json()))})
    assert r.status_code == 400 and "嵌套层次过深" in r.json()["error"]
    still_usable(clerk)


def test_billion_laughs_docx_on_audit(sqlite_bureau) -> None:
    reviewer = hardy(sqlite_bureau.app, "reviewer")
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf},
                      files={"file": ("lol.docx", io.BytesIO(billion_laughs_docx()))})
    refused(r, 400)
    assert "lol.docx" in r.text and "XML" in r.text
    still_usable(reviewer)


@pytest.mark.parametrize("digits", ["1234567890123456789012345", "9" * 40 + ".5"])
def test_report_with_an_absurd_amount(sqlite_bureau, digits) -> None:
    """A 25-digit amount is read; a 40-digit one cannot be computed: a message, not a 500."""
    text = SEED.read_text(encoding="utf-8")
    m = list(re.finditer(r"\d+\.\d{2}", text))[1]
    body = (text[:m.start()] + digits + text[m.end():]).encode("utf-8")
    reviewer = hardy(sqlite_bureau.app, "reviewer")
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf}, files={"file": ("big.txt", io.BytesIO(body))})
    assert r.status_code in (303, 400), r.text[:300]
    if r.status_code == 303:
        for url in (r.headers["location"], r.headers["location"] + "/xlsx"):
            assert reviewer.get(url).status_code == 200
    else:
        refused(r, 400)
        assert "big.txt" in r.text
    still_usable(reviewer)


def int_routes(app) -> list[str]:  # noqa: ANN001
    """Every GET route path with a number in it (their {name:id} parts)."""
    return sorted(r.path for r in app.state.api_routes if "GET" in getattr(r, "methods", ()) and ":id}" in r.path)


def test_every_route_with_a_number_refuses_a_huge_one(sqlite_bureau) -> None:
    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    paths = int_routes(app)
    assert len(paths) >= 13
    clients = {u: hardy(app, u) for u in (None, "clerk", "reviewer", "admin")}
    assert upload(login(app, "clerk"), own, codec.to_yaml(example_model()).encode()).status_code == 303
    for path in paths:
        for parts in ((HUGE, "2024"), (str(own), HUGE), (HUGE, HUGE)):
            values = iter(parts)
            url = re.sub(r"\{\w+:id\}", lambda _m, v=values: next(v, "1"), path)
            if HUGE not in url:
                continue
            url = url.replace("{fmt}", "xlsx") + "?table=T01&row=1&column=amount"
            for user, c in clients.items():
                r = c.get(url)
                assert r.status_code < 500 and r.status_code != 200, (user, url, r.status_code)
    posts = [r.path for r in app.state.api_routes if "POST" in getattr(r, "methods", ()) and ":id}" in r.path]
    for path in posts:
        url = re.sub(r"\{\w+:id\}", HUGE, path)
        r = clients["admin"].post(url, data={"csrf_token": clients["admin"].csrf})
        assert r.status_code == 404 and CHINESE.search(r.text), (url, r.status_code)
    queries = ["/?year=", "/?dept=", "/public/data.csv?year=", "/review?year=", "/review?dept=", "/log?page=",
               f"/units/{own}/2024?v=", f"/units/{own}/2024/findings.json?v=", f"/units/{own}/2024/preview?v=",
               f"/units/{own}/2024/download/xlsx?v=", f"/units/{own}/2024/marked.xlsx?v="]
    for q in queries:
        for value in (HUGE, "-1", "²", "1e9", "NaN"):
            for user, c in clients.items():
                r = c.get(q + value)
                assert r.status_code < 500, (user, q + value, r.status_code, r.text[:200])
                if r.status_code >= 400:
                    assert CHINESE.search(r.text), (q + value, r.text[:200])
    still_usable(clients[None])


def test_huge_numbers_in_forms(sqlite_bureau) -> None:
    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    clerk, admin, reviewer = hardy(app, "clerk"), hardy(app, "admin"), hardy(app, "reviewer")
    m = example_model()
    m.table("T03").row("2080108").values["total"] = Decimal("416.78")
    assert upload(clerk, own, codec.to_yaml(m).encode()).status_code == 303
    for value in ("NaN", "Infinity", "1e999999999", HUGE + HUGE):
        r = clerk.post(f"/units/{own}/2024/cell", data={"csrf_token": clerk.csrf, "table": "T03", "row": "2080108",
                                                        "column": "total", "value": value})
        refused(r, 400)
        assert "超出了可以填写的范围" in r.text or "应填数字" in r.text
        r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf, "general_budget_initial": value})
        assert r.status_code in (303, 400), r.text[:200]
    for url, data in (("/admin/units", {"name": "新单位", "department_id": HUGE}),
                      ("/admin/departments", {"name": "新部门", "parent_id": HUGE}),
                      ("/admin/users", {"username": "u1", "password": "abc12345xyz", "role": "clerk", "unit_id": HUGE}),
                      (f"/admin/users/{sqlite_bureau.users['probe']}", {"role": "clerk", "unit_id": HUGE})):
        r = admin.post(url, data={"csrf_token": admin.csrf, **data})
        assert r.status_code < 500, (url, r.status_code, r.text[:200])
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf, "unit_id": HUGE},
                      files={"file": ("r.txt", io.BytesIO(SEED.read_bytes()))})
    assert r.status_code == 303
    still_usable(clerk)


def test_an_unforeseen_error_is_a_chinese_page(sqlite_bureau) -> None:
    """The last resort: a bug in a handler is logged and answered in Chinese (a 500, but not Starlette's text)."""
    app = sqlite_bureau.app

    @app.get("/__boom")
    def boom() -> None:
        raise RuntimeError("bug")

    r = hardy(app, None).get("/__boom")
    assert r.status_code == 500 and "系统处理这个请求时出错" in r.text
