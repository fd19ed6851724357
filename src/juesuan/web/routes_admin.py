"""The administrator: departments and units (tree, CSV import), users and roles, rule severities."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from juesuan.core.fileio import decode_text
from juesuan.store.models import ROLES, AuditEntry, Department, RuleOverride, Unit, User, utcnow
from juesuan.web import integration, services, sessions
from juesuan.web.deps import Ctx, CtxDep, NotFound, small_int
from juesuan.web.routes_unit import _run_sync, read_upload
from juesuan.web.security import hash_password, password_problem

router = APIRouter()
MAX_CSV = 2 * 1024 * 1024


def _tree(ctx: Ctx) -> list[tuple[Department, int]]:
    """Departments in tree order with their depth."""
    depts = list(ctx.db.scalars(select(Department).order_by(Department.name)))
    children: dict[int | None, list[Department]] = {}
    for d in depts:
        children.setdefault(d.parent_id, []).append(d)
    out: list[tuple[Department, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for d in children.get(parent, []):
            out.append((d, depth))
            walk(d.id, depth + 1)

    walk(None, 0)
    return out


@router.get("/admin", response_class=HTMLResponse)
def admin_home(ctx: CtxDep) -> Response:
    ctx.require("admin")
    return ctx.page("admin_units.html", tree=_tree(ctx), error="", logins=_login_alerts(ctx))


def _login_alerts(ctx: Ctx) -> dict[str, Any]:
    """Failed and slowed-down sign-ins of the last 24 hours, for the notice on the admin's first page."""
    since = utcnow() - timedelta(hours=24)
    recent = AuditEntry.at >= since
    failed = ctx.db.scalar(select(func.count(AuditEntry.id)).where(recent, AuditEntry.action == "登录失败")) or 0
    limited = list(ctx.db.scalars(select(AuditEntry).where(recent, AuditEntry.action == "登录受限")
                                  .order_by(AuditEntry.id.desc()).limit(5)))
    return {"failed": failed, "limited": limited}


@router.post("/admin/departments")
def add_department(ctx: CtxDep, name: Annotated[str, Form()] = "", code: Annotated[str, Form()] = "",
                   parent_id: Annotated[str, Form()] = "") -> Response:
    ctx.require("admin")
    name = name.strip()[:200]
    if not name:
        return ctx.page("admin_units.html", status_code=400, tree=_tree(ctx), error="请填写部门名称。")
    if ctx.db.scalar(select(Department).where(Department.name == name)):
        return ctx.page("admin_units.html", status_code=400, tree=_tree(ctx), error=f"部门“{name}”已存在。")
    parent = small_int(parent_id)
    parent = parent if parent is not None and ctx.db.get(Department, parent) else None
    ctx.db.add(Department(name=name, code=code.strip()[:64] or None, parent_id=parent))
    ctx.log("新增部门", name)
    ctx.db.commit()
    ctx.flash("ok", f"已新增部门“{name}”。")
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/units")
def add_unit(ctx: CtxDep, name: Annotated[str, Form()] = "", code: Annotated[str, Form()] = "",
             department_id: Annotated[str, Form()] = "") -> Response:
    ctx.require("admin")
    name = name.strip()[:200]
    dept = ctx.db.get(Department, small_int(department_id)) if small_int(department_id) is not None else None
    error = "" if name and dept else "请填写单位名称并选择所属部门。"
    if not error and ctx.db.scalar(select(Unit).where(Unit.name == name)):
        error = f"单位“{name}”已存在。"
    if error:
        return ctx.page("admin_units.html", status_code=400, tree=_tree(ctx), error=error)
    assert dept is not None
    ctx.db.add(Unit(name=name, code=code.strip()[:64] or None, department_id=dept.id))
    ctx.log("新增单位", name, dept.name)
    ctx.db.commit()
    ctx.flash("ok", f"已新增单位“{name}”。")
    return RedirectResponse("/admin", status_code=303)


def import_units_csv(ctx: Ctx, text: str) -> tuple[int, int]:
    """Import rows 部门,单位[,单位编码[,上级部门]]; returns (departments added, units added)."""
    reader = csv.reader(io.StringIO(text))
    added_d = added_u = 0
    for n, row in enumerate(reader, 1):
        row = [c.strip() for c in row]
        if not row or not any(row):
            continue
        if n == 1 and row[0] in ("部门", "部门名称", "department"):
            continue
        if len(row) < 2 or not row[0] or not row[1]:
            raise ValueError(f"CSV 第 {n} 行应为“部门,单位[,单位编码[,上级部门]]”，实际为“{','.join(row)}”")
        dname, uname = row[0][:200], row[1][:200]
        code = row[2][:64] if len(row) > 2 and row[2] else None
        parent_name = row[3][:200] if len(row) > 3 and row[3] else None
        parent = None
        if parent_name:
            parent = ctx.db.scalar(select(Department).where(Department.name == parent_name))
            if parent is None:
                parent = Department(name=parent_name)
                ctx.db.add(parent)
                ctx.db.flush()
                added_d += 1
        dept = ctx.db.scalar(select(Department).where(Department.name == dname))
        if dept is None:
            dept = Department(name=dname, parent_id=parent.id if parent else None)
            ctx.db.add(dept)
            ctx.db.flush()
            added_d += 1
        unit = ctx.db.scalar(select(Unit).where(Unit.name == uname))
        if unit is None:
            ctx.db.add(Unit(name=uname, code=code, department_id=dept.id))
            ctx.db.flush()
            added_u += 1
        elif unit.department_id != dept.id:
            raise ValueError(f"CSV 第 {n} 行：单位“{uname}”已属于其他部门")
    return added_d, added_u


@router.post("/admin/units/import")
async def import_units(request: Request, file: Annotated[UploadFile, File()]) -> Response:
    data = await read_upload(file, MAX_CSV)

    def work(ctx: Ctx) -> Response:
        ctx.require("admin")
        if len(data) > MAX_CSV:
            return ctx.page("admin_units.html", status_code=400, tree=_tree(ctx), error="CSV 文件太大（上限 2 MB）。")
        text = decode_text(data)
        if text is None:
            return ctx.page("admin_units.html", status_code=400, tree=_tree(ctx), error="CSV 文件编码无法识别，请另存为 UTF-8。")
        try:
            added_d, added_u = import_units_csv(ctx, text)
        except ValueError as exc:
            ctx.db.rollback()
            return ctx.page("admin_units.html", status_code=400, tree=_tree(ctx), error=str(exc))
        ctx.log("导入单位", file.filename or "", f"新增部门 {added_d} 个，单位 {added_u} 个")
        ctx.db.commit()
        ctx.flash("ok", f"导入完成：新增部门 {added_d} 个，单位 {added_u} 个。")
        return RedirectResponse("/admin", status_code=303)

    return await _run_sync(request, work)


@router.get("/admin/users", response_class=HTMLResponse)
def users(ctx: CtxDep) -> Response:
    ctx.require("admin")
    return _users_page(ctx, "")


def _users_page(ctx: Ctx, error: str, status: int = 200) -> Response:
    all_users = list(ctx.db.scalars(select(User).order_by(User.role, User.username)))
    units = list(ctx.db.scalars(select(Unit).order_by(Unit.name)))
    return ctx.page("admin_users.html", status_code=status, users=all_users, units=units, roles=ROLES, error=error)


@router.post("/admin/users")
def add_user(ctx: CtxDep, username: Annotated[str, Form()] = "", display_name: Annotated[str, Form()] = "",
             password: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "", unit_id: Annotated[str, Form()] = "") -> Response:
    ctx.require("admin")
    username = username.strip()[:64]
    unit = ctx.db.get(Unit, small_int(unit_id)) if small_int(unit_id) is not None else None
    error = ""
    if not username or not username.replace("_", "").replace("-", "").replace(".", "").isalnum():
        error = "用户名只能包含字母、数字、下划线、点和减号。"
    elif role not in ROLES:
        error = "请选择角色。"
    elif role == "clerk" and unit is None:
        error = "单位填报员必须选择所属单位。"
    elif ctx.db.scalar(select(User).where(User.username == username)):
        error = f"用户名“{username}”已被使用。"
    else:
        error = password_problem(password) or ""
    if error:
        return _users_page(ctx, error, 400)
    ctx.db.add(User(username=username, display_name=display_name.strip()[:100] or username,
                    password_hash=hash_password(password), role=role,
                    unit_id=unit.id if unit and role == "clerk" else None))
    ctx.log("新增用户", username, role)
    ctx.db.commit()
    ctx.flash("ok", f"已新增用户“{username}”。")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id:id}")
def update_user(user_id: int, ctx: CtxDep, role: Annotated[str, Form()] = "", unit_id: Annotated[str, Form()] = "",
                active: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "") -> Response:
    admin = ctx.require("admin")
    user = ctx.db.get(User, user_id)
    if user is None:
        raise NotFound("没有这个用户")
    unit = ctx.db.get(Unit, small_int(unit_id)) if small_int(unit_id) is not None else None
    if role not in ROLES or (role == "clerk" and unit is None):
        return _users_page(ctx, "请选择角色；单位填报员必须选择所属单位。", 400)
    if user.id == admin.id and (role != "admin" or not active):
        return _users_page(ctx, "不能取消自己的管理员角色或停用自己。", 400)
    if password:
        problem = password_problem(password)
        if problem:
            return _users_page(ctx, problem, 400)
        user.password_hash = hash_password(password)
    changed = (user.role, user.unit_id, user.active) != (role, unit.id if unit and role == "clerk" else None, bool(active))
    user.role, user.unit_id, user.active = role, unit.id if unit and role == "clerk" else None, bool(active)
    if changed or password:
        user.session_epoch += 1
        sessions.end_all(ctx.db, user.id, keep=ctx.request if user.id == admin.id else None)  # signs in again (or not at all)
    ctx.log("修改用户", user.username, f"角色={role} 单位={unit.name if unit else ''} 启用={bool(active)}"
            + (" 重设密码" if password else ""))
    ctx.db.commit()
    ctx.flash("ok", f"已保存用户“{user.username}”。")
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/rules", response_class=HTMLResponse)
def rules(ctx: CtxDep) -> Response:
    ctx.require("admin")
    ovr = {o.rule: o.severity for o in ctx.db.scalars(select(RuleOverride))}
    return ctx.page("admin_rules.html", rules=integration.rule_catalogue(), overrides=ovr)


@router.post("/admin/rules")
async def save_rules(request: Request) -> Response:
    form = await request.form()
    values = {k[5:]: v for k, v in form.items() if k.startswith("rule:") and isinstance(v, str)}

    def work(ctx: Ctx) -> Response:
        ctx.require("admin")
        known = {r["id"]: r for r in integration.rule_catalogue()}
        changed = []
        for rule_id, sev in values.items():
            if rule_id not in known or sev not in ("", "error", "warning", "info", "off"):
                continue
            cur = ctx.db.get(RuleOverride, rule_id)
            if sev in ("", known[rule_id]["severity"]):
                if cur is not None:
                    ctx.db.delete(cur)
                    changed.append(f"{rule_id}→默认")
            elif cur is None or cur.severity != sev:
                if cur is None:
                    ctx.db.add(RuleOverride(rule=rule_id, severity=sev))
                else:
                    cur.severity = sev
                changed.append(f"{rule_id}→{sev}")
        if changed:
            ctx.log("修改规则级别", "", "；".join(changed))
            services.forget_artifacts(ctx.db)  # drafts are stamped by error findings under these severities
        ctx.db.commit()
        ctx.flash("ok", f"已保存（修改 {len(changed)} 条规则）。" if changed else "没有修改。")
        return RedirectResponse("/admin/rules", status_code=303)

    return await _run_sync(request, work)
