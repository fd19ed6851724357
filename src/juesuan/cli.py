"""The `juesuan` command line: template, check, rules, build, audit, serve.

Each command lives in juesuan.commands.<name> and registers itself with `register(app)`;
command modules import only typer at start-up and load heavy libraries inside the command.
"""

from __future__ import annotations

import importlib

import typer

COMMANDS = ("template", "check", "rules", "build", "audit", "synth", "query", "serve")

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
    import sys

    try:
        _dispatch(sys)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stderr.close()
        raise SystemExit(0) from None


def _dispatch(sys) -> None:  # noqa: ANN001 - the sys module

    if len(sys.argv) > 1 and sys.argv[1] == "check":  # fast path: skips typer's pydantic-based parameters
        from juesuan.commands.check import fast_main

        code = fast_main(sys.argv[2:])
        if code is not None:
            raise SystemExit(code)
    if len(sys.argv) > 1 and sys.argv[1] == "audit":  # same fast path for audit
        from juesuan.commands.audit import fast_main as audit_fast_main

        code = audit_fast_main(sys.argv[2:])
        if code is not None:
            raise SystemExit(code)
    app()


if __name__ == "__main__":
    main()
