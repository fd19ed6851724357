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
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
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
    texts: list[str] = field(default_factory=list)  # the clean report's paragraphs and cells, as read


def _texts(blocks: list[Any]) -> list[str]:
    return [b.text if b.kind != "table" else str(c or "") for b in blocks
            for c in ([None] if b.kind != "table" else [c for r in b.rows for c in r])]


def _read_texts(path: Path) -> list[str]:
    from juesuan.formats.published.read import read_published

    return _texts(read_published(path).blocks)


def _serious(report: Any) -> list[Any]:
    return [f for f in report.findings if f.status == "fail" and f.severity in SERIOUS]


def _judged(report: Any, planted: Planted) -> list[Any]:
    """The serious findings of a mutated copy; for a flipped direction word with no number, also why the
    audit left the planted word unchecked (kept in the planted location: `undetectable` reads it)."""
    if planted.kind == "direction_bare":
        d = report.extra_summary.get("directions", {})
        planted.location["directions_unchecked"] = [
            u.get("why", "") for u in d.get("unchecked", [])
            if any(t and t in u.get("sentence", "") for t in planted.tokens)]
    return _serious(report)


def _sig(f: Any) -> tuple[str, str, str]:
    return (f.rule, f.severity, f.message)


def _file_source(name: str, fmt: str, path: Path, real: bool, work: Path) -> Source:
    from juesuan.app.audit import audit_file

    def mutate(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
        dst = work / f"{name}-{kind}-{seed}{path.suffix}"
        p = plant_file(path, dst, kind, seed)
        return (p, _judged(audit_file(dst), p)) if p else (None, [])

    rep = audit_file(path)
    return Source(name, fmt, real, mutate, _serious(rep), rep.profile, _read_texts(path))


def _traditional_source(name: str, path: Path, work: Path) -> Source:
    """A simplified TXT report printed in traditional characters (OpenCC s2t): each mistake is planted
    in the simplified text, then the copy converted, so the audit reads it back through script.py."""
    import opencc

    from juesuan.app.audit import audit_file

    s2t = opencc.OpenCC("s2t")

    def traditional(src: Path, dst: Path) -> Path:
        dst.write_text(s2t.convert(src.read_text(encoding="utf-8")), encoding="utf-8")
        return dst

    def mutate(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
        planted = work / f"{name}-{kind}-{seed}-simplified.txt"
        p = plant_file(path, planted, kind, seed)
        return (p, _serious(audit_file(traditional(planted, work / f"{name}-{kind}-{seed}.txt")))) if p else (None, [])

    rep = audit_file(traditional(path, work / f"{name}.txt"))
    return Source(name, "txt", True, mutate, _serious(rep), rep.profile, _read_texts(path))


def _blocks_source(name: str, path: Path, real: bool) -> Source:
    from juesuan.app.audit import audit_published
    from juesuan.formats.published.pdf import read_pdf
    from juesuan.formats.published.read import assemble

    raw = read_pdf(path)

    def mutate(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
        r = copy.deepcopy(raw)
        p = plant_blocks(r, kind, seed)
        return (p, _judged(audit_published(assemble(r)), p)) if p else (None, [])

    rep = audit_published(assemble(copy.deepcopy(raw)))
    return Source(name, "pdf-libreoffice" if "libreoffice" in name else "pdf-real", real, mutate,
                  _serious(rep), rep.profile, _texts(raw.blocks))


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


def _ours_text() -> str:
    from juesuan.core import codec
    from juesuan.mutate.text import document_text
    from juesuan.report import assemble

    return document_text(assemble(codec.read_path(EXAMPLE)))


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
            return p, _judged(audit_file(out), p)

        clean = doc()
        clean.model_json = ""
        base = work / f"{name}.pdf"
        write_pdf(clean, base)
        rep = audit_file(base)
        return Source(name, fmt, False, mutate, _serious(rep), rep.profile, _read_texts(base))
    if fmt == "pdf-libreoffice":
        docx = work / "ours-lo.docx"
        write_docx(doc(), docx)

        def mutate_lo(kind: str, seed: int) -> tuple[Planted | None, list[Any]]:
            dst = work / f"lo-{kind}-{seed}.docx"
            p = plant_file(docx, dst, kind, seed)
            if p is None:
                return None, []
            return p, _judged(audit_file(libreoffice_pdf(dst, work)), p)

        clean = libreoffice_pdf(docx, work)
        rep = audit_file(clean)
        return Source(name, fmt, False, mutate_lo, _serious(rep), rep.profile, _read_texts(clean))
    path = work / f"{name}.{ {'txt': 'txt', 'docx': 'docx', 'html': 'html'}[fmt] }"
    if fmt == "txt":
        path.write_text(document_text(doc()), encoding="utf-8")
    elif fmt == "docx":
        write_docx(doc(), path)
    else:
        write_html(doc(), path)
    return _file_source(name, fmt, path, False, work)


_SUBJECTS = ("财政拨款收入支出总计", "收入支出总计", "收入总计", "支出总计", "一般公共预算财政拨款支出", "财政拨款支出",
             "“三公”经费财政拨款支出", "机关运行经费", "培训费", "会议费")
_BARE_FORMS = ("{s}比上年有所{w}。", "{s}较上年略有{w}。", "{s}同比{r}。")
_RATED_CHANGE = re.compile(r"(增加|减少)\s*[\d,]+(?:\.\d+)?\s*万元[，,]\s*(?:增长|下降)\s*[\d.]+%[^。]*。")


def with_bare_words(text: str) -> str:
    """A report with, after each change stated with its rate (…增加X万元，增长Y%…。), the same subject's
    direction restated with no number (“<subject>比上年有所增加。”), as reports often write it: the source
    the direction_bare kind is planted into when a report has no such word of its own."""
    out, last = [], 0
    for m in _RATED_CHANGE.finditer(text):
        start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        prefix = text[start:m.start()]
        hits = [(prefix.rfind(w) + len(w), w) for w in _SUBJECTS if w in prefix]
        if not hits:
            continue
        subject, word = max(hits)[1], m.group(1)
        form = _BARE_FORMS[len(out) % len(_BARE_FORMS)]
        out.append(text[last:m.end()] + form.format(s=subject, w=word, r="增长" if word == "增加" else "下降"))
        last = m.end()
    return "".join(out) + text[last:]


def narrative_only(path: Path, dst: Path) -> Path:
    """A copy of a TXT report without its tables (tab-separated lines): the narrative published alone."""
    lines = path.read_text(encoding="utf-8").split("\n")
    dst.write_text("\n".join(ln for ln in lines if "\t" not in ln), encoding="utf-8")
    return dst


def sources(names: list[str], work: Path) -> list[Source]:
    out = []
    for n in names:
        if n.endswith("-bare-txt"):  # seed-bare-txt, ours-bare-txt: with direction words that carry no number
            base = SEED.read_text(encoding="utf-8") if n.startswith("seed") else _ours_text()
            path = work / f"{n}.txt"
            path.write_text(with_bare_words(base), encoding="utf-8")
            out.append(_file_source(n, "txt", path, n.startswith("seed"), work))
        elif n.startswith("ours-"):
            out.append(_ours(n[len("ours-"):], work))
        elif n == "seed-txt":
            out.append(_file_source(n, "txt", SEED, True, work))
        elif n == "seed-traditional-txt":  # the seed printed in 繁体字 (formats/published/script.py)
            out.append(_traditional_source(n, SEED, work))
        elif n == "seed-narrative-txt":  # the seed's prose alone: its tables removed (a 情况说明 published alone)
            out.append(_file_source(n, "txt", narrative_only(SEED, work / "seed-narrative.txt"), True, work))
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


_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")
_CHANGE = re.compile(r"([\d,]+(?:\.\d+)?)\s*万元[^。；]{0,40}?(?:比|较|与)[^。；]{0,24}?(增加|减少|增长|下降|降低|上升|提高)\s*"
                     r"([\d,]+(?:\.\d+)?)\s*(%|万元)([^。；]*)")
_DIRECTION_WORDS = re.compile(r"增加|减少|增长|下降|上升|降低|大于|小于|高于|低于")


def _num(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _prior_printed(sentence: str, word: str, texts: list[str]) -> bool | None:
    """For a change “X万元，比上年<word>Y%（或Y万元）”: whether last year's figure it implies is printed
    anywhere in the report; None when the sentence is not of that form."""
    m = _CHANGE.search(sentence)
    if m is None or m.group(2) != word:
        return None
    cur, y = _num(m.group(1)), _num(m.group(3))
    up = word in ("增加", "增长", "上升", "提高")
    if m.group(4) == "%":
        factor = 1 + (y if up else -y) / 100
        if factor <= 0:
            return None
        prior = cur / factor
    else:
        prior = cur - y if up else cur + y
    slack = abs(prior) * Decimal("0.0001") + Decimal("0.011")
    return any(abs(_num(n) - prior) <= slack for t in texts for n in _NUMBER.findall(t))


def undetectable(planted: Planted, texts: list[str] | None = None) -> str:
    """Why a planted mistake cannot be told from a correct report by its text alone ("" when it can)."""
    if planted.kind == "name_changed" and planted.expected and planted.expected in planted.found:
        return "新名称包含原名称，读作其下属单位（如“某局分局”），不是写错的名称"
    if planted.kind == "direction_bare" and "direction_no_prior" in planted.location.get("directions_unchecked", []):
        return "报告中没有这一项的上年数（表中未印，文中也没有可推算的增减额和增长率）：不带数字的增减用词改了，报告里没有可对照的数"
    if planted.kind in ("direction_word", "percent_base") and texts:
        sentence = _original_sentence(planted, texts)
        m = _CHANGE.search(sentence) if sentence else None
        if m is None:
            return ""
        if planted.kind == "direction_word":
            printed = _prior_printed(sentence, planted.expected, texts)
            if printed is False and not _DIRECTION_WORDS.search(m.group(5)):
                return "上年数在报告中没有印出，句中也没有原因等别的方向线索：方向词改了，报告里没有可对照的数"
        elif m.group(4) == "%" and m.group(3) == planted.expected and "万元" not in m.group(5):
            if _prior_printed(sentence, m.group(2), texts) is False:
                return "上年数在报告中没有印出，句中也没有增减额：增减百分比改了，报告里没有可对照的数"
    return ""


def _original_sentence(planted: Planted, texts: list[str]) -> str:
    """The sentence the mistake was planted in, as the clean report prints it ("" when not found)."""
    ctx = str(planted.location.get("context", ""))
    original = ctx.replace(planted.found, planted.expected, 1)
    for t in texts:
        flat = re.sub(r"\s+", " ", t)
        if original and original in flat:
            at = flat.index(original)
            start = max(flat.rfind("。", 0, at), flat.rfind("；", 0, at)) + 1
            end = min([k for k in (flat.find("。", at + len(original)), flat.find("；", at + len(original)))
                       if k >= 0] or [len(flat)])
            return flat[start:end]
    return ""


def trial(src: Source, kind: str, seed: int) -> Trial:
    planted, findings = src.mutate(kind, seed)
    t = Trial(src.name, kind, seed, planted)
    if planted is None:
        return t
    t.undetectable = undetectable(planted, src.texts)
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
