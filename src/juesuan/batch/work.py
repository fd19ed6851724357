"""One file of a batch -> its rows: `process(path, kind, profile) -> Result` (never raises).

`kind` is "audit" (a published report) or "check" (a workbook / YAML / JSON).  The report row holds
the counts by severity, the claims coverage, pages and seconds; the findings rows the contract's
fields (amounts as decimal strings); the figures row the key figures read (totals, 基本/项目, 三公 by
item, 会议费, 培训费, 机关运行经费) as Decimal.  An unreadable file gives a report row with status
"unreadable" and its reason, and no other rows.
"""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

Result = dict[str, Any]  # {"report": row, "findings": [rows], "figures": row | None}

FIGURES = ("income_total", "expenditure_total", "grand_total", "appropriation_total", "basic", "project",
           "general_budget", "personnel", "public", "three_public_budget", "three_public", "overseas",
           "vehicle_purchase", "vehicle_operation", "reception", "meeting", "training", "agency_running_costs",
           "prior_three_public", "prior_grand_total")
_REGION = re.compile(r"^(.{2,9}?(?:省|自治区|市))(?:(.{1,6}?(?:区|县|市|旗)))?")


def region(unit: str | None) -> str | None:
    """The place a unit's name starts with (陕西省 / 榆林市 / 榆林市神木市), or None."""
    m = _REGION.match(unit or "")
    return None if m is None else m.group(0)


def process(path: Path | str, kind: str, profile: str | None = None, prior: str | None = None) -> Result:
    """Audit or check one file; an error of any kind becomes an unreadable row.

    `kind` "prior" reads a file of last year's reports for the prior index ({"prior": entry}); `prior`
    (audit) is the path of the run's prior index (batch/prior.py): the report is audited with its unit's
    report of the year before, and its row says which file that was, or why there was none.
    """
    from juesuan.core.errors import JuesuanError

    path = Path(path)
    if kind == "prior":
        return {"prior": prior_entry(path)}
    t0 = time.perf_counter()
    used: dict[str, Any] = {"prior": None, "prior_hash": None, "prior_note": None}
    try:
        report, model, pages = _audit(path, profile, prior, used) if kind == "audit" else _check(path, profile)
    except JuesuanError as exc:
        return unreadable(path, str(exc), time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
        return unreadable(path, f"文件 {path}：无法读取（{type(exc).__name__}: {exc}）", time.perf_counter() - t0)
    seconds = time.perf_counter() - t0
    s = report.summary()
    claims = s.get("claims", {})
    unit = model.unit.name or None
    row = {"path": str(path), "status": "ok", "error": None, "unit": unit, "year": model.year,
           "profile": report.profile, "region": region(unit), "pages": pages,
           "errors": s["error"], "warnings": s["warning"], "infos": s["info"], "rounding": s.get("rounding", 0),
           "passed": s["passed"], "not_checked": s["not_checked"], "claims_found": claims.get("found"),
           "claims_bound": claims.get("bound"), "claims_checked": claims.get("checked"), "seconds": seconds, **used}
    findings = [_finding(f.to_dict()) for f in report.findings]
    figures = {"path": str(path), "unit": unit, "year": model.year, "region": row["region"], **figures_of(model)}
    return {"report": row, "findings": findings, "figures": figures}


def unreadable(path: Path | str, message: str, seconds: float = 0.0) -> Result:
    row = {"path": str(path), "status": "unreadable", "error": message, "unit": None, "year": None,
           "profile": None, "region": None, "pages": None, "errors": None, "warnings": None, "infos": None,
           "rounding": None, "passed": None, "not_checked": None, "claims_found": None, "claims_bound": None,
           "claims_checked": None, "seconds": seconds, "prior": None, "prior_hash": None, "prior_note": None}
    return {"report": row, "findings": [], "figures": None}


def prior_entry(path: Path) -> dict[str, Any]:
    """A file of last year's reports for the prior index: its unit, year and key figures (what it would
    give as prior-year figures, app.prior.prior_figures), or why it cannot be read."""
    from juesuan.app.prior import prior_figures, read_prior
    from juesuan.core.errors import JuesuanError

    try:
        model = read_prior(path).model
        figures = {k: str(v) for k, v in sorted(prior_figures(model).items())}
    except JuesuanError as exc:
        return {"path": str(path), "unit": None, "year": None, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
        return {"path": str(path), "unit": None, "year": None,
                "error": f"{path}: {type(exc).__name__}: {exc}"}
    return {"path": str(path), "unit": model.unit.name or None, "year": model.year, "error": None,
            "figures": figures}


def _audit(path: Path, profile: str | None, prior_index: str | None = None,
           used: dict[str, Any] | None = None) -> tuple[Any, Any, int | None]:
    from juesuan.app.audit import audit_published
    from juesuan.formats.published.read import read_published

    published = read_published(path, profile)
    last = None
    if prior_index is not None and used is not None:
        last = _prior_for(published.model, prior_index, used)
    return audit_published(published, prior=last), published.model, published.pages


def _prior_for(model: Any, index_path: str, used: dict[str, Any]) -> Any:
    """Last year's report of the model's unit from the index (None, the reason in `used`, when none)."""
    from juesuan.app.prior import check_year, read_prior
    from juesuan.batch.prior import open_index
    from juesuan.core.errors import JuesuanError
    from juesuan.rules.catalogue import phrase

    m = open_index(index_path).match(model.unit.name, model.year)
    used.update(prior_hash=m.hash, prior_note=m.note)
    if m.path is None:
        return None
    try:
        last = read_prior(Path(m.path))
        check_year(last, model.year)
    except (JuesuanError, OSError) as exc:
        used["prior_note"] = phrase("batch_prior_unreadable", path=m.path, error=exc)
        return None
    used["prior"] = m.path
    return last


def _check(path: Path, profile: str | None) -> tuple[Any, Any, int | None]:
    from juesuan.app.check import run_checks
    from juesuan.formats import read_input

    model = read_input(path)
    if profile:
        from juesuan.domain.profiles import load_profile

        load_profile(profile)
        model.profile = profile
    return run_checks(model), model, None


def _finding(d: dict[str, Any]) -> dict[str, Any]:
    loc = d.get("location") or {}
    return {"rule": d["rule"], "title": d["title"], "severity": d["severity"], "status": d["status"],
            "message": d["message"], "table": _s(loc.get("table")), "row": _s(loc.get("row")),
            "column": _s(loc.get("column")), "page": loc.get("page") if isinstance(loc.get("page"), int) else None,
            "sentence": _s(loc.get("sentence")), "location": json.dumps(loc, ensure_ascii=False, default=str),
            "found": d.get("found"), "expected": d.get("expected"), "difference": d.get("difference"),
            "rounding": bool(d.get("rounding"))}


def _s(x: Any) -> str | None:
    return None if x is None else str(x)


def figures_of(model: Any) -> dict[str, Decimal | None]:
    """The key figures of a model, blank (None) where the tables do not give them."""
    from juesuan import derive

    def t(table: str, key: str, col: str) -> Decimal | None:
        return model.tables[table].value(key, col) if table in model.tables else None

    def tp(row: str, col: str) -> Decimal | None:
        return t("T09", row, col)

    return {
        "income_total": t("T01", "income_total", "amount"),
        "expenditure_total": t("T01", "expenditure_total", "amount"),
        "grand_total": t("T01", "income_grand_total", "amount"),
        "appropriation_total": derive.appropriation_grand_total(model) if "T04" in model.tables else None,
        "basic": t("T03", "total", "basic"), "project": t("T03", "total", "project"),
        "general_budget": t("T05", "total", "total"),
        "personnel": t("T06", "personnel_total", "amount"), "public": t("T06", "public_total", "amount"),
        "three_public_budget": tp("budget", "total"), "three_public": tp("actual", "total"),
        "overseas": tp("actual", "overseas"), "vehicle_purchase": tp("actual", "vehicle_purchase"),
        "vehicle_operation": tp("actual", "vehicle_operation"), "reception": tp("actual", "reception"),
        "meeting": tp("actual", "meeting"), "training": tp("actual", "training"),
        "agency_running_costs": model.agency_running_costs.actual,
        "prior_three_public": model.prior.three_public_actual,
        "prior_grand_total": model.prior.expenditure_grand_total,
    }
