"""Rules: every identity inside and across the tables, rounding-aware, the performance scores, the
codes and (audit) the published prose.  catalogue.yaml declares them; engine.run runs the families
it is told to (app/check.py and app/audit.py name theirs)."""

from __future__ import annotations

from juesuan.rules.engine import CheckReport, Finding, Rule, rules_of, run

__all__ = ["CheckReport", "Finding", "Rule", "rules_of", "run"]
