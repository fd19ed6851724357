"""Sign in, sign out, change password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from juesuan.store.models import User
from juesuan.web.deps import CtxDep, client_ip
from juesuan.web.security import hash_password, new_csrf_token, password_problem, verify_password

router = APIRouter()


def home_of(user: User) -> str:
    if user.role == "clerk" and user.unit_id:
        return f"/units/{user.unit_id}"
    if user.role == "reviewer":
        return "/review"
    if user.role == "admin":
        return "/admin"
    return "/"


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else ""


@router.get("/login")
def login_page(ctx: CtxDep, next: str = "") -> Response:
    if ctx.user:
        return RedirectResponse(_safe_next(next) or home_of(ctx.user), status_code=303)
    return ctx.page("login.html", next=_safe_next(next), error="")


@router.post("/login")
def login(ctx: CtxDep, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "") -> Response:
    limiter = ctx.request.app.state.limiter
    username = username.strip()[:64]
    keys = (f"ip:{client_ip(ctx.request)}", f"user:{username.lower()}")
    wait = limiter.retry_after(*keys)
    if wait:
        ctx.log("登录被限制", username, f"失败次数过多，{wait} 秒后可再试")
        ctx.db.commit()
        return ctx.page("login.html", status_code=429, next=_safe_next(next),
                        error=f"登录失败次数过多，请 {max(1, wait // 60)} 分钟后再试。")
    user = ctx.db.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        limiter.failed(*keys)
        ctx.log("登录失败", username)
        ctx.db.commit()
        return ctx.page("login.html", status_code=400, next=_safe_next(next), error="用户名或密码不正确。")
    limiter.succeeded(*keys)
    ctx.request.session.clear()
    ctx.request.session.update(uid=user.id, epoch=user.session_epoch, csrf=new_csrf_token())
    ctx.user = user
    ctx.log("登录", username)
    ctx.db.commit()
    return RedirectResponse(_safe_next(next) or home_of(user), status_code=303)


@router.post("/logout")
def logout(ctx: CtxDep) -> Response:
    if ctx.user:
        ctx.log("退出登录", ctx.user.username)
        ctx.db.commit()
    ctx.request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/account")
def account_page(ctx: CtxDep) -> Response:
    ctx.require()
    return ctx.page("account.html", error="")


@router.post("/account")
def change_password(ctx: CtxDep, current: Annotated[str, Form()] = "", new: Annotated[str, Form()] = "",
                    again: Annotated[str, Form()] = "") -> Response:
    user = ctx.require()
    if not verify_password(user.password_hash, current):
        return ctx.page("account.html", status_code=400, error="当前密码不正确。")
    problem = password_problem(new)
    if problem or new != again:
        return ctx.page("account.html", status_code=400, error=problem or "两次输入的新密码不一致。")
    user.password_hash = hash_password(new)
    user.session_epoch += 1
    ctx.request.session["epoch"] = user.session_epoch
    ctx.log("修改密码", user.username)
    ctx.db.commit()
    ctx.flash("ok", "密码已修改，其他设备上的登录已失效。")
    return RedirectResponse("/account", status_code=303)
