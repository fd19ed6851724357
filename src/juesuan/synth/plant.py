"""Planted errors for a synthetic corpus: `plant(model, rng) -> list[Planted]`.

Model-level errors: change one printed figure of the model so that an identity the rules know breaks,
and say where and what (the ground truth).  Used for units written as workbooks, data or PDF / XLSX
reports, where the same error must appear in every format; units written only as text reports take
juesuan.mutate's text-level kinds instead (corpus.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from juesuan.core.model import FinalAccounts


@dataclass
class Planted:
    """One planted error: the kind, where (table, row, column), the printed figure and the right one."""

    kind: str
    location: dict[str, str]
    found: str
    expected: str

    def to_json(self, file: str) -> dict[str, Any]:
        return {"file": file, **asdict(self)}


def _cells(model: FinalAccounts, table: str, keys: Callable[[str], bool]) -> list[tuple[str, str, Decimal]]:
    t = model.tables.get(table)
    if t is None:
        return []
    return [(r.key, c, v) for r in t.rows if keys(r.key) for c, v in r.values.items() if v]


def _shift(rng: random.Random, value: Decimal) -> Decimal:
    """A wrong figure: a typed digit off, never within the rounding tolerance."""
    delta = Decimal(rng.choice((1, 2, 5, 9))) * Decimal(10) ** rng.randint(0, 2)
    return value + delta if rng.random() < 0.5 or value - delta <= 0 else value - delta


def _set(model: FinalAccounts, table: str, key: str, col: str, value: Decimal) -> None:
    row = model.tables[table].row(key)
    assert row is not None
    row.values[col] = value


KINDS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "item_cell": ("T05", lambda k: len(k) == 7),  # a 项 of 一般公共预算支出: its 款/类 no longer add up
    "class_total": ("T03", lambda k: len(k) == 3),  # a 类 of 支出决算表 disagrees with its 款
    "grand_total": ("T01", lambda k: k in ("income_total", "expenditure_total")),  # 收入/支出合计
    "basic_detail": ("T06", lambda k: len(k) == 5),  # an economic 款 of 基本支出
    "three_public": ("T09", lambda k: k == "actual"),  # a “三公” figure
}


def plant_model_error(model: FinalAccounts, rng: random.Random) -> list[Planted]:
    """Change one printed figure of a kind drawn at random; [] when the unit has no such figure."""
    order = list(KINDS)
    rng.shuffle(order)
    for kind in order:
        table, keys = KINDS[kind]
        cells = _cells(model, table, keys)
        if not cells:
            continue
        key, col, value = rng.choice(cells)
        wrong = _shift(rng, value)
        _set(model, table, key, col, wrong)
        return [Planted(kind, {"table": table, "row": key, "column": col}, str(wrong), str(value))]
    return []


def planter() -> Callable[[FinalAccounts, random.Random], list[Planted]]:
    """The model-level planting function."""
    return plant_model_error
