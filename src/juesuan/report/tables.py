"""The nine disclosure tables as TableBlocks, laid out by the profile (headers, 行次, 栏次, blocks).

Cells show the model's printed figures (2 decimals, blank for an empty cell); nothing is computed
here.  Two-sided tables (T01/T04) pair the income side's 行次 n with the expenditure side's n-th
row and print the padding 行次 of the shorter side, as the official forms do.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from juesuan.core.amounts import fmt_amount
from juesuan.core.document import Cell, TableBlock
from juesuan.core.model import FinalAccounts, Row, Table
from juesuan.domain.profiles import Profile, TableLayout
from juesuan.layouts import economic, matrix, two_sided

_PLAIN_AMOUNT = re.compile(r"-?\d{4,}\.\d{2}")


def group_thousands(tb: TableBlock) -> None:
    """Print the table's amounts with thousands separators (1,234.56), as a template that does so.

    Only amount cells change (numeric, two decimals): 行次, rates (…%) and scores stay as they are."""
    for row in tb.body:
        for cell in row:
            if cell.numeric and _PLAIN_AMOUNT.fullmatch(cell.text):
                cell.text = f"{Decimal(cell.text):,}"


def _head(text: str = "", colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, header=True, align="center")


def _num(value: Any) -> Cell:
    return Cell(fmt_amount(value), numeric=True, align="right")


def _text(text: str, **kw: Any) -> Cell:
    return Cell(text, **kw)


def header_rows(layout: TableLayout) -> list[list[Cell]]:
    """The profile's header rows (colspan/rowspan as declared)."""
    return [[_head(str(c.get("text", "")), int(c.get("colspan", 1)), int(c.get("rowspan", 1))) for c in row]
            for row in layout.header]


def printed_empty(layout: TableLayout, t: Table) -> bool:
    """True when no printed column of the table holds a non-zero figure (an empty table to publish)."""
    keys = {c.key for c in layout.all_columns()} or {"amount"}
    return all(v is None or v == 0 for r in t.rows for k, v in r.values.items() if k in keys)


def _forced_landscape(profile: Profile, table_id: str) -> bool | None:
    """The profile's `landscape: true/false` for a table; None lets the writers choose from its width."""
    for t in profile.raw.get("tables", ()) or ():
        if isinstance(t, dict) and t.get("id") == table_id and isinstance(t.get("landscape"), bool):
            return bool(t["landscape"])
    return None


def table_block(model: FinalAccounts, profile: Profile, table_id: str, *, unit_name: str,
                unit_label: str | None, total_last: bool = False, extra_note: str = "",
                line_numbers: bool = True) -> TableBlock:
    """One disclosure table; `line_numbers=False` omits 行次 columns and 栏次 rows (Shanghai)."""
    layout = profile.table(table_id)
    t = model.table(table_id)
    if layout.layout == "two_sided":
        header, body = _two_sided(layout, t, line_numbers)
    elif layout.layout == "economic":
        header, body = _economic(layout, t)
    elif layout.layout == "matrix":
        if layout.orientation == "columns":
            header, body = _matrix_columns(layout, t)
        else:
            header, body = _matrix(layout, t, line_numbers)
    else:
        header, body = _classified(layout, t, total_last, line_numbers)
    note = t.note or layout.note
    notes = [f"注：{note}" if note and not note.startswith("注") else note]
    if extra_note:
        notes.append(extra_note)
    return TableBlock(id=table_id, title=layout.title, number=layout.number or None, unit_name=unit_name,
                      unit_label=unit_label, header=header, body=body,
                      note="\n".join(n for n in notes if n) or None,
                      widths=_widths(layout, line_numbers),
                      landscape=_forced_landscape(profile, table_id))


def _widths(layout: TableLayout, line_numbers: bool = True) -> list[float] | None:
    if layout.layout == "two_sided":
        assert layout.left and layout.right
        line = [0.8] if line_numbers else []
        return [4.0, *line] + [1.6] * len(layout.left.columns) + [4.0, *line] + [1.6] * len(layout.right.columns)
    if layout.layout == "economic":
        return [1.2, 2.8, 1.2] * len(layout.blocks)
    if layout.layout == "classified":
        return [1.2, 4.0] + [1.5] * len(layout.columns)
    return None


def _two_sided(layout: TableLayout, t: Table, line_numbers: bool = True
               ) -> tuple[list[list[Cell]], list[list[Cell]]]:
    assert layout.left and layout.right
    left, right = layout.left, layout.right
    if line_numbers:
        header = header_rows(layout)
        cols_row: list[Cell] = [_head("栏次"), _head("")] + [_head(str(c.number or "")) for c in left.columns]
        cols_row += [_head("栏次"), _head("")] + [_head(str(c.number or "")) for c in right.columns]
        header.append(cols_row)
    else:  # the same header without 行次 columns
        header = [[_head("收入", colspan=1 + len(left.columns)), _head("支出", colspan=1 + len(right.columns))],
                  [_head("项目"), *(_head(c.label) for c in left.columns),
                   _head("项目"), *(_head(c.label) for c in right.columns)]]
    body: list[list[Cell]] = []
    for i, spec, rspec, lined in two_sided.line_pairs(layout):
        row: list[Cell] = []
        line = [_text(str(i) if spec is not None or lined else "", align="center")]
        if spec is not None:
            row += [_text(spec.label), *(line if line_numbers else [])]
            row += [_num(t.value(spec.key, c.key)) for c in left.columns]
        else:
            row += [_text(""), *(line if line_numbers else [])]
            row += [_text("") for _ in left.columns]
        if rspec is not None:
            row += [_text(rspec.label), *([_text(str(rspec.line or ""), align="center")] if line_numbers else [])]
            row += [_num(t.value(rspec.key, c.key)) for c in right.columns]
        else:
            row += [_text(""), *([_text("")] if line_numbers else [])] + [_text("") for _ in right.columns]
        if not line_numbers and all(not c.text for c in row):
            continue  # without 行次 the padding rows carry nothing
        body.append(row)
    return header, body


def _classified(layout: TableLayout, t: Table, total_last: bool, line_numbers: bool = True
                ) -> tuple[list[list[Cell]], list[list[Cell]]]:
    header = header_rows(layout)
    if line_numbers:
        header.append([_head(""), _head("栏次")] + [_head(str(c.number or "")) for c in layout.columns])
    total = t.row("total") or Row("total", "合计")
    total_cells = [_text(""), _text("合计", align="center")] + [_num(total.get(c.key)) for c in layout.columns]
    coded = [[_text(r.key), _text(r.label)] + [_num(r.get(c.key)) for c in layout.columns]
             for r in t.coded_rows()]
    body = coded + [total_cells] if total_last else [total_cells] + coded
    return header, body


def _economic(layout: TableLayout, t: Table) -> tuple[list[list[Cell]], list[list[Cell]]]:
    blocks = economic.blocks(layout, t)
    col = layout.columns[0].key if layout.columns else "amount"
    label = layout.columns[0].label if layout.columns else "决算数"
    header = [[cell for _ in blocks for cell in (_head("科目代码"), _head("科目名称"), _head(label))]]
    n = max((len(b) for b in blocks), default=0)
    body: list[list[Cell]] = []
    for i in range(n):
        row: list[Cell] = []
        for b in blocks:
            if i < len(b):
                r = t.row(b[i])
                row += [_text(b[i]), _text(r.label if r else ""), _num(r.get(col) if r else None)]
            else:
                row += [_text(""), _text(""), _text("")]
        body.append(row)
    if layout.footer:
        width = 3 * len(blocks)
        first, *rest = layout.footer
        foot = [_text(first.label, colspan=2, align="center"), _num(t.value(first.key, col))]
        used = 3
        for k, spec in enumerate(rest):
            span = (width - used - 1) if k == len(rest) - 1 else 2
            foot += [_text(spec.label, colspan=span, align="center"), _num(t.value(spec.key, col))]
            used += span + 1
        body.append(foot)
    return header, body


def _matrix(layout: TableLayout, t: Table, line_numbers: bool = True) -> tuple[list[list[Cell]], list[list[Cell]]]:
    header = header_rows(layout)
    if line_numbers:
        header.append([_head("栏次")] + [_head(str(c.number or "")) for c in layout.columns])
    body = [[_text(spec.label, align="center")] + [_num(t.value(spec.key, c.key)) for c in layout.columns]
            for spec in matrix.rows(layout)]
    return header, body


def _matrix_columns(layout: TableLayout, t: Table) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """The matrix printed as one row: for each column its rows side by side (预算数, 决算数)."""
    return header_rows(layout), [[_num(t.value(spec.key, col.key)) for col, spec in matrix.column_pairs(layout)]]
