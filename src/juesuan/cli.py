"""The `juesuan` command line: template, check, rules, build, audit, serve.

Each command lives in juesuan.commands.<name> and registers itself with `register(app)`;
command modules import only typer at start-up and load heavy libraries inside the command.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from juesuan.commands._zh import texts

COMMANDS = ("template", "check", "rules", "build", "audit", "synth", "query", "results", "serve")

app = typer.Typer(
    name="juesuan",
    help="决算：部门决算公开的生成、校验、审核与门户。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    options_metavar=texts()["options_metavar"],
    subcommand_metavar=texts()["subcommand_metavar"],
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"juesuan {version('juesuan')}")
        except PackageNotFoundError:  # running from a source tree that was not installed
            typer.echo("juesuan（未安装，版本未知）")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", help=texts()["version_option"], is_eager=True,
                                               callback=_version)] = False,
) -> None:
    """决算：部门决算公开的生成、校验、审核与门户。"""


for _name in COMMANDS:
    importlib.import_module(f"juesuan.commands.{_name}").register(app)


def main() -> None:
    import sys

    try:
        _dispatch(sys)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stderr.close()
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        raise SystemExit(130) from None
    except OSError as exc:  # a file-system error no command foresaw: say which path, never a traceback
        from juesuan.core.fileio import os_error_message

        print(f"无法完成：{os_error_message(exc)}", file=sys.stderr)
        raise SystemExit(2) from None
    except Exception as exc:  # noqa: BLE001 - the last guard: a plain message instead of a traceback
        print(f"juesuan 内部错误（{type(exc).__name__}: {exc}）。请把所用的命令和文件发给系统维护人员。",
              file=sys.stderr)
        raise SystemExit(2) from None


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
    from juesuan.commands._zh import install

    install()
    app()


if __name__ == "__main__":
    main()
