"""What the portal says is plain Chinese: an encrypted workbook is called encrypted (as the CLI says), a
finding about a model field names the field in Chinese (not its code) with a link to fill it in, and the
version history names changed fields the same way."""

from __future__ import annotations

import re

from juesuan.core import codec

from .helpers import example_model, login
from .test_flow import broken_example_yaml, upload


def ole(body: bytes = b"") -> bytes:
    data = bytearray(4096)
    data[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    data[1024:1024 + len(body)] = body
    return bytes(data)


def test_encrypted_workbook_is_called_encrypted(sqlite_bureau) -> None:
    clerk = login(sqlite_bureau.app, "clerk")
    own = sqlite_bureau.own_unit
    r = upload(clerk, own, ole("EncryptedPackage".encode("utf-16-le")), "上锁.xlsx")
    assert r.status_code == 400 and "“上锁.xlsx”设置了打开密码（已加密）" in r.text and "去掉密码" in r.text
    assert "不是有效的 Office 文件" not in r.text
    r = upload(clerk, own, ole(), "旧表.xlsx")
    assert r.status_code == 400 and "旧版 Office 格式" in r.text and "另存为" in r.text
    reviewer = login(sqlite_bureau.app, "reviewer")
    r = reviewer.post("/audit", data={"csrf_token": reviewer.csrf},
                      files={"file": ("报告.docx", ole("EncryptedPackage".encode("utf-16-le")))})
    assert r.status_code == 400 and "“报告.docx”设置了打开密码" in r.text and ".docx" in r.text


def test_field_findings_name_the_field_in_chinese_with_a_link(sqlite_bureau) -> None:
    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    clerk = login(app, "clerk")
    m = codec.from_yaml(broken_example_yaml().decode())
    m.prior.training_actual = None
    assert upload(clerk, own, codec.to_yaml(m).encode()).status_code == 303
    page = clerk.get(f"/units/{own}/2024").text
    wheres = re.findall(r'<div class="where">位置：([^<]*)</div>', page)
    assert wheres
    assert not [w for w in wheres if re.search(r"[a-z_]+\.[a-z_]+", w)], wheres  # no internal codes
    assert "位置：情况说明中的主要原因 · 一般公共预算财政拨款支出决算数与年初预算数差异的主要原因" in page
    assert "位置：上年数（万元，用于与上年相比） · 上年培训费决算" in page
    assert f'href="/units/{own}/2024/edit#f-reasons_general_budget_variance">在线填写</a>' in page
    reviewer = login(app, "reviewer")
    text = reviewer.get(f"/units/{own}/2024").text
    assert "reasons.general_budget_variance" not in re.sub(r'<[^>]+>', " ", text)


def test_version_history_names_fields_in_chinese(sqlite_bureau) -> None:
    app, own = sqlite_bureau.app, sqlite_bureau.own_unit
    clerk = login(app, "clerk")
    assert upload(clerk, own, codec.to_yaml(example_model()).encode()).status_code == 303
    r = clerk.post(f"/units/{own}/2024/edit", data={"csrf_token": clerk.csrf, "reasons.total_change": "新的原因"})
    assert r.status_code == 303
    page = clerk.get(f"/units/{own}/2024/versions").text
    assert "收入支出总计与上年相比变动的主要原因" in page and "reasons.total_change" not in page
