"""SQLAlchemy 2 tables of the portal.

Versions and publications are insert-only: a version is never changed or deleted once written,
and a published version is immutable (see `guard_immutable`).  Everything a user does is in
`AuditEntry`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("clerk", "reviewer", "admin")
ROLE_NAMES = {"clerk": "单位填报员", "reviewer": "财政局审核员", "admin": "系统管理员"}
STATUSES = ("draft", "submitted", "returned", "approved", "published")
STATUS_NAMES = {
    "none": "未上传",
    "draft": "未报送",
    "submitted": "已报送待审核",
    "returned": "已退回",
    "approved": "已审核通过",
    "published": "已公开",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Deployment settings (the session signing key, …)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Department(Base):
    """部门: a node of the tree (a department may have a parent department)."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), nullable=True)
    units: Mapped[list[Unit]] = relationship(back_populates="department", order_by="Unit.name")


class Unit(Base):
    """预算单位."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    department: Mapped[Department] = relationship(back_populates="units")


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # clerk | reviewer | admin
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)  # bump to end all sessions
    unit: Mapped[Unit | None] = relationship()


class LoginSession(Base):
    """A signed-in browser.  Its cookie carries a random token; the row is keyed by the token's SHA-256.
    Deleting the row ends the sign-in at once, wherever the cookie was copied to (logout, password
    change, account disabled)."""

    __tablename__ = "login_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ip: Mapped[str] = mapped_column(String(64), default="")


class Submission(Base):
    """One unit's final accounts for one year, through its review states."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("unit_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    current_version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submitted_version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    unit: Mapped[Unit] = relationship()


class Version(Base):
    """A version of the model (codec JSON).  Insert-only."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    model_json: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # upload | edit
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # the uploaded Excel workbook itself (loaded only when asked for): its findings can be marked on it
    upload: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    author: Mapped[User | None] = relationship()


class VersionCheck(Base):
    """Cached findings of a version (the check contract JSON, before severity overrides)."""

    __tablename__ = "version_check"
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), primary_key=True)
    engine: Mapped[str] = mapped_column(String(64))  # rule overrides (and engine) it was computed with
    contract_json: Mapped[str] = mapped_column(Text)
    completeness: Mapped[int] = mapped_column(Integer, default=0)


class Artifact(Base):
    """A generated file (docx/pdf/xlsx) of a version, built once."""

    __tablename__ = "artifact"
    __table_args__ = (UniqueConstraint("version_id", "fmt"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    fmt: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Publication(Base):
    """Publishing a version: recorded, with the public page rendered once.  Insert-only."""

    __tablename__ = "publication"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    html: Mapped[str] = mapped_column(Text)
    html_gz: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # the page, gzip-compressed
    summary_json: Mapped[str] = mapped_column(Text, default="{}")  # key figures for comparison
    published_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    unit: Mapped[Unit] = relationship()
    version: Mapped[Version] = relationship()


class Comment(Base):
    """A reviewer's (or clerk's) comment on a finding, a section or the whole submission."""

    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"), nullable=True)
    target: Mapped[str] = mapped_column(String(255), default="")  # "" | finding:<key> | section:<id>
    target_label: Mapped[str] = mapped_column(String(255), default="")
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    author: Mapped[User | None] = relationship()


class AuditResult(Base):
    """The result of auditing an uploaded published report (PDF/DOCX/TXT)."""

    __tablename__ = "audit_result"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    contract_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    author: Mapped[User | None] = relationship()
    unit: Mapped[Unit | None] = relationship()


class RuleOverride(Base):
    """Per-deployment severity of a rule."""

    __tablename__ = "rule_override"
    rule: Mapped[str] = mapped_column(String(64), primary_key=True)
    severity: Mapped[str] = mapped_column(String(16))  # error | warning | info | off


class AuditEntry(Base):
    """Who did what and when."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")


class ImmutableError(RuntimeError):
    """Raised when code tries to change a stored version or publication."""


@event.listens_for(Version, "before_update")
@event.listens_for(Publication, "before_update")
def _no_update(mapper, connection, target) -> None:  # noqa: ANN001
    raise ImmutableError(f"{type(target).__name__} {target.id} 已保存，不可修改（每次修改都会生成新版本）")


@event.listens_for(Version, "before_delete")
@event.listens_for(Publication, "before_delete")
def _no_delete(mapper, connection, target) -> None:  # noqa: ANN001
    raise ImmutableError(f"{type(target).__name__} {target.id} 已保存，不可删除")
