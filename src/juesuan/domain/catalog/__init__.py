"""Classification catalogues as data, one CSV per kind and edition (see catalog/README.md).

`functional-<year>.csv` (支出功能分类: 类 3 / 款 5 / 项 7 digits) and `economic-<year>.csv`
(部门预算支出经济分类: 类 3 / 款 5 digits), columns code,name,level.  A year without its own edition
uses the nearest earlier one (or the earliest).  Known renames between editions are in RENAMES.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
KINDS = ("functional", "economic")
CODE_LENGTHS = {"functional": (3, 5, 7), "economic": (3, 5)}
LEVELS = {3: "类", 5: "款", 7: "项"}

# Names that changed between editions: (kind, code) -> earlier names still seen in reports.
RENAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("functional", "207"): ("文化体育与传媒支出",),
    ("functional", "210"): ("医疗卫生与计划生育支出", "医疗卫生支出"),
    ("functional", "215"): ("资源勘探信息等支出", "资源勘探电力信息等支出"),
    ("functional", "220"): ("国土海洋气象等支出", "国土资源气象等支出"),
    ("functional", "20805"): ("行政事业单位离退休",),
}


def editions(kind: str) -> list[int]:
    """Edition years available for a kind, ascending."""
    years = []
    for p in HERE.glob(f"{kind}-*.csv"):
        m = re.fullmatch(rf"{kind}-(\d{{4}})", p.stem)
        if m:
            years.append(int(m.group(1)))
    return sorted(years)


def edition_for(kind: str, year: int | None) -> int | None:
    """The edition used for a report year: the latest one not after it, else the earliest."""
    years = editions(kind)
    if not years:
        return None
    if year is None:
        return years[-1]
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


@cache
def load(kind: str, edition: int) -> dict[str, str]:
    """code -> name for one edition (cached)."""
    if kind not in KINDS:
        raise ValueError(f"unknown catalogue kind: {kind}")
    path = HERE / f"{kind}-{edition}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(f)}


@cache
def lookup(kind: str, code: str, year: int | None = None) -> str | None:
    """The catalogue name of a code in the edition of `year`, or None when the code is not listed."""
    edition = edition_for(kind, year)
    if edition is None:
        return None
    return load(kind, edition).get(code)


def codes(kind: str, year: int | None = None, length: int | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs of an edition in catalogue order, optionally only codes of one length."""
    edition = edition_for(kind, year)
    if edition is None:
        return []
    return [(c, n) for c, n in load(kind, edition).items() if length is None or len(c) == length]


def is_well_formed(kind: str, code: str) -> bool:
    """A functional code has 3/5/7 digits, an economic one 3/5."""
    return code.isdigit() and len(code) in CODE_LENGTHS[kind]


def former_names(kind: str, code: str) -> tuple[str, ...]:
    return RENAMES.get((kind, code), ())
