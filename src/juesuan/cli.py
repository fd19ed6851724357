"""The `juesuan` command line: template, check, rules, build, audit, serve.

Each command lives in juesuan.commands.<name> and registers itself with `register(app)`;
command modules import only typer at start-up and load heavy libraries inside the command.
"""

from __future__ import annotations

import importlib

import typer

COMMANDS = ("template", "check", "rules", "build", "audit", "serve")

app = typer.Typer(
    name="juesuan",
    help="决算：部门决算公开的生成、校验、审核与门户。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """决算：部门决算公开的生成、校验、审核与门户。"""


for _name in COMMANDS:
    try:
        _mod = importlib.import_module(f"juesuan.commands.{_name}")
    except ModuleNotFoundError as exc:  # a command not built yet on this checkout
        if exc.name != f"juesuan.commands.{_name}":
            raise
        continue
    _mod.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
