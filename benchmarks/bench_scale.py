"""Benchmark batch audit at scale: a synthetic corpus (mixed TXT / PDF / DOCX) audited with 2 and 1 local
workers and a Dask LocalCluster of 2 workers; in-process PDF rate.

    .venv/bin/python benchmarks/bench_scale.py [--units N] [--distinct K] [--corpus DIR]
        [--runs jobs2,cluster2,jobs1[:FILES]] [--pdfs K] [--raw FILE] [--render-only] [--no-write]
        [--section KEY --title TEXT]

The corpus is `juesuan synth DIR -n N --mix -f txt,pdf,docx --seed 2024 --distinct K` (generated once into
--corpus and kept): every TXT unit is built; PDF and DOCX units beyond the first K of each are copies of
those K with their own document ID (see juesuan.synth.corpus), since typesetting 6,700 PDF/DOCX reports
takes hours here.  `jobs1:3000` audits only the first 3000 files (in name order) with one worker;
`jobs1@05:12` stops that run at the first chunk written after 05:12 UTC (figures of the files done by then).

Per run, measured from outside the batch: a sampler thread reads the driver's descendant processes
every 0.5 s (psutil): their CPU seconds, and for each worker (a local job's sandbox; a Dask worker
process together with its sandbox child) the peak of the summed resident memory.  The driver's own CPU
comes from `time.process_time()`.  CPU seconds per report is the primary figure on a shared machine;
wall-clock figures are under load (the load average of the run is given).  Each run's figures are
appended to --raw (JSON lines) as it finishes; --render-only rebuilds the docs section from them.
Writes docs/performance.md's <!-- scale:start --> … <!-- scale:end --> section.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from perfdoc import write_section  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

REPO = Path(__file__).resolve().parents[1]
RUNS = {"jobs2": ("local --jobs 2", {"jobs": 2}), "cluster2": ("Dask LocalCluster 2", {"cluster": "local:2"}),
        "jobs1": ("local --jobs 1", {"jobs": 1})}


def make_corpus(corpus: Path, units: int, distinct: int, jobs: int) -> float:
    """Generate the corpus unless it is there; return the seconds it took (0 when reused)."""
    from juesuan.synth.corpus import MANIFEST, write_corpus

    m = corpus / MANIFEST
    if m.exists():
        head = json.loads(m.read_text(encoding="utf-8").splitlines()[0])
        if head["n"] == units and head.get("distinct") == distinct:
            return 0.0
    t = time.perf_counter()
    write_corpus(corpus, units, seed=2024, formats=("txt", "pdf", "docx"), mix=True, jobs=jobs, distinct=distinct)
    return time.perf_counter() - t


class Sampler(threading.Thread):
    """The driver's descendants every `every` seconds: CPU seconds per process (last seen) and, per
    direct child (one worker), the peak RSS of it and its descendants together."""

    def __init__(self, every: float = 0.5) -> None:
        import psutil

        super().__init__(daemon=True)
        self.me, self.every = psutil.Process(), every
        self.cpu: dict[tuple[int, float], float] = {}
        self.peak: dict[int, int] = {}
        self.load: list[float] = []
        self.stopped = threading.Event()
        self.sample()
        self.base = sum(self.cpu.values())

    def sample(self) -> None:
        import psutil

        for child in self.me.children():
            try:
                if "resource_tracker" in " ".join(child.cmdline()):
                    continue
                procs = [child, *child.children(recursive=True)]
            except psutil.Error:
                continue
            total = 0
            for p in procs:
                try:
                    with p.oneshot():
                        t, rss = p.cpu_times(), p.memory_info().rss
                        self.cpu[(p.pid, p.create_time())] = t.user + t.system
                except psutil.Error:
                    continue
                total += rss
            self.peak[child.pid] = max(self.peak.get(child.pid, 0), total)
        self.load.append(os.getloadavg()[0])

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.sample()

    def stop(self) -> tuple[float, int, float]:
        """(CPU seconds of the descendants during the run, peak MB of one worker, mean load average)."""
        self.stopped.set()
        self.join()
        self.sample()
        return (sum(self.cpu.values()) - self.base, max(self.peak.values(), default=0) // 2**20,
                statistics.mean(self.load))


class Stop(Exception):
    """Raised from the progress callback when a run's deadline has passed."""


def batch(corpus: Path, key: str, limit: int | None, until: float | None = None) -> dict[str, object]:
    """One run; with `until` (a Unix time) the run stops at the first chunk written after it, and its figures
    are those of the files written by then (CPU sampled at that moment)."""
    import duckdb

    from juesuan.batch.files import AUDIT_SUFFIXES, walk
    from juesuan.batch.runner import run_batch
    from juesuan.batch.store import parts

    label, kw = RUNS[key]
    inputs = [corpus]
    if limit:
        inputs = [p for _, p in zip(range(limit), walk([corpus], AUDIT_SUFFIXES), strict=False)]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        res = Path(tmp) / "res"
        sampler = Sampler()
        sampler.start()
        c, t = time.process_time(), time.perf_counter()
        cut: dict[str, float] = {}

        def on_chunk(_: object) -> None:
            if until is not None and time.time() >= until:
                sampler.sample()
                cut.update(wall=time.perf_counter() - t, driver=time.process_time() - c,
                           cpu=sum(sampler.cpu.values()) - sampler.base)
                raise Stop

        try:
            s = run_batch(inputs, res, on_chunk=on_chunk, **kw)  # type: ignore[arg-type]
            workers = s.workers
        except Stop:
            workers = 1 if kw.get("jobs") == 1 else 2
        wall, driver_cpu = time.perf_counter() - t, time.process_time() - c
        workers_cpu, worker_peak, load = sampler.stop()
        if cut:
            wall, driver_cpu, workers_cpu = cut["wall"], cut["driver"], cut["cpu"]
        files = [str(p) for p in parts(res, "reports")]
        con = duckdb.connect()
        src = f"read_parquet({files!r})"
        n, pages, pdfs, rss, runner, busy, bad, sandboxes = con.execute(
            f"SELECT count(*), sum(pages), count(pages), max(rss_mb), max(runner_rss_mb), sum(seconds), "
            f"count(*) FILTER (WHERE status <> 'ok'), count(DISTINCT worker) FROM {src}").fetchone()
        # the sandbox's peak after the first 10 % and after all files: flat memory shows as equal
        early = con.execute(f"SELECT max(rss_mb) FROM (SELECT rss_mb, row_number() OVER () AS i FROM {src}) "
                            f"WHERE i <= greatest(1, {n} // 10)").fetchone()[0]
        disk = sum(f.stat().st_size for f in res.rglob("*.parquet"))
        nparts = len(files)
    return {"key": key, "label": label, "n": n, "pages": pages, "pdfs": pdfs, "wall": wall, "workers": workers,
            "workers_cpu": workers_cpu, "driver_cpu": driver_cpu, "worker_peak_mb": worker_peak, "load": load,
            "sandbox_hwm": rss, "sandbox_hwm_early": early, "runner_hwm": runner, "busy": busy, "bad": bad,
            "sandboxes": sandboxes, "disk": disk, "parts": nparts, "limit": limit, "stopped": bool(cut),
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def in_process_pdf(corpus: Path, k: int) -> dict[str, float]:
    """Median CPU and wall seconds of `audit_file` on k distinct PDFs of the corpus, after a warm-up."""
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
    return {"key": "pdf", "wall": statistics.median(wall), "cpu": statistics.median(cpu),
            "pages": statistics.median(pages), "n": len(cpu)}


def render(head: dict[str, object], runs: list[dict[str, object]], pdf: dict[str, float] | None) -> str:
    one = next((r for r in runs if r["key"] == "jobs1"), None)
    loaded = any(float(r["load"]) > float(head["cores"]) + 1 for r in runs)  # type: ignore[arg-type]
    ul = ", under load" if loaded else ""
    lines = [
        "",
        f"Measured {head['when']} on {head['cores']} cores, Python "
        f"{head['python']}, `benchmarks/bench_scale.py --units {head['units']} --distinct {head['distinct']} "
        f"--runs {head['runs']}`.  "
        + ("**CPU seconds are the primary figure; every wall-clock figure was taken under load** (the machine was "
           "shared with other engineers' jobs; the mean 1-minute load average during each run is given: a load of 8 "
           "on 2 cores leaves a run about a quarter of the machine)." if loaded else
           "The machine was nearly quiet (the mean 1-minute load average during each run is given; the workers "
           "themselves account for a load of about their number), so wall-clock figures are meaningful."),
        "",
        f"Corpus: {head['units']:,} synthetic reports, `juesuan synth -n {head['units']} --mix -f txt,pdf,docx "
        f"--seed 2024 --distinct {head['distinct']}`: a third each TXT (all {head['units'] // 3:,} distinct units), "
        f"PDF and DOCX (the first {head['distinct']} units of each typeset; every other PDF / DOCX is a byte copy of "
        "one of them with its own document ID in the file's metadata, so every file has its own content hash and is "
        "read and audited in full — the audit does no caching across files; the copies' units and figures repeat). "
        + (f"Generated in {head['gen'] / 60:.1f} min wall with 2 processes." if head.get("gen") else ""),
        "",
        *([str(head["note"]), ""] if head.get("note") else []),
        f"| run | files audited | load avg | wall{ul} | reports/s (wall{ul}) | PDF pages/s "
        f"(wall{ul}) | CPU s per report: workers / incl. driver | reports/s per core (from CPU) | peak RSS "
        f"per worker (worker process + its child, sampled) | scaling efficiency: CPU / wall{ul} |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        n = r["n"]
        cpu_w = r["workers_cpu"] / n  # type: ignore[operator]
        cpu_all = (r["workers_cpu"] + r["driver_cpu"]) / n  # type: ignore[operator]
        rate = n / r["wall"]  # type: ignore[operator]
        eff = ""
        if one is not None and r is not one:
            cpu1 = (one["workers_cpu"] + one["driver_cpu"]) / one["n"]  # type: ignore[operator]
            eff = (f"{100 * cpu1 / cpu_all:.0f} % / "
                   f"{100 * rate / (r['workers'] * one['n'] / one['wall']):.0f} %")  # type: ignore[operator]
        what = r["label"] + (" (stopped at its deadline)" if r.get("stopped") else "") + (
            f" (first {r['limit']:,} files)" if r.get("limit") else "")
        lines.append(f"| {what} | {n:,} | {r['load']:.1f} | {r['wall'] / 60:.1f} min | {rate:.2f} | "  # type: ignore[operator]
                     f"{r['pages'] / r['wall']:.0f} | {cpu_w:.3f} / {cpu_all:.3f} | {1 / cpu_all:.1f} | "  # type: ignore[operator]
                     f"{r['worker_peak_mb']} MB | {eff} |")
    lines += [
        "",
        "Memory: each process's own peak (VmHWM, the `rss_mb` / `runner_rss_mb` columns), sandbox after the first "
        "tenth of the files → after all: "
        + "; ".join(f"{r['label']} {r['sandbox_hwm_early']} → {r['sandbox_hwm']} MB (driving process "
                    f"{r['runner_hwm']} MB)" for r in runs)
        + ".  Results on disk: "
        + "; ".join(f"{r['label']} {r['disk'] / 2**20:.1f} MB in {r['parts']} part files per table "
                    f"({r['disk'] / r['n'] / 1024:.1f} KB per report)" for r in runs)  # type: ignore[operator]
        + ".",
    ]
    if pdf:
        lines += [
            "",
            f"In-process, one core: `audit_file` on a synthetic PDF of {pdf['pages']:.0f} pages takes "
            f"{pdf['cpu'] * 1000:.0f} ms CPU (median of {pdf['n']:.0f} distinct PDFs; wall {pdf['wall'] * 1000:.0f} ms"
            f"{ul}), i.e. **{1 / pdf['cpu']:.1f} PDF reports per second per core**, "
            f"{pdf['pages'] / pdf['cpu']:.0f} pages/s per core (target ≥ 8 reports/s of ~25 pages).",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=10_000)
    ap.add_argument("--distinct", type=int, default=100)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--runs", default="jobs2,cluster2,jobs1")
    ap.add_argument("--pdfs", type=int, default=20)
    ap.add_argument("--raw", type=Path, default=Path(tempfile.gettempdir()) / "juesuan-bench-scale.jsonl")
    ap.add_argument("--render-only", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--section", default="scale", help="the docs/performance.md section to write (e.g. scale-quiet)")
    ap.add_argument("--title", default="Batch audit at scale", help="its heading, when the section is new")
    ap.add_argument("--pdf-only", type=int, default=0, help="print the in-process PDF figures of K PDFs as JSON")
    a = ap.parse_args()
    corpus = a.corpus or Path(tempfile.gettempdir()) / f"juesuan-bench-corpus-{a.units}"
    if a.pdf_only:
        print(json.dumps(in_process_pdf(corpus, a.pdf_only)))
        return
    if not a.render_only:
        gen = make_corpus(corpus, a.units, a.distinct, jobs=2)
        head = {"key": "head", "units": a.units, "distinct": a.distinct, "runs": a.runs, "gen": gen,
                "cores": os.cpu_count(), "python": sys.version.split()[0],
                "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
        with a.raw.open("w", encoding="utf-8") as f:
            f.write(json.dumps(head) + "\n")
        for spec in a.runs.split(","):
            spec, _, when = spec.partition("@")  # jobs1@05:12: stop at 05:12 UTC
            key, _, limit = spec.partition(":")
            until = None
            if when:
                hh, mm = map(int, when.split(":"))
                now = time.gmtime()
                until = calendar.timegm((now.tm_year, now.tm_mon, now.tm_mday, hh, mm, 0, 0, 0, 0))
            r = batch(corpus, key, int(limit) if limit else None, until)
            print(r, file=sys.stderr)
            with a.raw.open("a", encoding="utf-8") as f:
                f.write(json.dumps(r) + "\n")
        if a.pdfs:  # last, in a fresh process: after a batch the driver's own state (a Dask client's threads,
            # the hashes of 10,000 files) slows a measurement made in it by half (181 against 124 ms)
            out = subprocess.run([sys.executable, __file__, "--corpus", str(corpus), "--pdf-only", str(a.pdfs)],
                                 check=True, capture_output=True, text=True).stdout
            pdf = json.loads(out.strip().splitlines()[-1])
            with a.raw.open("a", encoding="utf-8") as f:
                f.write(json.dumps(pdf) + "\n")
    rows = [json.loads(x) for x in a.raw.read_text(encoding="utf-8").splitlines()]
    head = next(r for r in rows if r["key"] == "head")
    text = render(head, [r for r in rows if r["key"] in RUNS], next((r for r in rows if r["key"] == "pdf"), None))
    print(text)
    if not a.no_write:
        write_section(a.section, a.title, text)


if __name__ == "__main__":
    main()
