"""The administrator: units tree and CSV import, users and roles, rule severity overrides."""

from __future__ import annotations

import io

from sqlalchemy import select

from juesuan.store.models import Department, Unit, User

from .helpers import PASSWORD, example_model, login


def test_csv_import_builds_the_tree(sqlite_bureau) -> None:
    admin = login(sqlite_bureau.app, "admin")
    csv_text = "部门,单位,单位编码,上级部门\n榆林市教育局,榆林市第一中学,302001,榆林市人民政府\n榆林市教育局,榆林市第二中学,,\n"
    r = admin.post("/admin/units/import", data={"csrf_token": admin.csrf},
                   files={"file": ("units.csv", io.BytesIO(csv_text.encode("gb18030")), "text/csv")})
    assert r.status_code == 303
    with sqlite_bureau.app.state.sessions() as db:
        edu = db.scalar(select(Department).where(Department.name == "榆林市教育局"))
        gov = db.scalar(select(Department).where(Department.name == "榆林市人民政府"))
        assert edu.parent_id == gov.id
        assert {u.name for u in edu.units} == {"榆林市第一中学", "榆林市第二中学"}
        assert db.scalar(select(Unit).where(Unit.name == "榆林市第一中学")).code == "302001"
    page = admin.get("/admin").text
    assert page.index("榆林市人民政府") < page.index("榆林市教育局")
    bad = admin.post("/admin/units/import", data={"csrf_token": admin.csrf},
                     files={"file": ("u.csv", io.BytesIO("只有一列\n".encode()), "text/csv")})
    assert bad.status_code == 400 and "CSV 第 1 行" in bad.text


def test_user_management_and_roles(sqlite_bureau) -> None:
    admin = login(sqlite_bureau.app, "admin")
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "newclerk", "password": "abc",
                                         "role": "clerk", "unit_id": str(sqlite_bureau.other_unit)})
    assert r.status_code == 400 and "密码至少需要" in r.text
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "newclerk", "password": PASSWORD,
                                         "role": "clerk", "unit_id": ""})
    assert r.status_code == 400 and "必须选择所属单位" in r.text
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "newclerk", "password": PASSWORD,
                                         "role": "clerk", "unit_id": str(sqlite_bureau.other_unit)})
    assert r.status_code == 303
    newclerk = login(sqlite_bureau.app, "newclerk")
    assert newclerk.get(f"/units/{sqlite_bureau.other_unit}").status_code == 200
    assert newclerk.get(f"/units/{sqlite_bureau.own_unit}").status_code == 403
    with sqlite_bureau.app.state.sessions() as db:
        uid = db.scalar(select(User.id).where(User.username == "newclerk"))
    # becoming a reviewer ends the old session
    r = admin.post(f"/admin/users/{uid}", data={"csrf_token": admin.csrf, "role": "reviewer", "active": "1"})
    assert r.status_code == 303
    assert newclerk.get(f"/units/{sqlite_bureau.other_unit}").status_code == 303
    assert login(sqlite_bureau.app, "newclerk").get("/review").status_code == 200
    # an admin cannot lock themselves out
    r = admin.post(f"/admin/users/{sqlite_bureau.users['admin']}", data={"csrf_token": admin.csrf, "role": "clerk",
                                                                         "unit_id": str(sqlite_bureau.own_unit)})
    assert r.status_code == 400


def test_rule_severity_override_changes_findings(sqlite_bureau) -> None:
    from juesuan.core import codec

    admin, clerk = login(sqlite_bureau.app, "admin"), login(sqlite_bureau.app, "clerk")
    m = example_model()
    r = clerk.post(f"/units/{sqlite_bureau.own_unit}/upload", data={"csrf_token": clerk.csrf},
                   files={"file": ("x.yaml", io.BytesIO(codec.to_yaml(m).encode()), "text/yaml")})
    assert r.status_code == 303
    before = clerk.get(f"/units/{sqlite_bureau.own_unit}/2024/findings.json").json()
    p001 = [f for f in before["findings"] if f["rule"] == "P-001"]
    assert p001 and all(f["severity"] == "error" for f in p001)
    assert "P-001" in admin.get("/admin/rules").text
    r = admin.post("/admin/rules", data={"csrf_token": admin.csrf, "rule:P-001": "warning"})
    assert r.status_code == 303
    after = clerk.get(f"/units/{sqlite_bureau.own_unit}/2024/findings.json").json()
    assert all(f["severity"] == "warning" for f in after["findings"] if f["rule"] == "P-001")
    assert after["summary"]["error"] == before["summary"]["error"] - len(p001)
    log = admin.get("/log").text
    assert "修改规则级别" in log and "P-001→warning" in log


def test_rule_severity_off_leaves_the_rule_out(sqlite_bureau) -> None:
    from juesuan.core import codec

    admin, clerk = login(sqlite_bureau.app, "admin"), login(sqlite_bureau.app, "clerk")
    r = clerk.post(f"/units/{sqlite_bureau.own_unit}/upload", data={"csrf_token": clerk.csrf},
                   files={"file": ("x.yaml", io.BytesIO(codec.to_yaml(example_model()).encode()), "text/yaml")})
    assert r.status_code == 303
    before = clerk.get(f"/units/{sqlite_bureau.own_unit}/2024/findings.json").json()
    p001 = [f for f in before["findings"] if f["rule"] == "P-001"]
    assert p001
    assert admin.post("/admin/rules", data={"csrf_token": admin.csrf, "rule:P-001": "off"}).status_code == 303
    assert 'value="off" selected>关闭</option>' in admin.get("/admin/rules").text
    after = clerk.get(f"/units/{sqlite_bureau.own_unit}/2024/findings.json").json()
    assert [f for f in after["findings"] if f["rule"] == "P-001"] == []
    assert after["summary"]["error"] == before["summary"]["error"] - len(p001)
