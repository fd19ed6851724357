"""The bureau's reviewer: dashboard, comments, return / approve / publish, audit of published reports."""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from juesuan.findings.wording import script_note
from juesuan.store.models import AuditEntry, AuditResult, Comment, Department, Submission, Unit
from juesuan.web import integration, services
from juesuan.web.deps import Ctx, CtxDep, NotFound, small_int
from juesuan.web.grid import where
from juesuan.web.pages import render
from juesuan.web.routes_public import _int, forget_latest
from juesuan.web.routes_unit import _run_sync, _sub, read_upload
from juesuan.web.security import MAX_REPORT_BYTES, REPORT_TYPES, UploadError, check_upload

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/review", response_class=HTMLResponse)
def dashboard(ctx: CtxDep, year: str = "", status: str = "", dept: str = "") -> Response:
    ctx.require("reviewer")
    year_n, dept_n = _int(year), _int(dept)
    with_data = {y for (y,) in ctx.db.execute(select(Submission.year).distinct())}
    years = sorted(with_data | {date.today().year - 1}, reverse=True)
    year_n = year_n or (max(with_data) if with_data else years[0])
    units = list(ctx.db.execute(select(Unit, Department).join(Department).order_by(Department.name, Unit.name)))
    subs = {s.unit_id: s for s in ctx.db.scalars(select(Submission).where(Submission.year == year_n))}
    ovr = services.overrides(ctx.db)
    rows = []
    counts: dict[str, int] = {}
    for unit, department in units:
        if dept_n and department.id != dept_n:
            continue
        sub = subs.get(unit.id)
        st = sub.status if sub else "none"
        errors = warnings = score = None
        if sub and sub.current_version_id:
            v = services.version(ctx.db, sub.current_version_id)
            assert v is not None
            contract, score = services.check(ctx.db, v, ovr)
            errors, warnings = contract["summary"].get("error", 0), contract["summary"].get("warning", 0)
        counts[st] = counts.get(st, 0) + 1
        if status and st != status:
            continue
        rows.append({"unit": unit, "department": department, "sub": sub, "status": st, "errors": errors,
                     "warnings": warnings, "score": score})
    ctx.db.commit()
    depts = list(ctx.db.scalars(select(Department).order_by(Department.name)))
    return ctx.page("review.html", rows=rows, year=year_n, years=years, status=status, counts=counts,
                    depts=depts, dept=dept_n, total=sum(counts.values()))


def _review_sub(ctx: Ctx, unit_id: int, year: int) -> tuple[Unit, Submission]:
    ctx.require("reviewer")
    unit = ctx.unit(unit_id)
    return unit, _sub(ctx, unit, year)


@router.post("/units/{unit_id:id}/{year:id}/comment")
def comment(unit_id: int, year: int, ctx: CtxDep, text: Annotated[str, Form()] = "", target: Annotated[str, Form()] = "",
            target_label: Annotated[str, Form()] = "") -> Response:
    unit = ctx.unit(unit_id)
    sub = _sub(ctx, unit, year)
    text = text.strip()[:4000]
    if not text:
        ctx.flash("error", "意见内容不能为空。")
    else:
        ctx.db.add(Comment(submission_id=sub.id, version_id=sub.current_version_id, target=target[:255],
                           target_label=target_label[:255], text=text, author_id=ctx.user.id if ctx.user else None))
        ctx.log("填写意见", f"{unit.name} {year}年度", f"{target_label}: {text}")
        ctx.db.commit()
        ctx.flash("ok", "意见已保存。")
    return RedirectResponse(f"/units/{unit.id}/{year}#comments", status_code=303)


@router.post("/units/{unit_id:id}/{year:id}/return")
def return_(unit_id: int, year: int, ctx: CtxDep, text: Annotated[str, Form()] = "") -> Response:
    unit, sub = _review_sub(ctx, unit_id, year)
    text = text.strip()[:4000]
    if not text:
        ctx.flash("error", "退回时请写明退回意见，方便单位修改。")
        return RedirectResponse(f"/units/{unit.id}/{year}#review", status_code=303)
    try:
        services.return_(ctx.db, sub)
    except services.ActionError as exc:
        ctx.flash("error", str(exc))
        return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)
    ctx.db.add(Comment(submission_id=sub.id, version_id=sub.current_version_id, target="return",
                       target_label="退回意见", text=text, author_id=ctx.user.id if ctx.user else None))
    ctx.log("退回", f"{unit.name} {year}年度", text)
    ctx.db.commit()
    ctx.flash("ok", f"已退回 {unit.name}，单位修改后可重新报送。")
    return RedirectResponse(f"/review?year={year}", status_code=303)


@router.post("/units/{unit_id:id}/{year:id}/approve")
def approve(unit_id: int, year: int, ctx: CtxDep) -> Response:
    unit, sub = _review_sub(ctx, unit_id, year)
    try:
        services.approve(ctx.db, sub)
    except services.ActionError as exc:
        ctx.flash("error", str(exc))
        return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)
    ctx.log("审核通过", f"{unit.name} {year}年度")
    ctx.db.commit()
    ctx.flash("ok", f"{unit.name} {year} 年度决算已审核通过，可以公开。")
    return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)


@router.post("/units/{unit_id:id}/{year:id}/publish")
def publish(unit_id: int, year: int, ctx: CtxDep) -> Response:
    unit, sub = _review_sub(ctx, unit_id, year)
    assert ctx.user is not None
    formats = [*integration.FORMATS, "json"]  # json: the data itself, for researchers
    banner = render("public_banner.html", unit=unit, year=year, formats=formats)
    try:
        pub = services.publish(ctx.db, sub, ctx.user, banner)
    except services.ActionError as exc:
        ctx.db.rollback()
        ctx.flash("error", str(exc))
        return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)
    ctx.log("公开", f"{unit.name} {year}年度", f"公开第 {pub.version.number if pub.version else ''} 版")
    ctx.db.commit()
    forget_latest(ctx.request.app, unit.id, year)
    ctx.flash("ok", f"已公开：{unit.name} {year} 年度决算。")
    return RedirectResponse(f"/units/{unit.id}/{year}", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_list(ctx: CtxDep) -> Response:
    ctx.require("reviewer")
    results = list(ctx.db.scalars(select(AuditResult).order_by(AuditResult.id.desc()).limit(200)))
    summaries = {r.id: json.loads(r.contract_json).get("summary", {}) for r in results}
    units = list(ctx.db.scalars(select(Unit).order_by(Unit.name)))
    return ctx.page("audit_list.html", results=results, summaries=summaries, units=units, error="")


@router.post("/audit")
async def audit_upload(request: Request, file: Annotated[UploadFile, File()], unit_id: Annotated[str, Form()] = "") -> Response:
    data = await read_upload(file, MAX_REPORT_BYTES)
    filename = (file.filename or "").replace("\\", "/").rsplit("/", 1)[-1][:200]

    def work(ctx: Ctx) -> Response:
        user = ctx.require("reviewer")
        try:
            suffix = check_upload(filename, data, REPORT_TYPES, MAX_REPORT_BYTES)
            with tempfile.TemporaryDirectory(prefix="juesuan-audit-") as tmp:
                path = Path(tmp) / f"report{suffix}"
                path.write_bytes(data)
                try:
                    contract = integration.audit_contract(path, filename)
                except Exception as exc:  # noqa: BLE001 - name the user's file, not our temporary copy
                    exc.args = tuple(str(a).replace(str(path), f"“{filename}”") for a in exc.args)
                    raise
        except (UploadError, integration.Unavailable, services.ActionError, ValueError) as exc:
            return _audit_error(ctx, str(exc))
        except Exception as exc:  # noqa: BLE001 - a broken file must give a message, not a 500
            from juesuan.core.errors import JuesuanError

            if isinstance(exc, JuesuanError):
                return _audit_error(ctx, str(exc))
            log.exception("auditing %s failed", filename)  # a reader's bug: kept in the server log
            return _audit_error(ctx, integration.unreadable(filename, exc, "审核"))
        uid = small_int(unit_id)
        uid = uid if uid is not None and ctx.db.get(Unit, uid) else None
        r = AuditResult(filename=filename, sha256=hashlib.sha256(data).hexdigest(), unit_id=uid,
                        contract_json=json.dumps(contract, ensure_ascii=False), created_by=user.id)
        ctx.db.add(r)
        ctx.db.flush()
        ctx.log("审核公开报告", filename, json.dumps(contract.get("summary", {}), ensure_ascii=False))
        ctx.db.commit()
        return RedirectResponse(f"/audit/{r.id}", status_code=303)

    return await _run_sync(request, work)


def _audit_error(ctx: Ctx, message: str) -> Response:
    results = list(ctx.db.scalars(select(AuditResult).order_by(AuditResult.id.desc()).limit(200)))
    summaries = {r.id: json.loads(r.contract_json).get("summary", {}) for r in results}
    units = list(ctx.db.scalars(select(Unit).order_by(Unit.name)))
    return ctx.page("audit_list.html", status_code=400, results=results, summaries=summaries, units=units,
                    error=message)


def _stored_audit(ctx: Ctx, result_id: int) -> tuple[AuditResult, dict]:
    ctx.require("reviewer")
    r = ctx.db.get(AuditResult, result_id)
    if r is None:
        raise NotFound("没有这条审核记录")
    return r, json.loads(r.contract_json)


@router.get("/audit/{result_id:id}", response_class=HTMLResponse)
def audit_result(result_id: int, ctx: CtxDep) -> Response:
    r, contract = _stored_audit(ctx, result_id)
    for f in contract.get("findings", []):
        f["where"] = where(f)
    return ctx.page("audit_result.html", r=r, contract=contract, script_note=script_note(contract.get("summary", {})))


@router.get("/audit/{result_id:id}/xlsx")
def audit_result_xlsx(result_id: int, ctx: CtxDep) -> Response:
    """The audit result as the Excel problem list of `juesuan audit --xlsx`."""
    from urllib.parse import quote

    from juesuan.findings.xlsx import write_audit_xlsx

    r, contract = _stored_audit(ctx, result_id)
    contract["source"] = r.filename
    with tempfile.TemporaryDirectory(prefix="juesuan-audit-") as tmp:
        path = Path(tmp) / "audit.xlsx"
        write_audit_xlsx([contract], path)
        data = path.read_bytes()
    name = f"审核问题清单-{Path(r.filename).stem}.xlsx"
    return Response(data, media_type=integration.MEDIA_TYPES["xlsx"],
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@router.get("/log", response_class=HTMLResponse)
def audit_trail(ctx: CtxDep, q: str = "", page: str = "1") -> Response:
    ctx.require("reviewer", "admin")
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    q = q.strip()[:100]
    if q:
        stmt = stmt.where(AuditEntry.username.contains(q, autoescape=True) | AuditEntry.action.contains(q, autoescape=True)
                          | AuditEntry.target.contains(q, autoescape=True))
    page = max(1, small_int(page) or 1)
    entries = list(ctx.db.scalars(stmt.offset((page - 1) * 100).limit(101)))
    return ctx.page("log.html", entries=entries[:100], q=q, page=page, more=len(entries) > 100)
