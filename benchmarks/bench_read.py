"""Benchmark `read_input` on the example workbook: in-process median and a fresh process.

    .venv/bin/python benchmarks/bench_read.py [--runs N] [--no-write]

In-process: median of N calls after a first (warm) call, wall and CPU time.  Fresh process: the
whole `python -c "read_input(...)"` (imports included), median of 10.  Also the YAML and the same
workbook with the embedded model.  Writes docs/performance.md between <!-- inputs:start --> and
<!-- inputs:end --> only (the file is replaced atomically).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perfdoc import write_section  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_XLSX = REPO / "examples" / "yulin-2024.xlsx"
EXAMPLE_YAML = REPO / "examples" / "yulin-2024.yaml"


def in_process(path: Path, runs: int) -> tuple[float, float]:
    """(median wall ms, median CPU ms) of read_input after one warm call."""
    from juesuan.formats import read_input

    read_input(path)
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        read_input(path)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def fresh_process(path: Path, runs: int = 10) -> tuple[float, float]:
    """(median wall s, median CPU s) of a whole interpreter that imports the reader and reads `path`."""
    code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
            "subprocess.run([sys.executable,'-c','import sys;from juesuan.formats import read_input;read_input(sys.argv[1])',"
            "sys.argv[1]],check=True);w=time.perf_counter()-t;"
            "r=resource.getrusage(resource.RUSAGE_CHILDREN);print(w, r.ru_utime+r.ru_stime)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", "from juesuan.formats import read_input"], env=env, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env,
                             check=True).stdout.split()
        walls.append(float(out[0]))  # ok-float: timing
        cpus.append(float(out[1]))  # ok-float: timing
    return statistics.median(walls), statistics.median(cpus)


def writes(runs: int = 5) -> list[tuple[str, float, float]]:
    """(what, median wall ms, median CPU ms) of write_workbook: blank template, filled, with the model."""
    from juesuan.core import codec
    from juesuan.formats.workbook.write import write_workbook

    model = codec.read_path(EXAMPLE_YAML)
    cases = [("blank template (`juesuan template`)", None, {"blank": True}),
             ("filled from the example", model, {}),
             ("filled, model embedded (build's XLSX)", model, {"embed_model": True})]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, m, kw in cases:
            write_workbook(m, Path(tmp) / "warm.xlsx", **kw)
            walls, cpus = [], []
            for i in range(runs):
                w, c = time.perf_counter(), time.process_time()
                write_workbook(m, Path(tmp) / f"{i}.xlsx", **kw)
                walls.append(time.perf_counter() - w)
                cpus.append(time.process_time() - c)
            out.append((name, statistics.median(walls) * 1000, statistics.median(cpus) * 1000))
    return out


def render(runs: int) -> str:
    from juesuan.core import codec
    from juesuan.formats.workbook.write import write_workbook

    with tempfile.TemporaryDirectory() as tmp:
        embedded = Path(tmp) / "embedded.xlsx"
        write_workbook(codec.read_path(EXAMPLE_YAML), embedded, embed_model=True)
        rows = [
            ("examples/yulin-2024.xlsx (27 sheets, visible cells)", *in_process(EXAMPLE_XLSX, runs),
             *fresh_process(EXAMPLE_XLSX)),
            ("the same with the embedded model (our build's XLSX)", *in_process(embedded, runs),
             *fresh_process(embedded)),
            ("examples/yulin-2024.yaml", *in_process(EXAMPLE_YAML, runs), *fresh_process(EXAMPLE_YAML)),
        ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "",
        f"Measured {stamp}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load} "
        "(a load above the core count inflates wall time; CPU time is the steadier figure). "
        "`benchmarks/bench_read.py`.",
        "",
        f"| input | `read_input` in-process, median of {runs}: wall / CPU | fresh process (imports + read), "
        "median of 10: wall / CPU |",
        "|---|---|---|",
    ]
    for name, w, c, fw, fc in rows:
        lines.append(f"| {name} | {w:.1f} ms / {c:.1f} ms | {fw:.2f} s / {fc:.2f} s |")
    lines += ["", "| `write_workbook` (openpyxl), in-process, median of 5 | wall / CPU |", "|---|---|"]
    for name, w, c in writes():
        lines.append(f"| {name} | {w:.0f} ms / {c:.0f} ms |")
    lines += ["", "The workbook reader uses python-calamine and never imports openpyxl (≈0.4 s with numpy); "
              "the writer imports openpyxl inside the function.", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    text = render(max(5, args.runs))
    print(text)
    if not args.no_write:
        write_section("inputs", "Reading inputs", text)


if __name__ == "__main__":
    main()
