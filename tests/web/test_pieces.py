"""Completeness score, edit forms, version diff, public comparison, migrations from an older schema."""

from __future__ import annotations

import pytest

from juesuan.core.errors import InputError
from juesuan.web.completeness import completeness_items, completeness_score
from juesuan.web.diff import diff_models
from juesuan.web.forms import apply_form

from .helpers import example_model


def test_completeness_of_the_example_and_of_a_bare_model() -> None:
    from juesuan.core.model import FinalAccounts

    m = example_model()
    assert 80 <= completeness_score(m) <= 100
    bare = FinalAccounts(year=2024)
    assert completeness_score(bare) < 20  # only the vacuous "no missing item reasons" holds
    m.glossary.clear()
    m.tables["T07"].empty_reason = None
    labels = {i.label: i for i in completeness_items(m)}
    assert not labels["专业名词解释"].ok
    assert not labels["政府性基金预算财政拨款收入支出决算表"].ok and "空表须说明理由" in labels[
        "政府性基金预算财政拨款收入支出决算表"].hint
    assert completeness_score(m) < completeness_score(example_model())


def test_form_values_are_validated_in_chinese() -> None:
    m = example_model()
    new, changed = apply_form(m, {"procurement.total": "88.81", "three_public.meetings": "2",
                                  "glossary": "机关运行经费：为保障行政单位运行的经费"})
    assert new.three_public.meetings == 2 and str(new.procurement.total) == "88.81"
    assert new.glossary[0].term == "机关运行经费"
    assert "会议个数" in changed and "政府采购支出总额" not in changed
    with pytest.raises(InputError, match="“政府采购支出总额”应填数字"):
        apply_form(m, {"procurement.total": "八十八"})
    with pytest.raises(InputError, match="最多保留两位小数"):
        apply_form(m, {"procurement.total": "1.234"})
    with pytest.raises(InputError, match="应填不小于 0 的整数"):
        apply_form(m, {"three_public.meetings": "-1"})
    with pytest.raises(InputError, match="名词解释第 1 行"):
        apply_form(m, {"glossary": "没有冒号"})


def test_diff_names_the_changed_cell_in_chinese() -> None:
    from decimal import Decimal

    a, b = example_model(), example_model()
    b.table("T03").row("2080108").values["total"] = Decimal("426.78")
    b.reasons["total_change"] = "新原因"
    changes = diff_models(a, b)
    wheres = [c.where for c in changes]
    assert any("公开03表" in w and "信息化建设" in w and "本年支出合计" in w for w in wheres)
    assert any(c.new == "新原因" for c in changes)
    assert diff_models(a, example_model()) == []


def test_public_comparison_of_years(sqlite_bureau) -> None:
    from juesuan.store.models import Unit, User
    from juesuan.web import services
    from juesuan.web.demo import scaled

    from .helpers import login

    app = sqlite_bureau.app
    with app.state.sessions() as db:
        unit = db.get(Unit, sqlite_bureau.other_unit)
        clerk, reviewer = db.get(User, sqlite_bureau.users["clerk_b"]), db.get(User, sqlite_bureau.users["reviewer"])
        for year, k in ((2023, 1), (2024, 2)):
            services.add_version(db, unit, scaled(example_model(), k, unit.name, year), clerk, "upload")
            sub = services.submission(db, unit.id, year)
            sub.status, sub.submitted_version_id = "submitted", sub.current_version_id
            services.approve(db, sub)
            services.publish(db, sub, reviewer, "")
        db.commit()
    page = login(app, None).get(f"/public/{sqlite_bureau.other_unit}/compare").text
    assert "2023 年度" in page and "2024 年度" in page
    assert "691.29" in page and "1382.58" in page and "+691.29" in page


def test_upgrade_from_first_schema_keeps_data(tmp_path) -> None:
    """A database made by revision 0001 is migrated to the newest revision at start-up, data intact."""
    from alembic import command
    from sqlalchemy import create_engine, inspect, text

    from juesuan.store.db import alembic_config
    from juesuan.web.app import create_app

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO department (name) VALUES ('旧部门')"))
    assert "html_gz" not in {c["name"] for c in inspect(engine).get_columns("publication")}
    engine.dispose()
    app = create_app(url, secret_key="k")
    with app.state.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM department")).scalar() == "旧部门"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
    assert "html_gz" in {c["name"] for c in inspect(app.state.engine).get_columns("publication")}
    assert "upload" in {c["name"] for c in inspect(app.state.engine).get_columns("version")}
    assert "login_session" in inspect(app.state.engine).get_table_names()


def test_demo_bureau_works_for_every_role(tmp_path) -> None:
    """`serve --demo`: units in every state, one account per role that can sign in."""
    from fastapi.testclient import TestClient

    from juesuan.web.app import create_app
    from juesuan.web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo

    from .helpers import CSRF_RE

    app = create_app(f"sqlite:///{tmp_path / 'demo.db'}", secret_key="k")
    load_demo(app.state.sessions, out=lambda *_: None)
    load_demo(app.state.sessions, out=lambda *_: None)  # idempotent
    homes = {}
    for username, _display, role, _unit in DEMO_ACCOUNTS:
        c = TestClient(app, follow_redirects=False)
        token = CSRF_RE.search(c.get("/login").text).group(1)
        r = c.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
        assert r.status_code == 303, username
        homes[role] = c.get(r.headers["location"])
        assert homes[role].status_code == 200
    dash = homes["reviewer"].text
    for status in ("未报送", "已报送待审核", "已退回", "已公开", "未上传"):
        assert status in dash
    public = TestClient(app).get("/").text
    assert "榆林市就业服务中心" in public
    # the example unit's demo version is its uploaded workbook, so the clerk can download it marked
    from sqlalchemy import select

    from juesuan.store.models import Unit
    from juesuan.web.demo import EXAMPLE_UNIT

    with app.state.sessions() as db:
        unit_id = db.scalar(select(Unit.id).where(Unit.name == EXAMPLE_UNIT))
    clerk = TestClient(app, follow_redirects=False)
    token = CSRF_RE.search(clerk.get("/login").text).group(1)
    clerk.post("/login", data={"username": "clerk", "password": DEMO_PASSWORD, "csrf_token": token})
    assert "下载标注工作簿" in clerk.get(f"/units/{unit_id}/2024").text
    marked = clerk.get(f"/units/{unit_id}/2024/marked.xlsx")
    assert marked.status_code == 200 and marked.content[:2] == b"PK"


def test_cli_registers_serve() -> None:
    import typer
    from typer.testing import CliRunner

    from juesuan.web.cli import register

    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:
        """A second command, so that typer keeps sub-commands."""

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--database-url" in result.output and "--demo" in result.output and "--port" in result.output


def test_first_start_creates_one_admin(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from juesuan.web.app import create_app
    from juesuan.web.setup import bootstrap_admin, create_admin

    from .helpers import CSRF_RE

    url = f"sqlite:///{tmp_path / 'p.db'}"
    app = create_app(url, secret_key="k")
    password = bootstrap_admin(app.state.sessions)
    assert password and bootstrap_admin(app.state.sessions) is None
    c = TestClient(app, follow_redirects=False)
    token = CSRF_RE.search(c.get("/login").text).group(1)
    assert c.post("/login", data={"username": "admin", "password": password, "csrf_token": token}).headers[
        "location"] == "/admin"
    create_admin(url, "admin", "another-pass-1")
    c2 = TestClient(app, follow_redirects=False)
    token = CSRF_RE.search(c2.get("/login").text).group(1)
    assert c2.post("/login", data={"username": "admin", "password": "another-pass-1", "csrf_token": token}).status_code == 303
