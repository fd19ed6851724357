"""A unit's workspace: upload, findings on the cells, forms, preview, downloads, submit."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select

from juesuan.core.errors import InputError, JuesuanError
from juesuan.store.models import Comment, Submission, Unit, Version
from juesuan.web import forms, integration, services
from juesuan.web.completeness import completeness_items
from juesuan.web.deps import Ctx, CtxDep, NotFound, VersionNumber, get_ctx
from juesuan.web.diff import diff_models
from juesuan.web.grid import anchor, attach_findings, build_grids, field_of, where
from juesuan.web.security import MAX_WORKBOOK_BYTES, WORKBOOK_TYPES, UploadError, check_upload

router = APIRouter()
log = logging.getLogger(__name__)
MARKABLE = (".xlsx", ".xlsm")


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    return data


def model_from_upload(filename: str, data: bytes):  # noqa: ANN201
    """Check the upload and read it into the model (UploadError / InputError with a Chinese message)."""
    suffix = check_upload(filename, data, WORKBOOK_TYPES, MAX_WORKBOOK_BYTES)
    with tempfile.TemporaryDirectory(prefix="juesuan-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return integration.read_input(path)
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), f"“{filename}”")) from None
        except JuesuanError:
            raise
        except Exception as exc:  # noqa: BLE001 - a reader's bug: a message for the clerk, the trace in the log
            log.exception("reading the upload %s failed", filename)
            raise InputError(integration.unreadable(filename, exc)) from None


def _sub(ctx: Ctx, unit: Unit, year: int) -> Submission:
    sub = services.submission(ctx.db, unit.id, year)
    if sub is None:
        raise NotFound(f"{unit.name} 还没有 {year} 年度的决算数据，请先上传")
    return sub


def _version(ctx: Ctx, sub: Submission, number: int | None) -> Version:
    if number is None:
        v = services.version(ctx.db, sub.current_version_id)
    else:
        v = ctx.db.scalar(select(Version).where(Version.submission_id == sub.id, Version.number == number))
    if v is None:
        raise NotFound("没有这个版本")
    return v


@router.get("/units/{unit_id:id}", response_class=HTMLResponse)
def unit_home(unit_id: int, ctx: CtxDep) -> Response:
    unit = ctx.unit(unit_id)
    subs = list(ctx.db.scalars(select(Submission).where(Submission.unit_id == unit.id).order_by(Submission.year.desc())))
    return ctx.page("unit_home.html", unit=unit, subs=subs, error="")


@router.post("/units/{unit_id:id}/upload")
async def upload(request: Request, unit_id: int, file: Annotated[UploadFile, File()], note: Annotated[str, Form()] = "") -> Response:
    data = await read_upload(file, MAX_WORKBOOK_BYTES)
    filename = (file.filename or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    return await _run_sync(request, _store_upload, unit_id, filename, data, note)


async def _run_sync(request: Request, fn, *args):  # noqa: ANN001, ANN202
    from starlette.concurrency import run_in_threadpool

    def work() -> Response:
        gen = get_ctx(request)
        ctx = next(gen)
        try:
            return fn(ctx, *args)
        finally:
            gen.close()

    return await run_in_threadpool(work)


def _store_upload(ctx: Ctx, unit_id: int, filename: str, data: bytes, note: str) -> Response:
    unit = ctx.unit(unit_id, write=True)
    assert ctx.user is not None
    try:
        model = model_from_upload(filename, data)
        workbook = data if Path(filename).suffix.lower() in MARKABLE else None  # kept to mark the findings on
        v = services.add_version(ctx.db, unit, model, ctx.user, "upload", filename, note.strip()[:500], workbook)
    except (UploadError, InputError, integration.Unavailable, services.ActionError) as exc:
        ctx.db.rollback()
        ctx.log("上传失败", unit.name, f"{filename}: {exc}")
        ctx.db.commit()
        subs = list(ctx.db.scalars(select(Submission).where(Submission.unit_id == unit.id)
                                   .order_by(Submission.year.desc())))
        return ctx.page("unit_home.html", status_code=400, unit=unit, subs=subs, error=str(exc))
    services.check(ctx.db, v)
    ctx.log("上传", f"{unit.name} {model.year}年度 第{v.number}版", filename)
    ctx.db.commit()
    if model.unit.name and model.unit.name.strip() != unit.name:
        ctx.flash("warn", f"注意：文件中的单位名称是“{model.unit.name}”，与本单位名称“{unit.name}”不一致，请核对。")
    ctx.flash("ok", f"已上传“{filename}”，生成第 {v.number} 版。")
    return RedirectResponse(f"/units/{unit.id}/{model.year}", status_code=303)


@router.get("/units/{unit_id:id}/{year:id}", response_class=HTMLResponse)
def workspace(unit_id: int, year: int, ctx: CtxDep, v: VersionNumber = None) -> Response:
    unit = ctx.unit(unit_id)
    sub = _sub(ctx, unit, year)
    ver = _version(ctx, sub, v)
    contract, score = services.check(ctx.db, ver)
    ctx.db.commit()
    model = services.model_of(ver)
    findings = contract["findings"]
    labels = forms.field_labels(model)
    for f in findings:
        f["anchor"], f["where"], f["field"] = anchor(f), where(f, labels), field_of(f)
    grids = build_grids(model)
    loose = attach_findings(grids, findings)
    comments = list(ctx.db.scalars(select(Comment).where(Comment.submission_id == sub.id).order_by(Comment.id)))
    vers = services.versions(ctx.db, sub)
    pub = services.latest_publication(ctx.db, unit.id, year)
    editable = ctx.user is not None and ctx.user.role == "clerk" and sub.status in services.EDITABLE \
        and ver.id == sub.current_version_id
    return ctx.page("workspace.html", unit=unit, sub=sub, ver=ver, model=model, contract=contract,
                    findings=findings, grids=grids, loose=loose, score=score, items=completeness_items(model),
                    comments=comments, versions=vers, publication=pub, editable=editable,
                    is_current=ver.id == sub.current_version_id)


@router.get("/units/{unit_id:id}/{year:id}/findings.json")
def findings_json(unit_id: int, year: int, ctx: CtxDep, v: VersionNumber = None) -> Response:
    unit = ctx.unit(unit_id)
    ver = _version(ctx, _sub(ctx, unit, year), v)
    contract, score = services.check(ctx.db, ver)
    ctx.db.commit()
    return JSONResponse({**contract, "version": ver.number, "completeness": score})


@router.get("/units/{unit_id:id}/{year:id}/edit", response_class=HTMLResponse)
def edit_page(unit_id: int, year: int, ctx: CtxDep) -> Response:
    unit = ctx.unit(unit_id, write=True)
    sub = _sub(ctx, unit, year)
    ver = _version(ctx, sub, None)
    return _edit_form(ctx, unit, sub, ver, None, "")


def _edit_form(ctx: Ctx, unit: Unit, sub: Submission, ver: Version, values: dict[str, str] | None,
               error: str, status: int = 200) -> Response:
    model = services.model_of(ver)
    contract, _ = services.check(ctx.db, ver)
    data = forms.codec.dump(model)
    secs = forms.sections(model)
    vals = values or {f.path: forms.value_of(data, f) for s in secs for f in s.fields}
    by_field: dict[str, list[dict]] = {}
    for f in contract["findings"]:
        a = field_of(f)
        if a:
            by_field.setdefault(a, []).append(f)
    return ctx.page("edit.html", status_code=status, unit=unit, sub=sub, ver=ver, sections=secs, values=vals,
                    by_field=by_field, error=error, editable=sub.status in services.EDITABLE)


@router.post("/units/{unit_id:id}/{year:id}/edit")
async def edit_save(request: Request, unit_id: int, year: int) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    return await _run_sync(request, _save_edit, unit_id, year, values)


def _save_edit(ctx: Ctx, unit_id: int, year: int, values: dict[str, str]) -> Response:
    unit = ctx.unit(unit_id, write=True)
    sub = _sub(ctx, unit, year)
    ver = _version(ctx, sub, None)
    assert ctx.user is not None
    try:
        model, changed = forms.apply_form(services.model_of(ver), values)
        if not changed:
            ctx.flash("info", "没有修改任何内容。")
            return RedirectResponse(f"/units/{unit.id}/{year}/edit", status_code=303)
        nv = services.add_version(ctx.db, unit, model, ctx.user, "edit", None, "修改：" + "、".join(changed))
    except (InputError, services.ActionError) as exc:
        ctx.db.rollback()
        return _edit_form(ctx, unit, sub, ver, values, str(exc), 400)
    services.check(ctx.db, nv)
    ctx.log("在线修改", f"{unit.name} {year}年度 第{nv.number}版", "、".join(changed))
    ctx.db.commit()
    ctx.flash("ok", f"已保存，生成第 {nv.number} 版（修改了：{'、'.join(changed)}）。")
    return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)


@router.get("/units/{unit_id:id}/{year:id}/cell", response_class=HTMLResponse)
def cell_page(unit_id: int, year: int, table: str, row: str, column: str, ctx: CtxDep) -> Response:
    unit = ctx.unit(unit_id, write=True)
    sub = _sub(ctx, unit, year)
    ver = _version(ctx, sub, None)
    return _cell_form(ctx, unit, sub, ver, table, row, column, None, "")


def _cell_form(ctx: Ctx, unit: Unit, sub: Submission, ver: Version, table: str, row: str, column: str,
               value: str | None, error: str, status: int = 200) -> Response:
    model = services.model_of(ver)
    contract, _ = services.check(ctx.db, ver)
    grids = build_grids(model)
    grid = next((g for g in grids if g.id == table), None)
    if grid is None:
        raise NotFound("没有这张表")
    current = model.table(table).value(row, column)
    found = [dict(f, where=where(f)) for f in contract["findings"]
             if (f.get("location") or {}).get("table") == table and str(f["location"].get("row")) == row
             and str(f["location"].get("column")) == column]
    label = next((r.label for p in grid.parts for r in p.rows if r.key == row), row)
    col_label = next((c[1] for p in grid.parts for c in p.columns if c[0] == column), column)
    return ctx.page("cell.html", status_code=status, unit=unit, sub=sub, grid=grid, table=table, row=row,
                    column=column, row_label=label, col_label=col_label,
                    value=value if value is not None else ("" if current is None else format(current, "f")),
                    findings=found, error=error)


def _cell_label(model, table: str, row: str, column: str) -> str:  # noqa: ANN001
    """公开03表 2080108 信息化建设 · 本年支出合计."""
    grid = next((g for g in build_grids(model) if g.id == table), None)
    if grid is None:
        return f"{table} {row} {column}"
    label = next((r.label for p in grid.parts for r in p.rows if r.key == row), "")
    col = next((c[1] for p in grid.parts for c in p.columns if c[0] == column), column)
    code = f"{row} " if row.isdigit() else ""
    return f"{grid.number} {code}{label} · {col}"


@router.post("/units/{unit_id:id}/{year:id}/cell")
def cell_save(unit_id: int, year: int, ctx: CtxDep, table: Annotated[str, Form()], row: Annotated[str, Form()],
              column: Annotated[str, Form()], value: Annotated[str, Form()] = "") -> Response:
    unit = ctx.unit(unit_id, write=True)
    sub = _sub(ctx, unit, year)
    ver = _version(ctx, sub, None)
    assert ctx.user is not None
    model = services.model_of(ver)
    if table not in model.tables and table not in ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"):
        raise NotFound("没有这张表")
    old = model.table(table).value(row, column)
    place = _cell_label(model, table, row, column)
    try:
        model = forms.set_cell(model, table, row, column, value)
        nv = services.add_version(ctx.db, unit, model, ctx.user, "edit", None,
                                  f"修改 {place}：{'空' if old is None else old} → {value.strip() or '空'}")
    except (InputError, services.ActionError) as exc:
        ctx.db.rollback()
        return _cell_form(ctx, unit, sub, ver, table, row, column, value, str(exc), 400)
    services.check(ctx.db, nv)
    ctx.log("修改单元格", f"{unit.name} {year}年度 第{nv.number}版", f"{table} {row} {column}: {old} → {value}")
    ctx.db.commit()
    ctx.flash("ok", f"已保存，生成第 {nv.number} 版。")
    return RedirectResponse(f"/units/{unit.id}/{year}#{anchor({'location': {'table': table, 'row': row, 'column': column}})}",
                            status_code=303)


@router.post("/units/{unit_id:id}/{year:id}/submit")
def submit(unit_id: int, year: int, ctx: CtxDep, explanation: Annotated[str, Form()] = "") -> Response:
    unit = ctx.unit(unit_id, write=True)
    sub = _sub(ctx, unit, year)
    assert ctx.user is not None
    try:
        services.submit(ctx.db, sub, ctx.user, explanation.strip()[:4000])
    except services.ActionError as exc:
        ctx.db.rollback()
        ctx.flash("error", str(exc))
        return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)
    ctx.log("报送", f"{unit.name} {year}年度")
    ctx.db.commit()
    ctx.flash("ok", "已报送财政局审核。审核期间不能修改数据。")
    return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)


@router.get("/units/{unit_id:id}/{year:id}/preview", response_class=HTMLResponse)
def preview(unit_id: int, year: int, ctx: CtxDep, v: VersionNumber = None) -> Response:
    unit = ctx.unit(unit_id)
    ver = _version(ctx, _sub(ctx, unit, year), v)
    from juesuan.web.pages import render

    banner = render("preview_banner.html", unit=unit, year=year, ver=ver)
    html = services.inject_banner(services.preview_html(services.model_of(ver)), banner)
    return HTMLResponse(html)


@router.get("/units/{unit_id:id}/{year:id}/download/{fmt}")
def download(unit_id: int, year: int, fmt: str, ctx: CtxDep, v: VersionNumber = None) -> Response:
    unit = ctx.unit(unit_id)
    ver = _version(ctx, _sub(ctx, unit, year), v)
    if fmt not in integration.FORMATS:
        raise NotFound("没有这种下载格式")
    try:
        a = services.artifact(ctx.db, ver, fmt)
    except integration.Unavailable as exc:
        ctx.flash("error", str(exc))
        return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)
    ctx.log("下载", f"{unit.name} {year}年度 第{ver.number}版", fmt)
    ctx.db.commit()
    return Response(a.data, media_type=integration.MEDIA_TYPES[fmt],
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(a.filename)}"})


@router.get("/units/{unit_id:id}/{year:id}/marked.xlsx")
def marked_workbook(unit_id: int, year: int, ctx: CtxDep, v: VersionNumber = None) -> Response:
    """The clerk's uploaded workbook with this version's findings marked on their cells (check --mark)."""
    from juesuan.app.check import run_checks
    from juesuan.findings.marks import mark_workbook
    from juesuan.formats.workbook.read import read_workbook

    unit = ctx.unit(unit_id)
    ver = _version(ctx, _sub(ctx, unit, year), v)
    data = ver.upload
    if not data:
        ctx.flash("error", f"第 {ver.number} 版不是上传的 Excel 工作簿（是在线修改或 YAML/JSON 文件生成的），"
                           "没有可以标注的工作簿；请在页面上查看问题所在的单元格。")
        return RedirectResponse(f"/units/{unit.id}/{year}?v={ver.number}", status_code=303)
    with tempfile.TemporaryDirectory(prefix="juesuan-mark-") as tmp:
        src, out = Path(tmp) / "upload.xlsx", Path(tmp) / "marked.xlsx"
        src.write_bytes(data)
        cells: dict[str, tuple[str, str]] = {}
        try:
            read_workbook(src, cells)  # where each figure sits; the findings are this version's, as the page shows
        except InputError as exc:  # readable when uploaded; a later reader may disagree: say so, no traceback
            ctx.flash("error", "无法在工作簿上标注：" + str(exc).replace(str(src), f"“{ver.filename}”"))
            return RedirectResponse(f"/units/{unit.id}/{year}?v={ver.number}", status_code=303)
        report = run_checks(services.model_of(ver), overrides=services.overrides(ctx.db) or None)
        mark_workbook(src, report.findings, cells, out)
        body = out.read_bytes()
    name = f"{Path(ver.filename or '工作簿').stem}-校验标注.xlsx"
    return Response(body, media_type=integration.MEDIA_TYPES["xlsx"],
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@router.get("/units/{unit_id:id}/{year:id}/versions", response_class=HTMLResponse)
def version_list(unit_id: int, year: int, ctx: CtxDep, a: int | None = None,
                 b: int | None = None) -> Response:
    unit = ctx.unit(unit_id)
    sub = _sub(ctx, unit, year)
    vers = services.versions(ctx.db, sub)
    changes = None
    va = vb = None
    if len(vers) >= 2 or (a and b):
        vb = _version(ctx, sub, b) if b else vers[0]
        va = _version(ctx, sub, a) if a else (vers[1] if len(vers) > 1 else vers[0])
        changes = diff_models(services.model_of(va), services.model_of(vb))
    return ctx.page("versions.html", unit=unit, sub=sub, versions=vers, changes=changes, va=va, vb=vb)


@router.post("/api/check")
async def api_check(request: Request, file: Annotated[UploadFile, File()]) -> Response:
    """Check an uploaded workbook / YAML / JSON without storing it: the check contract as JSON."""
    data = await read_upload(file, MAX_WORKBOOK_BYTES)
    filename = (file.filename or "").rsplit("/", 1)[-1][:200]

    def work(ctx: Ctx) -> Response:
        ctx.require()
        try:
            model = model_from_upload(filename, data)
        except (UploadError, InputError, integration.Unavailable) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(integration.check_contract(model, filename, services.overrides(ctx.db)))

    return await _run_sync(request, work)
