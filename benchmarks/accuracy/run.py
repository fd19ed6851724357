"""Run the mutation harness and write the accuracy table into docs/accuracy.md (between markers).

    .venv/bin/python benchmarks/accuracy/run.py                 # every source, seeds 0-1
    .venv/bin/python benchmarks/accuracy/run.py --seeds 3 --sources seed-txt,ours-docx
    .venv/bin/python benchmarks/accuracy/run.py --key before   # write the "before" section

Sources: ours-txt, ours-docx, ours-html, ours-pdf-ours, ours-pdf-libreoffice (needs soffice),
libreoffice-pdf (the committed export), seed-txt, seed-narrative-txt (the seed without its tables), seed-traditional-txt (the seed in 繁体字),
shanghai-pdf, university-pdf.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from harness import KINDS, REPO, recall_table, run, soffice  # noqa: E402
from perfdoc import write_section as write_doc_section  # noqa: E402

DOC = REPO / "docs" / "accuracy.md"
ALL = ["ours-txt", "ours-docx", "ours-html", "ours-pdf-ours", "ours-pdf-libreoffice", "seed-txt", "shanghai-pdf",
       "university-pdf"]


def table(trials: list, names: list[str]) -> str:
    rec = recall_table(trials)
    lines = ["| mistake kind | " + " | ".join(names) + " | all |", "|---" * (len(names) + 2) + "|"]
    kinds = {t.kind for t in trials}
    for kind, label in KINDS.items():
        if kind not in kinds:
            continue
        cells = []
        tf = tn = 0
        for n in names:
            f, t = rec.get((kind, n), (0, 0))
            tf, tn = tf + f, tn + t
            cells.append(f"{f}/{t}" if t else "–")
        pct = f"**{100 * tf / tn:.0f} %**" if tn else "–"
        lines.append(f"| {kind} ({label}) | " + " | ".join(cells) + f" | {pct} |")
    tot_f = sum(f for f, _ in rec.values())
    tot_n = sum(n for _, n in rec.values())
    apart = [t for t in trials if t.planted is not None and t.undetectable]
    new = sum(t.new for t in trials)
    pointed = sum(t.pointed for t in trials)
    lines.append("")
    lines.append(f"Overall recall {tot_f}/{tot_n} = {100 * tot_f / max(tot_n, 1):.1f} %. New error/warning "
                 f"findings in the mutated copies: {new}, of which {pointed} point at the planted mistake "
                 f"({100 * pointed / max(new, 1):.1f} %); the rest are consequences reported elsewhere.")
    if apart:
        lines.append("")
        lines.append(f"Not counted above, undetectable by construction ({len(apart)}): " + "; ".join(
            f"{t.source} {t.kind} #{t.seed} “{t.planted.expected}”→“{t.planted.found}” ({t.undetectable})"
            for t in apart) + ".")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default=",".join(ALL))
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--first-seed", type=int, default=0, help="seeds first-seed … first-seed+seeds-1 (held-out places)")
    ap.add_argument("--kinds", default="", help="comma-separated mutation kinds (default: all)")
    ap.add_argument("--key", default="recall", help="section of docs/accuracy.md to write")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    names = [n for n in a.sources.split(",") if n]
    if "ours-pdf-libreoffice" in names and soffice() is None:
        names.remove("ours-pdf-libreoffice")
        print("LibreOffice not installed: ours-pdf-libreoffice skipped", file=sys.stderr)
    t0, c0 = time.perf_counter(), time.process_time()
    kinds = [k for k in a.kinds.split(",") if k] or None
    seeds = range(a.first_seed, a.first_seed + a.seeds)
    trials = run(names, seeds, kinds)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    for t in trials:
        if t.planted is not None and not t.found and not t.undetectable:
            print(f"missed {t.source} {t.kind} #{t.seed}: {t.planted.expected!r} -> {t.planted.found!r} "
                  f"({t.planted.location.get('context', '')[:50]}); new findings {t.new}", file=sys.stderr)
    body = table(trials, names) + (f"\n\nMeasured {time.strftime('%Y-%m-%d')}, seeds {seeds[0]}–{seeds[-1]}, "
                                   f"{len(trials)} trials, {wall:.0f} s wall / {cpu:.0f} s CPU (shared machine).")
    print(body)
    if not a.no_write:
        write_doc_section(a.key, a.key, body, DOC)


if __name__ == "__main__":
    main()
