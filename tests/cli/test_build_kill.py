"""kill -9 during a build: the writer process dies with it, and the next build removes the staging folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE_YAML

from .helpers import RUN, juesuan


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _staged(out: Path) -> list[str]:
    """Finished files and the writers' temporary files in the staging folder."""
    return sorted(p.name for p in out.glob(".juesuan-build-*/*") if p.name != ".owner")


@pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                    reason="the two-process build runs on Linux with two cores")
def test_kill_9_during_a_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "JUESUAN_BUILD_JOBS": "2", "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-c", RUN, "build", str(EXAMPLE_YAML), "-o", str(out), "--force"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    worker = None
    try:
        for _ in range(1200):  # wait (at most a few minutes under load) until the writer process runs
            kids = _children(proc.pid)
            if kids and list(out.glob(".juesuan-build-*")):
                worker = kids[0]
                break
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        assert worker is not None, "the build ended before its writer process was seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        at_kill = _staged(out)
        for _ in range(600):
            if not _alive(worker):
                break
            time.sleep(0.05)
        assert not _alive(worker), "the writer process outlived the killed build"
        assert _staged(out) == at_kill, f"the orphaned writer went on writing: {at_kill} -> {_staged(out)}"
    finally:
        if proc.poll() is None:
            proc.kill()
        if worker is not None and _alive(worker):
            os.kill(worker, signal.SIGKILL)
    assert list(out.glob(".juesuan-build-*")), "kill -9 leaves the staging folder (no code runs)"
    again = juesuan("build", str(EXAMPLE_YAML), "-o", str(out), "--force", "--format", "html")
    assert again.returncode == 0, again.stderr
    assert not list(out.glob(".juesuan-build-*"))
    assert [p.suffix for p in out.iterdir()] == [".html"]
