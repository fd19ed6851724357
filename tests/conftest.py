"""Shared test fixtures: paths to the repo, its test documents (tests/data/) and the example unit."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SEED = DATA / "seed" / "000_6849a2ff488092f1.txt"
CORPUS = DATA / "corpus"
EXAMPLE_YAML = REPO / "examples" / "yulin-2024.yaml"
EXAMPLE_XLSX = REPO / "examples" / "yulin-2024.xlsx"


@pytest.fixture
def example():
    """A fresh copy of the example unit (榆林市人事信息中心 2024) as a FinalAccounts."""
    from juesuan.core import codec

    return codec.read_path(EXAMPLE_YAML)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop the temporary PostgreSQL server of the `postgres` tests, if one was started."""
    import pgserver

    pgserver.stop()
