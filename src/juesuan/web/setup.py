"""First start: an administrator account for an empty database."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select

from juesuan.store.models import LoginSession, User
from juesuan.web.security import hash_password, password_problem


def create_admin(database_url: str, username: str, password: str) -> None:
    """Create (or reset the password of) an administrator account."""
    from juesuan.store.db import make_engine, migrate, session_factory

    problem = password_problem(password)
    if problem:
        raise SystemExit(problem)
    engine = make_engine(database_url)
    migrate(engine)
    with session_factory(engine)() as db:
        user = db.scalar(select(User).where(User.username == username))
        if user is None:
            db.add(User(username=username, display_name="系统管理员", password_hash=hash_password(password), role="admin"))
        else:
            user.password_hash, user.role, user.active = hash_password(password), "admin", True
            user.session_epoch += 1
            db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
        db.commit()
    engine.dispose()


def bootstrap_admin(sessions) -> str | None:  # noqa: ANN001
    """When the database has no user at all, create `admin` with a random password and return it."""
    with sessions() as db:
        if db.scalar(select(func.count(User.id))):
            return None
        password = secrets.token_urlsafe(9) + "7a"
        db.add(User(username="admin", display_name="系统管理员", password_hash=hash_password(password), role="admin"))
        db.commit()
        return password
