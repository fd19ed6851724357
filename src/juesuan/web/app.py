"""The FastAPI application of the portal: middleware, error pages, routers."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from juesuan.store.db import make_engine, migrate, session_factory
from juesuan.store.models import Setting
from juesuan.web import pages
from juesuan.web.deps import Forbidden, LoginRequired, NotFound, csrf_token
from juesuan.web.security import MAX_REPORT_BYTES, LoginLimiter, csrf_ok
from juesuan.web.sessions import SESSION_HOURS

STATIC = Path(__file__).parent / "static"
MAX_BODY = MAX_REPORT_BYTES + 1024 * 1024

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


HSTS = "max-age=31536000"


class CSRFError(Exception):
    pass


class BodyLimit:
    """Refuse request bodies larger than `limit` bytes (declared or streamed) with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            seen += len(msg.get("body", b""))
            if seen > self.limit:
                raise _TooLarge()
            return msg

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = "上传的内容太大，已拒绝。".encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"same-origin"), (b"content-security-policy", CSP.encode())]
                if scope.get("scheme") == "https":  # browsers then never try plain HTTP for a year
                    headers.append((b"strict-transport-security", HSTS.encode()))
                msg["headers"] = headers
            await send(msg)

        await self.app(scope, receive, wrapped)


async def csrf_guard(request: Request) -> None:
    """Every state-changing request carries the session's CSRF token (form field or header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    token = request.headers.get("x-csrf-token")
    if not token:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            form = await request.form(max_part_size=4 * 1024 * 1024)
            token = form.get("csrf_token")  # type: ignore[assignment]
    if not csrf_ok(request.session.get("csrf"), token if isinstance(token, str) else None):
        raise CSRFError()


def _secret(engine: Engine, given: str | None) -> str:
    if given:
        return given
    from sqlalchemy.orm import Session

    with Session(engine) as db:
        s = db.get(Setting, "session_secret")
        if s is None:
            s = Setting(key="session_secret", value=secrets.token_urlsafe(48))
            db.add(s)
            db.commit()
        return s.value


def create_app(database_url: str, *, secret_key: str | None = None, cookie_secure: bool = False,
               migrate_schema: bool = True, trusted_proxies: Sequence[str] = ()) -> FastAPI:
    """Build the portal for a database (migrated to the newest schema unless told otherwise).

    X-Forwarded-For / X-Forwarded-Proto are believed only from `trusted_proxies` (addresses or
    networks of the reverse proxies in front of the portal); from anyone else they are ignored, so a
    client cannot pick the address the login limiter counts it under."""
    engine = make_engine(database_url)
    if migrate_schema:
        migrate(engine)
    app = FastAPI(title="决算公开门户", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(csrf_guard)])
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.limiter = LoginLimiter()  # by client address: 5 free failures, then 2 s doubling up to 15 min
    app.state.account_limiter = LoginLimiter(free=10, cap=300.0)  # by account name, up to 5 min
    app.state.secret = _secret(engine, secret_key)
    app.state.cookie_secure = cookie_secure
    from juesuan.web.routes_public import PageCache

    app.state.pages = PageCache()  # published pages by publication id (immutable)
    app.state.latest = {}  # (unit, year) -> (latest publication id, valid until)

    from juesuan.web import routes_admin, routes_auth, routes_public, routes_review, routes_unit

    modules = (routes_public, routes_auth, routes_unit, routes_review, routes_admin)
    for r in modules:
        app.include_router(r.router)
    app.state.api_routes = [route for r in modules for route in r.router.routes]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    app.add_middleware(SessionMiddleware, secret_key=app.state.secret, session_cookie="juesuan_session",
                       max_age=SESSION_HOURS * 3600, same_site="lax", https_only=cookie_secure)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit)
    if trusted_proxies:  # outermost: every later layer sees the client's own address and scheme
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(trusted_proxies))

    def _wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path.endswith(".json")

    def _error(request: Request, status: int, title: str, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        csrf = csrf_token(request) if "session" in request.scope else ""  # the last-resort handler runs outside it
        html = pages.render("error.html", user=None, csrf=csrf, flashes=[], request=request,
                            title=title, message=message, status=status)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "请先登录"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, "没有权限", str(exc))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, "找不到页面", str(exc))

    @app.exception_handler(CSRFError)
    async def _csrf(request: Request, exc: CSRFError) -> Response:
        return _error(request, 403, "页面已过期", "页面已过期或来源不明，请返回上一页刷新后重新提交。")

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _error(request, 404, "找不到页面", "找不到您要的页面，请检查网址。")
        if exc.status_code == 405:
            return _error(request, 405, "操作不允许", "不支持这种访问方式。")
        return _error(request, exc.status_code, "出错了", str(exc.detail))

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400, "填写有误", "提交的内容不完整或格式不对，请返回检查后重新提交。")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:  # the last resort: logged, and said in Chinese
        logging.getLogger("juesuan.web").error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _error(request, 500, "系统出错了", "系统处理这个请求时出错，已记录在服务器日志中。请稍后再试，或联系系统管理员。")

    return app
