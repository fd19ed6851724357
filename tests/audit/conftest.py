"""Fixtures for the audit tests: the seed audited once per session."""

from __future__ import annotations

import pytest

from conftest import SEED


@pytest.fixture(scope="session")
def seed_published():
    from juesuan.formats.published.read import read_published

    return read_published(SEED)


@pytest.fixture(scope="session")
def seed_report():
    from juesuan.app.audit import audit_file

    return audit_file(SEED)
