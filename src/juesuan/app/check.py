"""Check a unit's data: the use case behind `juesuan check`, the build gate and the portal.

`run_checks(model, overrides)` runs the check families on the model, with what the generated
wording lacks (report.missing_inputs) handed to the wording family.
"""

from __future__ import annotations

from juesuan.core.model import FinalAccounts
from juesuan.rules.engine import CheckReport, Context, run

FAMILIES = ("tables", "cross_tables", "facts", "performance", "wording", "catalog")


def run_checks(model: FinalAccounts, overrides: dict[str, str] | None = None) -> CheckReport:
    """Every check rule of the model's profile; `overrides` maps rule id to a deployment's severity
    (error / warning / info / off)."""
    from juesuan.domain.profiles import load_profile
    from juesuan.report import missing_inputs

    profile = load_profile(model.profile)
    ctx = Context(model, profile, wording_gaps=lambda: missing_inputs(model, profile.id))
    return run(model, FAMILIES, overrides=overrides, context=ctx)
