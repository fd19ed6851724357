"""`audit --prior LAST_YEAR`: last year's report (published TXT / DOCX / PDF / HTML, or a workbook /
YAML / JSON such as `audit --export` writes) read with the same readers; its current-year figures
become this report's prior-year figures (`FinalAccounts.prior`) and the prose's claims against the
prior year are checked against them (prose/prior.py).  Only tables read confidently count: a table
the reader set aside (its own identities fail) is not in the model, so its figures stay unknown.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.core.errors import InputError
from juesuan.core.model import FinalAccounts
from juesuan.prose.prior import PriorReport

PUBLISHED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")

# FinalAccounts.prior field -> (table, row, column) of last year's report that gives it
_CELLS = {
    "income_grand_total": ("T01", "income_grand_total", "amount"),
    "expenditure_grand_total": ("T01", "expenditure_grand_total", "amount"),
    "appropriation_grand_total": ("T04", "income_grand_total", "amount"),
    "general_budget_expenditure": ("T05", "total", "total"),
    "three_public_actual": ("T09", "actual", "total"),
    "meeting_actual": ("T09", "actual", "meeting"),
    "training_actual": ("T09", "actual", "training"),
}


def read_prior(path: Path) -> PriorReport:
    """Read last year's report (InputError, in Chinese, when it cannot be read)."""
    return PriorReport(_read(path), path.name, str(path))


def check_year(prior: PriorReport, year: int) -> None:
    """InputError (Chinese, naming the file and both years) unless last year's report is of `year` − 1."""
    from juesuan.rules.catalogue import phrase

    last = prior.model.year
    if last != year - 1:
        said = phrase("prior_year_said", year=last) if last else phrase("prior_year_unknown")
        raise InputError(phrase("prior_wrong_year", path=prior.path, said=said, year=year, want=year - 1))


def _read(path: Path) -> FinalAccounts:
    if path.suffix.lower() in PUBLISHED_SUFFIXES:
        from juesuan.app.audit import read_prose
        from juesuan.formats.published.read import read_published

        published = read_published(path)
        read_prose(published)  # the facts its prose states (机关运行经费) join its model
        return published.model
    from juesuan.formats import read_input

    return read_input(path)


def prior_figures(last: FinalAccounts) -> dict[str, Decimal]:
    """Last year's current-year figures, by the `FinalAccounts.prior` field they fill."""
    out: dict[str, Decimal] = {}
    for name, (tid, row, col) in _CELLS.items():
        table = last.tables.get(tid)
        value = table.value(row, col) if table is not None else None
        if value is not None:
            out[name] = value
    if last.agency_running_costs.actual is not None:
        out["agency_running_costs"] = last.agency_running_costs.actual
    return out


def fill_prior(model: FinalAccounts, prior: PriorReport) -> None:
    """Fill this year's `prior` fields from last year's report (what the report implies is not used)."""
    for name, value in prior_figures(prior.model).items():
        setattr(model.prior, name, value)
