"""The authorization matrix: every route × every role × own / other unit, allowed or forbidden."""

from __future__ import annotations

import io

import pytest
from fastapi.routing import APIRoute

from .helpers import PASSWORD, example_model, login

ROLES = ("anonymous", "clerk", "reviewer", "admin")
ALL = set(ROLES)
SIGNED_IN = {"clerk", "reviewer", "admin"}
OWN_CLERK = {"clerk:own", "reviewer"}  # the unit's own clerk, and reviewers
ONLY_OWN_CLERK = {"clerk:own"}
REVIEWER = {"reviewer"}
ADMIN = {"admin"}

# (method, path template, who may, form data).  {u} is the unit (own or other), {y} the year.
MATRIX: list[tuple[str, str, set[str], dict]] = [
    ("GET", "/", ALL, {}),
    ("GET", "/healthz", ALL, {}),
    ("GET", "/public/{u}/{y}", ALL, {}),
    ("GET", "/public/{u}/{y}/download/{fmt}", ALL, {}),  # {fmt} is "none": authorization only, no build
    ("GET", "/public/{u}/compare", ALL, {}),
    ("GET", "/public/data.csv", ALL, {}),
    ("GET", "/login", ALL, {}),
    ("POST", "/login", ALL, {"username": "probe", "password": PASSWORD}),
    ("POST", "/logout", ALL, {}),
    ("GET", "/account", SIGNED_IN, {}),
    ("POST", "/account", SIGNED_IN, {"current": "wrong", "new": "x", "again": "y"}),
    ("GET", "/units/{u}", OWN_CLERK, {}),
    ("POST", "/units/{u}/upload", ONLY_OWN_CLERK, {"file": ("x.yaml", b"year: [", "text/yaml")}),
    ("GET", "/units/{u}/{y}", OWN_CLERK, {}),
    ("GET", "/units/{u}/{y}/findings.json", OWN_CLERK, {}),
    ("GET", "/units/{u}/{y}/edit", ONLY_OWN_CLERK, {}),
    ("POST", "/units/{u}/{y}/edit", ONLY_OWN_CLERK, {}),
    ("GET", "/units/{u}/{y}/cell?table=T03&row=2080108&column=total", ONLY_OWN_CLERK, {}),
    ("POST", "/units/{u}/{y}/cell", ONLY_OWN_CLERK, {"table": "T03", "row": "2080108", "column": "total",
                                                      "value": "416.78"}),
    ("POST", "/units/{u}/{y}/submit", ONLY_OWN_CLERK, {}),
    ("GET", "/units/{u}/{y}/preview", OWN_CLERK, {}),
    ("GET", "/units/{u}/{y}/download/{fmt}", OWN_CLERK, {}),
    ("GET", "/units/{u}/{y}/marked.xlsx", OWN_CLERK, {}),
    ("GET", "/units/{u}/{y}/versions", OWN_CLERK, {}),
    ("POST", "/units/{u}/{y}/comment", OWN_CLERK, {"text": "意见"}),
    ("POST", "/units/{u}/{y}/return", REVIEWER, {"text": ""}),
    ("POST", "/units/{u}/{y}/approve", REVIEWER, {}),
    ("POST", "/units/{u}/{y}/publish", REVIEWER, {}),
    ("POST", "/api/check", SIGNED_IN, {"file": ("x.yaml", b"year: [", "text/yaml")}),
    ("GET", "/review", REVIEWER, {}),
    ("GET", "/audit", REVIEWER, {}),
    ("POST", "/audit", REVIEWER, {"file": ("r.txt", "不是报告".encode(), "text/plain")}),
    ("GET", "/audit/{audit}", REVIEWER, {}),
    ("GET", "/audit/{audit}/xlsx", REVIEWER, {}),
    ("GET", "/log", REVIEWER | ADMIN, {}),
    ("GET", "/admin", ADMIN, {}),
    ("POST", "/admin/departments", ADMIN, {"name": ""}),
    ("POST", "/admin/units", ADMIN, {"name": ""}),
    ("POST", "/admin/units/import", ADMIN, {"file": ("u.csv", b"", "text/csv")}),
    ("GET", "/admin/users", ADMIN, {}),
    ("POST", "/admin/users", ADMIN, {"username": ""}),
    ("POST", "/admin/users/{probe}", ADMIN, {"role": "reviewer", "active": "1"}),
    ("GET", "/admin/rules", ADMIN, {}),
    ("POST", "/admin/rules", ADMIN, {}),
]

_TEMPLATE_OF = {"{u}": "{unit_id}", "{y}": "{year}", "{fmt}": "{fmt}", "{audit}": "{result_id}",
                "{probe}": "{user_id}"}


def _route_key(method: str, path: str) -> tuple[str, str]:
    path = path.split("?", 1)[0]
    for k, v in _TEMPLATE_OF.items():
        path = path.replace(k, v)
    return method, path


def test_matrix_covers_every_route(sqlite_bureau) -> None:
    """A new route cannot slip in without a line in the matrix."""
    import re

    routes = set()
    for r in sqlite_bureau.app.state.api_routes:
        if isinstance(r, APIRoute):
            for m in r.methods - {"HEAD"}:
                routes.add((m, re.sub(r":\w+}", "}", r.path)))
    covered = {_route_key(m, p) for m, p, _, _ in MATRIX}
    assert len(routes) > 30 and routes == covered


@pytest.fixture
def world(bureau):
    """The bureau with data: own unit with a draft, other unit published, one audit result."""
    import json

    from sqlalchemy import select

    from juesuan.store.models import AuditResult, Submission, Unit, User
    from juesuan.web import services

    with bureau.app.state.sessions() as db:
        clerk = db.get(User, bureau.users["clerk"])
        reviewer = db.get(User, bureau.users["reviewer"])
        for uid in (bureau.own_unit, bureau.other_unit):
            services.add_version(db, db.get(Unit, uid), example_model(), clerk, "upload", "x.yaml")
        sub = db.scalar(select(Submission).where(Submission.unit_id == bureau.other_unit))
        sub.status, sub.submitted_version_id = "submitted", sub.current_version_id
        services.approve(db, sub)
        services.publish(db, sub, reviewer, "")
        ar = AuditResult(filename="r.pdf", sha256="0" * 64, contract_json=json.dumps({"summary": {}, "findings": []}))
        db.add(ar)
        db.commit()
        bureau.audit_id = ar.id
    clients = {role: login(bureau.app, None if role == "anonymous" else role) for role in ROLES}
    return bureau, clients


def _request(client, method: str, url: str, data: dict):  # noqa: ANN001
    files = {k: (v[0], io.BytesIO(v[1]), v[2]) for k, v in data.items() if isinstance(v, tuple)}
    form = {k: v for k, v in data.items() if not isinstance(v, tuple)}
    if method == "GET":
        return client.get(url)
    form["csrf_token"] = client.csrf
    return client.post(url, data=form, files=files or None)


def _outcome(r) -> str:  # noqa: ANN001
    if r.status_code == 401 or (r.status_code == 303 and r.headers.get("location", "").startswith("/login?")):
        return "login"
    if r.status_code == 403:
        return "forbidden"
    assert r.status_code < 500, r.text[:500]
    return "allowed"


def test_authorization_matrix(world) -> None:
    bureau, clients = world
    failures = []
    for method, template, allowed, data in MATRIX:
        for whose in ("own", "other"):
            unit = bureau.own_unit if whose == "own" else bureau.other_unit
            url = (template.replace("{u}", str(unit)).replace("{y}", "2024").replace("{fmt}", "none")
                   .replace("{audit}", str(bureau.audit_id)).replace("{probe}", str(bureau.users["probe"])))
            for role in ROLES:
                client = clients[role]
                if template in ("/logout", "/login") and method == "POST":
                    client = login(bureau.app, None if role == "anonymous" else role)
                key = f"clerk:{whose}" if role == "clerk" else role
                expect_ok = key in allowed or role in allowed
                got = _outcome(_request(client, method, url, data))
                want = "allowed" if expect_ok else ("login" if role == "anonymous" else "forbidden")
                if got != want:
                    failures.append(f"{method} {url} as {role} ({whose} unit): expected {want}, got {got}")
    assert not failures, "\n".join(failures)


def test_forbidden_requests_change_nothing(world) -> None:
    """A clerk posting to another unit's routes leaves no version, comment or status change behind."""
    from sqlalchemy import func, select

    from juesuan.store.models import AuditEntry, Comment, Submission, Version

    bureau, clients = world
    with bureau.app.state.sessions() as db:
        before = (db.scalar(select(func.count(Version.id))), db.scalar(select(func.count(Comment.id))),
                  [s.status for s in db.scalars(select(Submission).order_by(Submission.id))])
    clerk = clients["clerk"]
    other = bureau.other_unit
    for url, data in ((f"/units/{other}/2024/edit", {"unit.contact_phone": "1"}),
                      (f"/units/{other}/2024/cell", {"table": "T03", "row": "2080108", "column": "total", "value": "1"}),
                      (f"/units/{other}/2024/comment", {"text": "x"}),
                      (f"/units/{other}/2024/submit", {}),
                      (f"/units/{bureau.own_unit}/2024/publish", {})):
        assert _request(clerk, "POST", url, data).status_code == 403
    with bureau.app.state.sessions() as db:
        after = (db.scalar(select(func.count(Version.id))), db.scalar(select(func.count(Comment.id))),
                 [s.status for s in db.scalars(select(Submission).order_by(Submission.id))])
        assert db.scalar(select(func.count(AuditEntry.id))) >= 0
    assert before == after


def test_post_without_csrf_token_is_refused(world) -> None:
    bureau, clients = world
    clerk = clients["clerk"]
    r = clerk.post(f"/units/{bureau.own_unit}/2024/edit", data={"unit.contact_phone": "1"})
    assert r.status_code == 403 and "页面已过期" in r.text
    r = clerk.post(f"/units/{bureau.own_unit}/2024/edit", data={"unit.contact_phone": "1", "csrf_token": "forged"})
    assert r.status_code == 403
    anon = login(bureau.app, None)
    r = anon.post("/login", data={"username": "clerk", "password": PASSWORD})
    assert r.status_code == 403
