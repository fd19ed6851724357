"""Sign-ins kept on the server (`LoginSession`): the signed cookie carries only a random token.

Ending a sign-in deletes its row, so a cookie saved before logout (or copied elsewhere) no longer
opens anything; a password change ends the user's other sign-ins, an account disabled or changed by
the admin ends all of them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from juesuan.store.models import LoginSession, User, utcnow

SESSION_HOURS = 8


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Session, request: Request, user: User, ip: str) -> None:
    """Sign `user` in on this browser: a new token in the cookie, its row in the database."""
    now = utcnow()
    db.execute(delete(LoginSession).where(LoginSession.expires_at < now))  # expired ones go as others sign in
    token = secrets.token_urlsafe(32)
    db.add(LoginSession(id=_key(token), user_id=user.id, created_at=now,
                        expires_at=now + timedelta(hours=SESSION_HOURS), ip=ip[:64]))
    request.session["sid"] = token


def current(db: Session, request: Request, user_id: int) -> LoginSession | None:
    """This browser's sign-in, if it is still open for `user_id`."""
    token = request.session.get("sid")
    if not isinstance(token, str):
        return None
    row = db.get(LoginSession, _key(token))
    if row is None or row.user_id != user_id or row.expires_at < utcnow():
        return None
    return row


def end(db: Session, request: Request) -> None:
    """End this browser's sign-in (logout)."""
    token = request.session.get("sid")
    if isinstance(token, str):
        db.execute(delete(LoginSession).where(LoginSession.id == _key(token)))


def end_all(db: Session, user_id: int, keep: Request | None = None) -> None:
    """End every sign-in of a user (but the one of the browser `keep`, when given)."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user_id)
    token = keep.session.get("sid") if keep is not None else None
    if isinstance(token, str):
        stmt = stmt.where(LoginSession.id != _key(token))
    db.execute(stmt)


# -- the device cookie: a browser that has signed in to an account before --------------------------

DEVICE_COOKIE = "juesuan_device"
DEVICE_DAYS = 180


def _device_signer(request: Request):  # noqa: ANN202
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(request.app.state.secret, salt="juesuan-device")


def known_users(request: Request) -> set[int]:
    """The accounts this browser has signed in to (a signed cookie; empty when absent or forged)."""
    from itsdangerous import BadData

    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return set()
    try:
        ids = _device_signer(request).loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadData:
        return set()
    return {i for i in ids if isinstance(i, int)} if isinstance(ids, list) else set()


def remember_device(response: Response, request: Request, user_id: int) -> None:
    """Mark this browser as one `user_id` signs in from (the account's delays do not apply to it)."""
    ids = [user_id, *(i for i in sorted(known_users(request)) if i != user_id)][:5]
    response.set_cookie(DEVICE_COOKIE, _device_signer(request).dumps(ids), max_age=DEVICE_DAYS * 86400,
                        httponly=True, samesite="lax", secure=request.app.state.cookie_secure)
