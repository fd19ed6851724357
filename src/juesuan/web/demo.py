"""`juesuan serve --demo`: the example unit and a few generated units, one account per role."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from juesuan.core import codec
from juesuan.core.model import FinalAccounts
from juesuan.store.models import Comment, Department, Unit, User
from juesuan.web import services
from juesuan.web.pages import render
from juesuan.web.security import hash_password

DEMO_PASSWORD = "juesuan-demo-2024"
DEMO_ACCOUNTS = (
    ("admin", "系统管理员（演示）", "admin", None),
    ("reviewer", "财政局审核员（演示）", "reviewer", None),
    ("clerk", "人事信息中心填报员（演示）", "clerk", "榆林市人事信息中心"),
    ("clerk2", "就业服务中心填报员（演示）", "clerk", "榆林市就业服务中心"),
)
EXAMPLE_UNIT = "榆林市人事信息中心"
_NOT_MONEY = {"rate", "budget_rate", "weight", "score", "budget_weight", "budget_score", "total_weight",
              "total_score", "level1_points", "large_equipment_threshold"}


def example_path() -> Path | None:
    here = Path(__file__).resolve()
    for base in (here.parents[3], Path.cwd()):
        p = base / "examples" / "yulin-2024.yaml"
        if p.exists():
            return p
    return None


def scaled(model: FinalAccounts, factor: int, name: str, year: int | None = None) -> FinalAccounts:
    """A copy with every amount multiplied by a whole number (so every sum still adds up)."""
    m = copy.deepcopy(model)
    k = Decimal(factor)

    def walk(obj: object) -> None:
        if not dataclasses.is_dataclass(obj):
            return
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            if f.name in _NOT_MONEY:
                continue
            if isinstance(v, Decimal):
                setattr(obj, f.name, v * k)
            elif isinstance(v, dict):
                for key, x in v.items():
                    if isinstance(x, Decimal):
                        v[key] = x * k
            elif isinstance(v, list):
                for x in v:
                    walk(x)
            else:
                walk(v)

    for t in m.tables.values():
        walk(t)
    for part in (m.prior, m.agency_running_costs, m.procurement, m.assets, m.performance):
        walk(part)
    for b in m.item_budgets:
        walk(b)
    if m.general_budget_initial is not None:
        m.general_budget_initial *= k
    m.unit.name = name
    m.unit.units_covered = [name]
    if year is not None:
        m.year = year
    return m


def load_demo(sessions, out=print) -> None:  # noqa: ANN001
    """Fill an empty database with the demo bureau (does nothing when demo users exist)."""
    with sessions() as db:
        if db.scalar(select(User).where(User.username == "reviewer")) is not None:
            out("演示数据已存在，跳过加载。")
            return
        _load(db)
        db.commit()


def _unit(db: Session, dept: Department, name: str) -> Unit:
    u = Unit(name=name, department_id=dept.id)
    db.add(u)
    db.flush()
    return u


def _load(db: Session) -> None:
    hr = Department(name="榆林市人力资源和社会保障局", code="301")
    edu = Department(name="榆林市教育局", code="302")
    db.add_all([hr, edu])
    db.flush()
    units = {n: _unit(db, d, n) for d, n in (
        (hr, "榆林市人事信息中心"), (hr, "榆林市就业服务中心"), (hr, "榆林市社会保险经办中心"),
        (edu, "榆林市教育信息中心"), (edu, "榆林市第一中学"))}
    users = {}
    for username, display, role, unit_name in DEMO_ACCOUNTS:
        u = User(username=username, display_name=display, password_hash=hash_password(DEMO_PASSWORD), role=role,
                 unit_id=units[unit_name].id if unit_name else None)
        db.add(u)
        users[username] = u
    db.flush()
    path = example_path()
    if path is None:
        return
    example = codec.read_path(path)
    clerk, reviewer = users["clerk"], users["reviewer"]
    # the example unit: its workbook uploaded (kept, so "下载标注工作簿" works), not yet submitted
    workbook = path.with_suffix(".xlsx")
    if workbook.exists():
        services.add_version(db, units[EXAMPLE_UNIT], example, clerk, "upload", workbook.name, "演示数据",
                             workbook.read_bytes())
    else:
        services.add_version(db, units[EXAMPLE_UNIT], example, clerk, "upload", path.name, "演示数据")
    # two published years, for the public pages and the comparison
    # (amounts are scaled by whole numbers so sums still add up; the example's own 尾差 scale too,
    # so only the earlier year is scaled and the current years keep the example's figures)
    for year, factor in ((example.year - 1, 2), (example.year, 1)):
        unit = units["榆林市就业服务中心"]
        services.add_version(db, unit, scaled(example, factor, unit.name, year), users["clerk2"], "upload",
                             f"就业服务中心-{year}.xlsx", "演示数据")
        sub = services.submission(db, unit.id, year)
        assert sub is not None
        sub.status, sub.submitted_version_id = "submitted", sub.current_version_id
        services.approve(db, sub)
        banner = render("public_banner.html", unit=unit, year=year, formats=["docx", "pdf", "xlsx", "json"])
        services.publish(db, sub, reviewer, banner)
    # submitted, waiting for review
    unit = units["榆林市社会保险经办中心"]
    services.add_version(db, unit, scaled(example, 1, unit.name), clerk, "upload", "社保经办中心.xlsx", "演示数据")
    sub = services.submission(db, unit.id, example.year)
    assert sub is not None
    sub.status, sub.submitted_version_id = "submitted", sub.current_version_id
    # returned with a comment; one reason missing
    unit = units["榆林市教育信息中心"]
    m = scaled(example, 1, unit.name)
    if m.item_budgets:
        m.item_budgets[0].reason = None
    services.add_version(db, unit, m, clerk, "upload", "教育信息中心.xlsx", "演示数据")
    sub = services.submission(db, unit.id, example.year)
    assert sub is not None
    sub.status = "returned"
    db.add(Comment(submission_id=sub.id, version_id=sub.current_version_id, target="return", target_label="退回意见",
                   text="请补充各科目决算数与年初预算数差异的原因。", author_id=reviewer.id))
    services.log(db, reviewer, "加载演示数据")
