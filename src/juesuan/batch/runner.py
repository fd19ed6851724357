"""The batch: `run_batch(paths, results, kind, jobs=..., cluster=...) -> BatchSummary`.

Files are streamed from the inputs, hashed, skipped when their content hash is already in the results,
grouped into chunks and run on workers: `jobs` local worker threads each driving its own sandbox
process, or a Dask cluster (`cluster` = "tcp://HOST:8786" for a running scheduler, "local:N" for a
LocalCluster of N worker processes started here).  At most a few chunks per worker are in flight, and
each finished chunk is written to the results at once, so memory stays flat in the number of files
and an interrupted run loses at most the chunks in flight.

With `prior` (a folder of last year's reports, audit only) a first pass on the same workers indexes
that folder (batch/prior.py), and each report is audited with its unit's report of the year before.
A file is done when its content hash is in the results *and* it was audited with the prior file the
current index gives it (none without `prior`): a report audited without prior and run again with one
is audited again, and its latest row is the one read (store.done, query.connect).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.batch.files import AUDIT_SUFFIXES, CHECK_SUFFIXES, content_hash, walk
from juesuan.batch.prior import PriorIndex
from juesuan.batch.store import ResultsStore
from juesuan.batch.work import Result
from juesuan.core.errors import InputError

DEFAULT_TIMEOUT = 300.0  # seconds per file
IN_FLIGHT = 2  # chunks per worker submitted ahead
MAX_CHUNK = 25  # files per chunk at most


@dataclass
class BatchSummary:
    """What one run did (counts; the rows are in the results directory)."""

    results: Path
    seen: int = 0
    skipped: int = 0
    done: int = 0
    unreadable: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    pages: int = 0
    workers: int = 0
    unreadable_messages: list[str] = field(default_factory=list)
    prior_files: int = 0  # files of last year's reports indexed (with --prior)
    prior_read: int = 0  # of which read in this run (the others were in a previous run's index)
    prior_unreadable: list[str] = field(default_factory=list)  # their reasons, for those that could not be read
    with_prior: int = 0  # reports audited against last year's report

    def add(self, res: Result) -> None:
        r = res["report"]
        self.done += 1
        if r["status"] != "ok":
            self.unreadable += 1
            if len(self.unreadable_messages) < 20:
                self.unreadable_messages.append(r["error"])
            return
        self.errors += r["errors"]
        self.warnings += r["warnings"]
        self.infos += r["infos"]
        self.with_errors += bool(r["errors"])
        self.with_warnings += bool(r["warnings"])
        self.pages += r["pages"] or 0
        self.with_prior += bool(r.get("prior"))


def suffixes(kind: str) -> tuple[str, ...]:
    return AUDIT_SUFFIXES if kind == "audit" else CHECK_SUFFIXES


def count_files(paths: Iterable[Path], kind: str) -> int:
    return sum(1 for _ in walk(paths, suffixes(kind)))


def _hashed(paths: list[Path], sfx: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    for p in walk(paths, sfx):
        try:
            yield p, content_hash(p)
        except OSError as exc:
            raise InputError(f"无法读取文件 {p}：{exc.strerror or exc}") from None


def _pending(paths: list[Path], kind: str, done: dict[str, tuple[str | None, int | None, str | None, str | None]],
             summary: BatchSummary, index: PriorIndex | None = None,
             again: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """Files to do, (path, content hash); `again` receives the hashes of files already in the results
    that are done again (audited with another prior file)."""
    seen: set[str] = set()
    for p, digest in _hashed(paths, suffixes(kind)):
        summary.seen += 1
        if digest in seen or (digest in done and _same_prior(done[digest], index)):
            summary.skipped += 1
            continue
        seen.add(digest)
        if digest in done and again is not None:
            again.add(digest)
        yield str(p), digest


def _same_prior(row: tuple[str | None, int | None, str | None, str | None], index: PriorIndex | None) -> bool:
    """Whether a file's row was made with the prior file this run would give it, or without one for
    the same reason (no index: without one and no reason)."""
    unit, year, prior_hash, note = row
    if index is None:
        return prior_hash is None and note is None
    if unit is None and year is None:  # unreadable: there was nothing to match
        return prior_hash is None
    m = index.match(unit, year)
    return (prior_hash, note) == (m.hash, m.note)


def _chunks(items: Iterator[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def run_batch(paths: list[Path], results: Path, kind: str = "audit", *, jobs: int = 1, cluster: str | None = None,
              timeout: float = DEFAULT_TIMEOUT, chunk_size: int | None = None, profile: str | None = None,
              on_chunk: Callable[[list[Result]], None] | None = None, prior: Path | None = None) -> BatchSummary:
    """Run the batch; `on_chunk(results)` is called after each chunk is written (progress).

    `chunk_size` (files per chunk, the most an interrupted run can lose per worker) defaults to a
    quarter of each worker's share, between 1 and MAX_CHUNK.  `prior`: the folder of last year's
    reports (audit only; see the module's docstring).
    """
    from juesuan.batch import prior as prior_mod

    for p in paths:
        if not p.exists():
            raise InputError(f"找不到文件或文件夹：{p}")
    if prior is not None:
        prior_mod.check_folder(prior, kind)
    summary = BatchSummary(results)
    with ResultsStore(results, kind) as store, \
            (_dask(cluster, summary) if cluster else _local(max(1, jobs), summary)) as submit_all:
        index, index_path = None, None
        if prior is not None:
            index = _index_prior(prior, store.root, submit_all, profile, timeout, summary)
            index_path = str(prior_mod.save(store.root, index.entries))
        if chunk_size is None:
            chunk_size = min(MAX_CHUNK, max(1, count_files(paths, kind) // (4 * max(1, summary.workers))))
        again: set[str] = set()
        chunks = _chunks(_pending(paths, kind, store.done(units=index is not None), summary, index, again), max(1, chunk_size))
        for res in submit_all(chunks, kind, profile, timeout, index_path):
            store.write_chunk(res, again=any(r["report"]["hash"] in again for r in res))
            for r in res:
                summary.add(r)
            if on_chunk is not None:
                on_chunk(res)
    return summary


def _index_prior(prior: Path, results: Path, submit_all: Callable[..., Iterator[list[Result]]],
                 profile: str | None, timeout: float, summary: BatchSummary) -> PriorIndex:
    """Index last year's folder: files a previous run indexed (same content hash) are not read again,
    the others are read once each on the workers (unit and year only come back)."""
    from juesuan.batch.prior import append, load_cached

    cached = load_cached(results)
    entries: list[dict[str, Any]] = []
    todo: list[tuple[str, str]] = []
    for p, digest in _hashed([prior], AUDIT_SUFFIXES + CHECK_SUFFIXES):
        if digest in cached:
            entries.append({**cached[digest], "path": str(p)})
        else:
            todo.append((str(p), digest))
    size = min(MAX_CHUNK, max(1, len(todo) // (4 * max(1, summary.workers))))
    for res in submit_all(_chunks(iter(todo), size), "prior", profile, timeout, None):
        append(results, [r["prior"] for r in res])
        entries.extend(r["prior"] for r in res)
    entries.sort(key=lambda e: e["path"])
    summary.prior_files, summary.prior_read = len(entries), len(todo)
    summary.prior_unreadable = [e["error"] for e in entries if e.get("error")]
    return PriorIndex(entries)


@contextlib.contextmanager
def _local(jobs: int, summary: BatchSummary):  # type: ignore[no-untyped-def]
    """`jobs` threads, each driving its own sandbox process (the CPU work is in the sandboxes); the
    threads, and so the sandboxes, serve every pass of the run."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    from juesuan.batch import chunks as chunk_mod

    summary.workers = jobs

    def submit_all(chunks: Iterator[list[tuple[str, str]]], kind: str, profile: str | None,
                   timeout: float, prior: str | None = None) -> Iterator[list[Result]]:
        running: set[Any] = set()
        try:
            for chunk in itertools.chain(chunks, [None]):
                if chunk is not None:
                    running.add(pool.submit(chunk_mod.run_chunk, chunk, kind, profile, timeout, prior))
                while running and (chunk is None or len(running) >= jobs * IN_FLIGHT):
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for f in finished:
                        yield f.result()
        finally:
            for f in list(running):
                f.cancel()

    pool = ThreadPoolExecutor(jobs)
    try:
        yield submit_all
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        chunk_mod.close_all()


@contextlib.contextmanager
def _dask(cluster: str, summary: BatchSummary):  # type: ignore[no-untyped-def]
    """A Dask cluster: a running scheduler's address, or "local:N" for a LocalCluster started here."""
    from distributed import Client, LocalCluster, as_completed

    from juesuan.batch.chunks import run_chunk

    local = None
    if cluster.startswith("local:"):
        try:
            n = int(cluster.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise InputError(f"--cluster local:N 中的 N 应为正整数，不能是“{cluster}”")
        local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=logging.ERROR)
        client = Client(local)
    else:
        try:
            client = Client(cluster, timeout=30)
        except OSError as exc:
            raise InputError(f"无法连接 Dask 调度器 {cluster}：{exc}") from None
    summary.workers = len(client.scheduler_info(n_workers=-1)["workers"]) if local is None else len(local.workers)

    def submit_all(chunks: Iterator[list[tuple[str, str]]], kind: str, profile: str | None,
                   timeout: float, prior: str | None = None) -> Iterator[list[Result]]:
        window = max(1, summary.workers) * IN_FLIGHT
        pending = as_completed([client.submit(run_chunk, c, kind, profile, timeout, prior, pure=False)
                                for c in itertools.islice(chunks, window)])
        try:
            for fut in pending:
                nxt = next(chunks, None)
                if nxt is not None:
                    pending.add(client.submit(run_chunk, nxt, kind, profile, timeout, prior, pure=False))
                res = fut.result()
                fut.release()
                yield res
        finally:
            client.cancel(list(pending.futures))

    try:
        yield submit_all
    finally:
        client.close()
        if local is not None:
            local.close()
