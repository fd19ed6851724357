"""Batch audit / check: Parquet results, resume by content hash, crash and hang isolation, query."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from juesuan.batch.query import run_query
from juesuan.batch.runner import run_batch
from juesuan.batch.store import MANIFEST, ResultsStore, parts
from juesuan.batch.work import unreadable
from juesuan.core.errors import InputError


def _table(results: Path, name: str) -> list[dict]:
    rows: list[dict] = []
    for p in parts(results, name):
        rows += pq.read_table(p).to_pylist()
    return rows


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def test_local_jobs_write_three_tables_and_an_unreadable_row(corpus: Path, tmp_path: Path) -> None:
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    res = tmp_path / "res"
    r = _cli("audit", str(corpus), "--results", str(res), "--jobs", "2")
    assert r.returncode == 2, r.stderr  # a file could not be read: exit 2, the others audited
    assert "共 6 个文件，本次审核 6 个（2 个工作进程）" in r.stdout and "无法读取 1 个" in r.stdout
    reports = {Path(x["path"]).name: x for x in _table(res, "reports")}
    assert len(reports) == 6
    bad = reports.pop("broken.pdf")
    assert bad["status"] == "unreadable" and "broken.pdf" in bad["error"] and bad["errors"] is None
    for name, row in reports.items():
        assert row["status"] == "ok" and row["unit"] and row["year"] == 2024, name
        assert row["claims_checked"] > 80 and row["passed"] > 500 and len(row["hash"]) == 64
    findings = _table(res, "findings")
    assert {f["path"] for f in findings} <= {x["path"] for x in reports.values()}
    assert all(f["status"] in ("fail", "not_checked") for f in findings)
    figures = _table(res, "figures")
    assert len(figures) == 5
    for f in figures:
        assert isinstance(f["expenditure_total"], Decimal) and f["expenditure_total"] > 0
        assert f["region"] and f["unit"].startswith(f["region"])
    assert (res / "overview.html").read_text(encoding="utf-8").count("<h2>") >= 5


def test_resume_skips_done_files_and_adds_new_ones(corpus: Path, tmp_path: Path) -> None:
    res = tmp_path / "res"
    first = run_batch([corpus], res, jobs=1)
    assert (first.done, first.skipped) == (5, 0)
    again = run_batch([corpus], res, jobs=1)
    assert (again.seen, again.done, again.skipped) == (5, 0, 5)
    src = next(corpus.glob("00001-*.txt"))
    (corpus / "copy-of-1.txt").write_bytes(src.read_bytes())  # same content: skipped
    (corpus / "changed.txt").write_text(src.read_text(encoding="utf-8").replace("已审查", "已审核"), encoding="utf-8")
    third = run_batch([corpus], res, jobs=1)
    assert (third.done, third.skipped) == (1, 6)
    paths = [r["path"] for r in _table(res, "reports")]
    assert len(paths) == len(set(paths)) == 6 and str(corpus / "changed.txt") in paths


def _row(name: str) -> dict:
    res = unreadable(name, f"{name} 读不了")
    res["report"]["hash"] = name * 8
    return res


def test_runs_of_one_process_within_a_second_never_overwrite_each_other(tmp_path: Path) -> None:
    """The cause of the intermittent duplicate: chunk names were <second>-<process id>-<sequence>, so a
    resumed run started by the same process within the same second as the run before it wrote its first
    chunk over that run's first part file (one file's rows lost) and listed the name twice in the
    manifest (another file's rows read twice).  Forty runs in a row, well within a few seconds."""
    res = tmp_path / "res"
    for i in range(40):
        with ResultsStore(res, "audit") as store:
            assert store.hashes() == {f"{k:03d}" * 8 for k in range(i)}  # everything before, each once
            store.write_chunk([_row(f"{i:03d}")])
    paths = [r["path"] for r in _table(res, "reports")]
    assert paths == [f"{i:03d}" for i in range(40)]
    assert len({c.name for c in (res / "reports").iterdir() if c.name.startswith("part-")}) == 40


def test_a_chunk_listed_twice_is_read_once_and_a_second_writer_is_refused(tmp_path: Path) -> None:
    res = tmp_path / "res"
    with ResultsStore(res, "audit") as store:
        store.write_chunk([_row("a")])
        with pytest.raises(InputError, match="正被另一个 juesuan 进程使用"):
            ResultsStore(res, "audit")
    manifest = res / MANIFEST
    manifest.write_text(manifest.read_text() * 2)  # a directory written by the old naming
    assert len(parts(res, "reports")) == 1 and [r["path"] for r in _table(res, "reports")] == ["a"]
    assert run_query(res, "SELECT count(*) FROM reports")[1] == [(1,)]


def test_resume_many_times_adds_each_file_exactly_once(corpus: Path, tmp_path: Path) -> None:
    """Resume after every new file (the sequence of the intermittent failure, repeated), and at the end
    a run that only skips: each path once, nothing lost."""
    res = tmp_path / "res"
    src = sorted(corpus.glob("*.txt"))
    for f in src[1:]:
        f.rename(tmp_path / f.name)
    run_batch([corpus], res, jobs=1)
    for f in src[1:]:
        (tmp_path / f.name).rename(f)
        s = run_batch([corpus], res, jobs=1)
        assert s.done == 1
    last = run_batch([corpus], res, jobs=1)
    assert last.done == 0 and last.skipped == len(list(corpus.iterdir()))
    paths = [r["path"] for r in _table(res, "reports")]
    assert sorted(paths) == sorted(str(x) for x in corpus.iterdir())


def test_a_hanging_and_a_crashing_file_become_unreadable_rows(corpus: Path, tmp_path: Path) -> None:
    res = tmp_path / "res"
    env = {"JUESUAN_BATCH_FAULTS": "hang=00002-;crash=00004-"}
    r = _cli("audit", str(corpus), "--results", str(res), "--jobs", "1", "--timeout", "20", env=env)
    assert r.returncode == 2
    rows = {Path(x["path"]).name[:5]: x for x in _table(res, "reports")}
    assert len(rows) == 5
    assert "超过 20 秒仍未完成" in rows["00002"]["error"]
    assert "审核进程意外退出（信号 SIGKILL）" in rows["00004"]["error"]
    assert [rows[k]["error"] for k in ("00001", "00003", "00005")] == [None] * 3  # the others audited


def test_killed_driver_loses_nothing_and_duplicates_nothing(corpus: Path, tmp_path: Path) -> None:
    res = tmp_path / "res"
    env = {"JUESUAN_BATCH_FAULTS": "hang=00005-"}  # keeps the driver busy at the last file
    p = subprocess.Popen([sys.executable, "-m", "juesuan", "audit", str(corpus), "--results", str(res), "-j", "1",
                          "--timeout", "60"], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            lines = (res / MANIFEST).read_text().splitlines() if (res / MANIFEST).exists() else []
            if sum(json.loads(x)["files"] for x in lines) >= 4:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the batch wrote nothing")
    finally:
        os.killpg(p.pid, signal.SIGKILL)  # the driver and its sandbox, as kill -9 of the whole job
        p.wait()
    (res / "reports" / "part-orphan.parquet").write_bytes(b"half")  # as if killed between rename and manifest
    summary = run_batch([corpus], res, jobs=1)
    assert (summary.done, summary.skipped) == (1, 4)
    assert not (res / "reports" / "part-orphan.parquet").exists()
    paths = sorted(r["path"] for r in _table(res, "reports"))
    assert paths == sorted(str(x) for x in corpus.iterdir())


def test_query_runs_sql_over_the_tables(corpus: Path, tmp_path: Path) -> None:
    res = tmp_path / "res"
    run_batch([corpus], res, jobs=1)
    cols, rows = run_query(res, "SELECT count(*) AS n, sum(pages) AS pages, max(three_public) > 0 FROM reports "
                                "JOIN figures USING (path)")
    assert cols[:2] == ["n", "pages"] and rows[0][0] == 5 and rows[0][2] is True
    r = _cli("query", str(res), "SELECT unit, expenditure_total FROM figures ORDER BY expenditure_total DESC LIMIT 2")
    assert r.returncode == 0 and "共 2 行" in r.stdout
    bad = _cli("query", str(res), "SELECT nope FROM reports")
    assert bad.returncode == 2 and "查询出错" in bad.stderr and "Traceback" not in bad.stderr
    missing = _cli("query", str(tmp_path), "SELECT 1")
    assert missing.returncode == 2 and "不是 juesuan 的结果目录" in missing.stderr


def test_check_batch_reads_workbooks_and_yaml(tmp_path: Path) -> None:
    from juesuan.synth.corpus import write_corpus

    d = tmp_path / "in"
    write_corpus(d, 2, seed=5, formats=("workbook", "yaml"), mix=True)
    res = tmp_path / "res"
    r = _cli("check", str(d), "--results", str(res), "-j", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    rows = _table(res, "reports")
    assert len(rows) == 2 and {x["kind"] for x in rows} == {"check"} and all(x["errors"] == 0 for x in rows)


def test_peak_memory_is_the_process_own_not_its_parents(tmp_path: Path) -> None:
    """A Dask worker is started by multiprocessing (fork, then exec): its ru_maxrss counts the memory of
    the parent it was forked from (a 300 MB driver made a 50 MB worker report 300 MB).  rss_mb and
    runner_rss_mb are the process's own peak (VmHWM)."""
    script = tmp_path / "spawn.py"
    script.write_text(
        "import multiprocessing as mp, resource\n"
        "def child(q):\n"
        "    from juesuan.batch.sandbox import peak_rss_mb\n"
        "    q.put((peak_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))\n"
        "if __name__ == '__main__':\n"
        "    big = bytearray(300 * 2**20)\n"
        "    for i in range(0, len(big), 4096): big[i] = 1\n"
        "    ctx = mp.get_context('spawn'); q = ctx.Queue()\n"
        "    p = ctx.Process(target=child, args=(q,)); p.start(); print(*q.get()); p.join()\n", encoding="utf-8")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    own, rusage = map(int, r.stdout.split())
    assert own < 100, (own, rusage)  # getrusage says ~310 MB on Linux; the child holds ~15 MB
