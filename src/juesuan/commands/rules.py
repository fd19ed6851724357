"""`juesuan rules`: the rule catalogue (id, title, severity, family, tables), read from rules/catalogue.yaml.

`--markdown` prints docs/rules.md; a test keeps that file up to date with the code.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from juesuan.findings.wording import severity_name


def catalogue() -> list[Any]:
    """Every rule of the catalogue (rules/catalogue.yaml), ordered by family then id."""
    from juesuan.rules import catalogue as cat

    c = cat.load()
    order = {f: i for i, f in enumerate(c.families)}
    return sorted(c.rules.values(), key=lambda r: (order[r.family], r.id))


def family_name(family: str) -> str:
    from juesuan.rules import catalogue as cat

    return cat.load().families.get(family, family)


def _tables(r: Any) -> str:
    return "、".join(r.tables) if r.tables else "—"


HEADER = """# 校验与审核规则目录

由 `juesuan rules --markdown` 从规则目录（src/juesuan/rules/catalogue.yaml）生成，请勿手工修改（测试会核对本文件与目录一致）。

- **错误**（error）：勾稽关系不成立，必须改正；**警告**（warning）：核实性问题，请核实或说明；
  **提示**（info）：不是错误，例如四舍五入造成的尾差。
- 金额按填列精度做区间比较：填列 12.34 代表 [12.335, 12.345)。合计与各项的区间相交即视为尾差（提示），
  不相交才是错误；同一数字在两处填列，精度相同时任何差异都是错误。空白单元格按 0 计，不放宽尾差区间。
- 每条发现都带位置（表、行次或科目代码、栏次）、填列数、应为数和差额；无法检查的记为“未检查”，不算通过。
"""


def markdown() -> str:
    """docs/rules.md as text."""
    rules = catalogue()
    out = [HEADER]
    families: dict[str, list[Any]] = {}
    for r in rules:
        families.setdefault(r.family, []).append(r)
    counts = "，".join(f"{family_name(f)} {len(rs)} 条" for f, rs in families.items())
    out.append(f"共 {len(rules)} 条规则：{counts}。\n")
    for fam, rs in families.items():
        out.append(f"## {family_name(fam)}（{fam}）\n")
        out.append("| 编号 | 规则 | 级别 | 涉及的表 |")
        out.append("|---|---|---|---|")
        for r in rs:
            out.append(f"| {r.id} | {r.title} | {severity_name(r.severity)} | {_tables(r)} |")
        out.append("")
        for r in rs:
            if r.description:
                out.append(f"- **{r.id}**：{r.description}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def rules_command(
    as_markdown: Annotated[bool, typer.Option("--markdown", help="输出 docs/rules.md 的 Markdown 文本")] = False,
) -> None:
    """列出全部校验与审核规则（check 与 audit 共用）：编号、名称、级别、类别、涉及的表。"""
    if as_markdown:
        typer.echo(markdown(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title="校验与审核规则目录", title_justify="left", expand=True)
    for name in ("编号", "规则", "级别", "类别", "涉及的表"):
        t.add_column(name, no_wrap=name in ("编号", "级别"), overflow="fold")
    rules = catalogue()
    for r in rules:
        t.add_row(r.id, r.title, severity_name(r.severity), family_name(r.family), _tables(r))
    console = Console(highlight=False)
    console.print(t)
    console.print(f"共 {len(rules)} 条规则。")


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_command)
