"""The rule engine: a registry of rules (data + a small function) and the findings they yield.

A rule is declared with `@rule(id, title, severity, tables=..., profiles=...)` on a function
`(ctx: Context) -> Iterable[Result]`.  A result is pass, fail or not checked, with a location,
the figure found, the figure expected and the difference.  Identities are compared by interval
arithmetic on printed precision (amounts.py): a difference explained by rounding becomes an
info finding, never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from juesuan.core.amounts import Outcome, compare_equal, compare_sum, fmt_plain
from juesuan.core.model import FinalAccounts
from juesuan.domain.profiles import Profile, load_profile

SEVERITIES = ("error", "warning", "info")


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_CHECKED = "not_checked"


@dataclass
class Result:
    """One outcome of one rule at one place."""

    status: Status
    message: str = ""
    location: dict[str, Any] = field(default_factory=dict)
    found: Decimal | str | None = None
    expected: Decimal | str | None = None
    difference: Decimal | None = None
    severity: str | None = None  # overrides the rule's severity (e.g. info for 尾差)
    rounding: bool = False  # a difference within the rounding tolerance of the printed figures (尾差)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    family: str
    tables: tuple[str, ...]
    profiles: tuple[str, ...]  # empty = all profiles
    func: Callable[[Context], Iterable[Result]]
    doc: str = ""


@dataclass
class Finding:
    """A failed or unchecked rule result, as reported to users and machines."""

    rule: str
    title: str
    severity: str
    status: str
    message: str
    location: dict[str, Any]
    found: Decimal | str | None = None
    expected: Decimal | str | None = None
    difference: Decimal | None = None
    rounding: bool = False  # 尾差: explained by rounding, never an error

    def to_dict(self) -> dict[str, Any]:
        def s(x: Decimal | str | None) -> str | None:
            return None if x is None else fmt_plain(x) if isinstance(x, Decimal) else str(x)

        return {"rule": self.rule, "title": self.title, "severity": self.severity, "status": self.status,
                "message": self.message, "location": self.location, "found": s(self.found),
                "expected": s(self.expected), "difference": s(self.difference), "rounding": self.rounding}


@dataclass
class CheckReport:
    """All findings for one input, plus the count of passed checks."""

    profile: str
    findings: list[Finding] = field(default_factory=list)
    passed: int = 0
    extra_summary: dict[str, Any] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity and f.status == "fail")

    @property
    def not_checked(self) -> int:
        return sum(1 for f in self.findings if f.status == "not_checked")

    def summary(self) -> dict[str, Any]:
        return {"error": self.count("error"), "warning": self.count("warning"), "info": self.count("info"),
                "rounding": sum(1 for f in self.findings if f.rounding), "passed": self.passed, "not_checked": self.not_checked, **self.extra_summary}

    def worst(self) -> str | None:
        for sev in SEVERITIES:
            if self.count(sev):
                return sev
        return None

    def to_contract(self, source: str) -> dict[str, Any]:
        """The stable machine-readable object shared by `check` and `audit` (docs/contract.md)."""
        return {"source": source, "profile": self.profile, "summary": self.summary(),
                "findings": [f.to_dict() for f in self.findings]}


REGISTRY: dict[str, Rule] = {}


def rule(id: str, title: str, severity: str, *, family: str, tables: tuple[str, ...] = (),
         profiles: tuple[str, ...] = ()) -> Callable[[Callable[[Context], Iterable[Result]]],
                                                     Callable[[Context], Iterable[Result]]]:
    """Declare a rule.  The function's docstring becomes its description in docs/rules.md."""
    if severity not in SEVERITIES:
        raise ValueError(severity)

    def wrap(func: Callable[[Context], Iterable[Result]]) -> Callable[[Context], Iterable[Result]]:
        if id in REGISTRY:
            raise ValueError(f"duplicate rule id {id}")
        REGISTRY[id] = Rule(id, title, severity, family, tables, profiles, func, (func.__doc__ or "").strip())
        return func

    return wrap


@dataclass
class Context:
    """What a rule sees: the model, its profile and helpers that build locations and results."""

    model: FinalAccounts
    profile: Profile
    families: tuple[str, ...] | None = None  # the families this run includes (None: all)

    def runs(self, family: str) -> bool:
        """Whether rules of `family` take part in this run."""
        return self.families is None or family in self.families

    def loc(self, table: str, row: str | None = None, column: str | None = None, **extra: Any) -> dict[str, Any]:
        """Location of a table cell with its printed 行次 / 栏次 and labels."""
        layout = self.profile.tables.get(table)
        out: dict[str, Any] = {"table": table}
        if layout:
            out["table_title"] = layout.title
            out["table_number"] = layout.number
        if row is not None:
            out["row"] = row
            r = self.model.table(table).row(row)
            spec = layout.row_spec(row) if layout else None
            label = r.label if r and r.label else spec.label if spec else None
            if label:
                out["row_label"] = label
            line = (r.line if r else None) or (spec.line if spec else None)
            if line is not None:
                out["line"] = line
        if column is not None:
            out["column"] = column
            col = layout.column(column, row) if layout else None
            if col:
                out["column_label"] = col.label
                if col.number is not None:
                    out["column_no"] = col.number
        out.update(extra)
        return out

    def cell(self, table: str, row: str, column: str) -> Decimal | None:
        return self.model.table(table).value(row, column)

    def sum_check(self, total: Decimal | None, addends: list[Decimal | None], location: dict[str, Any],
                  what: str) -> Result:
        """Compare a printed total with its printed addends, rounding-aware."""
        outcome, diff = compare_sum(total, addends)
        found = total if total is not None else Decimal("0.00")
        expected = found - diff
        return _result(outcome, diff, found, expected, location, what, len(addends))

    def equal_check(self, found: Decimal | None, expected: Decimal | None, location: dict[str, Any],
                    what: str) -> Result:
        """Two printed copies of one figure must agree (within printed precision)."""
        outcome, diff = compare_equal(found, expected)
        f = found if found is not None else Decimal("0.00")
        e = expected if expected is not None else Decimal("0.00")
        return _result(outcome, diff, f, e, location, what, 1)


def _result(outcome: Outcome, diff: Decimal, found: Decimal, expected: Decimal,
            location: dict[str, Any], what: str, n: int) -> Result:
    if outcome is Outcome.EXACT:
        return Result(Status.PASS, location=location)
    if outcome is Outcome.ROUNDING:
        return Result(Status.FAIL, f"{what}：相差 {fmt_plain(diff)} 万元，在四舍五入尾差范围内（不是错误）",
                      location, found, expected, diff, severity="info", rounding=True)
    return Result(Status.FAIL, f"{what}：填列 {fmt_plain(found)}，应为 {fmt_plain(expected)}，相差 {fmt_plain(diff)}",
                  location, found, expected, diff)


def _load_rule_modules() -> None:
    from juesuan.rules import catalog, cross_tables, facts, narrative_build, performance, tables  # noqa: F401  (registers the rules)


def applicable(profile_id: str) -> list[Rule]:
    _load_rule_modules()
    return [r for r in REGISTRY.values() if not r.profiles or profile_id in r.profiles]


def run(model: FinalAccounts, *, overrides: dict[str, str] | None = None,
        families: tuple[str, ...] | None = None) -> CheckReport:
    """Run every applicable rule on the model and collect all findings (never the first only)."""
    profile = load_profile(model.profile)
    ctx = Context(model, profile, families)
    report = CheckReport(profile.id)
    for r in applicable(profile.id):
        if families is not None and r.family not in families:
            continue
        severity = (overrides or {}).get(r.id, r.severity)
        for res in _safe(r, ctx):
            if res.status is Status.PASS:
                report.passed += 1
                continue
            sev = res.severity if res.severity == "info" else severity
            report.findings.append(Finding(r.id, r.title, sev, res.status.value, res.message, res.location,
                                           res.found, res.expected, res.difference, res.rounding))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    report.findings.sort(key=lambda f: (f.status != "fail", order[f.severity]))
    return report


def _safe(r: Rule, ctx: Context) -> Iterator[Result]:
    """Run one rule; a crash becomes a not-checked result naming the rule, never a silent pass."""
    try:
        yield from r.func(ctx)
    except Exception as exc:  # noqa: BLE001 - reported, not swallowed
        yield Result(Status.NOT_CHECKED, f"规则执行出错，未能检查：{type(exc).__name__}: {exc}")
