"""The whole workflow over HTTP: clerk uploads and fixes, reviewer returns and approves, the public reads."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

from juesuan.core import codec

from .helpers import example_model, login

SCRIPT = "<script>alert(1)</script>"


def broken_example_yaml() -> bytes:
    """The example with a wrong cell (公开03表 2080108 本年支出合计 +10) and a missing reason."""
    m = example_model()
    m.table("T03").row("2080108").values["total"] = Decimal("426.78")
    m.reasons.pop("general_budget_variance", None)
    return codec.to_yaml(m).encode()


def upload(client, unit_id: int, data: bytes, name: str = "yulin-2024.yaml"):  # noqa: ANN001
    return client.post(f"/units/{unit_id}/upload", data={"csrf_token": client.csrf},
                       files={"file": (name, io.BytesIO(data), "application/octet-stream")})


def findings(client, unit_id: int, year: int = 2024) -> dict:  # noqa: ANN001
    r = client.get(f"/units/{unit_id}/{year}/findings.json")
    assert r.status_code == 200
    return r.json()


def status_of(client, unit_id: int, year: int = 2024) -> str:  # noqa: ANN001
    m = re.search(r'<span class="status st-(\w+)">', client.get(f"/units/{unit_id}/{year}").text)
    assert m
    return m.group(1)


def test_full_review_cycle(bureau) -> None:
    app, own = bureau.app, bureau.own_unit
    clerk, reviewer = login(app, "clerk"), login(app, "reviewer")

    # upload: a new version, findings on the right cell
    r = upload(clerk, own, broken_example_yaml())
    assert r.status_code == 303 and r.headers["location"] == f"/units/{own}/2024"
    page = clerk.get(f"/units/{own}/2024").text
    assert re.search(r'<td id="c-T03-2080108-total" class="num flag sev-error"', page)
    assert not re.search(r'<td id="c-T03-2080101-total" class="num flag', page)
    rules = {(f["rule"], f["location"].get("field")) for f in findings(clerk, own)["findings"] if f["status"] == "fail"}
    assert ("F-007", "reasons.general_budget_variance") in rules

    # the missing reason is shown at its form field; fill it in the form (with HTML in it)
    edit = clerk.get(f"/units/{own}/2024/edit").text
    assert re.search(r'<div class="field flag sev-warning" id="f-reasons_general_budget_variance">', edit)
    r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf,
                                                    "reasons.general_budget_variance": SCRIPT + "追加了信息化建设项目"})
    assert r.status_code == 303
    f2 = findings(clerk, own)
    assert f2["version"] == 2
    assert not [f for f in f2["findings"] if f["rule"] == "F-007" and f["status"] == "fail"]

    # correct the wrong cell in the browser
    r = clerk.post(f"/units/{own}/2024/cell", data={"csrf_token": clerk.csrf, "table": "T03", "row": "2080108",
                                                    "column": "total", "value": "416.78"})
    assert r.status_code == 303
    f3 = findings(clerk, own)
    assert f3["version"] == 3
    assert not [f for f in f3["findings"] if f["location"].get("table") == "T03" and f["severity"] == "error"]

    # errors left (the example's performance scores): submitting needs an explanation
    assert f3["summary"]["error"] > 0
    clerk.post(f"/units/{own}/2024/submit", data={"csrf_token": clerk.csrf})
    assert status_of(clerk, own) == "draft"
    r = clerk.post(f"/units/{own}/2024/submit", data={"csrf_token": clerk.csrf, "explanation": "绩效自评表分值按原表填列"})
    assert r.status_code == 303 and status_of(clerk, own) == "submitted"

    # while submitted the clerk cannot change anything
    r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf, "unit.contact_phone": "123"})
    assert r.status_code == 400 and "审核期间不能修改" in r.text
    assert findings(clerk, own)["version"] == 3

    # reviewer: dashboard, comment on a finding, return with a comment
    dash = reviewer.get("/review?year=2024").text
    assert "榆林市人事信息中心" in dash and "已报送待审核" in dash
    r = reviewer.post(f"/units/{own}/2024/comment", data={"csrf_token": reviewer.csrf, "target": "finding:P-001:",
                                                          "target_label": "绩效自评表分值", "text": "请核实分值"})
    assert r.status_code == 303
    r = reviewer.post(f"/units/{own}/2024/return", data={"csrf_token": reviewer.csrf, "text": "请补充联系电话"})
    assert r.status_code == 303 and status_of(clerk, own) == "returned"
    ws = clerk.get(f"/units/{own}/2024").text
    assert "请补充联系电话" in ws and "请核实分值" in ws

    # clerk fixes and resubmits; reviewer approves and publishes
    r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf, "unit.contact_phone": "（0912）3838699"})
    assert r.status_code == 303
    clerk.post(f"/units/{own}/2024/submit", data={"csrf_token": clerk.csrf, "explanation": "同上"})
    assert status_of(clerk, own) == "submitted"
    assert reviewer.post(f"/units/{own}/2024/approve", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert status_of(reviewer, own) == "approved"
    assert reviewer.post(f"/units/{own}/2024/publish", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert status_of(reviewer, own) == "published"

    # the public: listed, searchable, the page shows the report with the reason as text
    public = login(app, None)
    home = public.get("/").text
    assert f'href="/public/{own}/2024"' in home
    assert f'href="/public/{own}/2024"' in public.get("/", params={"q": "人事信息"}).text
    assert f'href="/public/{own}/2024"' not in public.get("/", params={"q": "不存在的单位"}).text
    report = public.get(f"/public/{own}/2024")
    assert report.status_code == 200 and "榆林市人事信息中心" in report.text
    assert SCRIPT not in report.text
    assert "691.29" in report.text

    # after publishing, a new edit is a new draft version; the public page keeps the published one
    r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf, "unit.contact_phone": "000"})
    assert r.status_code == 303 and status_of(clerk, own) == "draft"
    assert public.get(f"/public/{own}/2024").text == report.text
    # republishing the corrected version replaces the public page at once; the old publication stays recorded
    clerk.post(f"/units/{own}/2024/submit", data={"csrf_token": clerk.csrf, "explanation": "同上"})
    reviewer.post(f"/units/{own}/2024/approve", data={"csrf_token": reviewer.csrf})
    reviewer.post(f"/units/{own}/2024/publish", data={"csrf_token": reviewer.csrf})
    again = public.get(f"/public/{own}/2024")
    assert again.headers["etag"] != report.headers["etag"]
    assert public.get(f"/public/{own}/2024", headers={"if-none-match": again.headers["etag"]}).status_code == 304

    # the reviewer sees what changed between versions
    diff = reviewer.get(f"/units/{own}/2024/versions", params={"a": 1, "b": 2}).text
    assert "一般公共预算财政拨款支出决算数与年初预算数差异" in diff or "reasons" in diff
    assert "追加了信息化建设项目" in diff and SCRIPT not in diff
    diff13 = reviewer.get(f"/units/{own}/2024/versions", params={"a": 2, "b": 3}).text
    assert "426.78" in diff13 and "416.78" in diff13

    # the audit trail has every step, with who did it
    log = reviewer.get("/log").text
    for action in ("上传", "在线修改", "修改单元格", "报送", "退回", "审核通过", "公开"):
        assert f"<td>{action}</td>" in log, action
    assert "<td>clerk</td>" in log and "<td>reviewer</td>" in log


def test_upload_errors_are_plain_chinese(sqlite_bureau) -> None:
    clerk = login(sqlite_bureau.app, "clerk")
    own = sqlite_bureau.own_unit
    r = upload(clerk, own, b"year: [1, 2", "bad.yaml")
    assert r.status_code == 400 and "不是有效的 YAML" in r.text and "bad.yaml" in r.text
    r = upload(clerk, own, b"hello", "report.exe")
    assert r.status_code == 400 and "类型不受支持" in r.text
    r = upload(clerk, own, b"not a zip at all", "book.xlsx")
    assert r.status_code == 400 and "不是有效的 Office 文件" in r.text
    # nothing was stored
    assert clerk.get(f"/units/{own}/2024").status_code == 404


def test_api_check_returns_the_contract(sqlite_bureau) -> None:
    clerk = login(sqlite_bureau.app, "clerk")
    r = clerk.post("/api/check", data={"csrf_token": clerk.csrf},
                   files={"file": ("x.yaml", io.BytesIO(broken_example_yaml()), "text/yaml")})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"source", "profile", "summary", "findings"}
    assert body["source"] == "x.yaml" and body["summary"]["error"] >= 1
    anon = login(sqlite_bureau.app, None)
    r = anon.post("/api/check", data={"csrf_token": anon.csrf}, files={"file": ("x.yaml", io.BytesIO(b"year: 1"), "text/yaml")})
    assert r.status_code == 401 and json.loads(r.text)["error"] == "请先登录"


def test_html_in_names_and_reasons_stays_text(sqlite_bureau) -> None:
    """A unit name or reason holding HTML is escaped in every page."""
    from juesuan.store.models import Unit

    app = sqlite_bureau.app
    with app.state.sessions() as db:
        db.get(Unit, sqlite_bureau.own_unit).name = "<b>坏</b>中心"
        db.commit()
    clerk = login(app, "clerk")
    m = example_model()
    m.unit.name = "<img src=x onerror=alert(1)>"
    m.reasons["total_change"] = SCRIPT
    assert upload(clerk, sqlite_bureau.own_unit, codec.to_yaml(m).encode()).status_code == 303
    for url in (f"/units/{sqlite_bureau.own_unit}", f"/units/{sqlite_bureau.own_unit}/2024",
                f"/units/{sqlite_bureau.own_unit}/2024/edit", f"/units/{sqlite_bureau.own_unit}/2024/preview"):
        text = clerk.get(url).text
        assert "<b>坏</b>" not in text and SCRIPT not in text and "<img src=x" not in text, url
    assert "&lt;b&gt;坏&lt;/b&gt;中心" in clerk.get(f"/units/{sqlite_bureau.own_unit}/2024").text


def test_docx_and_pdf_keep_html_as_text(sqlite_bureau) -> None:
    """The generated DOCX and PDF carry a reason with HTML as literal text."""
    import pytest

    pytest.importorskip("juesuan.app.build")
    import docx

    clerk = login(sqlite_bureau.app, "clerk")
    m = example_model()
    m.reasons["total_change"] = SCRIPT + "原因"
    assert upload(clerk, sqlite_bureau.own_unit, codec.to_yaml(m).encode()).status_code == 303
    r = clerk.get(f"/units/{sqlite_bureau.own_unit}/2024/download/docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert SCRIPT + "原因" in text
    import fitz

    r = clerk.get(f"/units/{sqlite_bureau.own_unit}/2024/download/pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    with fitz.open(stream=r.content, filetype="pdf") as pdf:
        text = "".join(page.get_text() for page in pdf).replace("\n", "")
    assert SCRIPT + "原因" in text


def test_reviewer_audits_a_published_report_and_keeps_the_result(sqlite_bureau) -> None:
    """The reviewer uploads a published report (the seed's text), the audit result is stored and listed."""
    import pytest

    from .helpers import REPO

    pytest.importorskip("juesuan.app.audit")
    seed = REPO / "tests" / "data" / "seed" / "000_6849a2ff488092f1.txt"  # in the repository
    reviewer = login(sqlite_bureau.app, "reviewer")
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf, "unit_id": str(sqlite_bureau.own_unit)},
                      files={"file": ("榆林市人事信息中心2024年度部门决算.txt", io.BytesIO(seed.read_bytes()), "text/plain")})
    assert r.status_code == 303 and r.headers["location"].startswith("/audit/")
    result = reviewer.get(r.headers["location"])
    assert result.status_code == 200 and "榆林市人事信息中心2024年度部门决算.txt" in result.text
    assert "未能检查" in result.text and "通过" in result.text
    # the same result as an Excel problem list
    xlsx = reviewer.get(r.headers["location"] + "/xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    rows = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == "榆林市人事信息中心2024年度部门决算.txt" and rows[0][1] == "错误"
    assert any(row[2] == "NAR-003" and row[6] == 0.2 for row in rows)
    listing = reviewer.get("/audit").text
    assert "榆林市人事信息中心2024年度部门决算.txt" in listing and "榆林市人事信息中心" in listing
    assert "审核公开报告" in reviewer.get("/log").text
    bad = reviewer.post("/audit", data={"csrf_token": reviewer.csrf},
                        files={"file": ("fake.pdf", io.BytesIO(b"not a pdf"), "application/pdf")})
    assert bad.status_code == 400 and "不是有效的 PDF" in bad.text


def test_a_report_in_traditional_characters_is_audited_saying_so(sqlite_bureau) -> None:
    """The portal audits a report printed in traditional characters and says it was read in simplified."""
    from .helpers import REPO

    excerpt = REPO / "tests" / "data" / "corpus" / "xinjiang-urumqi-gov-service-center-2023-dept-final-excerpt.txt"
    reviewer = login(sqlite_bureau.app, "reviewer")
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf, "unit_id": str(sqlite_bureau.own_unit)},
                      files={"file": ("烏魯木齊.txt", io.BytesIO(excerpt.read_bytes()), "text/plain")})
    assert r.status_code == 303 and r.headers["location"].startswith("/audit/")
    result = reviewer.get(r.headers["location"]).text
    assert "原文为繁体字，已转换为简体字后审核" in result
    seed = REPO / "tests" / "data" / "seed" / "000_6849a2ff488092f1.txt"
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf, "unit_id": str(sqlite_bureau.own_unit)},
                      files={"file": ("seed.txt", io.BytesIO(seed.read_bytes()), "text/plain")})
    assert "原文为繁体字" not in reviewer.get(r.headers["location"]).text


def test_clerk_uploads_the_example_workbook(sqlite_bureau) -> None:
    """The example .xlsx (as a clerk fills it) becomes version 1 with its figures and findings."""
    import pytest

    from .helpers import REPO

    pytest.importorskip("juesuan.formats")
    from juesuan import formats as readers

    if not hasattr(readers, "read_input"):
        pytest.skip("the workbook reader is not built yet")
    xlsx = REPO / "examples" / "yulin-2024.xlsx"
    clerk = login(sqlite_bureau.app, "clerk")
    r = upload(clerk, sqlite_bureau.own_unit, xlsx.read_bytes(), "yulin-2024.xlsx")
    assert r.status_code == 303, r.text[:500]
    page = clerk.get(f"/units/{sqlite_bureau.own_unit}/2024").text
    assert 'id="c-T01-income_grand_total-amount"' in page and "691.29" in page
    assert findings(clerk, sqlite_bureau.own_unit)["version"] == 1

    # the clerk's own workbook comes back with the findings marked on their cells
    own = sqlite_bureau.own_unit
    assert f"/units/{own}/2024/marked.xlsx?v=1" in page
    marked = clerk.get(f"/units/{own}/2024/marked.xlsx", params={"v": 1})
    from urllib.parse import quote

    assert marked.status_code == 200 and quote("yulin-2024-校验标注.xlsx") in marked.headers["content-disposition"]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(marked.content))
    assert wb.sheetnames[0] == "校验结果" and "P-001" in wb["绩效自评表"]["J4"].comment.text
    assert wb["变动原因"]["C7"].comment is not None  # F-007: the missing reason's cell
    # a version made by editing on the page has no workbook to mark: said plainly, back to the page
    r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf, "unit.contact_phone": "123"})
    assert r.status_code == 303
    r = clerk.get(f"/units/{own}/2024/marked.xlsx", params={"v": 2})
    assert r.status_code == 303 and "没有可以标注的工作簿" in clerk.get(r.headers["location"]).text
    # a stored workbook the reader cannot read any more: a plain message naming the file, no traceback
    from juesuan.store.models import Unit, User
    from juesuan.web import services

    with sqlite_bureau.app.state.sessions() as db:
        services.add_version(db, db.get(Unit, own), example_model(), db.get(User, sqlite_bureau.users["clerk"]),
                             "upload", "坏的.xlsx", upload=b"PK\x03\x04 not really a workbook")
        db.commit()
    r = clerk.get(f"/units/{own}/2024/marked.xlsx", params={"v": 3})
    page = clerk.get(r.headers["location"]).text
    assert r.status_code == 303 and "无法在工作簿上标注" in page and "坏的.xlsx" in page and "juesuan-mark" not in page
