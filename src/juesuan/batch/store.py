"""The results directory of a batch: Parquet tables `reports`, `findings`, `figures` and a manifest.

    RESULTS/reports/part-<chunk>.parquet    one row per file
    RESULTS/findings/part-<chunk>.parquet   one row per finding
    RESULTS/figures/part-<chunk>.parquet    one row per file read
    RESULTS/manifest.jsonl                  one line per chunk written, in order

A file done again (audited with another prior file, `audit --prior`) gets new rows in a later chunk
whose manifest line says `"again": true`; readers then keep only the rows of each content hash's
latest chunk (query.connect, ResultsStore.done), so no file counts twice.

A chunk's three files are written under temporary names, renamed into place, and only then is the
chunk's line appended to the manifest.  A part file the manifest does not list (the driver killed
between the rename and the manifest line) or a temporary file is removed when the directory is opened
again, and its files are done again: nothing half-written is ever read, nothing is counted twice.

Chunk names are `<time>-<random run id>-<sequence>`: unique across runs, processes and machines (a
name made of the second and the process id let two runs of one process within a second overwrite each
other's part file and list it twice).  A part file is never overwritten, and a chunk listed twice in a
manifest is read once.  One process at a time opens a results directory for writing (`RESULTS/.lock`).
"""

from __future__ import annotations

import errno
import json
import os
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from juesuan.batch.work import FIGURES, Result
from juesuan.core.errors import InputError

TABLES = ("reports", "findings", "figures")
MANIFEST = "manifest.jsonl"
CENT = Decimal("0.01")


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f = pa.string(), pa.int32(), pa.float64()
    money = pa.decimal128(18, 2)
    return {
        "reports": pa.schema([("path", s), ("hash", s), ("kind", s), ("status", s), ("error", s), ("unit", s),
                              ("year", i), ("profile", s), ("region", s), ("pages", i), ("errors", i),
                              ("warnings", i), ("infos", i), ("rounding", i), ("passed", i), ("not_checked", i),
                              ("claims_found", i), ("claims_bound", i), ("claims_checked", i), ("seconds", f),
                              ("worker", s), ("rss_mb", i), ("runner_rss_mb", i), ("chunk", s),
                              ("prior", s), ("prior_hash", s), ("prior_note", s)]),
        "findings": pa.schema([("path", s), ("hash", s), ("rule", s), ("title", s), ("severity", s), ("status", s),
                               ("message", s), ("table", s), ("row", s), ("column", s), ("page", i),
                               ("sentence", s), ("location", s), ("found", s), ("expected", s),
                               ("difference", s), ("rounding", pa.bool_())]),
        "figures": pa.schema([("path", s), ("hash", s), ("unit", s), ("year", i), ("region", s)]
                             + [(k, money) for k in FIGURES]),
    }


def _money(x: Any) -> Decimal | None:
    if x is None or x == "":
        return None
    try:
        d = Decimal(str(x))
    except InvalidOperation:
        return None
    return d.quantize(CENT, rounding=ROUND_HALF_UP) if d.as_tuple().exponent < -2 else d  # type: ignore[operator]


class ResultsStore:
    """Open (or create) a results directory for `kind` ("audit" / "check") to add chunks to."""

    def __init__(self, root: Path, kind: str) -> None:
        self.root = Path(root)
        self.kind = kind
        if self.root.exists() and not self.root.is_dir():
            raise InputError(f"结果目录 {self.root} 已存在且不是文件夹")
        if self.root.is_dir() and any(self.root.iterdir()) and not (self.root / MANIFEST).exists():
            raise InputError(f"文件夹 {self.root} 不是空的，也不是 juesuan 的结果目录（没有 {MANIFEST}）；"
                             "为免覆盖，请另选一个结果目录")
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = lock(self.root)
        try:
            for t in TABLES:
                (self.root / t).mkdir(parents=True, exist_ok=True)
            (self.root / MANIFEST).touch()
            self.chunks = read_manifest(self.root, kind, repair=True)
            self._tidy()
        except BaseException:
            self.close()
            raise
        self.run = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
        self.seq = 0

    def close(self) -> None:
        """Release the directory (its lock); the store writes no more."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tidy(self) -> None:
        """Remove temporary files and part files no manifest line lists."""
        known = {c["chunk"] for c in self.chunks}
        (self.root / f".{MANIFEST}.tmp").unlink(missing_ok=True)  # left by a compaction killed mid-way
        for t in TABLES:
            for p in (self.root / t).iterdir():
                if p.name.startswith(".") or (p.name.startswith("part-") and p.stem[5:] not in known):
                    p.unlink(missing_ok=True)

    def hashes(self) -> set[str]:
        """Content hashes of the files already in the results."""
        return set(self.done())

    def done(self, units: bool = True) -> dict[str, tuple[str | None, int | None, str | None, str | None]]:
        """Content hash -> (unit, year, hash of the prior file it was audited with, why none) of each
        file in the results; a file audited again (with another prior) counts with its latest row.
        `units=False` (a run without --prior, which needs no matching) leaves unit and year out and
        shares one value among the files audited without prior, so the driver holds little more than
        the hashes."""
        import pyarrow.parquet as pq

        plain: tuple[str | None, int | None, str | None, str | None] = (None, None, None, None)
        out: dict[str, tuple[str | None, int | None, str | None, str | None]] = {}
        for c in self.chunks:
            path = self.part("reports", c["chunk"])
            names = pq.read_schema(path).names
            wanted = ("hash", "unit", "year", "prior_hash", "prior_note") if units else ("hash", "prior_hash",
                                                                                        "prior_note")
            t = pq.read_table(path, columns=[n for n in wanted if n in names]).to_pydict()
            blank = [None] * len(t["hash"])
            for h, u, y, p, n in zip(t["hash"], t.get("unit", blank), t.get("year", blank),
                                     t.get("prior_hash", blank), t.get("prior_note", blank), strict=True):
                out[h] = plain if (u, y, p, n) == plain else (u, y, p, n)
        return out

    def part(self, table: str, chunk: str) -> Path:
        return part(self.root, table, chunk)

    def write_chunk(self, results: list[Result], again: bool = False) -> str:
        """Write one chunk's rows (three Parquet files, atomically) and append it to the manifest.

        `again`: the chunk holds files already in the results, done again (audited with another prior
        file); its manifest line says so, and readers then take each file's latest rows (query.connect)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.seq += 1
        chunk = f"{self.run}-{self.seq:06d}"
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for res in results:
            rep = dict(res["report"], kind=self.kind, chunk=chunk)
            rows["reports"].append(rep)
            key = {"path": rep["path"], "hash": rep["hash"]}
            rows["findings"].extend({**f, **key} for f in res.get("findings") or ())
            fig = res.get("figures")
            if fig:
                rows["figures"].append({**fig, **key, **{k: _money(fig.get(k)) for k in FIGURES}})
        schemas = _schemas()
        staged = []
        try:
            for t in TABLES:
                table = pa.Table.from_pylist(rows[t], schema=schemas[t])
                tmp = self.root / t / f".part-{chunk}.parquet.tmp"
                pq.write_table(table, tmp, compression="zstd")
                staged.append((tmp, self.part(t, chunk)))
            for tmp, final in staged:
                if final.exists():  # never replace a chunk already written (names are unique; this guards it)
                    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(final))
                os.replace(tmp, final)
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        entry: dict[str, Any] = {"chunk": chunk, "kind": self.kind, "files": len(results)}
        if again:
            entry["again"] = True
        with (self.root / MANIFEST).open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
            f.flush()
            os.fsync(f.fileno())
        self.chunks.append(entry)
        return chunk


def lock(root: Path) -> Any:
    """An exclusive lock on RESULTS/.lock held while the returned file is open; refuses a second writer."""
    f = (Path(root) / ".lock").open("a")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux / macOS: no lock
        return f
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise InputError(f"结果目录 {root} 正被另一个 juesuan 进程使用（批量审核或合并）；"
                         "请等它结束后再运行，或另选一个结果目录") from None
    return f


def part(root: Path, table: str, chunk: str) -> Path:
    return Path(root) / table / f"part-{chunk}.parquet"


def read_manifest(root: Path, kind: str = "", repair: bool = False) -> list[dict[str, Any]]:
    """The chunks written, in order.  `repair` drops a last line torn by a kill (its chunk is done
    again); `kind` refuses a directory holding the other command's results."""
    path = Path(root) / MANIFEST
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    if repair and text and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]
        path.write_text(text, encoding="utf-8")
    out = []
    seen: set[str] = set()
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if kind and entry.get("kind", kind) != kind:
            raise InputError(f"结果目录 {root} 存放的是 {entry['kind']} 的结果，不能用于 {kind}")
        if entry.get("chunk") in seen:  # a chunk listed twice (written by an older version): read it once
            continue
        seen.add(entry.get("chunk"))
        out.append(entry)
    return out


def parts(root: Path, table: str) -> list[Path]:
    """The part files of a table that the manifest lists (what a reader may read)."""
    return [part(root, table, c["chunk"]) for c in read_manifest(root)]
