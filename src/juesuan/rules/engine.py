"""The rule engine: run the rules of the families asked for and collect the findings they yield.

A rule is data in catalogue.yaml (id, title, severity, tables, message templates) plus a function
`(ctx: Context) -> Iterable[Result]` declared in its family's module with `@FAMILY.rule(id)`.
`run(model, families)` runs exactly the families named (rules.families lists their modules).  A result is pass, fail or not checked, with a location,
the figure found, the figure expected and the difference.  Identities are compared by interval
arithmetic on printed precision (amounts.py): a difference explained by rounding becomes an
info finding, never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from juesuan.core.amounts import Outcome, compare_equal, compare_sum, fmt_plain
from juesuan.core.model import FinalAccounts
from juesuan.domain.profiles import Profile, load_profile
from juesuan.rules import catalogue
from juesuan.rules.catalogue import SEVERITIES, RuleSpec
from juesuan.rules.location import Location

OFF = "off"  # a severity override that switches a rule off


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_CHECKED = "not_checked"


RuleFunc = Callable[["Context"], Iterable["Result"]]


@dataclass
class Result:
    """One outcome of one rule at one place."""

    status: Status
    message: str = ""
    location: Mapping[str, Any] = field(default_factory=dict)  # a Location, or a mapping of its keys
    found: Decimal | str | None = None
    expected: Decimal | str | None = None
    difference: Decimal | None = None
    severity: str | None = None  # overrides the rule's severity (e.g. info for 尾差)
    rounding: bool = False  # a difference within the rounding tolerance of the printed figures (尾差)


@dataclass(frozen=True)
class Rule:
    """A catalogue entry joined with its implementation."""

    spec: RuleSpec
    func: RuleFunc

    def __getattr__(self, name: str) -> Any:  # id, title, severity, family, tables … of the spec
        return getattr(self.spec, name)


@dataclass
class Finding:
    """A failed or unchecked rule result, as reported to users and machines."""

    rule: str
    title: str
    severity: str
    status: str
    message: str
    location: Location
    found: Decimal | str | None = None
    expected: Decimal | str | None = None
    difference: Decimal | None = None
    rounding: bool = False  # 尾差: explained by rounding, never an error

    def to_dict(self) -> dict[str, Any]:
        def s(x: Decimal | str | None) -> str | None:
            return None if x is None else fmt_plain(x) if isinstance(x, Decimal) else str(x)

        return {"rule": self.rule, "title": self.title, "severity": self.severity, "status": self.status,
                "message": self.message, "location": Location.of(self.location).to_dict(), "found": s(self.found),
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


class Family:
    """The implementations of one family of rules, keyed by rule id.

    A family module holds `FAMILY = Family("tables")` and decorates each rule function with
    `@FAMILY.rule("T01-001")`; title, severity, tables and wording are in catalogue.yaml.  Nothing
    is registered globally: `rules.families` lists the family modules and `run` is told which to run.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.funcs: dict[str, RuleFunc] = {}

    def rule(self, rule_id: str) -> Callable[[RuleFunc], RuleFunc]:
        def wrap(func: RuleFunc) -> RuleFunc:
            self.add(rule_id, func)
            return func

        return wrap

    def add(self, rule_id: str, func: RuleFunc) -> None:
        if rule_id in self.funcs:
            raise ValueError(f"duplicate rule id {rule_id}")
        self.funcs[rule_id] = func


@dataclass
class Context:
    """What a rule sees: the model, its profile and helpers that build locations and results."""

    model: FinalAccounts
    profile: Profile
    families: tuple[str, ...] = ()  # the families this run includes
    wording_gaps: Callable[[], list[Any]] | None = None  # what the generated wording lacks (app/check)
    rule_id: str = ""  # the rule being run (its message templates)

    def runs(self, family: str) -> bool:
        """Whether rules of `family` take part in this run."""
        return family in self.families

    def say(self, key: str, **args: Any) -> str:
        """The current rule's message `key` from the catalogue, filled in."""
        return catalogue.message(self.rule_id, key, **args)

    def loc(self, table: str, row: str | None = None, column: str | None = None, **extra: Any) -> Location:
        """Location of a table cell with its printed 行次 / 栏次 and labels."""
        layout = self.profile.tables.get(table)
        out = Location(table=table, column=column)
        if layout:
            out.table_title = layout.title
            out.table_number = layout.number
        if row is not None:
            out.row = row
            r = self.model.table(table).row(row)
            spec = layout.row_spec(row) if layout else None
            out.row_label = (r.label if r and r.label else spec.label if spec else None) or None
            out.line = (r.line if r else None) or (spec.line if spec else None)
        if column is not None:
            col = layout.column(column, row) if layout else None
            if col:
                out.column_label = col.label
                out.column_no = col.number
        for k, v in extra.items():
            out[k] = v
        return out

    def cell(self, table: str, row: str, column: str) -> Decimal | None:
        return self.model.table(table).value(row, column)

    def sum_check(self, total: Decimal | None, addends: list[Decimal | None], location: Mapping[str, Any],
                  what: str) -> Result:
        """Compare a printed total with its printed addends, rounding-aware."""
        outcome, diff = compare_sum(total, addends)
        found = total if total is not None else Decimal("0.00")
        expected = found - diff
        return _result(outcome, diff, found, expected, location, what, len(addends))

    def equal_check(self, found: Decimal | None, expected: Decimal | None, location: Mapping[str, Any],
                    what: str) -> Result:
        """Two printed copies of one figure must agree (within printed precision)."""
        outcome, diff = compare_equal(found, expected)
        f = found if found is not None else Decimal("0.00")
        e = expected if expected is not None else Decimal("0.00")
        return _result(outcome, diff, f, e, location, what, 1)


def _result(outcome: Outcome, diff: Decimal, found: Decimal, expected: Decimal,
            location: Mapping[str, Any], what: str, n: int) -> Result:
    if outcome is Outcome.EXACT:
        return Result(Status.PASS, location=location)
    if outcome is Outcome.ROUNDING:
        return Result(Status.FAIL, catalogue.phrase("sum_rounding", what=what, difference=fmt_plain(diff)),
                      location, found, expected, diff, severity="info", rounding=True)
    return Result(Status.FAIL, catalogue.phrase("sum_mismatch", what=what, found=fmt_plain(found),
                                                expected=fmt_plain(expected), difference=fmt_plain(diff)),
                  location, found, expected, diff)


def rules_of(families: tuple[str, ...] | list[str], profile_id: str | None = None) -> list[Rule]:
    """The rules of these families (applicable to the profile, when given), in catalogue order."""
    from juesuan.rules.families import all_families

    impl = all_families()
    out = []
    for spec in catalogue.load().of(families):
        if profile_id is not None and not spec.applies_to(profile_id):
            continue
        out.append(Rule(spec, impl[spec.family].funcs[spec.id]))
    return out


def run(model: FinalAccounts, families: tuple[str, ...] | list[str], *, overrides: dict[str, str] | None = None,
        context: Context | None = None) -> CheckReport:
    """Run the rules of `families` on the model and collect all findings (never the first only).

    `overrides` maps a rule id to a deployment's severity; `off` leaves the rule out.  A result's own
    info (尾差) stays info; other results take the override, else their own severity, else the rule's.
    """
    families = tuple(families)
    profile = load_profile(model.profile)
    ctx = context if context is not None else Context(model, profile)
    ctx.families = families
    report = CheckReport(profile.id)
    overrides = overrides or {}
    for r in rules_of(families, profile.id):
        override = overrides.get(r.id)
        if override == OFF:
            continue
        ctx.rule_id = r.id
        for res in _safe(r, ctx):
            if res.status is Status.PASS:
                report.passed += 1
                continue
            sev = "info" if res.severity == "info" else override or res.severity or r.severity
            report.findings.append(Finding(r.id, r.title, sev, res.status.value, res.message,
                                           Location.of(res.location), res.found, res.expected, res.difference,
                                           res.rounding))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    report.findings.sort(key=lambda f: (f.status != "fail", order[f.severity]))
    return report


def _safe(r: Rule, ctx: Context) -> Iterator[Result]:
    """Run one rule; a crash becomes a not-checked result naming the rule, never a silent pass."""
    try:
        yield from r.func(ctx)
    except Exception as exc:  # noqa: BLE001 - reported, not swallowed
        yield Result(Status.NOT_CHECKED, catalogue.phrase("crashed", error=f"{type(exc).__name__}: {exc}"))
