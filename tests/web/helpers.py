"""Helpers of the portal tests: databases (SQLite, or a fresh PostgreSQL schema), a small bureau, logins."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_YAML = REPO / "examples" / "yulin-2024.yaml"
PASSWORD = "test-pass-2024"

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@dataclass
class Bureau:
    """What make_bureau created: the app, ids of units and users."""

    app: Any
    own_unit: int  # the clerk's unit
    other_unit: int  # another unit
    users: dict[str, int]


def example_model():
    from juesuan.core import codec

    return codec.read_path(EXAMPLE_YAML)


def make_bureau(database_url: str, password_hash: str) -> Bureau:
    from juesuan.store.models import Department, Unit, User
    from juesuan.web.app import create_app

    app = create_app(database_url, secret_key="test-secret-key")
    with app.state.sessions() as db:
        d = Department(name="榆林市人力资源和社会保障局")
        db.add(d)
        db.flush()
        own = Unit(name="榆林市人事信息中心", department_id=d.id)
        other = Unit(name="榆林市就业服务中心", department_id=d.id)
        db.add_all([own, other])
        db.flush()
        users = {
            "clerk": User(username="clerk", display_name="填报员甲", password_hash=password_hash, role="clerk",
                          unit_id=own.id),
            "clerk_b": User(username="clerk_b", display_name="填报员乙", password_hash=password_hash, role="clerk",
                            unit_id=other.id),
            "reviewer": User(username="reviewer", display_name="审核员", password_hash=password_hash, role="reviewer"),
            "admin": User(username="admin", display_name="管理员", password_hash=password_hash, role="admin"),
            "probe": User(username="probe", display_name="探针", password_hash=password_hash, role="reviewer"),
        }
        db.add_all(users.values())
        db.commit()
        return Bureau(app, own.id, other.id, {k: u.id for k, u in users.items()})


def database_url(backend: str, tmp_path: Path):
    """Yield a fresh, empty database URL: a SQLite file, or a new schema in the test PostgreSQL."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'portal.db'}"
        return
    import pgserver

    base = pgserver.url()  # JUESUAN_TEST_PG_URL, or a temporary server of this test session
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client) -> str:  # noqa: ANN001
    """The CSRF token of the client's session (from any page with a form)."""
    r = client.get("/login")
    m = CSRF_RE.search(r.text)
    if m:
        return m.group(1)
    r = client.get("/account")
    m = CSRF_RE.search(r.text)
    assert m, "no CSRF token on the page"
    return m.group(1)


def login(app, username: str | None):  # noqa: ANN001
    """A TestClient signed in as `username` (anonymous when None), with its CSRF token as .csrf."""
    from fastapi.testclient import TestClient

    client = TestClient(app, follow_redirects=False)
    client.csrf = csrf_of(client)  # type: ignore[attr-defined]
    if username:
        r = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": client.csrf})
        assert r.status_code == 303, r.text
        client.csrf = CSRF_RE.search(client.get("/account").text).group(1)  # type: ignore[attr-defined,union-attr]
    return client
