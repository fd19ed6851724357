"""Build tests keep the chart disk cache in a temporary folder (never the user's cache)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="package", autouse=True)
def _chart_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUESUAN_CACHE_DIR", str(tmp_path_factory.mktemp("juesuan-cache")))
        yield
