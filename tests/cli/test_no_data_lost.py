"""No data lost: outputs never replace the input, nor a file juesuan did not write (without --force)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_YAML, SEED

from .helpers import assert_clean_refusal, juesuan

NAME = "榆林市人事信息中心-2024年度部门决算"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    r = tmp_path / "r.txt"
    shutil.copy(SEED, r)
    return r


@pytest.mark.parametrize("option", ["--html", "--xlsx"])
def test_audit_never_writes_over_the_report_it_audits(report: Path, option: str) -> None:
    before = report.read_bytes()
    out = juesuan("audit", str(report), option, str(report), "--brief", "--force")
    assert_clean_refusal(out, "不能把输出写到输入文件", str(report))
    assert report.read_bytes() == before


@pytest.mark.parametrize(("option", "name"), [("--html", "审核.html"), ("--xlsx", "问题清单.xlsx")])
def test_audit_keeps_a_foreign_file_unless_forced_and_rewrites_its_own(report: Path, option: str, name: str) -> None:
    target = report.parent / name
    target.write_bytes(b"a file someone else wrote")
    out = juesuan("audit", str(report), option, str(target), "--brief")
    assert_clean_refusal(out, "已存在，且不是 juesuan 生成的文件", "--force", str(target))
    assert target.read_bytes() == b"a file someone else wrote"
    forced = juesuan("audit", str(report), option, str(target), "--brief", "--force")
    assert forced.returncode == 1, forced.stderr  # the seed has error findings
    assert target.read_bytes() != b"a file someone else wrote"
    again = juesuan("audit", str(report), option, str(target), "--brief")  # our own file: rewritten
    assert again.returncode == 1, again.stderr


def test_build_keeps_foreign_files_and_its_input(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    foreign = out_dir / f"{NAME}.html"
    foreign.write_text("<html>someone's page</html>", encoding="utf-8")
    r = juesuan("build", str(EXAMPLE_YAML), "-o", str(out_dir), "--format", "html")
    assert_clean_refusal(r, "已存在，且不是 juesuan 生成的文件", "--force")
    assert foreign.read_text(encoding="utf-8") == "<html>someone's page</html>"
    r = juesuan("build", str(EXAMPLE_YAML), "-o", str(out_dir), "--format", "html", "--force")
    assert r.returncode == 0, r.stderr
    assert "juesuan" in foreign.read_text(encoding="utf-8")
    r = juesuan("build", str(EXAMPLE_YAML), "-o", str(out_dir), "--format", "html", "--force")  # ours now
    assert r.returncode == 0, r.stderr


def test_build_rewrites_its_own_outputs_without_force(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    r = juesuan("build", str(EXAMPLE_YAML), "-o", str(out_dir), "--force")
    assert r.returncode == 0, r.stderr
    from juesuan.formats.provenance import written_by_juesuan

    assert sorted(p.suffix for p in out_dir.iterdir() if written_by_juesuan(p)) == [".docx", ".html", ".pdf", ".xlsx"]
    r = juesuan("build", str(EXAMPLE_YAML), "-o", str(out_dir))  # no --force: our own files may be replaced
    assert r.returncode == 1 and "不是 juesuan 生成的文件" not in r.stderr, r.stderr  # stopped by the findings


def test_build_never_replaces_its_own_input(tmp_path: Path) -> None:
    first = tmp_path / "first"
    r = juesuan("build", str(EXAMPLE_YAML), "-o", str(first), "--format", "xlsx", "--force")
    assert r.returncode == 0, r.stderr
    own_input = first / f"{NAME}.xlsx"  # a juesuan workbook, read back and built into its own folder
    before = own_input.read_bytes()
    r = juesuan("build", str(own_input), "-o", str(first), "--format", "xlsx", "--force")
    assert_clean_refusal(r, "不能把输出写到输入文件")
    assert own_input.read_bytes() == before
