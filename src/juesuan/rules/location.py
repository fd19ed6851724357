"""Where a finding is: a typed `Location` (table cell, model field, page or sentence of a published
report).  It reads like a mapping (`loc.get("table")`, `loc["line"]`) so outputs can word it
(findings/wording.py), and `to_dict()` gives the JSON contract's object (docs/contract.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass(eq=False)
class Location(MutableMapping[str, Any]):
    """The named places of the contract; anything else a rule adds is kept in `extra`."""

    table: str | None = None  # T01 … T09
    table_number: str | None = None  # 公开01表
    table_title: str | None = None
    row: str | None = None  # row key or classification code
    row_label: str | None = None
    line: int | None = None  # printed 行次
    column: str | None = None
    column_label: str | None = None
    column_no: int | None = None  # printed 栏次
    terms: list[dict[str, str]] | None = None  # every cell of the identity
    related: dict[str, Any] | None = None
    section: str | None = None  # 情况说明 section
    field: str | None = None  # model field the finding is about
    page: int | None = None  # page of a published PDF / DOCX
    source_line: int | None = None  # line of a published text
    sentence: str | None = None  # quoted sentence of a published report
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, value: Mapping[str, Any] | None) -> Location:
        """A Location from a mapping (a Location is returned as it is)."""
        if isinstance(value, Location):
            return value
        loc = cls()
        for k, v in (value or {}).items():
            loc[k] = v
        return loc

    def __getitem__(self, key: str) -> Any:
        if key in _NAMED:
            value = getattr(self, key)
            if value is None:
                raise KeyError(key)
            return value
        return self.extra[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key in _NAMED:
            setattr(self, key, value)
        else:
            self.extra[key] = value

    def __delitem__(self, key: str) -> None:
        if key in _NAMED:
            if getattr(self, key) is None:
                raise KeyError(key)
            setattr(self, key, None)
        else:
            del self.extra[key]

    def __iter__(self) -> Iterator[str]:
        yield from (k for k in _NAMED if getattr(self, k) is not None)
        yield from self.extra

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.items())


_NAMED = tuple(f.name for f in dataclasses.fields(Location) if f.name != "extra")
