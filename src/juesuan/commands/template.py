"""`juesuan template`: write the blank input workbook a clerk fills in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def resolve_profile(name: str) -> str:
    """Accept a profile id or its region prefix ("shaanxi" -> "shaanxi-2024")."""
    from juesuan.domain.profiles import available

    ids = available()
    if name in ids:
        return name
    matches = sorted(p for p in ids if p.startswith(name + "-"))
    if matches:
        return matches[-1]
    raise typer.BadParameter(f"没有名为“{name}”的地区模板；可用的有：{'、'.join(ids)}", param_hint="--profile")


def template(
    output: Annotated[Path, typer.Option("-o", "--output", help="要写出的工作簿（.xlsx）")],
    year: Annotated[int | None, typer.Option("--year", help="决算年度，如 2024（默认取地区模板的年度）")] = None,
    profile: Annotated[str, typer.Option("--profile", help="地区模板，如 shaanxi-2024（可简写为 shaanxi）")] = "shaanxi-2024",
    force: Annotated[bool, typer.Option("--force", help="文件已存在时覆盖")] = False,
) -> None:
    """生成空白的数据填报工作簿（含填表说明、九张公开表和其他情况表）。"""
    from juesuan.core.errors import JuesuanError

    profile_id = resolve_profile(profile)
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        typer.echo(f"输出文件 {output} 的扩展名应为 .xlsx", err=True)
        raise typer.Exit(2)
    if output.exists() and not force:
        typer.echo(f"文件 {output} 已存在，未覆盖；如确需覆盖，请加 --force", err=True)
        raise typer.Exit(2)
    if year is not None and not 2000 <= year <= 2100:
        typer.echo(f"年度 {year} 不正确，应为四位数字，如 2024", err=True)
        raise typer.Exit(2)
    from juesuan.formats.workbook.write import write_workbook

    try:
        write_workbook(None, output, profile_id=profile_id, year=year, blank=True)
    except JuesuanError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"无法写入文件 {output}：{exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    from juesuan.domain.profiles import load_profile

    shown_year = year or load_profile(profile_id).year
    typer.echo(f"已生成 {shown_year} 年度空白填报工作簿：{output}（地区模板 {profile_id}）")


def register(app: typer.Typer) -> None:
    app.command("template")(template)
