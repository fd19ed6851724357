"""Every real report in the corpus, full reports and excerpts, has a reviewed expected-findings file
(tests/audit/expected/): the audit must report each expected finding, and report no other error or
warning than those and the listed known false positives.  A known false positive that no longer
appears must be deleted from its file (the list only shrinks).  A file the audit refuses says so
(`refused`: words of the message, `refused_reason`: why that is right); it must then be refused with
that message.  Reports without a file must yield no error or warning."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, REPO

EXPECTED = REPO / "tests" / "audit" / "expected"
FILES = sorted(EXPECTED.glob("*.yaml"))
SERIOUS = ("error", "warning")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _matches(entry: dict, f) -> bool:
    if f.rule != entry["rule"] or f.severity != entry["severity"]:
        return False
    if any(str(f.location.get(k)) != str(v) for k, v in (entry.get("where") or {}).items()):
        return False
    return all(str(getattr(f, k)) == str(entry[k]) for k in ("found", "expected") if k in entry)


def _claim(entries: list[dict], findings: list) -> tuple[list[dict], list]:
    """Pair entries with findings one to one; return (unmatched entries, unmatched findings)."""
    left = list(findings)
    missing = []
    for e in entries:
        hit = next((f for f in left if _matches(e, f)), None)
        if hit is None:
            missing.append(e)
        else:
            left.remove(hit)
    return missing, left


@pytest.fixture(scope="module")
def audited():
    from juesuan.app.audit import audit_file

    cache: dict[str, list] = {}

    def get(report: str) -> list:
        if report not in cache:
            from juesuan.core.errors import JuesuanError

            try:
                r = audit_file(REPO / report)
            except JuesuanError as exc:
                return [str(exc)]  # refused: its message
            cache[report] = [f for f in r.findings if f.status == "fail" and f.severity in SERIOUS]
        return cache[report]

    return get


def test_files_are_reviewed():
    assert len(FILES) >= 3
    for p in FILES:
        d = _load(p)
        assert (REPO / d["report"]).exists(), p.name
        assert d["reviewed"]
        for e in d["expected"]:
            assert e["severity"] in SERIOUS and len(e["reason"]) >= 8, e
        for e in d["known_false"]:
            assert e["severity"] in SERIOUS and len(e["cause"]) >= 8, e
        if d.get("refused"):
            assert len(d["refused_reason"]) >= 8 and not d["expected"] and not d["known_false"], p.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_expected_findings(path, audited):
    d = _load(path)
    findings = audited(d["report"])
    refused = [f for f in findings if isinstance(f, str)]
    if d.get("refused") or refused:
        assert refused and d.get("refused") and d["refused"] in refused[0], (
            f"审核拒绝了此文件：{refused[0]}" if refused else "预期拒绝审核，但审核了此文件")
        return
    missing, rest = _claim(d["expected"], findings)
    assert not missing, "未报告的预期问题：\n" + "\n".join(f"{e['rule']} {e.get('where')} {e.get('found')}：{e['reason']}"
                                                     for e in missing)
    stale, unexpected = _claim(d["known_false"], rest)
    assert not unexpected, "意外的错误或警告（核对原文后加入 expected，或修正审核）：\n" + "\n".join(
        f"{f.rule} {f.severity} {f.location.get('page') or f.location.get('source_line') or ''} {f.message}"
        for f in unexpected)
    assert not stale, "这些已知误报不再出现，请从 known_false 中删除：\n" + "\n".join(
        f"{e['rule']} {e.get('where')} {e.get('found')}" for e in stale)


def _reports_without_file() -> list[Path]:
    covered = {_load(p)["report"] for p in FILES}
    out = []
    for p in sorted(CORPUS.glob("*")):
        rel = str(p.relative_to(REPO))
        if p.is_file() and p.suffix in (".txt", ".pdf") and rel not in covered and "template" not in p.name:
            out.append(p)
    return out


@pytest.mark.parametrize("path", _reports_without_file(), ids=lambda p: p.stem[:40])
def test_other_reports_yield_no_error_or_warning(path):
    from juesuan.app.audit import audit_file
    from juesuan.core.errors import JuesuanError

    try:
        r = audit_file(path)
    except JuesuanError as exc:
        pytest.fail(f"{path.name} 被拒绝审核，需要审阅并写入 tests/audit/expected/（refused）：{exc}")
    serious = [f for f in r.findings if f.status == "fail" and f.severity in SERIOUS]
    assert not serious, f"{path.name} 有错误或警告，需要审阅并写入 tests/audit/expected/：" + "；".join(
        f.message for f in serious[:5])


def precision() -> dict[str, tuple[int, int]]:
    """report -> (true, true + known false) over error and warning findings (for docs/accuracy.md)."""
    return {_load(p)["report"]: (len(_load(p)["expected"]), len(_load(p)["expected"]) + len(_load(p)["known_false"]))
            for p in FILES}
