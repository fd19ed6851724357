"""At 80 columns the console report is a compact list: every line fits, each finding takes a few lines."""

from __future__ import annotations

import io

import pytest

from conftest import EXAMPLE_XLSX, SEED


def _render(report, source: str, width: int) -> list[str]:  # noqa: ANN001
    from rich.console import Console

    from juesuan.findings.console import print_report

    buf = io.StringIO()
    print_report(report, source, Console(file=buf, width=width, color_system=None, highlight=False))
    return buf.getvalue().splitlines()


@pytest.fixture(scope="module")
def seed_report():
    from juesuan.app.audit import audit_file

    return audit_file(SEED)


@pytest.fixture(scope="module")
def example_report():
    from juesuan.app.check import run_checks
    from juesuan.formats import read_input

    return run_checks(read_input(EXAMPLE_XLSX))


@pytest.mark.parametrize("which", ["seed_report", "example_report"])
def test_every_line_fits_80_columns_and_every_finding_is_listed(request, which: str) -> None:
    from rich.cells import cell_len

    from juesuan.findings.console import is_rounding

    report = request.getfixturevalue(which)
    lines = _render(report, "报告.txt", 80)
    assert max(cell_len(line.rstrip()) for line in lines) <= 80
    text = "\n".join(line.rstrip() for line in lines)
    shown = [f for f in report.findings if f.status == "fail" and not is_rounding(f)]
    unchecked = [f for f in report.findings if f.status == "not_checked"]
    for f in shown + unchecked:
        assert f.rule in text
        assert f.message.replace("\n", "")[:12] in text.replace("\n", "").replace(" ", "") or \
            f.message[:12].replace(" ", "") in text.replace("\n", "").replace(" ", "")
    # a compact list: on average at most five lines per finding (the table layout took about fifteen)
    assert len(lines) <= 5 * len(shown + unchecked) + 20, len(lines)
    assert not any(ch in text for ch in "┏┃━│╇"), "no table borders on a narrow terminal"


def test_wide_terminals_keep_the_table(seed_report) -> None:  # noqa: ANN001
    lines = _render(seed_report, "报告.txt", 160)
    assert any("┃ 规则" in line for line in lines)
