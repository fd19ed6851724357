"""Downloaded files are stamped 草稿 exactly when they should be: by the deployment's rule severities
until a reviewer approves the version, never after (the approval accepts the explained findings)."""

from __future__ import annotations

import io
import zipfile

from juesuan.core import codec

from .helpers import example_model, login
from .test_flow import findings, upload


def stamped(client, url: str) -> bool:  # noqa: ANN001
    """Whether the XLSX at `url` is a draft (its core properties name it 草稿)."""
    r = client.get(url)
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    return "草稿" in core


def set_severity(admin, rule: str, severity: str) -> None:  # noqa: ANN001
    r = admin.post("/admin/rules", data={"csrf_token": admin.csrf, f"rule:{rule}": severity})
    assert r.status_code == 303


def test_draft_stamp_follows_overrides_and_approval(sqlite_bureau) -> None:
    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    clerk, reviewer, admin = login(app, "clerk"), login(app, "reviewer"), login(app, "admin")
    upload(clerk, own, codec.to_yaml(example_model()).encode())
    url = f"/units/{own}/2024/download/xlsx"
    errors = {f["rule"] for f in findings(clerk, own)["findings"] if f["severity"] == "error" and f["status"] == "fail"}
    assert errors == {"P-001"}  # the seed's indicator points
    summary = findings(clerk, own)["summary"]
    page = clerk.get(f"/units/{own}/2024").text
    assert summary["rounding"] == 22 and "另有 22 条提示（其中 22 条是四舍五入尾差" in page
    assert stamped(clerk, url)

    # the bureau decides these are warnings: the cached draft is rebuilt without the stamp
    set_severity(admin, "P-001", "warning")
    assert not stamped(clerk, url)
    set_severity(admin, "P-001", "")  # back to the rule's default (error)
    assert stamped(clerk, url)

    # submitted with an explanation, approved: the reviewer's approval is final, the errors explained
    r = clerk.post(f"/units/{own}/2024/submit", data={"csrf_token": clerk.csrf, "explanation": "分值按原表填列"})
    assert r.status_code == 303
    assert stamped(reviewer, url)
    assert reviewer.post(f"/units/{own}/2024/approve", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert not stamped(reviewer, url)
    assert reviewer.post(f"/units/{own}/2024/publish", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert not stamped(login(app, None), f"/public/{own}/2024/download/xlsx")

    # a new edit after publishing is a draft again; the published file stays final
    r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf, "unit.contact_phone": "000"})
    assert r.status_code == 303
    assert stamped(clerk, url)
    assert not stamped(login(app, None), f"/public/{own}/2024/download/xlsx")
