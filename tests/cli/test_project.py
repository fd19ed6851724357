"""The project's own files: licence metadata, no deprecated test client, `serve --demo` leaves nothing behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO


def test_license_is_an_spdx_string_with_its_file() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")


def test_test_client_raises_no_deprecation_warning() -> None:
    out = subprocess.run([sys.executable, "-W", "error", "-c", "import fastapi.testclient"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_demo_removes_its_temporary_database_on_exit(tmp_path: Path, sig: int) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "juesuan.cli", "serve", "--demo", "--port", str(_free_port())],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("门户地址"):
                break
        assert list(tmp_path.glob("juesuan-demo-*/demo.db")), "".join(lines)
        proc.send_signal(sig)  # early (while uvicorn starts) or late, the folder goes
        rest = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "自动删除" in "".join(lines)
    assert not list(tmp_path.glob("juesuan-demo-*")), "the demo folder was left behind"
    assert "Traceback" not in rest, rest
