"""`juesuan check` and `juesuan rules` as users run them (whole process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan.core import codec

from .util import rich_unit

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "yulin-2024.yaml"


def juesuan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8", cwd=REPO,
                          timeout=120, env={**os.environ, "COLUMNS": "160", "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def clean(tmp_path):
    """A consistent unit (no error, no warning) as JSON."""
    path = tmp_path / "clean.json"
    path.write_text(codec.to_json(rich_unit()), encoding="utf-8")
    return path


@pytest.fixture
def warned(tmp_path):
    """A consistent unit whose 机关运行经费 differs from 公用经费合计 (a warning only)."""
    m = rich_unit()
    m.agency_running_costs.actual += 1
    path = tmp_path / "warned.yaml"
    path.write_text(codec.to_yaml(m), encoding="utf-8")
    return path


def test_human_report_of_the_example():
    res = juesuan("check", str(EXAMPLE))
    assert res.returncode == 1
    out = res.stdout
    for text in ("错误（6 项）", "警告（3 项）", "P-001", "产出指标", "X-011", "公开06表", "30109",
                 "尾差（22 处", "公开02表 收入决算表：6处", "未检查（1 项）", "项通过", "1 项未检查"):
        assert text in out, text
    assert out.index("错误（") < out.index("警告（") < out.index("尾差")


def test_clean_input_exits_0(clean):
    res = juesuan("check", str(clean))
    assert res.returncode == 0, res.stdout
    assert "未发现错误或警告" in res.stdout and "错误 0 项，警告 0 项" in res.stdout


def test_fail_on_warning(warned):
    assert juesuan("check", str(warned)).returncode == 0
    res = juesuan("check", str(warned), "--fail-on", "warning", "--json")
    assert res.returncode == 1
    obj = json.loads(res.stdout)
    assert [f["rule"] for f in obj["findings"] if f["severity"] in ("warning", "error")] == ["X-012"]
    assert juesuan("check", str(warned), "--fail-on=warning").returncode == 1
    bad = juesuan("check", str(warned), "--fail-on", "info")
    assert bad.returncode == 2 and "--fail-on" in bad.stderr


def test_unreadable_input_names_the_file_and_continues(tmp_path, clean):
    missing = tmp_path / "没有这个文件.xlsx"
    broken = tmp_path / "broken.json"
    broken.write_text('{"year": 2024, "tables": {"T01": {"id": "T01", "rows": [{"key": "x", "label": "",'
                      ' "values": {"amount": "abc"}}]}}}', encoding="utf-8")
    res = juesuan("check", str(missing), str(broken), str(clean))
    assert res.returncode == 2
    assert str(missing) in res.stderr and "文件不存在" in res.stderr
    assert str(broken) in res.stderr and "应为数字" in res.stderr and "abc" in res.stderr
    assert f"校验结果：{clean}" in res.stdout  # the readable input is still checked


def test_profile_option(clean):
    res = juesuan("check", str(clean), "--profile", "no-such-profile")
    assert res.returncode == 2 and "no-such-profile" in res.stderr and "shaanxi-2024" in res.stderr
    res = juesuan("check", str(clean), "--profile", "shaanxi-2024", "--json")
    assert res.returncode == 0 and json.loads(res.stdout)["profile"] == "shaanxi-2024"


def test_help_falls_back_to_typer():
    res = juesuan("check", "--help")
    assert res.returncode == 0 and "--fail-on" in res.stdout and "--json" in res.stdout


def test_rules_command_lists_catalogue():
    res = juesuan("rules")
    assert res.returncode == 0
    for text in ("T01-001", "X-011", "F-007", "P-001", "错误", "警告", "表间勾稽"):
        assert text in res.stdout, text


def test_docs_rules_md_is_up_to_date():
    """docs/rules.md is generated from the code: regenerate with `juesuan rules --markdown > docs/rules.md`."""
    res = juesuan("rules", "--markdown")
    assert res.returncode == 0
    doc = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert res.stdout.splitlines() == doc.splitlines()


def test_several_inputs_human_report(clean):
    res = juesuan("check", str(EXAMPLE), str(clean))
    assert res.returncode == 1  # the example has errors
    assert res.stdout.count("校验结果：") == 2
    assert res.stdout.index(f"校验结果：{EXAMPLE}") < res.stdout.index(f"校验结果：{clean}")
