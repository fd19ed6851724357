"""A tiny argv parser for the hot commands (check, audit), so they start without building
typer's parameter machinery (which imports pydantic, ~0.2 s).  Anything unusual (--help, an
unknown option, a missing value) returns None and the caller falls back to typer, which prints
the help or the usage error."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def parse(argv: list[str], flags: dict[str, str], valued: dict[str, str]) -> tuple[list[Path], dict[str, Any]] | None:
    """Split argv into paths and options; `flags` and `valued` map option names to keyword names."""
    paths: list[Path] = []
    opts: dict[str, Any] = {}
    it = iter(argv)
    for arg in it:
        name, eq, value = arg.partition("=")
        if arg in flags:
            opts[flags[arg]] = True
        elif name in valued:
            if not eq:
                value = next(it, "")
            if not value:
                return None
            opts[valued[name]] = value
        elif arg == "--":
            paths += [Path(a) for a in it]
        elif arg.startswith("-"):
            return None
        else:
            paths.append(Path(arg))
    return (paths, opts) if paths else None
