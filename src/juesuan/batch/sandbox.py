"""The sandbox: a long-lived child process that audits or checks one file at a time.

A worker (a local job or a Dask worker) starts one sandbox and sends it files over a pipe, one JSON
line each way, so the start-up cost (imports, profiles) is paid once per worker, not per file.  A file
that crashes the sandbox (a segfault in a C library, the kernel's OOM killer) or takes longer than the
timeout is recorded as unreadable with the reason; the sandbox is started again and the batch goes on.

`python -m juesuan.batch.sandbox` is the child's entry point.  For tests, JUESUAN_BATCH_FAULTS
("hang=NAME;crash=NAME") makes the child hang on or kill itself at a file whose name contains NAME.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from juesuan.batch.work import Result, unreadable
from juesuan.core.errors import JuesuanError

READY = b"ready\n"
START_TIMEOUT = 120.0  # seconds for a sandbox to import everything on a loaded machine
RECYCLE_AFTER = 2000  # files before a sandbox is replaced by a fresh one (keeps memory flat)


def peak_rss_mb() -> int:
    """This process's peak resident memory in MB since it started its program (VmHWM).

    Not `ru_maxrss`: on Linux that also counts the parent's memory the process was forked with before
    it exec'd, so a child of a 190 MB driver reports 190 MB however little it uses itself.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:  # pragma: no cover - no /proc (not Linux)
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # pragma: no cover


def _warm() -> None:
    """Import what auditing and checking use, so the first file costs no more than the others."""
    import juesuan.app.audit  # noqa: F401
    import juesuan.app.check  # noqa: F401
    import juesuan.formats  # noqa: F401
    import juesuan.formats.published.read  # noqa: F401

    for mod in ("pymupdf", "docx", "python_calamine", "yaml"):  # dependencies: paid once per worker
        importlib.import_module(mod)


def _fault(path: str) -> None:
    for item in os.environ.get("JUESUAN_BATCH_FAULTS", "").split(";"):
        what, _, name = item.partition("=")
        if name and name in Path(path).name:
            if what == "hang":
                time.sleep(10**6)
            elif what == "crash":
                os.kill(os.getpid(), signal.SIGKILL)


def child_main() -> None:
    """Serve requests from stdin until it closes.  Anything the libraries print goes to stderr."""
    from juesuan.batch.work import process

    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _warm()
    out.write(READY)
    who = f"{socket.gethostname()}:{os.getpid()}"
    for line in sys.stdin.buffer:
        req = json.loads(line)
        _fault(req["path"])
        res = process(req["path"], req["kind"], req.get("profile"), req.get("prior"))
        if "report" in res:
            res["report"]["worker"] = who
            res["report"]["rss_mb"] = peak_rss_mb()
        out.write(json.dumps(res, ensure_ascii=False, default=str).encode("utf-8") + b"\n")


class Sandbox:
    """The parent's handle on one sandbox child; `run(path)` never raises for a bad file."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.served = 0
        self.buf = b""

    def start(self) -> None:
        self.close()
        self.proc = subprocess.Popen([sys.executable, "-m", "juesuan.batch.sandbox"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.served, self.buf = 0, b""
        line = self._line(START_TIMEOUT)
        if line != READY.strip():
            self.close()
            raise JuesuanError(f"审核子进程未能在 {START_TIMEOUT:g} 秒内启动（{sys.executable} -m juesuan.batch.sandbox）；"
                               "请检查这台机器上的 juesuan 安装")

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            for f in (self.proc.stdin, self.proc.stdout):
                if f is not None:
                    f.close()
        self.proc = None

    def run(self, path: str, kind: str, profile: str | None, timeout: float, prior: str | None = None) -> Result:
        if self.proc is None or self.proc.poll() is not None or self.served >= RECYCLE_AFTER:
            self.start()
        assert self.proc is not None and self.proc.stdin is not None
        t0 = time.perf_counter()
        try:
            req = {"path": path, "kind": kind, "profile": profile, "prior": prior}
            self.proc.stdin.write(json.dumps(req).encode() + b"\n")
            self.proc.stdin.flush()
            line = self._line(timeout)
        except BrokenPipeError:
            line = None
        seconds = time.perf_counter() - t0
        if line is None or line is False:
            why = self._why(line is False, timeout)
            self.close()
            return unreadable(path, f"文件 {path}：{why}，已跳过", seconds)
        self.served += 1
        res: dict[str, Any] = json.loads(line)
        return res

    def _why(self, timed_out: bool, timeout: float) -> str:
        if timed_out:
            return f"处理超过 {timeout:g} 秒仍未完成（可能卡住）"
        code = self.proc.wait() if self.proc is not None else None
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"处理时审核进程意外退出（信号 {name}）"
        return f"处理时审核进程意外退出（退出码 {code}）"

    def _line(self, timeout: float) -> bytes | None | bool:
        """The next line from the child; None when it exited, False on timeout."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self.buf:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    return False
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line


if __name__ == "__main__":
    child_main()
