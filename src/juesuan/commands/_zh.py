"""typer's own texts in Chinese: help panels, the usage line, the --help option and usage errors.

The texts are data (cli_zh.json).  `install()` is called once by cli.py before the app runs; it sets
typer's help strings and wraps its error printer so that every usage error is shown in Chinese.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any


@cache
def texts() -> dict[str, Any]:
    return json.loads((Path(__file__).with_name("cli_zh.json")).read_text(encoding="utf-8"))


def translate(message: str) -> str:
    """A typer/click usage-error message in Chinese (unknown messages are returned as they are)."""
    for pattern, template, *extra in texts()["errors"]:
        m = re.match(pattern, message, re.S)
        if not m:
            continue
        groups = [translate(g) if g and i == len(m.groups()) - 1 and "Invalid value" in pattern else (g or "")
                  for i, g in enumerate(m.groups())]
        out = template.format(*groups)
        if extra and len(groups) > 1 and groups[1]:
            out += extra[0].format(*groups)
        return out
    return message


_installed = False


def install() -> None:
    """Put the Chinese texts into typer (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    from typer import rich_utils
    from typer._click import core, decorators, formatting

    t = texts()
    for name, value in t["help"].items():
        setattr(rich_utils, name, value)

    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_zh(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, t["usage_prefix"] if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_zh  # type: ignore[method-assign]
    rich_utils.OptionHighlighter.highlights = [*rich_utils.OptionHighlighter.highlights,
                                               rf"(?P<usage>{t['usage_prefix']})"]

    get_help_option = core.Command.get_help_option

    def get_help_option_zh(self: Any, ctx: Any) -> Any:
        opt = get_help_option(self, ctx)
        if opt is not None:
            opt.help = t["help_option"]
        return opt

    core.Command.get_help_option = get_help_option_zh  # type: ignore[method-assign]
    del decorators  # imported so that the help option's module is loaded before we wrap its user

    format_error = rich_utils.rich_format_error

    def format_error_zh(exc: Any) -> None:
        message = translate(exc.format_message())
        exc.format_message = lambda: message
        format_error(exc)

    rich_utils.rich_format_error = format_error_zh
