"""Write a synthetic corpus: N units as data (YAML), input workbooks and/or published reports.

`write_corpus(outdir, n, seed, ...)`: unit i is `synth_unit(seed, i)`; with `error_rate` > 0 a unit is
drawn to carry one planted error (plant.py) with that probability, and every planted error goes to
`ground_truth.jsonl` (file, kind, location, found, expected).  `corpus.jsonl` records the parameters
(first line) and each unit's files (one line each); JSON Lines, so `check DIR` does not take it for a
unit's data.  Reports are written through `build_report` (docx / pdf / html / xlsx); `txt` is the
HTML report's text as a clerk copies it from a web page (headings, paragraphs, tab-separated tables);
`workbook` is the input workbook `check` reads; `yaml` the unit's data.  Same seed, same data files.
A unit written only as TXT / DOCX / HTML gets its error from juesuan.mutate (a mistake in the text:
a figure, a direction word, a year, a missing row…); any other unit one changed figure of the model
(plant.py), so its workbook, data and every report carry the same error.

`distinct=K` (with `mix`, for load tests): PDF and DOCX reports take ~1 s of CPU each to typeset, so a
corpus of 10,000 would take hours; with K only the first K units of each of these formats are built,
and every later PDF / DOCX unit is a byte copy of the built unit K × (number of formats) places before
it, with its own document ID written into the file's metadata (PDF Keywords by an incremental update,
DOCX dc:identifier), so every file has its own content hash and is audited as a file of its own.  Its
manifest entry says `copy_of`; a planted error is copied with it into the ground truth.  Units in the
other formats (TXT, HTML, …) are always built, each distinct.
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from juesuan.core.errors import InputError
from juesuan.core.fileio import write_text_atomically

MANIFEST = "corpus.jsonl"
FORMATS = ("pdf", "docx", "html", "xlsx", "txt", "workbook", "yaml")
REPORT_FORMATS = ("pdf", "docx", "html", "xlsx")
TEXT_FORMATS = ("txt", "docx", "html")  # formats juesuan.mutate plants into
COPY_FORMATS = ("pdf", "docx")  # costly to typeset: `distinct` copies them
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "xlsx": ".xlsx", "txt": ".txt",
          "workbook": "-填报.xlsx", "yaml": ".yaml"}


def parse_formats(text: str) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()))
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise InputError(f"不支持的格式：{'、'.join(bad) or '（空）'}；可选：{','.join(FORMATS)}")
    return out


def unit_formats(index: int, formats: tuple[str, ...], mix: bool) -> tuple[str, ...]:
    """The formats unit `index` is written in: all of them, or (mix) one in turn."""
    return (formats[index % len(formats)],) if mix else formats


def stem(index: int, name: str) -> str:
    """`00001-<单位名>`: numbered, so units of the same name never collide."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .") or "未命名单位"
    return f"{index + 1:05d}-{safe}"


def make_unit(outdir: Path, index: int, seed: int, year: int, profile: str, formats: tuple[str, ...],
              error_rate: float) -> dict[str, Any]:
    """Write unit `index` in its formats; return its manifest entry (files, planted errors)."""
    from juesuan.synth.plant import planter
    from juesuan.synth.units import synth_unit

    model = synth_unit(seed, index, year, profile)
    rng = random.Random(f"juesuan-synth-errors:{seed}:{index}")
    wanted = error_rate > 0 and rng.random() < error_rate
    in_text = wanted and all(f in TEXT_FORMATS for f in formats)  # juesuan.mutate plants into the text
    planted = planter()(model, rng) if wanted and not in_text else []
    base = stem(index, model.unit.name)
    files = []
    truth = []
    for fmt in formats:
        path = outdir / f"{base}{SUFFIX[fmt]}"
        _write(fmt, model, path, forced=bool(planted))
        files.append(path.name)
        truth += [p.to_json(path.name) for p in planted]
        if in_text:
            truth += _plant_text(path, random.Random(f"juesuan-synth-text:{seed}:{index}"), model.unit.name)
    return {"index": index, "unit": model.unit.name, "files": files, "planted": truth}


def _plant_text(path: Path, rng: random.Random, unit: str) -> list[dict[str, Any]]:
    """One of juesuan.mutate's kinds planted into a written TXT / DOCX / HTML report (in place)."""
    from juesuan.mutate import KINDS, plant_file

    kinds = sorted(KINDS)
    rng.shuffle(kinds)
    seed = rng.randrange(1 << 30)
    for kind in kinds:
        p = plant_file(path, path, kind, seed=seed, unit_name=unit)
        if p is not None:
            return [{"file": path.name, "kind": p.kind, "location": p.location, "found": p.found,
                     "expected": p.expected}]
    return []


def _write(fmt: str, model: Any, path: Path, forced: bool) -> None:
    if fmt == "yaml":
        from juesuan.core.codec import to_yaml

        write_text_atomically(path, to_yaml(model))
    elif fmt == "workbook":
        from juesuan.formats.workbook.write import write_workbook

        write_workbook(model, path)
    elif fmt in REPORT_FORMATS or fmt == "txt":
        from juesuan.app.build import build_report

        with tempfile.TemporaryDirectory(prefix=".synth-", dir=path.parent) as tmp:
            built = build_report(model, tmp, ("html" if fmt == "txt" else fmt), force=forced, draft=False)[0]
            if fmt == "txt":
                write_text_atomically(path, html_to_text(built))
            else:
                os.replace(built, path)


def html_to_text(path: Path) -> str:
    """A report's text as copied from its web page: '#' headings, paragraphs, tab-separated tables."""
    from juesuan.formats.published.html import read_html

    out: list[str] = []
    for b in read_html(path).blocks:
        if b.kind == "heading":
            out.append("#" * max(1, min(b.level, 6)) + " " + b.text)
        elif b.kind == "table":
            out.append("\n".join("\t".join(c or "" for c in row) for row in b.rows))
        else:
            out.append(b.text)
    return "\n\n".join(out) + "\n"


def _job(args: tuple[Path, int, int, int, str, tuple[str, ...], float]) -> dict[str, Any]:
    os.environ["JUESUAN_BUILD_JOBS"] = "1"  # the pool is the parallelism: one process per unit
    return make_unit(*args)


def write_corpus(outdir: Path, n: int, seed: int = 1, year: int = 2024, profile: str = "shaanxi-2024",
                 formats: tuple[str, ...] = ("pdf",), mix: bool = False, error_rate: float = 0.0,
                 jobs: int = 1, progress: Callable[[int], None] | None = None,
                 distinct: int | None = None) -> dict[str, Any]:
    """Write the corpus into `outdir`; return the manifest (also written to corpus.jsonl)."""
    from juesuan.domain.profiles import load_profile

    load_profile(profile)  # an unknown profile: a clear message before any work
    if not 0 <= error_rate <= 1:
        raise InputError(f"--error-rate 应在 0 到 1 之间，不能是 {error_rate}")
    if distinct is not None and (distinct < 1 or not mix):
        raise InputError(f"--distinct 应为正整数并与 --mix 同用，不能是 {distinct}")
    period = (distinct or 0) * len(formats)

    def copied(i: int) -> bool:
        return bool(distinct) and i >= period and unit_formats(i, formats, mix)[0] in COPY_FORMATS

    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / ".ground_truth.partial").unlink(missing_ok=True)  # left by an interrupted run
    args = ((outdir, i, seed, year, profile, unit_formats(i, formats, mix), error_rate)
            for i in range(n) if not copied(i))
    entries: list[dict[str, Any]] = []
    sources: dict[int, dict[str, Any]] = {}
    for entry in _map(_job, args, jobs):
        entries.append({k: entry[k] for k in ("index", "unit", "files")})
        if entry["planted"]:
            entries[-1]["planted"] = len(entry["planted"])
        if entry["index"] < period:
            sources[entry["index"]] = entry
        _truth_lines(outdir, entry["planted"])
        if progress is not None:
            progress(1)
    copies = ((outdir, i, sources[i % period], seed) for i in range(n) if copied(i))
    for entry in _map(_copy_job, copies, jobs):
        planted = entry.pop("truth")
        entries.append(entry)
        _truth_lines(outdir, planted)
        if progress is not None:
            progress(1)
    entries.sort(key=lambda e: e["index"])
    manifest = {"format": "juesuan/synth-corpus", "version": 1, "seed": seed, "year": year, "profile": profile,
                "n": n, "formats": list(formats), "mix": mix, "error_rate": error_rate, "units": entries}
    if distinct:
        manifest["distinct"] = distinct
    head = {k: v for k, v in manifest.items() if k != "units"}
    lines = [json.dumps(x, ensure_ascii=False) for x in (head, *entries)]
    write_text_atomically(outdir / MANIFEST, "\n".join(lines) + "\n")
    _sort_truth(outdir)
    return manifest


def _map(fn: Callable[[Any], dict[str, Any]], args: Iterator[tuple], jobs: int) -> Iterator[dict[str, Any]]:
    if jobs <= 1:
        yield from map(fn, args)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(fn, args, chunksize=4)


def _copy_job(args: tuple[Path, int, dict[str, Any], int]) -> dict[str, Any]:
    """Unit `index` as a copy of the built unit `source` with its own document ID."""
    outdir, index, source, seed = args
    src = source["files"][0]
    name = f"{index + 1:05d}{src[5:]}"  # the number of this unit, the source's unit name and suffix
    with_id(outdir / src, outdir / name, f"juesuan-synth:{seed}:{index + 1:05d}")
    truth = [{**t, "file": name} for t in source["planted"]]
    entry = {"index": index, "unit": source["unit"], "files": [name], "copy_of": src, "truth": truth}
    if truth:
        entry["planted"] = len(truth)
    return entry


def with_id(src: Path, dest: Path, doc_id: str) -> None:
    """Copy a PDF or DOCX report, writing `doc_id` into its metadata (nothing a reader audits changes)."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    try:
        if src.suffix == ".pdf":
            import shutil

            import pymupdf

            shutil.copyfile(src, tmp)
            with pymupdf.open(tmp) as doc:
                doc.set_metadata({**doc.metadata, "keywords": doc_id})
                doc.saveIncr()  # appends an incremental update: the original bytes stay as they are
        else:
            _docx_with_id(src, tmp, doc_id)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _docx_with_id(src: Path, dest: Path, doc_id: str) -> None:
    import zipfile
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/core.xml":
                text = re.sub(r"<dc:identifier>.*?</dc:identifier>|<dc:identifier/>", "", data.decode("utf-8"))
                text = text.replace("</cp:coreProperties>",
                                    f"<dc:identifier>{escape(doc_id)}</dc:identifier></cp:coreProperties>")
                data = text.encode("utf-8")
            zout.writestr(info, data)


def _truth_lines(outdir: Path, planted: list[dict[str, Any]]) -> None:
    if planted:
        with (outdir / ".ground_truth.partial").open("a", encoding="utf-8") as f:
            for p in planted:
                f.write(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n")


def _sort_truth(outdir: Path) -> None:
    """ground_truth.jsonl in file order (the partial file is appended as units finish)."""
    partial = outdir / ".ground_truth.partial"
    final = outdir / "ground_truth.jsonl"
    if not partial.exists():
        final.unlink(missing_ok=True)
        return
    lines = sorted(set(partial.read_text(encoding="utf-8").splitlines()))
    write_text_atomically(final, "\n".join(lines) + "\n")
    partial.unlink()
