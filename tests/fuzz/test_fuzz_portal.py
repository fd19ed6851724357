"""Fuzzing the portal: uploads (JSON and YAML structures, bytes under any name, on the clerk's upload,
/api/check and the reviewer's /audit) and every URL parameter (path numbers, query strings, form
fields).  Every answer is below 500, a refusal is in Chinese, and the server keeps answering."""

from __future__ import annotations

import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from web.helpers import login, make_bureau

from .conftest import examples, settings, tried
from .hostile import CHINESE, NASTY_TEXT, NUMBERS, TEXT


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """One bureau for the module, with clients for each role that see a server error as a 500."""
    from juesuan.web.security import hash_password

    path = tmp_path_factory.mktemp("portal") / "portal.db"
    b = make_bureau(f"sqlite:///{path}", hash_password("test-pass-2024"))
    clients = {}
    for user in (None, "clerk", "reviewer", "admin"):
        signed = login(b.app, user)
        c = TestClient(b.app, follow_redirects=False, raise_server_exceptions=False, cookies=signed.cookies)
        c.csrf = signed.csrf
        clients[user] = c
    yield b, clients
    b.app.state.engine.dispose()


def answered(r, what: str) -> None:  # noqa: ANN001
    assert r.status_code < 500, (what, r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert CHINESE.search(r.text), (what, r.status_code, r.text[:300])


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS.filter(lambda x: not isinstance(x, float) or x == x), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["year", "unit", "name", "tables", "T01", "rows", "values", "amount", "key", "label", "reasons", "prior",
         "profile", "three_public", "performance", "evaluations", "indicators", "x"]), inner, max_size=5)),
    max_leaves=25)
model_like = st.fixed_dictionaries({"year": st.one_of(st.integers(-5, 10**12), TEXT)}, optional={
    "unit": st.dictionaries(st.sampled_from(["name", "code", "duties"]), TEXT, max_size=3),
    "tables": st.dictionaries(st.sampled_from(["T01", "T03", "T05", "ZZ"]), json_value, max_size=3),
    "reasons": st.dictionaries(st.sampled_from(["total_change", "x"]), json_value, max_size=2),
    "prior": json_value, "profile": st.one_of(st.sampled_from(["shaanxi-2024", "none", ""]), TEXT)})


@settings(max_examples=examples(20))
@given(body=st.one_of(model_like, json_value), as_yaml=st.booleans())
def test_structured_uploads(portal, body, as_yaml) -> None:
    import yaml

    tried("portal upload (JSON/YAML)")
    b, clients = portal
    clerk = clients["clerk"]
    if as_yaml:
        data, name = yaml.safe_dump(json.loads(json.dumps(body, default=str)), allow_unicode=True).encode(), "u.yaml"
    else:
        data, name = json.dumps(body, default=str, ensure_ascii=False).encode(), "u.json"
    r = clerk.post(f"/units/{b.own_unit}/upload", data={"csrf_token": clerk.csrf}, files={"file": (name, io.BytesIO(data))})
    answered(r, f"upload {name}")
    r = clerk.post("/api/check", data={"csrf_token": clerk.csrf}, files={"file": (name, io.BytesIO(data))})
    answered(r, f"/api/check {name}")


names = st.one_of(st.sampled_from(["a.xlsx", "a.docx", "a.pdf", "a.txt", "a.json", "a.yaml", "a", ".xlsx", "a.XLSX",
                                   "../../etc/passwd.txt", "=cmd.xlsx", "a.exe"]),
                  st.builds(lambda s, x: s + x, TEXT, st.sampled_from([".xlsx", ".txt", ".pdf", ".docx", ".json", ""])))
bodies = st.one_of(st.binary(max_size=600), st.sampled_from([b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                                             b"\xef\xbb\xbf", b"{}", b"[]", b"year: 2024"]))


@settings(max_examples=examples(20))
@given(name=names, body=bodies)
def test_any_bytes_under_any_name(portal, name, body) -> None:
    tried("portal upload (bytes)")
    b, clients = portal
    clerk, reviewer = clients["clerk"], clients["reviewer"]
    r = clerk.post(f"/units/{b.own_unit}/upload", data={"csrf_token": clerk.csrf}, files={"file": (name, io.BytesIO(body))})
    answered(r, f"upload {name!r}")
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf, "unit_id": "1"},
                      files={"file": (name, io.BytesIO(body))})
    answered(r, f"audit {name!r}")


PATHS = ["/", "/public/data.csv", "/review", "/log", "/audit", "/login", "/admin", "/admin/users", "/admin/rules",
         "/units/{id}", "/units/{id}/{year}", "/units/{id}/{year}/findings.json", "/units/{id}/{year}/edit",
         "/units/{id}/{year}/cell", "/units/{id}/{year}/preview", "/units/{id}/{year}/versions",
         "/units/{id}/{year}/download/{fmt}", "/units/{id}/{year}/marked.xlsx", "/public/{id}/{year}",
         "/public/{id}/{year}/download/{fmt}", "/public/{id}/compare", "/audit/{id}", "/audit/{id}/xlsx"]
PARAMS = ["year", "dept", "q", "v", "page", "next", "table", "row", "column", "a", "b"]
segment = st.one_of(st.integers(-5, 10**30).map(str), st.sampled_from(NASTY_TEXT), st.sampled_from(["1", "2", "2024"]))
param_value = st.one_of(segment, TEXT)


@settings(max_examples=examples(25))
@given(path=st.sampled_from(PATHS), ids=st.lists(segment, min_size=3, max_size=3),
       query=st.dictionaries(st.sampled_from(PARAMS), param_value, max_size=4),
       who=st.sampled_from([None, "clerk", "reviewer", "admin"]))
def test_url_parameters(portal, path, ids, query, who) -> None:
    from urllib.parse import quote

    tried("portal URL")
    _, clients = portal
    values = iter(ids)
    url = re.sub(r"\{(id|year)\}", lambda _m: quote(next(values), safe=""), path)
    url = url.replace("{fmt}", quote(ids[2], safe=""))
    r = clients[who].get(url, params=query)
    answered(r, url)


@settings(max_examples=examples(15))
@given(field=st.sampled_from(["general_budget_initial", "three_public.meetings", "prior.training_actual",
                              "reasons.total_change", "unit.contact_phone", "other_notes", "glossary",
                              "assets.total", "item_budgets.0.reason", "nonexistent", "tables.T01.empty_reason"]),
       value=st.one_of(param_value, st.text(max_size=2000)),
       cell=st.tuples(st.sampled_from(["T01", "T03", "T99", ""]), segment, st.sampled_from(["total", "amount", "x"])))
def test_form_fields(portal, field, value, cell) -> None:
    tried("portal form")
    b, clients = portal
    clerk = clients["clerk"]
    from juesuan.core import codec
    from web.helpers import example_model
    from web.test_flow import upload

    if clerk.get(f"/units/{b.own_unit}/2024").status_code != 200:
        upload(clerk, b.own_unit, codec.to_yaml(example_model()).encode())
    value = value.replace("\x00", "")
    r = clerk.post(f"/units/{b.own_unit}/2024/edit", data={"csrf_token": clerk.csrf, field: value})
    answered(r, f"edit {field}")
    table, row, column = cell
    r = clerk.post(f"/units/{b.own_unit}/2024/cell", data={"csrf_token": clerk.csrf, "table": table, "row": row,
                                                          "column": column, "value": value})
    answered(r, f"cell {cell}")
    assert clerk.get("/healthz").text == "ok"
