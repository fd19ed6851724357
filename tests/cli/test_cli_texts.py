"""typer's own texts are Chinese: help panels, the usage line, usage errors; `--version`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Show this message", "No such option", "Missing option",
           "Missing argument", "[default:", "[required]", "Try '", "for help", "Invalid value", "Error")


def juesuan(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    run = "import sys; sys.argv[0] = 'juesuan'; from juesuan.cli import main; main()"
    return subprocess.run([sys.executable, "-c", run, *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("check", "--help"), ("audit", "--help"),
                                  ("template", "--help"), ("serve", "--help")])
def test_help_is_chinese(args: tuple[str, ...]) -> None:
    out = juesuan(*args)
    assert out.returncode == 0, out.stderr
    assert "用法：juesuan" in out.stdout and "选项" in out.stdout and "显示本说明并退出" in out.stdout
    for word in ENGLISH:
        assert word not in out.stdout, (word, out.stdout)


@pytest.mark.parametrize(("args", "expected"), [
    (("check", "--bogus", "x.xlsx"), "没有这个选项：--bogus"),
    (("build", "x.xlsx"), "缺少必填的选项 '-o' / '--output'"),
    (("audit",), "缺少要处理的文件"),
    (("template", "-o"), "选项 -o 后面要写一个值"),
    (("serve", "--port", "abc"), "'--port' 的值不正确：应为整数"),
    (("nosuch",), "没有这个命令：nosuch"),
    (("build", "a.xlsx", "b.xlsx", "-o", "out"), "多余的参数：b.xlsx"),
])
def test_usage_errors_are_chinese(args: tuple[str, ...], expected: str) -> None:
    out = juesuan(*args)
    assert out.returncode == 2
    assert expected in out.stderr, out.stderr
    for word in ENGLISH:
        assert word not in out.stderr, (word, out.stderr)


def test_default_values_are_shown_in_chinese() -> None:
    out = juesuan("build", "--help")
    assert "[默认：docx,pdf,html,xlsx]" in out.stdout


def test_version() -> None:
    from importlib.metadata import version

    out = juesuan("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"juesuan {version('juesuan')}"
