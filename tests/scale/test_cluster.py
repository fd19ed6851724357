"""The Dask path with a LocalCluster of real worker processes, and kill -9 of a worker mid-batch."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pyarrow.parquet as pq

from juesuan.batch.runner import run_batch
from juesuan.batch.store import parts


def _paths(res: Path) -> list[str]:
    return sorted(p for f in parts(res, "reports") for p in pq.read_table(f, columns=["path"]).column(0).to_pylist())


def test_local_cluster_with_a_worker_killed_mid_batch(corpus: Path, tmp_path: Path) -> None:
    import shutil

    for src in list(corpus.glob("*.txt")):  # ten files, one per chunk
        shutil.copy(src, corpus / f"b-{src.name}")
        (corpus / f"b-{src.name}").write_text(src.read_text(encoding="utf-8") + "\n附注：副本。\n", encoding="utf-8")
    res = tmp_path / "res"
    killed: list[int] = []

    def kill_a_worker(_chunk: list) -> None:
        if killed:
            return
        from distributed import get_client

        pids = sorted(get_client().run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids  # real processes, not threads of this one
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    summary = run_batch([corpus], res, cluster="local:2", chunk_size=1, on_chunk=kill_a_worker)
    assert killed and summary.workers == 2
    expected = sorted(str(p) for p in corpus.iterdir())
    assert summary.done + summary.skipped == len(expected) == 9
    assert _paths(res) == expected  # every file once: nothing lost, nothing twice
    workers = {r for f in parts(res, "reports") for r in pq.read_table(f, columns=["worker"]).column(0).to_pylist()}
    assert all(w and w.split(":")[1] != str(os.getpid()) for w in workers)  # audited in the workers' sandboxes
    again = run_batch([corpus], res, cluster="local:2")
    assert (again.done, again.skipped) == (0, 9)


def test_cluster_option_is_validated(tmp_path: Path, corpus: Path) -> None:
    import pytest

    from juesuan.core.errors import InputError

    with pytest.raises(InputError, match="local:N"):
        run_batch([corpus], tmp_path / "r", cluster="local:zero")
