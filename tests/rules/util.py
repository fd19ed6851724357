"""Helpers for rule tests: run one rule, build units, change one cell."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache

from generator import generate
from juesuan.core.model import FinalAccounts, Row
from juesuan.domain.profiles import load_profile
from juesuan.rules import catalogue
from juesuan.rules.engine import Context, Finding, Status, rules_of

Cell = tuple[str, str, str]


def run_rule(model: FinalAccounts, rule_id: str) -> list[Finding]:
    """The failed and unchecked results of one rule, as findings (severity resolved like the engine)."""
    family = catalogue.load().rules[rule_id].family
    r = next(x for x in rules_of((family,)) if x.id == rule_id)
    ctx = Context(model, load_profile(model.profile), families=(r.family,), rule_id=rule_id)  # its family alone
    out = []
    for res in r.func(ctx):
        if res.status is Status.PASS:
            continue
        sev = res.severity if res.severity == "info" else r.severity
        out.append(Finding(r.id, r.title, sev, res.status.value, res.message, res.location,
                           res.found, res.expected, res.difference))
    return out


@cache
def _rich() -> FinalAccounts:
    return generate(0, exact=True, rich=True)


def rich_unit() -> FinalAccounts:
    """A consistent unit with every table, fund, source and “三公” item filled, in whole 100 元."""
    return copy.deepcopy(_rich())


def get(model: FinalAccounts, cell: Cell) -> Decimal | None:
    return model.table(cell[0]).value(cell[1], cell[2])


def put(model: FinalAccounts, cell: Cell, value: Decimal | None) -> None:
    row = model.tables[cell[0]].row(cell[1])
    if row is None:
        row = Row(cell[1], "")
        model.tables[cell[0]].rows.append(row)
    row.values[cell[2]] = value


def bump(model: FinalAccounts, cell: Cell, delta: Decimal) -> Decimal:
    """Add delta to a printed figure (a blank counts as 0.00); returns the new figure."""
    old = get(model, cell) or Decimal("0.00")
    put(model, cell, old + delta)
    return old + delta


def at(findings: list[Finding], cell: Cell) -> Finding:
    """The finding whose primary location is the cell."""
    hits = [f for f in findings if (f.location.get("table"), f.location.get("row"), f.location.get("column")) == cell]
    assert hits, f"no finding at {cell}: {[(f.location.get('table'), f.location.get('row'), f.location.get('column')) for f in findings]}"
    return hits[0]


def first_code(model: FinalAccounts, table: str, length: int) -> str:
    return next(r.key for r in model.table(table).rows if r.key.isdigit() and len(r.key) == length)


ONE = Decimal("1.00")


def assert_cell_rule(rule_id: str, pick, severity: str = "error") -> Finding:
    """Passing case: the consistent unit has no finding from the rule.  Failing case: one printed
    figure changed by 1.00 gives a finding of the rule at that cell, with found / expected / difference
    and the printed 行次 / 栏次 of the profile."""
    m = rich_unit()
    assert run_rule(m, rule_id) == []
    cell = pick(m) if callable(pick) else pick
    old = get(m, cell) or Decimal("0.00")
    new = bump(m, cell, ONE)
    f = at(run_rule(m, rule_id), cell)
    assert (f.rule, f.severity, f.status) == (rule_id, severity, "fail")
    assert (f.found, f.expected, f.difference) == (new, old, ONE)
    layout = load_profile(m.profile).tables[cell[0]]
    assert f.location["table_number"] == layout.number
    spec = layout.row_spec(cell[1])
    if spec is not None and spec.line is not None:
        assert f.location["line"] == spec.line
    col = layout.column(cell[2], cell[1])
    if col is not None and col.number is not None:
        assert f.location["column_no"] == col.number
    assert {"table": cell[0], "row": cell[1], "column": cell[2]} in f.location["terms"]
    return f
