"""juesuan synth: consistent units (check finds no error), reproducible corpora, planted errors found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.app.check import run_checks
from juesuan.synth.corpus import write_corpus
from juesuan.synth.units import synth_unit


def _errors(model) -> list[str]:
    return [f"{f.rule} {f.message}" for f in run_checks(model).findings if f.severity == "error" and f.status == "fail"]


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), index=st.integers(0, 10**5))
def test_every_synthetic_unit_passes_check(seed: int, index: int) -> None:
    assert _errors(synth_unit(seed, index)) == []


def test_units_vary_and_look_real() -> None:
    models = [synth_unit(5, i) for i in range(30)]
    names = {m.unit.name for m in models}
    assert len(names) > 20
    assert all(m.unit.name.endswith(("局", "院", "中心", "办公室", "部")) for m in models)
    totals = [m.tables["T01"].value("expenditure_total", "amount") for m in models]
    assert all(t is not None and 50 < t < 20_000 for t in totals)  # 万元: a small centre to a large bureau
    kuan = {r.key for m in models for r in m.tables["T05"].coded_rows() if len(r.key) == 5}
    assert len(kuan) > 6  # several kinds of unit, each with its own 款
    assert all(m.performance.overall is not None and m.glossary for m in models)


def test_same_seed_same_data_files(tmp_path: Path) -> None:
    fmts = ("yaml", "txt", "html")
    a = write_corpus(tmp_path / "a", 3, seed=11, formats=fmts)
    b = write_corpus(tmp_path / "b", 3, seed=11, formats=fmts)
    c = write_corpus(tmp_path / "c", 3, seed=12, formats=("yaml",))
    assert a["units"] == b["units"]
    for u in a["units"]:
        for f in u["files"]:
            assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    assert (tmp_path / "a" / a["units"][0]["files"][0]).read_bytes() != (tmp_path / "c" / c["units"][0]["files"][0]).read_bytes()


def test_planted_errors_have_ground_truth_and_check_finds_them(tmp_path: Path) -> None:
    from juesuan.core.codec import read_path

    manifest = write_corpus(tmp_path, 4, seed=2, formats=("yaml",), error_rate=1.0)
    truth = [json.loads(line) for line in (tmp_path / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(truth) == 4 == sum(u["planted"] for u in manifest["units"])
    for t in truth:
        assert set(t) == {"file", "kind", "location", "found", "expected"}
        assert t["found"] != t["expected"]
        model = read_path(tmp_path / t["file"])
        row = model.tables[t["location"]["table"]].row(t["location"]["row"])
        assert str(row.values[t["location"]["column"]]) == t["found"]
        assert _errors(model), t  # the broken identity is an error


def test_synth_command_writes_a_mixed_corpus_audit_reads(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    r = subprocess.run([sys.executable, "-m", "juesuan", "synth", str(out), "-n", "3", "-f", "txt,docx,workbook",
                        "--mix", "--seed", "4", "-j", "1"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "已生成 3 个单位、3 个文件" in r.stdout
    names = sorted(p.name for p in out.iterdir())
    assert [n.split(".", 1)[1] for n in names if n[0].isdigit()] == ["txt", "docx", "xlsx"]
    assert "corpus.jsonl" in names and not (out / "ground_truth.jsonl").exists()
    from juesuan.app.audit import audit_file

    for p in sorted(out.glob("0000[12]-*")):  # the published TXT and DOCX read back: tables and prose
        report = audit_file(p)
        claims = report.extra_summary["claims"]
        assert report.passed > 500 and claims["checked"] > 0.8 * claims["found"] > 80, p


def test_synth_rejects_bad_options(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "juesuan", "synth", str(tmp_path), "-f", "pdf,odt"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "不支持的格式：odt" in r.stderr and "Traceback" not in r.stderr


def test_text_reports_get_juesuan_mutate_errors(tmp_path: Path) -> None:
    from juesuan.mutate import KINDS

    clean = write_corpus(tmp_path / "clean", 2, seed=3, formats=("txt",))
    write_corpus(tmp_path / "bad", 2, seed=3, formats=("txt",), error_rate=1.0)
    truth = [json.loads(x) for x in (tmp_path / "bad" / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(truth) == 2 and all(t["kind"] in KINDS and t["found"] != t["expected"] for t in truth)
    for u in clean["units"]:
        f = u["files"][0]
        good, bad = (tmp_path / "clean" / f).read_text(encoding="utf-8"), (tmp_path / "bad" / f).read_text(encoding="utf-8")
        assert good != bad and len(good.splitlines()) - len(bad.splitlines()) in (0, 1)  # one edit (or one row removed)


def test_distinct_copies_pdf_and_docx_with_their_own_id_and_the_same_audit(tmp_path: Path) -> None:
    import hashlib

    from juesuan.app.audit import audit_file
    from juesuan.core.errors import InputError

    m = write_corpus(tmp_path, 9, seed=3, formats=("txt", "pdf", "docx"), mix=True, distinct=1, error_rate=1.0)
    units = {u["index"]: u for u in m["units"]}
    assert [i for i, u in units.items() if "copy_of" in u] == [4, 5, 7, 8]  # TXT units are always built
    assert units[7]["copy_of"] == units[1]["files"][0] and units[8]["copy_of"] == units[2]["files"][0]
    files = sorted(p for p in tmp_path.iterdir() if p.suffix in (".txt", ".pdf", ".docx"))
    assert len(files) == 9 and len({hashlib.sha256(p.read_bytes()).hexdigest() for p in files}) == 9
    for src, copy in ((1, 7), (2, 8)):
        a = audit_file(tmp_path / units[src]["files"][0])
        b = audit_file(tmp_path / units[copy]["files"][0])
        assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings] and a.findings
    truth = [json.loads(x) for x in (tmp_path / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()]
    by_file = {t["file"]: {k: v for k, v in t.items() if k != "file"} for t in truth}
    assert by_file[units[7]["files"][0]] == by_file[units[1]["files"][0]]  # the planted error goes with the copy
    try:
        write_corpus(tmp_path / "x", 2, formats=("pdf",), distinct=1)
    except InputError as exc:
        assert "--mix" in str(exc)
    else:
        raise AssertionError("--distinct without --mix accepted")
