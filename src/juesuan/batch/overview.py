"""The batch HTML overview (findings/html.py's report) from a results directory's tables.

Up to DETAILED reports (those with the most errors, then warnings) get their findings in full; the
table at the top lists every report.  Past that the Parquet tables and `juesuan query` are the way in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from juesuan.batch.query import connect
from juesuan.core.fileio import write_text_atomically

DETAILED = 300


def contracts(results: Path, detailed: int = DETAILED) -> list[dict[str, Any]]:
    """Contract-shaped objects (docs/contract.md) for the overview, findings only for the top reports."""
    con = connect(results)
    try:
        reps = con.execute("SELECT path, status, error, profile, errors, warnings, infos, rounding, passed, "
                           "not_checked, claims_found, claims_bound, claims_checked, pages FROM reports "
                           "ORDER BY status DESC, errors DESC NULLS LAST, warnings DESC NULLS LAST, path").fetchall()
        top = [r[0] for r in reps if r[1] == "ok"][:detailed]
        by_path: dict[str, list[dict[str, Any]]] = {p: [] for p in top}
        if top:
            con.register("_top", _paths_table(top))
            for row in con.execute("SELECT f.path, rule, title, severity, status, message, location, found, expected, "
                                   "difference, rounding FROM findings f JOIN _top USING (path)").fetchall():
                by_path[row[0]].append({"rule": row[1], "title": row[2], "severity": row[3], "status": row[4],
                                        "message": row[5], "location": json.loads(row[6] or "{}"), "found": row[7],
                                        "expected": row[8], "difference": row[9], "rounding": row[10]})
    finally:
        con.close()
    out = []
    for r in reps:
        if r[1] != "ok":
            out.append({"source": r[0], "error": r[2]})
            continue
        s = {"error": r[4], "warning": r[5], "info": r[6], "rounding": r[7], "passed": r[8], "not_checked": r[9],
             "claims": {"found": r[10] or 0, "bound": r[11] or 0, "checked": r[12] or 0}}
        if r[0] not in by_path:
            s["claims"] = {}
        out.append({"source": r[0], "profile": r[3], "summary": s, "findings": by_path.get(r[0], [])})
    return out


def _paths_table(paths: list[str]) -> Any:
    import pyarrow as pa

    return pa.table({"path": paths})


def write_overview(results: Path, out: Path, detailed: int = DETAILED) -> int:
    """Write the HTML overview to `out`; return the number of reports listed."""
    from juesuan.findings.html import render

    objs = contracts(results, detailed)
    write_text_atomically(out, render(objs))
    return len(objs)
