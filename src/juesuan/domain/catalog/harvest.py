"""Maintenance script: rebuild functional-2024.csv and economic-2024.csv from public sources.

Run from the repository: `python -m juesuan.domain.catalog.harvest ../shared`.  Not imported at run time.
Sources, in order of trust (an earlier source's name wins): the research lists
(shared/research/data/*_partial.csv), the reference report (shared/seed), the profile's 类 list, the
two Shanghai PDFs of the corpus (text extracted with PyMuPDF; a name cut off by a narrow PDF cell is
replaced by the longest name seen for the code).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
EDITION = 2024
# The complete list as the reference report's 表6 prints it, for codes no other source names.
KIND_OF = {"2": "functional", "3": "economic"}


def _level(code: str) -> str:
    return {3: "类", 5: "款", 7: "项"}[len(code)]


def _research(shared: Path, kind: str) -> list[tuple[str, str]]:
    name = {"functional": "functional_classification_partial.csv",
            "economic": "economic_classification_partial.csv"}[kind]
    with (shared / "research" / "data" / name).open(encoding="utf-8") as f:
        return [(r["code"], r["name"]) for r in csv.DictReader(f)]


def _seed(shared: Path) -> list[tuple[str, str]]:
    text = next((shared / "seed").glob("*.txt")).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        cells = line.split("\t")
        for i in range(len(cells) - 1):
            code, name = cells[i].strip(), cells[i + 1].strip()
            if re.fullmatch(r"[23]\d{2}(\d{2}){0,2}", code) and name and not re.match(r"[\d.]", name):
                out.append((code, name))
    return out


def _pdfs(shared: Path) -> list[tuple[str, str]]:
    import pymupdf

    out = []
    for pdf in sorted((shared / "corpus").glob("*.pdf")):
        with pymupdf.open(pdf) as doc:
            text = "\n".join(page.get_text() for page in doc)
        for code, name in re.findall(r"(?m)^\s*([23]\d{2}(?:\d{2}){0,2})\s*\n?\s*([\u4e00-\u9fff（）、]{2,40})\s*$", text):
            out.append((code, name))
    return out


def build(shared: Path) -> dict[str, Counter]:
    tables: dict[str, dict[str, str]] = {"functional": {}, "economic": {}}
    stats: dict[str, Counter] = {"functional": Counter(), "economic": Counter()}

    def add(code: str, name: str, source: str, longest: bool = False) -> None:
        kind = KIND_OF[code[0]]
        if kind == "economic" and len(code) == 7:
            return
        known = tables[kind].get(code)
        if known is None:
            tables[kind][code] = name
            stats[kind][source] += 1
        elif longest and len(name) > len(known) and name.startswith(known):
            tables[kind][code] = name

    for kind in ("functional", "economic"):
        for code, name in _research(shared, kind):
            add(code, name, "research")
    for code, name in _seed(shared):
        add(code, name, "seed")
    pdf_pairs = _pdfs(shared)
    new_from_pdf = {c for c, _ in pdf_pairs if c not in tables[KIND_OF[c[0]]]}
    for code, name in pdf_pairs:
        add(code, name, "pdf", longest=code in new_from_pdf)
    for kind, rows in tables.items():
        ordered = sorted(rows.items(), key=lambda kv: (kv[0][:3], kv[0][:5], kv[0]))
        with (HERE / f"{kind}-{EDITION}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["code", "name", "level"])
            for code, name in ordered:
                w.writerow([code, name, _level(code)])
    return stats


if __name__ == "__main__":
    result = build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared").resolve())
    for kind, counter in result.items():
        print(kind, dict(counter), sum(counter.values()))
