"""The mutation harness: plant each mistake kind into each report source, audit, and count.

A *source* is one report in one format: our example unit built as TXT, DOCX, HTML, our PDF, and
our DOCX exported to PDF by LibreOffice; and the real reports (the seed TXT; the Shanghai and the
university PDFs, planted at text level into what the PDF reader read).  For each (source, kind,
seed) the harness plants one mistake (juesuan.mutate), audits the copy, and compares the error and
warning findings with those of the unmutated source:

- *new* findings: error/warning findings the mutated copy has and the original has not;
- *found*: a new finding points at the planted mistake (it quotes the changed text, or for a table
  mistake it names the table the mistake is in);
- *recall* of a (kind, source): found / planted;
- *spurious*: new findings that do not point at the mistake (a consequence elsewhere: precision of
  the audit under mutation = pointed / new).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.mutate import KINDS, Planted, plant_blocks, plant_document, plant_file

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "seed" / "000_6849a2ff488092f1.txt"
CORPUS = REPO / "tests" / "data" / "corpus"
EXAMPLE = REPO / "examples" / "yulin-2024.yaml"
LO_PDF = REPO / "tests" / "data" / "libreoffice" / "yulin-2024-libreoffice.pdf"
REAL_PDFS = {
    "shanghai-pdf": CORPUS / "shanghai-putuo-cpc-social-work-dept-2024-dept-final.pdf",
    "university-pdf": CORPUS / "chongqing-beibei-southwest-university-2024-dept-final.pdf",
}
SERIOUS = ("error", "warning")
TABLE_KINDS = ("table_figure", "row_removed")


@dataclass
class Trial:
    source: str
    kind: str
    seed: int
    planted: Planted | None
    found: bool = False
    new: int = 0
    pointed: int = 0
    evidence: str = ""
    undetectable: str = ""  # why no audit could find this mistake from the text (counted apart)


@dataclass
class Source:
    """One report in one format: `audit(kind, seed) -> (planted, findings)`; `base` the clean findings."""

    name: str
    fmt: str  # txt | docx | html | pdf-ours | pdf-libreoffice | pdf-real
    real: bool
    mutate: Callable[[str, int], tuple[Planted | None, list[Any]]]
    base: list[Any] = field(default_factory=list)
    profile: str = ""


def _serious(report: Any) -> list[Any]:
    return [f for f in report.findings if f.status == "fail" and f.severity in SERIOUS]


def _sig(f: Any) -> tuple[str, str, str]:
    return (f.rule, f.severity, f.message)


def _file_source(name: str, fmt: str, path: Path, real: bool, work: Path) -> Source:
    from juesuan.app.audit import audit_file

    def mutate(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
        dst = work / f"{name}-{kind}-{seed}{path.suffix}"
        p = plant_file(path, dst, kind, seed)
        return (p, _serious(audit_file(dst))) if p else (None, [])

    rep = audit_file(path)
    return Source(name, fmt, real, mutate, _serious(rep), rep.profile)


def _blocks_source(name: str, path: Path, real: bool) -> Source:
    from juesuan.app.audit import audit_published
    from juesuan.formats.published.pdf import read_pdf
    from juesuan.formats.published.read import assemble

    raw = read_pdf(path)

    def mutate(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
        r = copy.deepcopy(raw)
        p = plant_blocks(r, kind, seed)
        return (p, _serious(audit_published(assemble(r)))) if p else (None, [])

    rep = audit_published(assemble(copy.deepcopy(raw)))
    return Source(name, "pdf-libreoffice" if "libreoffice" in name else "pdf-real", real, mutate,
                  _serious(rep), rep.profile)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_pdf(docx: Path, outdir: Path) -> Path:
    """Export a DOCX to PDF with LibreOffice headless (as most real reports are exported)."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / (docx.stem + ".pdf")


def _ours(fmt: str, work: Path) -> Source:
    """Our example unit built in `fmt`; the mistake planted into our Document (pdf-ours) or the file."""
    from juesuan.app.audit import audit_file
    from juesuan.core import codec
    from juesuan.mutate.text import document_text
    from juesuan.render.docx import write_docx
    from juesuan.render.html import write_html
    from juesuan.render.pdf import write_pdf
    from juesuan.report import assemble

    model = codec.read_path(EXAMPLE)

    def doc() -> Any:
        return assemble(copy.deepcopy(model))

    name = f"ours-{fmt}"
    if fmt == "pdf-ours":
        def mutate(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
            d = doc()
            p = plant_document(d, kind, seed)
            if p is None:
                return None, []
            d.model_json = ""  # the audit reads the printed text, not our embedded model
            out = work / f"{name}-{kind}-{seed}.pdf"
            write_pdf(d, out)
            return p, _serious(audit_file(out))

        clean = doc()
        clean.model_json = ""
        base = work / f"{name}.pdf"
        write_pdf(clean, base)
        rep = audit_file(base)
        return Source(name, fmt, False, mutate, _serious(rep), rep.profile)
    if fmt == "pdf-libreoffice":
        docx = work / "ours-lo.docx"
        write_docx(doc(), docx)

        def mutate_lo(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
            dst = work / f"lo-{kind}-{seed}.docx"
            p = plant_file(docx, dst, kind, seed)
            if p is None:
                return None, []
            return p, _serious(audit_file(libreoffice_pdf(dst, work)))

        rep = audit_file(libreoffice_pdf(docx, work))
        return Source(name, fmt, False, mutate_lo, _serious(rep), rep.profile)
    path = work / f"{name}.{ {'txt': 'txt', 'docx': 'docx', 'html': 'html'}[fmt] }"
    if fmt == "txt":
        path.write_text(document_text(doc()), encoding="utf-8")
    elif fmt == "docx":
        write_docx(doc(), path)
    else:
        write_html(doc(), path)
    return _file_source(name, fmt, path, False, work)


def sources(names: list[str], work: Path) -> list[Source]:
    out = []
    for n in names:
        if n.startswith("ours-"):
            out.append(_ours(n[len("ours-"):], work))
        elif n == "seed-txt":
            out.append(_file_source(n, "txt", SEED, True, work))
        elif n == "libreoffice-pdf":  # the committed LibreOffice export of our example (no LibreOffice needed)
            out.append(_blocks_source(n, LO_PDF, False))
        else:
            out.append(_blocks_source(n, REAL_PDFS[n], True))
    return out


def _table_ids(planted: Planted, profile_id: str) -> set[str]:
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.published.tables import match_title

    ids = {str(planted.location["table"])} if planted.location.get("table") else set()
    title = str(planted.location.get("table_title", ""))
    hit = match_title(title, load_profile(profile_id)) if title else None
    if hit:
        ids.add(hit[0])
    return ids


def points_at(f: Any, planted: Planted, profile_id: str) -> bool:
    text = f.message + json.dumps(f.location, ensure_ascii=False, default=str)
    if any(t and t in text for t in planted.tokens):
        return True
    if planted.kind in TABLE_KINDS:
        return str(f.location.get("table", "")) in _table_ids(planted, profile_id)
    return False


def undetectable(planted: Planted) -> str:
    """Why a planted mistake cannot be told from a correct report by its text alone ("" when it can)."""
    if planted.kind == "name_changed" and planted.expected and planted.expected in planted.found:
        return "新名称包含原名称，读作其下属单位（如“某局分局”），不是写错的名称"
    return ""


def trial(src: Source, kind: str, seed: int) -> Trial:
    planted, findings = src.mutate(kind, seed)
    t = Trial(src.name, kind, seed, planted)
    if planted is None:
        return t
    t.undetectable = undetectable(planted)
    base = Counter(_sig(f) for f in src.base)
    new = []
    for f in findings:
        if base[_sig(f)] > 0:
            base[_sig(f)] -= 1
        else:
            new.append(f)
    pointed = [f for f in new if points_at(f, planted, src.profile)]
    t.new, t.pointed, t.found = len(new), len(pointed), bool(pointed)
    if pointed:
        t.evidence = f"{pointed[0].rule} {pointed[0].message[:80]}"
    return t


def run(names: list[str], seeds: range, kinds: list[str] | None = None, work: Path | None = None) -> list[Trial]:
    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="juesuan-accuracy-"))
    try:
        trials = []
        for src in sources(names, work):
            for kind in kinds or list(KINDS):
                for seed in seeds:
                    trials.append(trial(src, kind, seed))
        return trials
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)


def recall_table(trials: list[Trial]) -> dict[tuple[str, str], tuple[int, int]]:
    """(kind, source) -> (found, planted)."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for t in trials:
        if t.planted is None or t.undetectable:
            continue
        f, n = out.get((t.kind, t.source), (0, 0))
        out[(t.kind, t.source)] = (f + t.found, n + 1)
    return out
