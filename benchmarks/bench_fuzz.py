"""The long fuzzing run: the CI fuzzers (tests/fuzz/) with SCALE times more examples and a random seed.

    .venv/bin/python benchmarks/bench_fuzz.py [--scale N] [--no-write]

Counts the inputs each fuzzer tried and writes them, with the run's wall and CPU time and its
outcome, to docs/reliability.md between <!-- fuzz:start --> and <!-- fuzz:end --> (only that section;
the file is replaced atomically).  A failure prints hypothesis' falsifying example and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "reliability.md"
START, END = "<!-- fuzz:start -->", "<!-- fuzz:end -->"


def run(scale: int) -> tuple[dict[str, int], float, float, int, str]:
    with tempfile.TemporaryDirectory(prefix="juesuan-fuzz-") as tmp:
        counts = Path(tmp) / "counts.json"
        env = {**os.environ, "JUESUAN_FUZZ_SCALE": str(scale), "JUESUAN_FUZZ_COUNTS": str(counts)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "pytest", "tests/fuzz", "-q", "-p", "no:cacheprovider",
                            "-p", "no:warnings"], cwd=REPO, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        tried = json.loads(counts.read_text(encoding="utf-8")) if counts.exists() else {}
    return tried, wall, cpu, r.returncode, r.stdout[-4000:]


def section(tried: dict[str, int], wall: float, cpu: float, code: int, scale: int) -> str:
    lines = [START, f"Last long run: {datetime.now(UTC):%Y-%m-%d} UTC, `benchmarks/bench_fuzz.py --scale {scale}` "
             f"({scale}× the CI examples, random seed), on the shared 2-core development machine under load: "
             f"{wall:.0f} s wall, {cpu:.0f} s CPU. Outcome: "
             + ("**no failure**." if code == 0 else f"**failures** (pytest exit {code}), see the run's output."), "",
             "| fuzzer | inputs tried |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(tried.items())]
    lines += [f"| **total** | **{sum(tried.values())}** |", END]
    return "\n".join(lines)


def write(text: str) -> None:
    from juesuan.core.fileio import write_text_atomically

    doc = DOC.read_text(encoding="utf-8")
    head, rest = doc.split(START, 1)
    write_text_atomically(DOC, head + text + rest.split(END, 1)[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=int, default=20)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    tried, wall, cpu, code, out = run(args.scale)
    text = section(tried, wall, cpu, code, args.scale)
    print(text)
    if code:
        print(out)
    if not args.no_write:
        write(text)
    raise SystemExit(1 if code else 0)


if __name__ == "__main__":
    main()
