"""`juesuan query RESULTS "SQL"`: DuckDB over a results directory's tables (reports, findings, figures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juesuan.batch.store import MANIFEST, TABLES, _schemas, part, read_manifest
from juesuan.core.errors import InputError


def connect(results: Path) -> Any:
    """A DuckDB connection with views `reports`, `findings`, `figures` over the manifest's part files.

    When a file was done again in a later chunk (the manifest says `again`), only the rows of its
    latest chunk are in the views.
    """
    import duckdb

    if not (Path(results) / MANIFEST).exists():
        raise InputError(f"{results} 不是 juesuan 的结果目录（没有 {MANIFEST}）；先运行 juesuan audit … --results {results}")
    con = duckdb.connect()
    schemas = _schemas()
    chunks = read_manifest(results)
    if not chunks:
        for t in TABLES:
            con.register(f"_{t}_empty", schemas[t].empty_table())
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM _{t}_empty")
        return con
    files = {t: [str(part(results, t, c["chunk"])) for c in chunks] for t in TABLES}
    if not any(c.get("again") for c in chunks):
        for t in TABLES:
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet({files[t]!r}, union_by_name = true)")
        return con
    import pyarrow as pa

    con.register("_order", pa.table({"seq": list(range(len(chunks))), **files}))
    for t in TABLES:
        con.execute(f"CREATE VIEW _{t}_all AS SELECT x.*, o.seq AS _seq FROM "
                    f"read_parquet({files[t]!r}, union_by_name = true, filename = true) x "
                    f"JOIN _order o ON x.filename = o.{t}")
    con.execute("CREATE VIEW _latest AS SELECT hash, max(_seq) AS _seq FROM _reports_all GROUP BY hash")
    for t in TABLES:
        con.execute(f"CREATE VIEW {t} AS SELECT x.* EXCLUDE (filename, _seq) FROM _{t}_all x "
                    "SEMI JOIN _latest l ON x.hash = l.hash AND x._seq = l._seq")
    return con


def run_query(results: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows) of `sql`; a DuckDB error becomes an InputError with its message."""
    import duckdb

    con = connect(results)
    try:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description or []]
        return cols, cur.fetchall()
    except duckdb.Error as exc:
        raise InputError(f"查询出错：{exc}") from None
    finally:
        con.close()
