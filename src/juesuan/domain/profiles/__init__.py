"""Regional profiles: table titles, layouts, 行次/栏次, order and wording, as data (one YAML each)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from juesuan.core.errors import InputError
from juesuan.domain import catalog

HERE = Path(__file__).parent
DEFAULT_PROFILE = "shaanxi-2024"

# The 类 of the 支出功能分类 (code, name) as T01/T04 print them: the catalogue's (domain/catalog/*.csv)
FUNCTION_CLASSES: tuple[tuple[str, str], ...] = tuple(catalog.codes("functional", None, 3))

_CN = "一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 26 -> 二十六."""
    if n < 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN[tens - 1]
    return head + "十" + (_CN[ones - 1] if ones else "")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    number: int | None = None  # 栏次


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    line: int | None = None  # 行次


@dataclass(frozen=True)
class Side:
    columns: tuple[Column, ...]
    rows: tuple[RowSpec, ...]


@dataclass(frozen=True)
class TableLayout:
    """How one disclosure table is printed in a profile."""

    id: str
    number: str  # 公开01表
    title: str
    aliases: tuple[str, ...]
    layout: str  # two_sided | classified | economic | matrix
    note: str
    header: tuple[tuple[dict[str, Any], ...], ...] = ()
    columns: tuple[Column, ...] = ()  # classified / economic / matrix
    left: Side | None = None  # two_sided
    right: Side | None = None
    rows: tuple[RowSpec, ...] = ()  # matrix
    blocks: tuple[tuple[str, ...], ...] = ()  # economic
    footer: tuple[RowSpec, ...] = ()  # economic
    orientation: str = "rows"  # matrix: "columns" prints 预算数/决算数 as column pairs (Shanghai)

    def all_columns(self) -> tuple[Column, ...]:
        if self.layout == "two_sided":
            assert self.left and self.right
            return self.left.columns + self.right.columns
        return self.columns

    def column(self, key: str, row_key: str | None = None) -> Column | None:
        """The column printed for `key` (for two-sided tables, on the side holding `row_key`)."""
        if self.layout == "two_sided" and self.left and self.right:
            sides = [self.left, self.right]
            if row_key is not None:
                sides.sort(key=lambda s: not any(r.key == row_key for r in s.rows))
            for side in sides:
                for c in side.columns:
                    if c.key == key:
                        return c
            return None
        return next((c for c in self.columns if c.key == key), None)

    def row_spec(self, key: str) -> RowSpec | None:
        return self._row_specs.get(key)

    @cached_property
    def _row_specs(self) -> dict[str, RowSpec]:
        pools: list[tuple[RowSpec, ...]] = [self.rows, self.footer]
        if self.left and self.right:
            pools += [self.left.rows, self.right.rows]
        out: dict[str, RowSpec] = {}
        for pool in pools:
            for r in pool:
                out.setdefault(r.key, r)
        return out

    @property
    def all_titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    region: str
    year: int
    tables: dict[str, TableLayout]
    table_order: tuple[str, ...]
    personnel_classes: tuple[str, ...]
    public_classes: tuple[str, ...]
    header_lines: tuple[dict[str, str], ...] = ()
    three_public_includes_meeting_training: bool = True
    empty_table_reason: str = "本单位不涉及故公开空表"
    thousands_separator: bool = False  # table amounts printed 1,234.56 (the tables only, never the prose)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def table(self, table_id: str) -> TableLayout:
        return self.tables[table_id]

    def ordered_tables(self) -> list[TableLayout]:
        return [self.tables[t] for t in self.table_order]


def _side(data: dict[str, Any]) -> Side:
    rows: list[RowSpec] = []
    for r in data["rows"]:
        if r.get("classes") == "function":
            first = int(r["first_line"])
            rows += [RowSpec(code, f"{cn_ordinal(i + 1)}、{name}", first + i)
                     for i, (code, name) in enumerate(FUNCTION_CLASSES)]
        else:
            rows.append(RowSpec(str(r["key"]), str(r.get("label", "")), r.get("line")))
    return Side(tuple(Column(**c) for c in data["columns"]), tuple(rows))


def _layout(d: dict[str, Any]) -> TableLayout:
    return TableLayout(
        id=d["id"], number=d.get("number", ""), title=d["title"], aliases=tuple(d.get("aliases", ())),
        layout=d["layout"], note=d.get("note", ""), orientation=str(d.get("orientation") or "rows"),
        header=tuple(tuple(cell for cell in row) for row in d.get("header", ())),
        columns=tuple(Column(**c) for c in d.get("columns", ())),
        left=_side(d["left"]) if "left" in d else None,
        right=_side(d["right"]) if "right" in d else None,
        rows=tuple(RowSpec(str(r["key"]), r.get("label", ""), r.get("line")) for r in d.get("rows", ())),
        blocks=tuple(tuple(str(c) for c in b) for b in d.get("blocks", ())),
        footer=tuple(RowSpec(str(r["key"]), r.get("label", ""), r.get("line")) for r in d.get("footer", ())),
    )


def available() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.yaml"))


def _raw(profile_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A profile's YAML with what it `extends` merged in (recursively), and its tables: the parent's,
    each merged key by key with the profile's own entry of the same id."""
    import yaml

    path = HERE / f"{profile_id}.yaml"
    if not path.exists():
        raise InputError(f"没有名为“{profile_id}”的地区模板；可用的有：{'、'.join(available())}")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster start-up
    d = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    tables = list(d.get("tables", ()))
    base = d.get("extends")
    if base:
        parent, parent_tables = _raw(base)
        own = {t["id"]: t for t in tables}
        tables = [{**t, **own.get(t["id"], {})} for t in parent_tables]
        d = {**parent, **d}
    return d, tables


@cache
def load_profile(profile_id: str = DEFAULT_PROFILE) -> Profile:
    """Load a profile by id (e.g. "shaanxi-2024")."""
    d, tables_raw = _raw(profile_id)
    order = tuple(d.get("table_order", [t["id"] for t in tables_raw]))
    # a template with fewer tables lists only its own in table_order (a table it lacks is not missing)
    tables = {t["id"]: _layout(t) for t in tables_raw if t["id"] in order}
    return Profile(
        id=d["id"], name=d["name"], region=d.get("region", ""), year=int(d.get("year", 0)),
        tables=tables, table_order=order,
        personnel_classes=tuple(d.get("personnel_classes", ("301", "303"))),
        public_classes=tuple(d.get("public_classes", ("302", "310"))),
        header_lines=tuple(d.get("header_lines", ())),
        three_public_includes_meeting_training=bool(d.get("three_public_includes_meeting_training", True)),
        empty_table_reason=d.get("empty_table_reason", "本单位不涉及故公开空表"),
        thousands_separator=bool(d.get("thousands_separator", False)),
        raw=d,
    )
