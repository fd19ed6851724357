"""`audit DIR --prior PRIOR_DIR` in batch mode: last year's reports indexed by (unit, year), and each
report matched with the report of its own unit of the year before.

The index: a first pass reads every file of PRIOR_DIR once, in the workers, and keeps only its path,
content hash, unit name and year (`RESULTS/prior-index.jsonl`, appended to as files are read; a resumed
or interrupted run reads again only the files whose hash it does not hold).  A report is then audited with the one prior file whose unit name equals
its own after normalising (full-width to half-width, whitespace, punctuation and symbols removed) and
whose year is the report's year − 1.  Several files of that unit and year are one when they give the
same prior-year figures (last year's workbook and the report published from it: the data file is used);
no file of that unit, two files of it giving different figures, or none of the year before: the report
is audited without prior, and the reports table says why (`prior_note`).
Nothing is guessed: no fuzzy names, no nearest year.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from juesuan.core.fileio import write_text_atomically

INDEX = "prior-index.jsonl"  # one entry per line


def normalise(name: str | None) -> str:
    """A unit's name as matched: NFKC, whitespace, punctuation and symbols removed."""
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")


@dataclass(frozen=True)
class Match:
    """The prior file matched for a report (path and hash), or None with the reason."""

    path: str | None
    hash: str | None
    note: str | None


class PriorIndex:
    """Last year's files by normalised unit name: entries {path, hash, unit, year, error}."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        self.by_unit: dict[str, list[dict[str, Any]]] = {}
        for e in entries:
            if not e.get("error") and normalise(e.get("unit")):
                self.by_unit.setdefault(normalise(e["unit"]), []).append(e)

    def unreadable(self) -> list[dict[str, Any]]:
        return [e for e in self.entries if e.get("error")]

    def match(self, unit: str | None, year: int | None) -> Match:
        """The prior file of `unit` for `year` − 1, or no file and why (in Chinese, from the catalogue)."""
        from juesuan.rules.catalogue import phrase

        if not normalise(unit):
            return Match(None, None, phrase("batch_prior_no_unit"))
        if not year:
            return Match(None, None, phrase("batch_prior_no_year"))
        same = self.by_unit.get(normalise(unit), [])
        if not same:
            return Match(None, None, phrase("batch_prior_no_match", unit=unit))
        want = [e for e in same if e.get("year") == year - 1]
        distinct = {e["hash"]: e for e in want}  # byte-identical copies are one report
        if len(distinct) == 1 or _same_figures(list(distinct.values())):
            e = min(distinct.values(), key=_preference)
            return Match(e["path"], e["hash"], None)
        if distinct:
            files = "、".join(sorted(e["path"] for e in distinct.values()))
            return Match(None, None, phrase("batch_prior_ambiguous", unit=unit, year=year - 1, n=len(distinct),
                                            files=files))
        years = "、".join(str(y) for y in sorted({e.get("year") or 0 for e in same}) if y) or "?"
        return Match(None, None, phrase("batch_prior_wrong_year", unit=unit, years=years, year=year - 1))


def _same_figures(entries: list[dict[str, Any]]) -> bool:
    """Whether several files of one unit and year give the same prior-year figures (e.g. last year's
    workbook and the report published from it): then it does not matter which one is used."""
    figures = [e.get("figures") for e in entries]
    return bool(figures) and all(figures) and all(f == figures[0] for f in figures)


def _preference(e: dict[str, Any]) -> tuple[bool, str]:
    """Of files giving the same figures: data (read exactly) before a published report, then by path."""
    from juesuan.batch.files import CHECK_SUFFIXES

    return (Path(e["path"]).suffix.lower() not in CHECK_SUFFIXES, e["path"])


def check_folder(prior: Path, kind: str) -> None:
    """InputError (Chinese) unless `prior` is a folder and the batch audits published reports."""
    from juesuan.core.errors import InputError
    from juesuan.rules.catalogue import phrase

    if kind != "audit":
        raise InputError(phrase("batch_prior_audit_only"))
    if not Path(prior).is_dir():
        raise InputError(phrase("batch_prior_not_folder", path=prior) if Path(prior).exists()
                         else phrase("batch_prior_missing", path=prior))


def load_cached(results: Path) -> dict[str, dict[str, Any]]:
    """The entries earlier runs indexed, by content hash: a line torn by a kill is skipped, and a file
    that could not be read is read again (its failure may have been a timeout on a busy machine)."""
    out: dict[str, dict[str, Any]] = {}
    try:
        lines = (Path(results) / INDEX).read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        try:
            e = json.loads(line)
            if not e.get("error"):
                out[e["hash"]] = e
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return out


def append(results: Path, entries: list[dict[str, Any]]) -> None:
    """Add entries as they are read (one JSON line each, flushed to disk), so an interrupted index pass
    keeps what it read."""
    with (Path(results) / INDEX).open("a", encoding="utf-8") as f:
        f.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
        f.flush()
        os.fsync(f.fileno())


def save(results: Path, entries: list[dict[str, Any]]) -> Path:
    """Write this run's index, exactly its entries (atomically); its path, which the workers open."""
    path = (Path(results) / INDEX).resolve()
    write_text_atomically(path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries))
    return path


@cache
def _loaded(path: str, mtime_ns: int, size: int) -> PriorIndex:
    return PriorIndex([json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line])


def open_index(path: str) -> PriorIndex:
    """The index at `path` (read once per worker process while the file is unchanged)."""
    st = os.stat(path)
    return _loaded(path, st.st_mtime_ns, st.st_size)
