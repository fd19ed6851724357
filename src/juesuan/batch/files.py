"""The inputs of a batch, streamed: a directory is walked lazily (never listed whole in memory)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

AUDIT_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")
CHECK_SUFFIXES = (".xlsx", ".xlsm", ".yaml", ".yml", ".json")


def walk(paths: Iterable[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Every file under `paths` with one of `suffixes`, directories in name order, one entry at a time.

    A path given as a file is yielded as it is (whatever its suffix).  Hidden files and folders (a
    leading dot, e.g. a results directory's temporary files) are skipped.
    """
    for p in paths:
        if p.is_dir():
            yield from _walk_dir(p, suffixes)
        else:
            yield p


def _walk_dir(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    try:
        with os.scandir(root) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:  # one directory's names at a time; files of a subdirectory come when it is reached
        if e.is_dir(follow_symlinks=False):
            yield from _walk_dir(Path(e.path), suffixes)
        elif e.is_file() and Path(e.name).suffix.lower() in suffixes:
            yield Path(e.path)


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes (hex), read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
