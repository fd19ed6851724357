"""Fixtures for the audit tests: the seed audited once per session."""

from __future__ import annotations

import pytest

from conftest import SEED


@pytest.fixture(scope="session")
def seed_published():
    from juesuan.formats.published.read import read_published

    return read_published(SEED)


@pytest.fixture(scope="session")
def seed_prose(seed_published):
    """The seed's prose read and bound; the facts it states are applied to seed_published.model."""
    from juesuan.app.audit import read_prose

    return read_prose(seed_published)


@pytest.fixture(scope="session")
def seed_report():
    from juesuan.app.audit import audit_file

    return audit_file(SEED)
