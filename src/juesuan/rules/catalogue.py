"""The rule catalogue (catalogue.yaml) as typed data: one `RuleSpec` per rule, the family names and
the phrases the rules share.  Loaded once per process; identical whatever ran before."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class RuleSpec:
    """One rule as the catalogue declares it."""

    id: str
    family: str
    title: str
    severity: str
    description: str
    tables: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()  # empty: every profile
    messages: dict[str, str] = field(default_factory=dict)

    def applies_to(self, profile_id: str) -> bool:
        return not self.profiles or profile_id in self.profiles


@dataclass(frozen=True)
class Catalogue:
    rules: dict[str, RuleSpec]  # in catalogue order
    families: dict[str, str]  # family id → Chinese name, in docs order
    phrases: dict[str, str]

    def of(self, families: tuple[str, ...] | list[str]) -> list[RuleSpec]:
        """The rules of these families, in catalogue order."""
        return [r for r in self.rules.values() if r.family in families]


@cache
def load() -> Catalogue:
    """catalogue.yaml, checked: unique ids, known families and severities."""
    import yaml

    text = resources.files("juesuan.rules").joinpath("catalogue.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 8x faster
    families = dict(data["families"])
    rules: dict[str, RuleSpec] = {}
    for item in data["rules"]:
        spec = RuleSpec(item["id"], item["family"], item["title"], item["severity"], item.get("description", ""),
                        tuple(item.get("tables", ())), tuple(item.get("profiles", ())),
                        dict(item.get("messages", {})))
        if spec.id in rules:
            raise ValueError(f"catalogue.yaml: duplicate rule id {spec.id}")
        if spec.family not in families or spec.severity not in SEVERITIES:
            raise ValueError(f"catalogue.yaml: {spec.id}: unknown family or severity")
        rules[spec.id] = spec
    return Catalogue(rules, families, dict(data.get("phrases", {})))


def phrase(key: str, **args: Any) -> str:
    """A shared phrase of the catalogue, filled in (`{rounding}` is always available)."""
    phrases = load().phrases
    return phrases[key].format(**{"rounding": phrases["rounding"], **args})


def message(rule_id: str, key: str, **args: Any) -> str:
    """The rule's message template `key`, filled in with its named arguments."""
    if not args:
        return _plain(rule_id, key)
    return load().rules[rule_id].messages[key].format(**{"rounding": load().phrases["rounding"], **args})


@cache
def _plain(rule_id: str, key: str) -> str:
    return load().rules[rule_id].messages[key].format(rounding=load().phrases["rounding"])
