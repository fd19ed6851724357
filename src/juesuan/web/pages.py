"""Jinja2 environment of the portal (autoescaping everywhere) and page rendering helpers."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from juesuan.core.amounts import fmt_amount
from juesuan.core.model import FinalAccounts
from juesuan.findings.wording import severity_names
from juesuan.store.models import ROLE_NAMES, STATUS_NAMES

SEVERITY_NAMES = {**severity_names(), "notchecked": "未能检查"}


@cache
def env() -> Environment:
    e = Environment(loader=PackageLoader("juesuan.web", "templates"),
                    autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                    lstrip_blocks=True)
    e.globals.update(STATUS_NAMES=STATUS_NAMES, ROLE_NAMES=ROLE_NAMES, SEVERITY_NAMES=SEVERITY_NAMES)
    from juesuan.web.grid import cell_id

    e.globals["cell_id"] = cell_id
    e.filters["amount"] = fmt_amount
    e.filters["dt"] = lambda d: d.strftime("%Y-%m-%d %H:%M") if d else ""
    return e


def render(name: str, **ctx: Any) -> str:
    return env().get_template(name).render(**ctx)


def render_fallback_report(model: FinalAccounts, notice: str = "") -> str:
    """The report as a plain page of tables, used only while the HTML writer is not installed."""
    from juesuan.web.grid import build_grids

    return render("report_fallback.html", model=model, grids=build_grids(model), notice=notice)
