"""`audit DIR --prior PRIOR_DIR` in batch mode: last year's folder indexed once (in the workers), each
report matched by unit name and year − 1, the prior used (or why none) in the reports table, resume
keyed by the prior file too, and the --prior FILE refusal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan.batch.compact import compact
from juesuan.batch.prior import INDEX, PriorIndex, normalise
from juesuan.batch.query import run_query
from juesuan.batch.runner import run_batch

# unit 1's 收入总计 change and rate, made wrong together so that they agree with each other and with
# this year's table (its implied prior total is 814.40): only last year's report (914.40) shows it
PLANT = ("增加159.27万元，增长17.42%", "增加259.27万元，增长31.84%")


def _last_year(model, year: int):
    """Last year's data of a synthetic unit: its current figures are this year's prior-year figures."""
    p = model.prior
    model.year = year
    for tid, row, col, value in (("T01", "income_grand_total", "amount", p.income_grand_total),
                                 ("T01", "expenditure_grand_total", "amount", p.income_grand_total),
                                 ("T04", "income_grand_total", "amount", p.appropriation_grand_total),
                                 ("T04", "expenditure_grand_total", "total", p.appropriation_grand_total),
                                 ("T05", "total", "total", p.general_budget_expenditure),
                                 ("T09", "actual", "total", p.three_public_actual),
                                 ("T09", "actual", "meeting", p.meeting_actual),
                                 ("T09", "actual", "training", p.training_actual)):
        model.tables[tid].row(row).values[col] = value
    model.agency_running_costs.actual = p.agency_running_costs
    return model


def _write_prior(folder: Path, index: int, year: int, name: str | None = None) -> Path:
    from juesuan.core import codec
    from juesuan.synth.units import synth_unit

    model = _last_year(synth_unit(21, index, 2024), year)
    if name is not None:
        model.unit.name = name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"u{index}-{year}.yaml"
    path.write_text(codec.to_yaml(model), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(this year: three units' 2024 reports as TXT, unit 1 with PLANT; last year: units 1 and 2 of
    2023 as data — unit 1's name written with spaces and full-width brackets — and unit 3 of 2022)."""
    from juesuan.synth.corpus import write_corpus

    base = tmp_path_factory.mktemp("two-years")
    this = base / "2024"
    manifest = write_corpus(this, 3, seed=21, formats=("txt",))
    (this / "corpus.jsonl").unlink()
    first = this / manifest["units"][0]["files"][0]
    text = first.read_text(encoding="utf-8")
    assert text.count(PLANT[0]) == 1
    first.write_text(text.replace(*PLANT), encoding="utf-8")
    name = manifest["units"][0]["unit"]
    _write_prior(base / "2023", 0, 2023, f" {name[:3]} {name[3:]}（）")
    _write_prior(base / "2023", 1, 2023)
    _write_prior(base / "2023" / "older", 2, 2022)
    return this, base / "2023"


def _rows(results: Path, sql: str) -> list[dict]:
    cols, rows = run_query(results, sql)
    return [dict(zip(cols, r, strict=True)) for r in rows]


def _reports(results: Path) -> dict[str, dict]:
    return {Path(r["path"]).name[:5]: r for r in _rows(results, "SELECT * FROM reports")}


def _errors(results: Path, unit: str) -> list[str]:
    return [r["message"] for r in _rows(results, "SELECT path, message FROM findings WHERE severity = 'error'")
            if Path(r["path"]).name.startswith(unit)]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "400"})


def test_jobs_planted_rate_found_only_with_prior_and_resume_reaudits(two_years, tmp_path: Path) -> None:
    this, last = two_years
    res = tmp_path / "res"
    r = _cli("audit", str(this), "--results", str(res), "--jobs", "2")
    assert r.returncode == 0, r.stdout + r.stderr
    assert not any("259.27" in m for m in _errors(res, "00001"))  # consistent in itself: not found alone
    assert all(row["prior"] is None and row["prior_note"] is None for row in _reports(res).values())

    r = _cli("audit", str(this), "--results", str(res), "--jobs", "2", "--prior", str(last))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "本次审核 3 个" in r.stdout and "上年报告" in r.stdout and "审核的 3 份报告中与上年报告对照的 2 份" in r.stdout, r.stdout
    found = [m for m in _errors(res, "00001") if "259.27" in m]
    assert found and "914.40" in found[0] and "u0-2023.yaml" in found[0], _errors(res, "00001")
    assert _errors(res, "00002") == []  # a consistent pair adds no error
    reports = _reports(res)
    assert len(reports) == 3 and len(_rows(res, "SELECT * FROM figures")) == 3  # latest rows only
    assert reports["00001"]["prior"] == str(last / "u0-2023.yaml") and reports["00001"]["prior_note"] is None
    assert reports["00002"]["prior"] == str(last / "u1-2023.yaml") and reports["00002"]["prior_hash"]
    assert reports["00003"]["prior"] is None and reports["00003"]["prior_hash"] is None
    assert "2022年度" in reports["00003"]["prior_note"] and "没有2023年度" in reports["00003"]["prior_note"]
    index = [json.loads(line) for line in (res / INDEX).read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(e["path"]).name, e["year"]) for e in index) == [
        ("u0-2023.yaml", 2023), ("u1-2023.yaml", 2023), ("u2-2022.yaml", 2022)]

    r = _cli("audit", str(this), "--results", str(res), "--jobs", "2", "--prior", str(last))
    assert "本次审核 0 个" in r.stdout and "跳过已有结果的 3 个" in r.stdout, r.stdout
    assert "本次读取 0 个" in r.stdout  # the index of last year's folder is kept in the results


def test_local_cluster_with_prior_and_resume_with_another_prior(two_years, tmp_path: Path) -> None:
    this, last = two_years
    res = tmp_path / "res"
    first = run_batch([this], res, cluster="local:2", prior=last)
    assert (first.done, first.with_prior, first.prior_files, first.prior_read) == (3, 2, 3, 3)
    assert any("259.27" in m and "u0-2023.yaml" in m for m in _errors(res, "00001"))

    other = tmp_path / "other"  # unit 1's prior changed (its 收入总计 as the report implies): unit 1 again
    shutil.copytree(last, other)
    text = (other / "u0-2023.yaml").read_text(encoding="utf-8")
    (other / "u0-2023.yaml").unlink()
    assert "914.40" in text
    (other / "u0-new.yaml").write_text(text.replace("914.40", "814.40"), encoding="utf-8")
    again = run_batch([this], res, cluster="local:2", prior=other)
    assert (again.done, again.skipped, again.with_prior) == (1, 2, 1)
    assert again.prior_read == 1  # the two unchanged prior files are not read again
    reports = _reports(res)
    assert len(reports) == 3 and reports["00001"]["prior"] == str(other / "u0-new.yaml")
    assert not any("259.27" in m for m in _errors(res, "00001"))  # right against the new prior
    assert reports["00002"]["prior"] == str(last / "u1-2023.yaml")  # not re-audited: same prior file content

    third = run_batch([this], res, jobs=1)  # without --prior: audited again, without prior
    assert third.done == 3 and all(r["prior"] is None for r in _reports(res).values())
    compact(res, files_per_part=100)  # merged: the superseded rows are dropped, the latest kept
    assert len(_rows(res, "SELECT * FROM reports")) == 3
    assert all(r["prior"] is None for r in _reports(res).values())
    assert run_batch([this], res, jobs=1).skipped == 3


def _entry(path: str, unit: str | None, year: int | None, digest: str | None = None) -> dict:
    return {"path": path, "hash": digest or path, "unit": unit, "year": year, "error": None}


def test_matching_is_exact_after_normalising_and_never_guesses() -> None:
    assert normalise(" 商洛市（本级）财政局\u3000") == normalise("商洛市(本级)财政局") == "商洛市本级财政局"
    index = PriorIndex([_entry("a.pdf", "甲 局", 2023), _entry("b.pdf", "乙局", 2023), _entry("b2.pdf", "乙局", 2023),
                        _entry("c.pdf", "丙局", 2022), _entry("d.pdf", "丁局", 2023, "x"),
                        _entry("d-copy.pdf", "丁局", 2023, "x"), _entry("e.pdf", "甲局分局", 2023),
                        {"path": "bad.pdf", "hash": "z", "unit": None, "year": None, "error": "读不了"}])
    assert index.match("甲局", 2024).path == "a.pdf"
    assert index.match("丁局", 2024).path in ("d.pdf", "d-copy.pdf")  # byte-identical copies: one report
    amb = index.match("乙局", 2024)
    assert amb.path is None and "2 份" in amb.note and "b.pdf" in amb.note and "b2.pdf" in amb.note
    wrong = index.match("丙局", 2024)
    assert wrong.path is None and "2022年度" in wrong.note and "2023年度" in wrong.note
    assert index.match("甲", 2024).path is None and "没有单位名称为“甲”" in index.match("甲", 2024).note
    assert index.match(None, 2024).note and index.match("甲局", None).note
    assert len(index.unreadable()) == 1


def test_files_of_one_unit_and_year_giving_the_same_figures_are_one() -> None:
    """Last year's workbook beside the report published from it: same figures, the data file is used;
    two files whose figures differ stay ambiguous (so do files whose figures are unknown)."""
    same = {"expenditure_grand_total": "914.40", "three_public_actual": "8.09"}
    other = {**same, "three_public_actual": "9.09"}

    def entry(path: str, figures: dict | None) -> dict:
        return {**_entry(path, "甲局", 2023), "figures": figures}

    assert PriorIndex([entry("b.pdf", same), entry("a.xlsx", same)]).match("甲局", 2024).path == "a.xlsx"
    assert PriorIndex([entry("b.pdf", same), entry("c.txt", same)]).match("甲局", 2024).path == "b.pdf"
    differ = PriorIndex([entry("b.pdf", same), entry("a.xlsx", other)]).match("甲局", 2024)
    assert differ.path is None and "数字不同" in differ.note
    assert PriorIndex([entry("b.pdf", {}), entry("a.xlsx", {})]).match("甲局", 2024).path is None


def test_prior_file_with_many_reports_is_refused(two_years, tmp_path: Path) -> None:
    this, last = two_years
    prior_file = last / "u1-2023.yaml"
    r = _cli("audit", str(this), "--results", str(tmp_path / "res"), "--jobs", "1", "--prior", str(prior_file))
    assert r.returncode == 2 and "一个文件不能作为每个单位的上年报告" in r.stdout + r.stderr
    assert not (tmp_path / "res").exists()
    r = _cli("audit", str(this), "--brief", "--prior", str(prior_file))
    assert r.returncode == 2 and "要审核的报告有 3 份" in r.stderr, r.stderr


def test_folder_prior_without_batch_options(two_years) -> None:
    this, last = two_years
    r = _cli("audit", str(this), "--json", "--prior", str(last))
    objs = {Path(o["source"]).name[:5]: o for o in map(json.loads, r.stdout.splitlines())}
    assert objs["00001"]["summary"]["prior"]["source"] == str(last / "u0-2023.yaml")
    assert any("259.27" in f["message"] for f in objs["00001"]["findings"] if f["severity"] == "error")
    assert "prior" not in objs["00003"]["summary"] and "2022年度" in objs["00003"]["summary"]["prior_note"]


def test_one_folder_of_both_years_matches_each_report_with_the_year_before(two_years, tmp_path: Path) -> None:
    """An archive holding several years: each report takes its unit's file of the year before, never
    its own file (same unit, same year) nor an older one."""
    this, last = two_years
    both = tmp_path / "archive"
    shutil.copytree(this, both)
    shutil.copytree(last, both, dirs_exist_ok=True)
    res = tmp_path / "res"
    summary = run_batch([both], res, jobs=1, prior=both)
    assert (summary.done, summary.prior_files, summary.with_prior) == (3, 6, 2)
    reports = _reports(res)
    assert reports["00001"]["prior"] == str(both / "u0-2023.yaml")
    assert reports["00003"]["prior"] is None and "2022、2024年度" in reports["00003"]["prior_note"]


def test_an_interrupted_index_keeps_what_it_read(two_years, tmp_path: Path) -> None:
    """The index is appended to as prior files are read: after a kill (the last line torn) a resumed run
    reads only the files it lacks, and the index ends with exactly the folder's files."""
    this, last = two_years
    res = tmp_path / "res"
    run_batch([this], res, jobs=1, prior=last)
    lines = (res / INDEX).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    (res / INDEX).write_text(lines[0] + "\n" + lines[1][: len(lines[1]) // 2], encoding="utf-8")
    again = run_batch([this], res, jobs=1, prior=last)
    assert (again.prior_files, again.prior_read, again.done, again.skipped) == (3, 2, 0, 3)
    assert (res / INDEX).read_text(encoding="utf-8").splitlines() == lines
