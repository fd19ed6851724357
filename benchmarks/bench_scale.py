"""Benchmark batch audit at scale: a synthetic corpus (mixed TXT / PDF / DOCX) audited with 1 and 2 local
workers and a Dask LocalCluster of 2 workers; in-process PDF rate.

    .venv/bin/python benchmarks/bench_scale.py [--units N] [--corpus DIR] [--pdfs K] [--no-write]

The corpus is `juesuan synth --mix -f txt,pdf,docx --seed 2024` (generated once into --corpus and kept).
Per run: reports/s, pages/s, peak memory per worker (the sandbox that audits, and the process driving
it), scaling efficiency (rate with 2 workers / 2 × rate with 1).  Writes docs/performance.md's
<!-- scale:start --> … <!-- scale:end --> section.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from perfdoc import write_section  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]


def make_corpus(corpus: Path, units: int, jobs: int) -> float:
    """Generate the corpus unless it is there; return the seconds it took (0 when reused)."""
    from juesuan.synth.corpus import MANIFEST, write_corpus

    m = corpus / MANIFEST
    if m.exists() and json.loads(m.read_text(encoding="utf-8").splitlines()[0])["n"] == units:
        return 0.0
    t = time.perf_counter()
    write_corpus(corpus, units, seed=2024, formats=("txt", "pdf", "docx"), mix=True, jobs=jobs)
    return time.perf_counter() - t


def in_process_pdf(corpus: Path, k: int) -> dict[str, float]:
    """Median CPU and wall seconds of `audit_file` on k PDFs of the corpus, after a warm-up."""
    from juesuan.app.audit import audit_file

    pdfs = sorted(corpus.glob("*.pdf"))[: k + 1]
    audit_file(pdfs[0])
    wall, cpu, pages = [], [], []
    for p in pdfs[1:]:
        t, c = time.perf_counter(), time.process_time()
        rep = audit_file(p)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        pages.append(rep.extra_summary.get("pages") or 0)
    return {"wall": statistics.median(wall), "cpu": statistics.median(cpu), "pages": statistics.median(pages), "n": len(cpu)}


def batch(corpus: Path, label: str, **kw: object) -> dict[str, object]:
    import duckdb

    from juesuan.batch.runner import run_batch
    from juesuan.batch.store import parts

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        res = Path(tmp) / "res"
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        s = run_batch([corpus], res, **kw)  # type: ignore[arg-type]
        wall = time.perf_counter() - t
        files = [str(p) for p in parts(res, "reports")]
        con = duckdb.connect()
        q = con.execute(f"SELECT count(*), sum(pages), max(rss_mb), max(runner_rss_mb), sum(seconds), "
                        f"count(*) FILTER (WHERE status <> 'ok'), count(DISTINCT worker) FROM read_parquet({files!r})")
        n, pages, rss, runner, busy, bad, sandboxes = q.fetchone()
        # the sandbox's peak RSS after the first 10 % and after all files: flat memory shows as equal
        early = con.execute(f"SELECT max(rss_mb) FROM (SELECT rss_mb, row_number() OVER () AS i FROM "
                            f"read_parquet({files!r})) WHERE i <= greatest(1, {n} // 10)").fetchone()[0]
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        disk = sum(f.stat().st_size for f in res.rglob("*.parquet"))
    return {"label": label, "n": n, "pages": pages, "wall": wall, "workers": s.workers, "rss": rss, "rss_early": early,
            "runner_rss": runner, "busy": busy, "bad": bad, "sandboxes": sandboxes, "disk": disk,
            "child_cpu": (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)}


def render(units: int, gen: float, pdf: dict[str, float], runs: list[dict[str, object]], driver_rss: int) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    one = runs[0]
    rate1 = one["n"] / one["wall"]  # type: ignore[operator]
    lines = [
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores shared with other "
        f"jobs (load average {load}; wall-clock rates are depressed by the load, CPU seconds are the steadier "
        f"figure), Python {sys.version.split()[0]}. `benchmarks/bench_scale.py --units {units}`.",
        "",
        f"Corpus: {units} synthetic reports (`juesuan synth --mix -f txt,pdf,docx --seed 2024`: a third each TXT, "
        f"PDF of ≈{pdf['pages']:.0f} pages, DOCX)" + (f", generated in {gen / 60:.1f} min." if gen else "."),
        "",
        "| run | workers | wall | reports/s | pages/s (PDF pages) | CPU s per report | peak RSS per worker: sandbox / "
        "driving process | scaling efficiency |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        rate = r["n"] / r["wall"]  # type: ignore[operator]
        eff = "" if r is one else f"{100 * rate / (rate1 * r['workers']):.0f} %"  # type: ignore[operator]
        local = r["label"] == "local --jobs"
        runner = f"(driver {driver_rss} MB)" if local else f"{r['runner_rss']} MB"
        cpu = f"{r['child_cpu'] / r['n']:.3f}" if local else "—"  # type: ignore[operator]  # Dask workers: not our children
        lines.append(f"| {r['label']} | {r['workers']} | {r['wall']:.0f} s | {rate:.2f} | "
                     f"{r['pages'] / r['wall']:.0f} | {cpu} | "  # type: ignore[operator]
                     f"{r['rss']} MB / {runner} | {eff} |")
    lines += [
        "",
        f"In-process, one core: `audit_file` on a synthetic PDF of {pdf['pages']:.0f} pages takes "
        f"{pdf['cpu'] * 1000:.0f} ms CPU (median of {pdf['n']:.0f}; wall {pdf['wall'] * 1000:.0f} ms), i.e. "
        f"**{1 / pdf['cpu']:.1f} PDF reports per second per core**, {pdf['pages'] / pdf['cpu']:.0f} pages/s per core "
        "(target ≥ 8 reports/s).",
        "",
        "Memory: a sandbox's peak RSS after the first tenth of the files and after all of them: "
        + "; ".join(f"{r['label']} {r['rss_early']} → {r['rss']} MB" for r in runs)
        + f" — flat in the number of files.  The driver (this benchmark process) peaked at {driver_rss} MB.  "
        f"Results on disk: {runs[0]['disk'] / 1024 / 1024:.1f} MB of Parquet for {one['n']} reports "  # type: ignore[operator]
        f"({runs[0]['disk'] / one['n'] / 1024:.1f} KB per report).",  # type: ignore[operator]
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--pdfs", type=int, default=20)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    corpus = a.corpus or Path(tempfile.gettempdir()) / f"juesuan-bench-corpus-{a.units}"
    gen = make_corpus(corpus, a.units, jobs=2)
    print(f"corpus ready ({gen:.0f} s)", file=sys.stderr)
    pdf = in_process_pdf(corpus, a.pdfs)
    print(pdf, file=sys.stderr)
    runs = []
    for label, kw in (("local --jobs", {"jobs": 1}), ("local --jobs", {"jobs": 2}),
                      ("Dask LocalCluster", {"cluster": "local:2"})):
        r = batch(corpus, label, **kw)
        print(r, file=sys.stderr)
        runs.append(r)
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    text = render(a.units, gen, pdf, runs, driver)
    print(text)
    if not a.no_write:
        write_section("scale", "Batch audit at scale", text)


if __name__ == "__main__":
    main()
