"""The summary line of a report with no figure in its prose gives no coverage rate (not “0 of 0, 100 %”)."""

from __future__ import annotations

from typer.testing import CliRunner

from conftest import CORPUS
from juesuan.cli import app

NO_FIGURES = CORPUS / "shaanxi-zhashui-audit-bureau-2020-dept-final-excerpt.txt"  # 概况 only, no figure
WITH_FIGURES = CORPUS / "sichuan-daying-mch-unit-2020-unit-final-narrative-excerpt.txt"


def _summary(path, tmp_path) -> tuple[str, str]:
    html = tmp_path / f"{path.stem}.html"
    res = CliRunner().invoke(app, ["audit", str(path), "--html", str(html)])
    return res.output.replace("\n", ""), html.read_text(encoding="utf-8")


def test_no_figures_no_rate(tmp_path):
    out, html = _summary(NO_FIGURES, tmp_path)
    assert "叙述数字 找到 0 / 绑定 0 / 核对 0" in out and "100.0%" not in out
    assert "核对 0 个。" in html and "100.0%" not in html


def test_figures_give_a_rate(tmp_path):
    out, html = _summary(WITH_FIGURES, tmp_path)
    assert "%）" in out.split("叙述数字")[-1]
    assert "%）。" in html
