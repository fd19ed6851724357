"""`juesuan query RESULTS "SQL"`: DuckDB over a results directory's tables (reports, findings, figures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juesuan.batch.store import MANIFEST, TABLES, _schemas, parts
from juesuan.core.errors import InputError


def connect(results: Path) -> Any:
    """A DuckDB connection with views `reports`, `findings`, `figures` over the manifest's part files."""
    import duckdb

    if not (Path(results) / MANIFEST).exists():
        raise InputError(f"{results} 不是 juesuan 的结果目录（没有 {MANIFEST}）；先运行 juesuan audit … --results {results}")
    con = duckdb.connect()
    schemas = _schemas()
    for t in TABLES:
        files = [str(p) for p in parts(results, t)]
        if files:
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet({files!r})")
        else:
            empty = schemas[t].empty_table()
            con.register(f"_{t}_empty", empty)
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM _{t}_empty")
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
