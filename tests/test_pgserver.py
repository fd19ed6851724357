"""The temporary PostgreSQL of the `postgres` tests: its own folder and port, gone when the session is."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pgserver

pytestmark = pytest.mark.postgres

TESTS = Path(__file__).resolve().parent


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


def test_server_is_private_and_dies_with_a_killed_test_session(tmp_path: Path) -> None:
    if os.environ.get("JUESUAN_TEST_PG_URL"):
        pytest.skip("JUESUAN_TEST_PG_URL is set: the tests use that server, not a temporary one")
    pgserver.url()  # skips with the reason when no server binaries exist
    script = ("import os, signal, pgserver\n"
              "u = pgserver.url()\n"
              "print(u, pgserver._state['proc'].pid, pgserver._state['root'], flush=True)\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == -9, out.stderr
    url, pid, root = out.stdout.split()
    assert "127.0.0.1:" in url and ":5432/" not in url
    assert Path(root).parent == Path(pgserver.tempfile.gettempdir())
    for _ in range(300):  # the kernel sends the server SIGQUIT when the killed session goes
        if not _alive(int(pid)):
            break
        time.sleep(0.1)
    assert not _alive(int(pid)), "the server outlived the killed test session"
    pgserver._remove_stale()  # the next session removes what the killed one left
    assert not Path(root).exists()
