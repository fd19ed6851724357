"""Child processes that do not outlive their parent."""

from __future__ import annotations

import ctypes  # imported here, not in the child: a child that changed its user may not read it
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> bool:
    """Have this (forked) process killed with `sig` when `parent_pid`, its parent, dies.

    On Linux through prctl(PR_SET_PDEATHSIG); if the parent is already gone (it died between the
    fork and this call) the process exits at once.  Returns False where prctl does not exist: the
    caller then checks `parent_gone` itself.
    """
    ok = False
    if sys.platform.startswith("linux"):
        try:
            ok = ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
        except (OSError, AttributeError):
            ok = False
    if parent_gone(parent_pid):
        os._exit(1)
    return ok


def parent_gone(parent_pid: int) -> bool:
    """True when `parent_pid` is no longer our parent (it died and we were re-parented)."""
    return os.getppid() != parent_pid
