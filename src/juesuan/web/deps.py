"""Per-request context: the database session, the signed-in user, role and unit checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.convertors import Convertor, register_url_convertor

from juesuan.store.models import Unit, User
from juesuan.web import pages, services, sessions
from juesuan.web.security import new_csrf_token

MAX_ID = 999_999_999  # ids, years, version and page numbers: nine digits fit every database's INTEGER
_SMALL_INT = re.compile(r"[0-9]{1,9}")


def small_int(text: str | None) -> int | None:
    """A number from a query string or form field; "", junk or more than nine digits mean none."""
    text = (text or "").strip()
    return int(text) if _SMALL_INT.fullmatch(text) else None


class IdConvertor(Convertor[int]):
    """`{name:id}` in a route: at most nine ASCII digits (a longer number is simply not found: 404)."""

    regex = "[0-9]{1,9}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())


class LoginRequired(Exception):
    """The page needs a signed-in user."""


class Forbidden(Exception):
    """The signed-in user may not do this."""

    def __init__(self, message: str = "您没有权限访问此页面") -> None:
        super().__init__(message)


class NotFound(Exception):
    def __init__(self, message: str = "找不到您要的页面") -> None:
        super().__init__(message)


def csrf_token(request: Request) -> str:
    tok = request.session.get("csrf")
    if not tok:
        tok = request.session["csrf"] = new_csrf_token()
    return tok


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


@dataclass
class Ctx:
    request: Request
    db: Session
    user: User | None

    # -- pages -------------------------------------------------------------------------
    def page(self, name: str, status_code: int = 200, **kw: Any) -> HTMLResponse:
        flashes = self.request.session.pop("flash", []) if "flash" in self.request.session else []
        html = pages.render(name, user=self.user, csrf=csrf_token(self.request), flashes=flashes,
                            request=self.request, **kw)
        return HTMLResponse(html, status_code=status_code)

    def flash(self, kind: str, text: str) -> None:
        self.request.session.setdefault("flash", [])
        self.request.session["flash"] = [*self.request.session["flash"], [kind, text]]

    def log(self, action: str, target: str = "", detail: str = "") -> None:
        services.log(self.db, self.user, action, target, detail, client_ip(self.request))

    # -- access ------------------------------------------------------------------------
    def require(self, *roles: str) -> User:
        if self.user is None:
            raise LoginRequired()
        if roles and self.user.role not in roles:
            raise Forbidden()
        return self.user

    def unit(self, unit_id: int, *, write: bool = False) -> Unit:
        """The unit, if the user may see it (clerk: own unit; reviewer: all, read only unless review)."""
        user = self.require("clerk", "reviewer")
        if user.role == "clerk" and user.unit_id != unit_id:
            raise Forbidden("您只能查看和填报本单位的决算")
        if write and user.role != "clerk":
            raise Forbidden("只有本单位填报员可以修改决算数据")
        unit = self.db.get(Unit, unit_id)
        if unit is None:
            raise NotFound("没有这个单位")
        return unit


def load_user(request: Request, db: Session) -> User | None:
    uid = request.session.get("uid")
    if not uid:
        return None
    user = db.get(User, uid)
    if (user is None or not user.active or request.session.get("epoch") != user.session_epoch
            or sessions.current(db, request, user.id) is None):
        request.session.pop("uid", None)
        request.session.pop("sid", None)
        return None
    return user


def get_ctx(request: Request) -> Iterator[Ctx]:
    db: Session = request.app.state.sessions()
    try:
        yield Ctx(request, db, load_user(request, db))
    finally:
        db.close()


CtxDep = Annotated[Ctx, Depends(get_ctx)]
VersionNumber = Annotated[int | None, Query(ge=0, le=MAX_ID)]  # ?v=: a version of a submission
