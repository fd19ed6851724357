"""Sign in, sign out, change password."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from juesuan.store.models import User
from juesuan.web import sessions
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
    """Sign in.  Failures slow down the client (its address) and the account with growing delays;
    a browser that signed in to the account before is not slowed by the account's delay, so no one
    can keep an account's owner out by failing on purpose."""
    by_client, by_account = ctx.request.app.state.limiter, ctx.request.app.state.account_limiter
    username = username.strip()[:64]
    ip_key, account_key = f"ip:{client_ip(ctx.request)}", f"user:{username.lower()}"
    user = ctx.db.scalar(select(User).where(User.username == username))
    known = user is not None and user.id in sessions.known_users(ctx.request)
    wait = max(by_client.wait(ip_key), 0 if known else by_account.wait(account_key))
    if wait:
        ctx.log("登录被限制", username, f"失败次数过多，{wait} 秒后可再试")
        ctx.db.commit()
        return ctx.page("login.html", status_code=429, next=_safe_next(next),
                        error=f"登录失败次数较多，请 {_wait_text(wait)}后再试。")
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        fails = by_client.failed(ip_key), by_account.failed(account_key)
        ctx.log("登录失败", username)
        for n, limiter, what in ((fails[0], by_client, f"来自 {client_ip(ctx.request)} 的登录"),
                                 (fails[1], by_account, f"账号“{username}”")):
            if n == limiter.free + 1:  # tell the admin once, when the delays begin
                ctx.log("登录受限", username, f"{what}已连续失败 {n} 次，此后每次再试需等待，等待时间逐次加长")
        ctx.db.commit()
        return ctx.page("login.html", status_code=400, next=_safe_next(next), error="用户名或密码不正确。")
    by_client.succeeded(ip_key)
    by_account.succeeded(account_key)
    ctx.request.session.clear()
    ctx.request.session.update(uid=user.id, epoch=user.session_epoch, csrf=new_csrf_token())
    sessions.start(ctx.db, ctx.request, user, client_ip(ctx.request))
    ctx.user = user
    ctx.log("登录", username)
    ctx.db.commit()
    response = RedirectResponse(_safe_next(next) or home_of(user), status_code=303)
    sessions.remember_device(response, ctx.request, user.id)
    return response


def _wait_text(seconds: int) -> str:
    return f"{seconds} 秒" if seconds < 120 else f"{math.ceil(seconds / 60)} 分钟"


@router.post("/logout")
def logout(ctx: CtxDep) -> Response:
    if ctx.user:
        ctx.log("退出登录", ctx.user.username)
    sessions.end(ctx.db, ctx.request)  # a copy of the cookie signs no one in any more
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
    sessions.end_all(ctx.db, user.id, keep=ctx.request)  # signed out everywhere else
    ctx.log("修改密码", user.username)
    ctx.db.commit()
    ctx.flash("ok", "密码已修改，其他设备上的登录已失效。")
    return RedirectResponse("/account", status_code=303)
