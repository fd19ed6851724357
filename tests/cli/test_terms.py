"""One word per job (docs/terms.md): 校验 for `check` (data), 审核 for `audit` (published reports)."""

from __future__ import annotations

import pytest

from conftest import REPO

from .test_cli_texts import juesuan


@pytest.mark.parametrize(("command", "word", "other"), [("check", "校验", "审核"), ("audit", "审核", "校验")])
def test_command_help_uses_its_word(command: str, word: str, other: str) -> None:
    out = juesuan(command, "--help").stdout
    assert word in out
    assert "检查决算" not in out and "要检查" not in out and "照常检查" not in out


def test_top_level_help_and_readme_name_the_jobs_alike() -> None:
    out = juesuan("--help").stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "校验" in out and "审核" in out
    assert "check 校验" in readme and "audit 审核" in readme
    assert (REPO / "docs" / "terms.md").exists()


def test_check_output_heading_is_jiaoyan(tmp_path) -> None:  # noqa: ANN001
    from conftest import EXAMPLE_YAML

    out = juesuan("check", str(EXAMPLE_YAML))
    assert f"校验结果：{EXAMPLE_YAML}" in out.stdout.replace("\n", "")
    assert "检查结果" not in out.stdout
