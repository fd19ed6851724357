"""Run the real command line in a subprocess; as root, optionally without root's right to ignore file modes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

RUN = "import sys; sys.argv[0] = 'juesuan'; from juesuan.cli import main; main()"


def juesuan(*args: str, cwd: Path | None = None, unprivileged: bool = False,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`juesuan ARGS` as a user types it.  `unprivileged`: file permissions apply even when run as root
    (setpriv drops CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH), so read-only and unreadable folders are real."""
    cmd = [sys.executable, "-c", RUN, *args]
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to test file permissions as root"
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *cmd]
    full_env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "JUESUAN_BUILD_JOBS": "1", **(env or {})}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=full_env, timeout=600)


def assert_clean_refusal(out: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2, a Chinese message with `words`, and no traceback."""
    text = out.stdout + out.stderr
    assert out.returncode == 2, text
    assert "Traceback" not in text, text
    joined = text.replace("\n", "")  # rich wraps long paths at the terminal width
    for w in words:
        assert w in joined, (w, text)
