"""The prose lexicon (prose/lexicon.yaml): the phrases that name figures, table cells they stand for,
the bases of shares and the direction words, loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    entities: tuple[tuple[str, str], ...]  # (phrase, entity), longest phrase first
    table_figures: dict[str, tuple[str, str, str, str]]  # entity -> (table, row, column, description)
    income_columns: dict[str, str]
    expenditure_columns: dict[str, str]
    three_public: dict[str, tuple[str, str]]  # entity -> (column, name)
    denominators: tuple[tuple[str, str], ...]
    generic_labels: frozenset[str]
    up: tuple[str, ...]
    down: tuple[str, ...]
    same: tuple[str, ...]
    performance_sections: tuple[tuple[str, str], ...]  # (word in a section title, Performance text field)
    context_sections: tuple[str, ...] = ()
    prior_year: dict[str, Any] = field(default_factory=dict)  # against / amount patterns, not_amount words
    counterparts: dict[str, dict[str, str]] = field(default_factory=dict)  # clause word -> {entity: what it names there}
    bare_directions: dict[str, Any] = field(default_factory=dict)  # pattern, nearly words, nearly_same, words

    def direction(self, word: str | None) -> str | None:
        """'up', 'down' or 'same' for a direction word (None when it is not one)."""
        if word is None:
            return None
        for name in ("up", "down", "same"):
            if word in getattr(self, name):
                return name
        return None


@cache
def lexicon() -> Lexicon:
    import yaml

    d = yaml.safe_load((Path(__file__).with_name("lexicon.yaml")).read_text(encoding="utf-8"))
    return Lexicon(
        entities=tuple(sorted(d["entities"].items(), key=lambda p: -len(p[0]))),
        table_figures={k: tuple(v) for k, v in d["table_figures"].items()},  # type: ignore[misc]
        income_columns=dict(d["income_columns"]),
        expenditure_columns=dict(d["expenditure_columns"]),
        three_public={k: (v[0], v[1]) for k, v in d["three_public"].items()},
        denominators=tuple((a, b) for a, b in d["denominators"]),
        generic_labels=frozenset(d["generic_labels"]),
        up=tuple(d["directions"]["up"]),
        down=tuple(d["directions"]["down"]),
        same=tuple(d["directions"]["same"]),
        performance_sections=tuple((a, b) for a, b in d["performance_sections"].items()),
        context_sections=tuple(d.get("context_sections", ())),
        prior_year=dict(d.get("prior_year", {})),
        counterparts={k: dict(v) for k, v in d.get("counterparts", {}).items()},
        bare_directions=dict(d.get("bare_directions", {})),
    )
