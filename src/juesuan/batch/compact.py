"""Compaction of a results directory: many small part files -> a few large ones, atomically.

A batch writes one part file per table per chunk (up to 25 files each), so 300,000 reports leave ~36,000
small Parquet files, slow to list and to open.  `compact(RESULTS)` merges runs of consecutive chunks
into chunks of about `files_per_part` reports:

1. each merged chunk's three files are written under temporary names and renamed into place (not yet in
   the manifest: a kill here leaves files the next opening removes);
2. the manifest is rewritten to a temporary file and renamed over `manifest.jsonl` (the one switch from
   the old parts to the new: a reader or a resumed run sees either all old or all new);
3. the old part files, no longer listed, are deleted (a kill here leaves files the next opening removes).

Rows are copied as they are (the `chunk` column of `reports` keeps the chunk the row was first written
in), so queries give the same answers and a resumed run skips the same files.  The directory's lock
keeps a batch from writing while it is compacted.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from juesuan.batch.store import MANIFEST, TABLES, ResultsStore, _schemas, part
from juesuan.core.errors import InputError

FILES_PER_PART = 5000  # reports per merged chunk
ROWS_PER_GROUP = 100_000  # rows per Parquet row group in a merged file


@dataclass
class CompactSummary:
    """What a compaction did: chunks and reports before and after."""

    chunks_before: int
    chunks_after: int
    reports: int
    merged: int  # chunks that were merged into bigger ones


def compact(root: Path, files_per_part: int = FILES_PER_PART) -> CompactSummary:
    """Merge consecutive small chunks of `root` into chunks of about `files_per_part` reports."""
    root = Path(root)
    if not (root / MANIFEST).exists():
        raise InputError(f"{root} 不是 juesuan 的结果目录（没有 {MANIFEST}）")
    if files_per_part < 2:
        raise InputError(f"每个合并文件的报告数应不小于 2，不能是 {files_per_part}")
    with ResultsStore(root, "") as store:  # the lock; drops a torn manifest line and unlisted files
        chunks = list(store.chunks)
        groups = plan(chunks, files_per_part)
        latest = _latest(root, chunks) if any(c.get("again") for c in chunks) else None
        merged: dict[str, dict[str, Any]] = {}  # first chunk of a group -> the merged entry
        old: list[str] = []
        for group in groups:
            if len(group) < 2:
                continue
            entry = merge(root, group, latest)
            merged[group[0]["chunk"]] = entry
            old += [c["chunk"] for c in group]
        if not merged:
            return CompactSummary(len(chunks), len(chunks), sum(c["files"] for c in chunks), 0)
        gone = set(old)
        new = [merged.get(c["chunk"], c) for c in chunks if c["chunk"] in merged or c["chunk"] not in gone]
        write_manifest(root, new)
        store.chunks = new
        for c in old:
            for t in TABLES:
                part(root, t, c).unlink(missing_ok=True)
    return CompactSummary(len(chunks), len(new), sum(c["files"] for c in new), len(old))


def plan(chunks: list[dict[str, Any]], files_per_part: int) -> list[list[dict[str, Any]]]:
    """Consecutive chunks grouped until a group holds `files_per_part` reports; a chunk already that
    large stays alone."""
    groups: list[list[dict[str, Any]]] = []
    cur: list[dict[str, Any]] = []
    size = 0
    for c in chunks:
        n = int(c.get("files", 0))
        if n >= files_per_part:
            groups += [cur, [c]] if cur else [[c]]
            cur, size = [], 0
            continue
        if cur and size + n > files_per_part:
            groups.append(cur)
            cur, size = [], 0
        cur.append(c)
        size += n
    if cur:
        groups.append(cur)
    return groups


def _latest(root: Path, chunks: list[dict[str, Any]]) -> dict[str, str]:
    """Content hash -> the last chunk holding its rows (a file done again has rows in several)."""
    import pyarrow.parquet as pq

    out: dict[str, str] = {}
    for c in chunks:
        for h in pq.read_table(part(root, "reports", c["chunk"]), columns=["hash"]).column(0).to_pylist():
            out[h] = c["chunk"]
    return out


def merge(root: Path, group: list[dict[str, Any]], latest: dict[str, str] | None = None) -> dict[str, Any]:
    """Write the group's rows as one new chunk (three files renamed into place); its manifest entry.
    With `latest`, rows a later chunk supersedes (a file done again) are left out."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}-c"
    schemas = _schemas()
    staged = []
    written = 0  # reports rows (fewer than the chunks' files when superseded rows are left out)
    try:
        for t in TABLES:
            tmp = root / t / f".part-{name}.parquet.tmp"
            staged.append((tmp, part(root, t, name)))
            with pq.ParquetWriter(tmp, schemas[t], compression="zstd") as w:
                buf: list[Any] = []
                rows = 0
                for c in group:
                    table = conform(pq.read_table(part(root, t, c["chunk"])), schemas[t])
                    if latest is not None:
                        table = _current(table, c["chunk"], latest)
                    if t == "reports":
                        written += table.num_rows
                    buf.append(table)
                    rows += table.num_rows
                    if rows >= ROWS_PER_GROUP:
                        w.write_table(pa.concat_tables(buf), row_group_size=ROWS_PER_GROUP)
                        buf, rows = [], 0
                if buf:
                    w.write_table(pa.concat_tables(buf), row_group_size=ROWS_PER_GROUP)
        for tmp, final in staged:
            os.replace(tmp, final)
    except BaseException:
        for tmp, final in staged:
            tmp.unlink(missing_ok=True)
            final.unlink(missing_ok=True)
        raise
    entry = {"chunk": name, "kind": group[0].get("kind", ""), "files": written, "merged": len(group)}
    if any(c.get("again") for c in group):
        entry["again"] = True
    return entry


def _current(table: Any, chunk: str, latest: dict[str, str]) -> Any:
    """The rows of `chunk` whose file has no later rows."""
    import pyarrow as pa

    keep = [latest.get(h) == chunk for h in table.column("hash").to_pylist()]
    return table.filter(pa.array(keep, type=pa.bool_()))


def conform(table: Any, schema: Any) -> Any:
    """`table` with exactly `schema`'s columns (a column missing from an older part file is blank)."""
    import pyarrow as pa

    cols = [table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
            for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def write_manifest(root: Path, entries: list[dict[str, Any]]) -> None:
    """Replace the manifest atomically (temporary file, fsync, rename, fsync of the directory)."""
    tmp = root / f".{MANIFEST}.tmp"
    with tmp.open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(e) + "\n" for e in entries)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / MANIFEST)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
