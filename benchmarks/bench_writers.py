"""Benchmark the DOCX and PDF writers on the example unit's report (narrative.assemble output).

    .venv/bin/python benchmarks/bench_writers.py [--runs N] [--no-write]

Each writer runs in its own fresh interpreter: the first call (heavy imports, chart PNGs, Typst
font loading) is timed on its own, then N more calls give the median.  Peak RSS is the child's
ru_maxrss; "before" is the RSS once the model is read and the document assembled.
Writes the figures to docs/performance.md between <!-- writers:start --> and <!-- writers:end -->
(only that section; the file is replaced atomically).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

from perfdoc import write_section  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "yulin-2024.yaml"

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
mode, runs, example = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
from juesuan.core import codec
from juesuan.report import assemble
doc = assemble(codec.read_path(example))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = Path(tempfile.mkdtemp())
if mode == "docx":
    from juesuan.render.docx import write_docx as write
    suffix = ".docx"
elif mode == "pdf":
    from juesuan.render.pdf import write_pdf as write
    suffix = ".pdf"
elif mode == "charts":
    from juesuan.render import charts
    from juesuan.core.document import Chart
    def write(d, p):
        charts._PNG.clear()
        charts._svg.cache_clear()
        charts.chart_pngs([b for b in d.blocks if isinstance(b, Chart)])
    suffix = ".png"
if mode != "charts":  # draw the charts first, so "first" is the writer's own first call
    from juesuan.render import charts as _charts
    from juesuan.core.document import Chart as _Chart
    _charts.chart_pngs([b for b in doc.blocks if isinstance(b, _Chart)])
t = time.perf_counter(); write(doc, out / f"r0{suffix}"); first = time.perf_counter() - t
times, cpu = [], []
for i in range(runs):
    t, c = time.perf_counter(), time.process_time()
    write(doc, out / f"r{i + 1}{suffix}")
    times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
size = (out / f"r0{suffix}").stat().st_size if mode != "charts" else 0
pages = None
if mode == "pdf":
    import pymupdf
    with pymupdf.open(out / "r0.pdf") as pdf:
        pages = len(pdf)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"first": first, "times": times, "cpu": cpu, "before_kb": before, "peak_kb": peak, "size": size,
                  "pages": pages, "charts": sum(1 for b in doc.blocks if type(b).__name__ == "Chart"),
                  "tables": sum(1 for b in doc.blocks if type(b).__name__ == "TableBlock"),
                  "cells": sum(len(r) for b in doc.blocks if type(b).__name__ == "TableBlock" for r in b.header + b.body)}))
"""


def measure(mode: str, runs: int) -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, mode, str(runs), str(EXAMPLE)], capture_output=True,
                         text=True, cwd=REPO, check=True)
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["median"] = statistics.median(data["times"])
    data["cpu_median"] = statistics.median(data["cpu"])
    return data


def render(results: dict[str, dict], runs: int) -> str:
    d, p, c = results["docx"], results["pdf"], results["charts"]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    mb = 1024
    lines = [
        f"Example unit (examples/yulin-2024.yaml → narrative.assemble: {d['tables']} tables, {d['cells']} cells, "
        f"{d['charts']} charts, {p['pages']} PDF pages). In-process, {runs} calls after the first, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        f"Load average while measuring: {load}.",
        "",
        "| step | first call in a fresh process | median of later calls: wall / CPU | process RSS: after assemble → peak | output |",
        "|---|---|---|---|---|",
        f"| write_docx (python-docx 1.2.0) | {d['first']:.2f} s (import, template) | {d['median']:.3f} s / "
        f"{d['cpu_median']:.3f} s | {d['before_kb'] / mb:.0f} → {d['peak_kb'] / mb:.0f} MB | {d['size'] / 1024:.0f} KB |",
        f"| write_pdf (Typst 0.15.2) | {p['first']:.2f} s (font loading) | {p['median']:.3f} s / "
        f"{p['cpu_median']:.3f} s | {p['before_kb'] / mb:.0f} → {p['peak_kb'] / mb:.0f} MB "
        f"| {p['size'] / 1024:.0f} KB, {p['pages']} pages |",
        f"| charts alone ({c['charts']} SVGs drawn, PNGs by Typst) | {c['first']:.2f} s (incl. Typst fonts) "
        f"| {c['median']:.3f} s / {c['cpu_median']:.3f} s (cache cleared) "
        f"| {c['before_kb'] / mb:.0f} → {c['peak_kb'] / mb:.0f} MB | – |",
        "",
        "Chart PNGs are kept in memory by content (writers/charts.py), so a build that writes DOCX and PDF "
        "rasterises them once; the writer rows exclude them (made before the first call). CPU time is the better "
        "guide when the machine is shared: wall time grows with the load average.",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    results = {mode: measure(mode, args.runs) for mode in ("docx", "pdf", "charts")}
    text = render(results, args.runs)
    print(text)
    for mode, r in results.items():
        print(mode, "times:", " ".join(f"{t:.3f}" for t in r["times"]), file=sys.stderr)
    if not args.no_write:
        write_section("writers", "Writers (DOCX, PDF)", text)


if __name__ == "__main__":
    main()
