"""What the portal does with the store: versions, findings, review steps, publishing, audit trail."""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from juesuan.core import codec
from juesuan.core.model import FinalAccounts
from juesuan.store.models import (
    Artifact,
    AuditEntry,
    Publication,
    RuleOverride,
    Submission,
    Unit,
    User,
    Version,
    VersionCheck,
)
from juesuan.web import integration
from juesuan.web.completeness import completeness_score

EDITABLE = ("draft", "returned", "published")
_log = logging.getLogger("juesuan.web")


class ActionError(Exception):
    """A step the user asked for that is not possible now; the message is for the user."""


def log(db: Session, user: User | None, action: str, target: str = "", detail: str = "", ip: str = "") -> None:
    db.add(AuditEntry(user_id=user.id if user else None, username=user.username if user else "",
                      action=action, target=target, detail=detail[:4000], ip=ip))


def submission(db: Session, unit_id: int, year: int) -> Submission | None:
    return db.scalar(select(Submission).where(Submission.unit_id == unit_id, Submission.year == year))


def version(db: Session, version_id: int | None) -> Version | None:
    return db.get(Version, version_id) if version_id else None


def versions(db: Session, sub: Submission) -> list[Version]:
    return list(db.scalars(select(Version).where(Version.submission_id == sub.id).order_by(Version.number.desc())))


def model_of(v: Version) -> FinalAccounts:
    return codec.from_json(v.model_json, f"版本 {v.number}")


def add_version(db: Session, unit: Unit, model: FinalAccounts, user: User, source: str,
                filename: str | None = None, note: str = "", upload: bytes | None = None) -> Version:
    """Store a new version (never overwriting); the submission goes back to draft.  `upload` is the
    clerk's workbook as uploaded (kept so that the findings can be marked on it)."""
    sub = submission(db, unit.id, model.year)
    if sub is None:
        sub = Submission(unit_id=unit.id, year=model.year, status="draft")
        db.add(sub)
        db.flush()
    elif sub.status not in EDITABLE:
        raise ActionError("该年度决算已报送审核，审核期间不能修改；如需修改，请联系审核人员退回")
    number = (db.scalar(select(func.max(Version.number)).where(Version.submission_id == sub.id)) or 0) + 1
    v = Version(submission_id=sub.id, number=number, model_json=codec.to_json(model, indent=None),
                source=source, filename=filename, note=note, created_by=user.id, upload=upload)
    db.add(v)
    db.flush()
    sub.current_version_id = v.id
    sub.status = "draft"
    sub.updated_at = v.created_at
    return v


def overrides(db: Session) -> dict[str, str]:
    return {o.rule: o.severity for o in db.scalars(select(RuleOverride))}


def check(db: Session, v: Version, ovr: dict[str, str] | None = None) -> tuple[dict[str, Any], int]:
    """The findings (check contract) and completeness of a version, cached per version and overrides."""
    ovr = overrides(db) if ovr is None else ovr
    key = integration.overrides_key(ovr)
    cached = db.get(VersionCheck, v.id)
    if cached is not None and cached.engine == key:
        return json.loads(cached.contract_json), cached.completeness
    model = model_of(v)
    contract = integration.check_contract(model, v.filename or f"版本 {v.number}", ovr)
    score = completeness_score(model)
    if cached is None:
        db.add(VersionCheck(version_id=v.id, engine=key, contract_json=json.dumps(contract, ensure_ascii=False),
                            completeness=score))
    else:
        cached.engine, cached.contract_json, cached.completeness = key, json.dumps(contract, ensure_ascii=False), score
    db.flush()
    return contract, score


def artifact(db: Session, v: Version, fmt: str) -> Artifact:
    """The DOCX/PDF/XLSX of a version, built once and kept."""
    a = db.scalar(select(Artifact).where(Artifact.version_id == v.id, Artifact.fmt == fmt))
    if a is None:
        with _build_lock(v.id, fmt):  # one build per file at a time in this process
            db.expire_all()
            a = db.scalar(select(Artifact).where(Artifact.version_id == v.id, Artifact.fmt == fmt))
            if a is not None:
                return a
            return _build_artifact(db, v, fmt)
    return a


_LOCKS: dict[tuple[int, str], threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _build_lock(version_id: int, fmt: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault((version_id, fmt), threading.Lock())


def is_final(db: Session, v: Version) -> bool:
    """The version a reviewer approved or that was published: its files carry no 草稿 stamp."""
    if db.scalar(select(Publication.id).where(Publication.version_id == v.id).limit(1)) is not None:
        return True
    sub = db.get(Submission, v.submission_id)
    return sub is not None and sub.status in ("approved", "published") and sub.current_version_id == v.id


def forget_artifacts(db: Session, version_id: int | None = None) -> None:
    """Drop cached files that may now be stamped wrongly: those of `version_id` (just approved), or,
    without it, of every version that is not final (the rule severities changed)."""
    if version_id is not None:
        db.execute(delete(Artifact).where(Artifact.version_id == version_id))
        return
    final = set(db.scalars(select(Publication.version_id))) | {
        i for i in db.scalars(select(Submission.current_version_id).where(
            Submission.status.in_(("approved", "published")))) if i is not None}
    stmt = delete(Artifact)
    db.execute(stmt.where(Artifact.version_id.not_in(final)) if final else stmt)


def _build_artifact(db: Session, v: Version, fmt: str) -> Artifact:
    """Build and store (committed at once: it is derived data, and other requests wait for it)."""
    filename, data = integration.build_file(model_of(v), fmt, overrides(db), final=is_final(db, v))
    a = Artifact(version_id=v.id, fmt=fmt, filename=filename, data=data)
    try:
        db.add(a)
        db.commit()
    except IntegrityError:  # built by another process meanwhile
        db.rollback()
        a = db.scalar(select(Artifact).where(Artifact.version_id == v.id, Artifact.fmt == fmt))
        assert a is not None
    return a


def submit(db: Session, sub: Submission, user: User, explanation: str = "") -> None:
    """Submit the current version for review; with errors left, the clerk must explain them."""
    if sub.status not in ("draft", "returned") or sub.current_version_id is None:
        raise ActionError("当前状态不能报送" if sub.current_version_id else "请先上传决算数据")
    v = version(db, sub.current_version_id)
    assert v is not None
    contract, _ = check(db, v)
    errors = contract["summary"].get("error", 0)
    if errors and not explanation:
        raise ActionError(f"还有 {errors} 个错误。请改正，或在“报送说明”中写明不改正的理由后再报送")
    sub.status, sub.submitted_version_id = "submitted", v.id
    if explanation:
        from juesuan.store.models import Comment

        db.add(Comment(submission_id=sub.id, version_id=v.id, target="submit", target_label="报送说明",
                       text=explanation, author_id=user.id))


def return_(db: Session, sub: Submission) -> None:
    if sub.status != "submitted":
        raise ActionError("只有已报送的决算才能退回")
    sub.status = "returned"


def approve(db: Session, sub: Submission) -> None:
    if sub.status != "submitted":
        raise ActionError("只有已报送的决算才能审核通过")
    if sub.submitted_version_id != sub.current_version_id:
        raise ActionError("报送后数据又有变动，请退回后重新报送")
    sub.status = "approved"
    forget_artifacts(db, sub.current_version_id)  # built before approval: stamped 草稿 if errors remained


def publish(db: Session, sub: Submission, user: User, banner: str) -> Publication:
    """Publish the approved version: render its public page once (downloads are built on first request)."""
    if sub.status != "approved" or sub.current_version_id is None:
        raise ActionError("只有审核通过的决算才能公开")
    v = version(db, sub.current_version_id)
    assert v is not None
    model = model_of(v)
    try:
        page = inject_banner(public_html(model), banner)
    except Exception as exc:  # noqa: BLE001 - the writer failed: do not publish, say why
        _log.exception("render_html failed while publishing version %s", v.id)
        raise ActionError(f"生成公开页面时出错，未公开（{type(exc).__name__}: {exc}）。请联系系统管理员。") from None
    pub = Publication(submission_id=sub.id, version_id=v.id, unit_id=sub.unit_id, year=sub.year, html=page,
                      html_gz=gzip.compress(page.encode("utf-8"), 6),
                      summary_json=json.dumps(key_figures(model), ensure_ascii=False), published_by=user.id)
    db.add(pub)
    sub.status = "published"
    db.flush()
    return pub


def public_html(model: FinalAccounts) -> str:
    """The report page from the HTML writer (a plain table page while the writer is not installed)."""
    try:
        return integration.render_report_html(model)
    except integration.Unavailable:
        from juesuan.web.pages import render_fallback_report

        return render_fallback_report(model)


def preview_html(model: FinalAccounts) -> str:
    """Like public_html, but a writer error still shows the tables, with a notice."""
    try:
        return public_html(model)
    except Exception as exc:  # noqa: BLE001 - shown to the user, logged for the administrator
        _log.exception("render_html failed in a preview")
        from juesuan.web.pages import render_fallback_report

        return render_fallback_report(model, notice=f"完整报告暂时无法生成（{type(exc).__name__}），以下仅显示决算表。")


_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def inject_banner(html: str, banner: str) -> str:
    """Put the portal's navigation bar at the top of a report page."""
    m = _BODY.search(html)
    if not m:
        return banner + html
    return html[: m.end()] + banner + html[m.end():]


def latest_publication(db: Session, unit_id: int, year: int) -> Publication | None:
    return db.scalar(select(Publication).where(Publication.unit_id == unit_id, Publication.year == year)
                     .order_by(Publication.id.desc()).limit(1))


KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("income_grand_total", "收入总计"),
    ("income_total", "本年收入合计"),
    ("appropriation", "财政拨款收入"),
    ("expenditure_total", "本年支出合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("general_budget", "一般公共预算财政拨款支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
    ("three_public", "“三公”经费决算"),
    ("meeting", "会议费决算"),
    ("training", "培训费决算"),
    ("agency_running_costs", "机关运行经费"),
    ("procurement", "政府采购支出"),
)


def key_figures(model: FinalAccounts) -> dict[str, str | None]:
    """The figures a year-by-year comparison shows (万元, as printed)."""
    def s(v: Any) -> str | None:
        return None if v is None else format(v, "f")

    t01, t02, t03, t05, t06, t09 = (model.table(t) for t in ("T01", "T02", "T03", "T05", "T06", "T09"))
    return {
        "income_grand_total": s(t01.value("income_grand_total", "amount")),
        "income_total": s(t01.value("income_total", "amount")),
        "appropriation": s(t02.value("total", "appropriation")),
        "expenditure_total": s(t01.value("expenditure_total", "amount")),
        "basic": s(t03.value("total", "basic")),
        "project": s(t03.value("total", "project")),
        "general_budget": s(t05.value("total", "total")),
        "personnel": s(t06.value("personnel_total", "amount")),
        "public": s(t06.value("public_total", "amount")),
        "three_public": s(t09.value("actual", "total")),
        "meeting": s(t09.value("actual", "meeting")),
        "training": s(t09.value("actual", "training")),
        "agency_running_costs": s(model.agency_running_costs.actual),
        "procurement": s(model.procurement.total),
    }
