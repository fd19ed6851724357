"""Scaling efficiency from 1 to 2 local workers, measured as interleaved A/B runs on the same files.

    .venv/bin/python benchmarks/bench_scaling_ab.py [--corpus DIR] [--files 500] [--repeat 3] [--raw FILE]
        [--render-only] [--no-write]

One long run per worker count compares two different stretches of time: on a shared VM the speed of a
core drifts by 10-15 % over half an hour (the same 10,000 files cost 0.117 s CPU per report in one run
and 0.133 s in another, with one worker both times), which is as large as the effect being measured.
So this alternates `--jobs 1` and `--jobs 2` on the same first N files of the corpus bench_scale.py
made, `--repeat` times, and reports per pair the wall-clock efficiency (reports/s with 2 workers over
twice the reports/s with 1) and the CPU seconds per report of each, then the medians.
Writes docs/performance.md's <!-- scaling-ab:start --> … <!-- scaling-ab:end --> section.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_scale import batch
from perfdoc import write_section

from juesuan.synth.corpus import MANIFEST


def run_pairs(corpus: Path, files: int, repeat: int, raw: Path) -> None:
    head = {"key": "head", "files": files, "repeat": repeat, "cores": os.cpu_count(),
            "python": sys.version.split()[0], "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    raw.write_text(json.dumps(head) + "\n", encoding="utf-8")
    for i in range(repeat):
        for key in ("jobs1", "jobs2") if i % 2 == 0 else ("jobs2", "jobs1"):  # alternate which goes first
            r = batch(corpus, key, files)
            r["pair"] = i
            print(r, file=sys.stderr)
            with raw.open("a", encoding="utf-8") as f:
                f.write(json.dumps(r) + "\n")


def render(rows: list[dict[str, object]]) -> str:
    head = next(r for r in rows if r["key"] == "head")
    runs = [r for r in rows if r["key"] in ("jobs1", "jobs2")]
    pairs = sorted({int(r["pair"]) for r in runs})  # type: ignore[call-overload]
    lines = [
        "",
        f"Measured {head['when']} on {head['cores']} cores, Python {head['python']}, "
        f"`benchmarks/bench_scaling_ab.py --files {head['files']} --repeat {head['repeat']}`: `--jobs 1` and "
        f"`--jobs 2` alternated on the same first {head['files']} files of the 10,000-report corpus (TXT / PDF / "
        "DOCX in turn), so that both worker counts see the same files and the same stretch of time.",
        "",
        "| pair | 1 worker: reports/s (CPU s/report) | 2 workers: reports/s (CPU s/report) | load avg (1 / 2) | "
        "wall-clock scaling efficiency |",
        "|---|---|---|---|---|",
    ]
    effs, r1s, r2s, c1s, c2s = [], [], [], [], []
    for p in pairs:
        one = next(r for r in runs if r["pair"] == p and r["key"] == "jobs1")
        two = next(r for r in runs if r["pair"] == p and r["key"] == "jobs2")
        r1, r2 = one["n"] / one["wall"], two["n"] / two["wall"]  # type: ignore[operator]
        c1, c2 = one["workers_cpu"] / one["n"], two["workers_cpu"] / two["n"]  # type: ignore[operator]
        eff = r2 / (2 * r1)
        effs.append(eff)
        r1s.append(r1)
        r2s.append(r2)
        c1s.append(c1)
        c2s.append(c2)
        lines.append(f"| {p + 1} | {r1:.2f} ({c1:.3f}) | {r2:.2f} ({c2:.3f}) | {one['load']:.1f} / {two['load']:.1f} | "
                     f"{100 * eff:.0f} % |")
    lines.append(f"| median of the pairs | {statistics.median(r1s):.2f} ({statistics.median(c1s):.3f}) | "
                 f"{statistics.median(r2s):.2f} ({statistics.median(c2s):.3f}) | | "
                 f"**{100 * statistics.median(effs):.0f} %** |")
    pooled = {k: sum(r["n"] for r in runs if r["key"] == k) / sum(r["wall"] for r in runs if r["key"] == k)
              for k in ("jobs1", "jobs2")}  # type: ignore[misc]
    lines.append(f"| all pairs pooled (files ÷ wall) | {pooled['jobs1']:.2f} | {pooled['jobs2']:.2f} | | "
                 f"**{100 * pooled['jobs2'] / (2 * pooled['jobs1']):.0f} %** |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "juesuan-bench-corpus-10000")
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--raw", type=Path, default=Path(tempfile.gettempdir()) / "juesuan-bench-scaling-ab.jsonl")
    ap.add_argument("--render-only", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    if not a.render_only:
        if not (a.corpus / MANIFEST).exists():
            sys.exit(f"no corpus in {a.corpus}: run benchmarks/bench_scale.py first")
        run_pairs(a.corpus, a.files, a.repeat, a.raw)
    rows = [json.loads(x) for x in a.raw.read_text(encoding="utf-8").splitlines()]
    text = render(rows)
    print(text)
    if not a.no_write:
        write_section("scaling-ab", "Scaling from 1 to 2 workers, interleaved", text)


if __name__ == "__main__":
    main()
