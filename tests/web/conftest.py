"""Fixtures of the portal tests: the app on SQLite and, when JUESUAN_TEST_PG_URL is set, on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import BACKENDS, PASSWORD, database_url, make_bureau


@pytest.fixture(scope="session")
def password_hash() -> str:
    from juesuan.web.security import hash_password

    return hash_password(PASSWORD)


@pytest.fixture(params=BACKENDS)
def bureau(request: pytest.FixtureRequest, tmp_path: Path, password_hash: str):
    """A bureau with two units and one user per role, on each database backend."""
    gen = database_url(request.param, tmp_path)
    url = next(gen)
    b = make_bureau(url, password_hash)
    try:
        yield b
    finally:
        b.app.state.engine.dispose()
        gen.close()


@pytest.fixture
def sqlite_bureau(tmp_path: Path, password_hash: str):
    """The same bureau on SQLite only (for tests that are not about the database)."""
    gen = database_url("sqlite", tmp_path)
    b = make_bureau(next(gen), password_hash)
    try:
        yield b
    finally:
        b.app.state.engine.dispose()
        gen.close()
