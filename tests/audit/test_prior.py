"""`audit --prior LAST_YEAR`: last year's report (published or data) gives this report's prior-year
figures; claims against the prior year (增减额, 增长率, 增减用词) are checked against them and every
such finding names the file; a prior file of the wrong year is refused in Chinese."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE_YAML
from juesuan.cli import app

runner = CliRunner()
FLIPPED_AGENCY = ("支出决算比上年减少0.30万元，下降的主要原因", "支出决算比上年增加0.30万元，增长的主要原因")
WRONG_RATE = ("财政拨款支出增加372.90万元，增长117.12%", "财政拨款支出增加372.90万元，增长171.12%")


def _last_year(model, year: int):
    """A variant of the example whose current figures are the example's prior-year figures."""
    p = model.prior
    model.year = year
    for tid, row, col, value in (("T01", "income_grand_total", "amount", p.income_grand_total),
                                 ("T01", "expenditure_grand_total", "amount", p.expenditure_grand_total),
                                 ("T04", "income_grand_total", "amount", p.appropriation_grand_total),
                                 ("T04", "expenditure_grand_total", "total", p.appropriation_grand_total),
                                 ("T05", "total", "total", p.general_budget_expenditure)):
        model.tables[tid].row(row).values[col] = value
    model.agency_running_costs.actual = p.agency_running_costs
    return model


def _html(model, path):
    from juesuan.render.html import write_html
    from juesuan.report import assemble

    write_html(assemble(model, model.profile), path)
    return path


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """(this year's report as HTML, last year's as HTML, last year's as YAML, 2022's as YAML)."""
    from juesuan.core import codec

    d = tmp_path_factory.mktemp("prior")
    this = _html(codec.read_path(EXAMPLE_YAML), d / "2024.html")
    last = _last_year(codec.read_path(EXAMPLE_YAML), 2023)
    (d / "2023.yaml").write_text(codec.to_yaml(last), encoding="utf-8")
    (d / "2022.yaml").write_text(codec.to_yaml(_last_year(codec.read_path(EXAMPLE_YAML), 2022)), encoding="utf-8")
    return this, _html(last, d / "2023.html"), d / "2023.yaml", d / "2022.yaml"


def _audit(*args):
    r = runner.invoke(app, ["audit", *map(str, args), "--json"])
    return r, (json.loads(r.stdout) if r.stdout.strip().startswith("{") else None)


def _errors(obj):
    return [f for f in obj["findings"] if f["severity"] == "error"]


def _edited(src, dst, old: str, new: str):
    text = src.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    dst.write_text(text.replace(old, new), encoding="utf-8")
    return dst


@pytest.mark.parametrize("which", [1, 2], ids=["published", "yaml"])
def test_consistent_pair_adds_no_error_and_checks_prior_claims(pair, which):
    this, prior = pair[0], pair[which]
    _, alone = _audit(this)
    _, with_prior = _audit(this, "--prior", prior)
    assert sorted(f["message"] for f in _errors(with_prior)) == sorted(f["message"] for f in _errors(alone))
    # the change against the prior year (机关运行经费 比上年减少0.30万元) was unchecked, now it is checked
    unchecked = lambda o: [u["text"] for u in o["summary"]["claims"]["unchecked"]]  # noqa: E731
    assert "0.30万元" in unchecked(alone) and "0.30万元" not in unchecked(with_prior)
    # the F-009 gap (上年机关运行经费 unknown) is filled from last year's report
    assert any(f["rule"] == "F-009" and "机关运行经费" in f["message"] for f in alone["findings"])
    assert not any(f["rule"] == "F-009" and "机关运行经费" in f["message"] for f in with_prior["findings"])
    assert with_prior["summary"]["prior"] == {"source": str(prior), "year": 2023} and "prior" not in alone["summary"]


def test_flipped_direction_word_found_with_the_prior_file_named(pair, tmp_path):
    this = _edited(pair[0], tmp_path / "2024.html", *FLIPPED_AGENCY)
    _, alone = _audit(this)
    assert not any("0.30万元" in f["message"] for f in _errors(alone))  # without last year: nothing to hold it against
    r, obj = _audit(this, "--prior", pair[2])
    found = [f for f in _errors(obj) if f["rule"] == "NAR-005" and "0.30万元" in f["message"]]
    assert found and "2023.yaml" in found[0]["message"] and "减少" in found[0]["message"], found
    assert r.exit_code == 1


def test_wrong_growth_rate_found_with_the_prior_file_named(pair, tmp_path):
    this = _edited(pair[0], tmp_path / "2024.html", *WRONG_RATE)
    _, obj = _audit(this, "--prior", pair[1])
    found = [f for f in _errors(obj) if f["rule"] == "NAR-002" and "171.12%" in f["message"]
             and "取自上年报告 2023.html" in f["message"]]
    assert found and "117.12" in found[0]["message"], [f["message"] for f in _errors(obj)]


@pytest.mark.parametrize("year", [2023, 2022])
def test_rate_alone_against_a_named_year(pair, tmp_path, year):
    """"比2023年度决算数下降117.12%" with no change amount: checked against last year's report; against
    2022 (two years back) it is not last year's figure, so it is not checked against it."""
    sentence = f"财政拨款支出比{year}年度决算数下降117.12%"
    this = _edited(pair[0], tmp_path / "2024.html", "与上年相比，财政拨款支出增加372.90万元，增长117.12%", sentence)
    _, obj = _audit(this, "--prior", pair[2])
    named = [f for f in obj["findings"] if f.get("location", {}).get("sentence", "").startswith(sentence)
             and "2023.yaml" in f.get("message", "")]
    if year == 2023:
        assert [(f["rule"], f["severity"]) for f in named] == [("NAR-005", "error")], named
        assert "增长" in named[0]["message"]
    else:
        assert named == []


def test_rate_one_hundredth_off_is_rounding_not_error(pair, tmp_path):
    this = _edited(pair[0], tmp_path / "2024.html", WRONG_RATE[0], WRONG_RATE[0].replace("117.12", "117.13"))
    _, obj = _audit(this, "--prior", pair[2])
    against_prior = [f for f in obj["findings"] if "117.13%" in f.get("message", "") and "2023.yaml" in f["message"]]
    assert against_prior and all(f["severity"] == "info" for f in against_prior), against_prior
    assert not any("117.13%" in f["message"] for f in _errors(obj))


def test_prior_report_of_the_wrong_year_is_refused(pair):
    r = runner.invoke(app, ["audit", str(pair[0]), "--prior", str(pair[3])])
    assert r.exit_code == 2
    out = r.stdout + (r.stderr if r.stderr_bytes is not None else "")
    squashed = "".join(out.split())
    assert "2022.yaml" in squashed and "2022年度" in squashed and "2024年度" in squashed and "2023年度" in squashed


def test_prior_file_with_batch_options_is_refused(pair, tmp_path):
    """Batch mode takes last year's folder (tests/scale/test_prior.py), never one file for every unit."""
    r = runner.invoke(app, ["audit", str(pair[0]), "--prior", str(pair[2]), "--jobs", "1",
                            "--results", str(tmp_path / "out")])
    assert r.exit_code == 2 and "--prior" in r.stderr and not (tmp_path / "out").exists()
    assert "文件夹" in "".join(r.stderr.split())


def test_unreadable_prior_file_is_refused(pair, tmp_path):
    bad = tmp_path / "去年.yaml"
    bad.write_text("这不是数据：[", encoding="utf-8")
    r = runner.invoke(app, ["audit", str(pair[0]), "--prior", str(bad)])
    assert r.exit_code == 2 and "上年报告" in "".join((r.stdout + r.stderr).split())
    assert "Traceback" not in r.stdout + r.stderr
