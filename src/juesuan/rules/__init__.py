"""Rules: every identity inside and across the tables, rounding-aware, and the performance scores."""

from __future__ import annotations

from juesuan.core.model import FinalAccounts
from juesuan.rules.engine import REGISTRY, CheckReport, Finding, Rule, applicable, run


def run_checks(model: FinalAccounts, overrides: dict[str, str] | None = None) -> CheckReport:
    """Run all rules of the model's profile; `overrides` maps rule id to a deployment's severity."""
    return run(model, overrides=overrides)


__all__ = ["REGISTRY", "CheckReport", "Finding", "Rule", "applicable", "run", "run_checks"]
