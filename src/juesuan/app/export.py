"""`audit --export`: the model read from a published report, written as the clerk's workbook
(.xlsx) or as a YAML / JSON model, with the parts that could not be read left empty and listed.

Last year's published report so becomes this year's prior-year figures, and tables come out of
PDFs.  The output never replaces the report itself, nor a file juesuan did not write (without
`force`); it is written to a temporary file and renamed, so a failure leaves nothing behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from juesuan.core.errors import InputError
from juesuan.core.model import FinalAccounts

EXPORT_SUFFIXES = (".xlsx", ".yaml", ".yml", ".json")
NOTES_SHEET = "导出说明"
MARK = "juesuan"  # the workbook's creator, and the YAML/JSON "format" value's prefix


def unread_parts(model: FinalAccounts) -> list[str]:
    """What the report did not yield (left empty in the export), as the workbook names it."""
    from juesuan.domain.profiles import load_profile
    from juesuan.formats.workbook import spec as S

    out: list[str] = []
    profile = load_profile(model.profile)
    for layout in profile.ordered_tables():
        if layout.id not in model.tables:
            out.append(f"{layout.number} {layout.title}")
    for sheet in (S.UNIT, S.PRIOR, S.THREE_PUBLIC, S.AGENCY, S.PROCUREMENT, S.ASSETS, S.PERFORMANCE):
        for f in sheet.fields:
            if _empty(_get(model, f.path)):
                out.append(f"{sheet.title}：{f.label}")
    st = model.unit.staffing
    if st.authorized_total is None and st.actual_total is None and not st.authorized and not st.actual:
        out.append(f"{S.STAFFING_TITLE}：编制人数、实有人数")
    if not model.item_budgets and model.general_budget_initial is None:
        out.append(S.ITEM_BUDGET_TITLE)
    if model.performance.overall is None and not model.performance.projects:
        out.append(S.EVALUATIONS_TITLE)
    return out


def canonical_labels(model: FinalAccounts) -> FinalAccounts:
    """A copy whose fixed rows (totals, 一般公共预算财政拨款 …) carry the profile's labels, as the
    workbook reader expects them; a report prints "总计" or "一、…" where the template says otherwise."""
    import copy

    from juesuan.domain.profiles import load_profile

    profile = load_profile(model.profile)
    out = copy.deepcopy(model)
    for tid, table in out.tables.items():
        layout = profile.tables.get(tid)
        if layout is None:
            continue
        specs = [*layout.rows, *layout.footer, *(layout.left.rows if layout.left else ()),
                 *(layout.right.rows if layout.right else ())]
        labels = {rs.key: rs.label for rs in specs if rs.label}
        for row in table.rows:
            if row.key in labels:
                row.label = labels[row.key]
    return out


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part, None)
    return obj


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v == {}


def check_target(out: Path, source: Path, force: bool) -> None:
    """Refuse to replace the report itself, or (without force) a file juesuan did not write."""
    if out.suffix.lower() not in EXPORT_SUFFIXES:
        raise InputError(f"导出文件 {out}：不支持“{out.suffix or '无扩展名'}”格式（应为 .xlsx、.yaml 或 .json）")
    from juesuan.core.fileio import overwrite_problem
    from juesuan.formats.provenance import written_by_juesuan

    if problem := overwrite_problem(out, [source], written_by_juesuan, force):  # the one guard of every output
        raise InputError(problem)


def export_model(model: FinalAccounts, out: Path, source: str) -> list[str]:
    """Write `model` to `out` (.xlsx / .yaml / .json); return the unread parts it lists."""
    from juesuan.core import codec
    from juesuan.core.fileio import write_atomically, write_text_atomically

    model = canonical_labels(model)
    missing = unread_parts(model)
    suffix = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        write_atomically(out, lambda tmp: _write_xlsx(model, Path(tmp), source, missing))
    elif suffix in (".yaml", ".yml"):
        head = [f"# 由 juesuan 从已公开的报告读出：{source}", "# 以下内容未能从报告中读出，留空："]
        head += [f"#   - {m}" for m in missing] or ["#   （无）"]
        write_text_atomically(out, "\n".join(head) + "\n" + codec.to_yaml(model))
    else:
        data = codec.dump(model)
        data = {"format": data.pop("format"), "version": data.pop("version"),
                "export": {"source": source, "unread": missing}, **data}
        write_text_atomically(out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return missing


def _write_xlsx(model: FinalAccounts, tmp: Path, source: str, missing: list[str]) -> None:
    """The clerk's workbook (visible cells only) plus a sheet listing what was not read."""
    from openpyxl import load_workbook

    from juesuan.formats.workbook.write import write_workbook

    work = tmp.with_name(tmp.name + ".wb.xlsx")
    try:
        write_workbook(model, work, profile_id=model.profile, year=model.year)
        wb = load_workbook(work)
        ws = wb.create_sheet(NOTES_SHEET, 0)
        ws.append([NOTES_SHEET])
        ws.append(["由 juesuan 从已公开的报告读出：" + source])
        ws.append(["序号", "未能从报告中读出、在各表中留空的内容"])  # "序号" ends the reader's title scan
        for i, m in enumerate(missing or ["（无）"], start=1):
            ws.append([i, m])
        ws.column_dimensions["A"].width = 8
        ws.column_dimensions["B"].width = 70
        wb.properties.creator = MARK
        wb.active = 0
        wb.save(tmp)
    finally:
        work.unlink(missing_ok=True)
