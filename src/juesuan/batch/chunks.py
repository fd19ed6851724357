"""A chunk of files through this worker's sandbox: the unit of work a local job or a Dask worker runs.

Each worker thread keeps one sandbox for its whole life (start-up paid once per worker); a Dask
worker runs one task at a time (threads_per_worker=1), so one sandbox per Dask worker.
"""

from __future__ import annotations

import threading

from juesuan.batch.sandbox import Sandbox, peak_rss_mb
from juesuan.batch.work import Result

_local = threading.local()
_all: list[Sandbox] = []
_lock = threading.Lock()


def sandbox() -> Sandbox:
    """This thread's sandbox (created on first use)."""
    sb = getattr(_local, "sandbox", None)
    if sb is None:
        sb = _local.sandbox = Sandbox()
        with _lock:
            _all.append(sb)
    return sb


def run_chunk(items: list[tuple[str, str]], kind: str, profile: str | None, timeout: float,
              prior: str | None = None) -> list[Result]:
    """(path, content hash) pairs -> their results, in order; a bad file is an unreadable row.

    `kind` "prior": files of last year's reports -> their prior index entries ({"prior": entry});
    `prior` (audit): the path of the run's prior index."""
    sb = sandbox()
    out = []
    for path, digest in items:
        res = sb.run(path, kind, profile, timeout, prior)
        if kind == "prior":
            entry = res.get("prior") or {"path": path, "unit": None, "year": None, "error": res["report"]["error"]}
            out.append({"prior": {**entry, "hash": digest}})
            continue
        res["report"]["hash"] = digest
        res["report"]["runner_rss_mb"] = peak_rss_mb()
        out.append(res)
    return out


def close_all() -> None:
    """Stop every sandbox of this process (local jobs, when the batch ends; a Dask worker's sandbox
    ends with the worker, when its stdin closes)."""
    with _lock:
        for sb in _all:
            sb.close()
        _all.clear()
