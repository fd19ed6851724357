"""`juesuan results compact`: many small part files merged into a few, with the same rows, resumable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from juesuan.batch.compact import compact, merge, plan
from juesuan.batch.query import run_query
from juesuan.batch.runner import run_batch
from juesuan.batch.store import MANIFEST, ResultsStore, parts, read_manifest
from juesuan.core.errors import InputError


def _rows(results: Path, table: str) -> list[tuple]:
    cols, rows = run_query(results, f"SELECT * FROM {table}")
    return sorted(rows, key=repr)


def _files(results: Path, table: str) -> list[str]:
    return sorted(p.name for p in (results / table).iterdir())


def test_plan_groups_consecutive_small_chunks() -> None:
    chunks = [{"chunk": str(i), "files": n} for i, n in enumerate([3, 3, 3, 10, 1, 1, 4, 2])]
    groups = [[c["chunk"] for c in g] for g in plan(chunks, 6)]
    assert groups == [["0", "1"], ["2"], ["3"], ["4", "5", "6"], ["7"]]


def test_compaction_keeps_every_row_and_resume_still_skips(corpus: Path, tmp_path: Path) -> None:
    res = tmp_path / "res"
    run_batch([corpus], res, jobs=1, chunk_size=1)  # five chunks of one file
    before = {t: _rows(res, t) for t in ("reports", "findings", "figures")}
    assert len(parts(res, "reports")) == 5 and len(before["reports"]) == 5 and before["findings"]
    r = subprocess.run([sys.executable, "-m", "juesuan", "results", "compact", str(res), "--files-per-part", "3"],
                       capture_output=True, text=True, env=os.environ, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "块数 5 → 2" in r.stdout and "共 5 份报告" in r.stdout
    for t in ("reports", "findings", "figures"):
        assert _rows(res, t) == before[t], t  # the same rows, column for column
        assert len(_files(res, t)) == 2 and all(n.startswith("part-") for n in _files(res, t))
    assert [c["files"] for c in read_manifest(res)] == [3, 2]
    again = compact(res, 3)  # nothing small left to merge
    assert (again.merged, again.chunks_after) == (0, 2)

    src = next(corpus.glob("00001-*.txt"))
    (corpus / "changed.txt").write_text(src.read_text(encoding="utf-8").replace("已审查", "已审核"), encoding="utf-8")
    s = run_batch([corpus], res, jobs=1)
    assert (s.done, s.skipped) == (1, 5)
    paths = [r["path"] for p in parts(res, "reports") for r in pq.read_table(p, columns=["path"]).to_pylist()]
    assert sorted(paths) == sorted(str(x) for x in corpus.iterdir())  # each once, nothing lost
    assert compact(res, 10).chunks_after == 1
    assert run_query(res, "SELECT count(*), count(DISTINCT path) FROM reports")[1] == [(6, 6)]


def test_a_compaction_killed_before_the_manifest_switch_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    res = tmp_path / "res"
    run_batch([corpus], res, jobs=1, chunk_size=2)
    before = _rows(res, "findings")
    manifest = (res / MANIFEST).read_text()
    with ResultsStore(res, "audit") as store:
        merge(res, store.chunks)  # step 1 done, killed before the manifest is replaced
    (res / f".{MANIFEST}.tmp").write_text("half")
    assert (res / MANIFEST).read_text() == manifest and _rows(res, "findings") == before  # readers see the old
    s = run_batch([corpus], res, jobs=1)  # reopening removes the merged files nobody lists
    assert (s.done, s.skipped) == (0, 5)
    assert len(_files(res, "reports")) == 3 and not (res / f".{MANIFEST}.tmp").exists()
    assert _rows(res, "findings") == before


def test_compaction_refuses_a_busy_or_foreign_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="不是 juesuan 的结果目录"):
        compact(tmp_path)
    res = tmp_path / "res"
    with ResultsStore(res, "audit"), pytest.raises(InputError, match="正被另一个 juesuan 进程使用"):
        compact(res)
    assert compact(res).merged == 0  # an empty results directory: nothing to do
