"""Audit a published report: read it back (TXT / MD / DOCX / PDF / HTML), read its prose (claims →
binding → comparisons), apply the facts the prose states to the model, run every rule family on the
model, and hold the prose against the tables and against itself.

`audit_file(path, profile=None) -> CheckReport`; the report's summary carries
"claims": {"found", "bound", "checked", "unchecked": [...]} (the coverage line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juesuan.rules.engine import CheckReport, run

# the data families of `check` (not the wording one: a published text is not generated from inputs)
# and the three that read the published document
FAMILIES = ("tables", "cross_tables", "facts", "performance", "catalog", "narrative", "completeness", "document")
# the families that read the 决算 tables: they do not run on a document without any (a narrative published
# alone, a performance self-evaluation); CMP-011 says so once instead of one "not checked" per identity
TABLE_FAMILIES = ("tables", "cross_tables", "catalog")


def audit_file(path: Path | str, profile: str | None = None, prior: Path | str | None = None) -> CheckReport:
    """Audit one published report (against last year's report `prior`, when given).  Raises
    errors.InputError (a Chinese message) when either is unreadable or `prior` is not of the year before."""
    from juesuan.app.prior import check_year, read_prior
    from juesuan.formats.published.read import read_published

    published = read_published(Path(path), profile)
    last = None
    if prior is not None:
        last = read_prior(Path(prior))
        check_year(last, published.model.year)
    return audit_published(published, prior=last)


def read_prose(published: Any, prior: Any = None) -> Any:
    """The prose of a read report (prose.binding.ProseReading); the facts it states are applied to the
    report's model here, explicitly, where a figure the tables give is never overwritten.  With last
    year's report (prose.prior.PriorReport) the model's prior-year figures are its current ones, and the
    claims against the prior year are checked against them."""
    from juesuan.prose.binding import read_prose as bind_prose
    from juesuan.prose.facts import apply_facts

    if prior is not None:
        from juesuan.app.prior import fill_prior

        fill_prior(published.model, prior)
    prose = bind_prose(published.blocks, published.model, published.furniture, prior)
    apply_facts(prose.facts, published.model)
    return prose


def audit_published(published: Any, prose: Any = None, prior: Any = None) -> CheckReport:
    """Run the audit families on the model read from the tables and on the document's claims."""
    from juesuan.domain.profiles import load_profile
    from juesuan.rules.narrative import AuditContext

    if prose is None:
        prose = read_prose(published, prior)
    model = published.model
    ctx = AuditContext(model, load_profile(model.profile), claims=prose.claims, published=published, prose=prose)
    kind = getattr(published, "kind", "tables")
    families = FAMILIES if kind == "tables" else tuple(f for f in FAMILIES if f not in TABLE_FAMILIES)
    report = run(model, families, context=ctx)
    _add_pages(report, published)
    claims = [c for c in prose.claims if not c.context]  # context figures are not claims about the accounts
    report.extra_summary["claims"] = {
        "found": len(claims),
        "bound": sum(1 for c in claims if c.bound or c.checks),
        "checked": sum(1 for c in claims if c.checks),
        "unchecked": [_where(c) for c in claims if not c.checks],
        "context": [_where(c) for c in prose.claims if c.context],
    }
    report.extra_summary["profile_detected"] = published.detected_profile
    report.extra_summary["document_kind"] = kind  # formats/published/kind.py
    if published.script != "simplified":  # printed in 繁体字, read (and quoted) in simplified
        report.extra_summary["script"] = published.script
    if prior is not None:  # where this report's prior-year figures came from
        report.extra_summary["prior"] = {"source": prior.path, "year": prior.model.year}
    if published.pages is not None:
        report.extra_summary["pages"] = published.pages
    return report


def _where(c: Any) -> dict[str, Any]:
    return {"text": c.text, "sentence": c.sentence.text, **c.sentence.location,
            "section": " / ".join(c.sentence.section[-2:])}


def _add_pages(report: CheckReport, published: Any) -> None:
    """Give table findings the page (PDF) or line (text) where the row was read."""
    for f in report.findings:
        loc = f.location
        table = loc.get("table")
        if not table or "page" in loc:
            continue
        rows = published.table_locs.get(table, {})
        where = rows.get(loc.get("row", "")) or published.table_titles.get(table)
        if where is None:
            continue
        if where.page is not None:
            loc["page"] = where.page
        if where.line is not None:
            loc["source_line"] = where.line
