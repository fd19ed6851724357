"""The fuzzing suite: hypothesis-built hostile inputs for every reader and for the portal.

CI runs few examples per fuzzer (seconds each, derandomized so a run is repeatable);
`benchmarks/bench_fuzz.py` runs the same fuzzers with JUESUAN_FUZZ_SCALE times more examples
and a random seed, and counts the inputs tried (JUESUAN_FUZZ_COUNTS names the file to write).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

SCALE = max(1, int(os.environ.get("JUESUAN_FUZZ_SCALE", "1")))
TRIED: Counter[str] = Counter()

settings.register_profile("juesuan-ci", deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("juesuan-long", deadline=None, derandomize=False, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.load_profile("juesuan-long" if SCALE > 1 else "juesuan-ci")


def examples(n: int) -> int:
    """`n` examples in CI; SCALE times more in the long run."""
    return n * SCALE


def tried(kind: str) -> None:
    """Count one input of this kind (the long run reports the totals)."""
    TRIED[kind] += 1


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = os.environ.get("JUESUAN_FUZZ_COUNTS")
    if out:
        Path(out).write_text(json.dumps(dict(TRIED), ensure_ascii=False, indent=1), encoding="utf-8")
