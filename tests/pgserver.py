"""A throw-away PostgreSQL server for the `postgres` tests.

`url()` returns JUESUAN_TEST_PG_URL when it is set; otherwise it starts, once per test session, a
server of Debian's binaries (/usr/lib/postgresql/*/bin, or initdb on PATH) in a temporary folder,
on a free loopback port, with its socket in that folder.  It is stopped by `stop()` (pytest's
session end), at interpreter exit, and, should pytest be killed, by the kernel: the server gets
SIGQUIT when its parent dies.  A developer's own PostgreSQL (port 5432) is never used or touched.
When no binaries exist (or running as root without a `postgres` user) the tests are skipped.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

_state: dict[str, object] = {}


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name)
                  if Path(d).parent.name.isdigit() else 0)
    dirs = [d for d in dirs if (Path(d) / "initdb").exists() and (Path(d) / "postgres").exists()]
    return Path(dirs[-1]) if dirs else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` user."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise _Unavailable("running as root without a `postgres` user: no temporary PostgreSQL "
                           "(postgres tests skipped)") from None
    return "postgres"


def url() -> str:
    """The URL of the test database (skips the test when no server can be had)."""
    env = os.environ.get("JUESUAN_TEST_PG_URL", "")
    if env:
        return env
    if "url" in _state:
        return str(_state["url"])
    if "skip" in _state:
        pytest.skip(str(_state["skip"]))
    try:
        _state["url"] = _start()
    except _Unavailable as exc:
        if os.environ.get("CI"):  # CI installs the server: there the tests must run
            pytest.fail(f"CI: {exc}")
        _state["skip"] = str(exc)
        pytest.skip(str(exc))
    except BaseException:
        stop()
        raise
    return str(_state["url"])


class _Unavailable(Exception):
    pass


def _start() -> str:
    bindir = _bindir()
    if bindir is None:
        raise _Unavailable("PostgreSQL server binaries not found (initdb; Debian package postgresql): "
                           "postgres tests skipped")
    user = _run_as()
    _remove_stale()
    root = Path(tempfile.mkdtemp(prefix="juesuan-pgtest-"))
    _state["root"] = root
    (root / "session.pid").write_text(str(os.getpid()))
    atexit.register(stop)
    if user:
        shutil.chown(root, user=user)
    data = root / "data"
    kw: dict = {"user": user, "group": user, "extra_groups": []} if user else {}
    init = subprocess.run([str(bindir / "initdb"), "-D", str(data), "-U", "juesuan", "--auth=trust",
                           "-E", "UTF8", "--no-locale", "--no-sync"],
                          capture_output=True, text=True, **kw)
    if init.returncode:
        raise RuntimeError(f"initdb failed: {init.stdout}{init.stderr}")
    port = _free_port()
    parent = os.getpid()
    log = open(root / "server.log", "wb")  # noqa: SIM115 - kept open for the server's life

    from juesuan.core.proc import die_with_parent

    def pre() -> None:  # runs in the child after the uid change, so the death signal survives it
        die_with_parent(parent, signal.SIGQUIT)

    proc = subprocess.Popen([str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(root),
                             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
                             "-c", "synchronous_commit=off"],
                            stdout=log, stderr=subprocess.STDOUT, preexec_fn=pre, **kw)
    _state["proc"] = proc
    _state["log"] = log
    import psycopg

    base = f"postgresql://juesuan@127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=2) as conn:
                conn.execute("CREATE DATABASE juesuan_test")
            break
        except psycopg.OperationalError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop()
                raise RuntimeError("temporary PostgreSQL did not start: "
                                   + (root / "server.log").read_text(errors="replace")[-2000:]) from None
            time.sleep(0.2)
    return f"{base}/juesuan_test"


def _remove_stale() -> None:
    """Folders left by test sessions that were killed (their server died with them): remove them."""
    for old in Path(tempfile.gettempdir()).glob("juesuan-pgtest-*"):
        try:
            os.kill(int((old / "session.pid").read_text()), 0)
            continue  # that session is still running
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except (OSError, ValueError):
            continue


def stop() -> None:
    """Stop the temporary server (fast shutdown, then kill) and remove its folder."""
    proc = _state.pop("proc", None)
    if isinstance(proc, subprocess.Popen) and proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    log = _state.pop("log", None)
    if log is not None:
        log.close()  # type: ignore[attr-defined]
    root = _state.pop("root", None)
    if isinstance(root, Path):
        shutil.rmtree(root, ignore_errors=True)
    _state.pop("url", None)
