"""Passwords, uploads (size, type, zip bombs), login rate limiting, session cookies, headers."""

from __future__ import annotations

import io
import zipfile

import pytest

from juesuan.web.security import (
    MAX_WORKBOOK_BYTES,
    REPORT_TYPES,
    WORKBOOK_TYPES,
    LoginLimiter,
    UploadError,
    check_upload,
    hash_password,
    password_problem,
    verify_password,
)

from .helpers import PASSWORD, login


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_passwords_are_hashed_with_argon2() -> None:
    h = hash_password("abc12345")
    assert h.startswith("$argon2") and "abc12345" not in h
    assert verify_password(h, "abc12345") and not verify_password(h, "abc12346")
    assert not verify_password(None, "abc12345")
    assert password_problem("short1") and password_problem("abcdefghij") and password_problem("1234567890")
    assert password_problem("abcd1234") is None


def test_upload_type_is_decided_by_content() -> None:
    good = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert check_upload("book.xlsx", good, WORKBOOK_TYPES, MAX_WORKBOOK_BYTES) == ".xlsx"
    with pytest.raises(UploadError, match="不是有效的 Office 文件"):
        check_upload("book.xlsx", b"MZ\x90\x00 this is an exe", WORKBOOK_TYPES, MAX_WORKBOOK_BYTES)
    with pytest.raises(UploadError, match="不是有效的 Office 文件"):
        check_upload("book.xlsx", _zip({"a.txt": b"x"}), WORKBOOK_TYPES, MAX_WORKBOOK_BYTES)
    with pytest.raises(UploadError, match="不是有效的 PDF"):
        check_upload("r.pdf", b"<html>", REPORT_TYPES, MAX_WORKBOOK_BYTES)
    with pytest.raises(UploadError, match="UTF-8"):
        check_upload("r.txt", "中文".encode("gb18030"), REPORT_TYPES, MAX_WORKBOOK_BYTES)
    with pytest.raises(UploadError, match="类型不受支持"):
        check_upload("x.html", b"<p>", WORKBOOK_TYPES, MAX_WORKBOOK_BYTES)
    with pytest.raises(UploadError, match="太大"):
        check_upload("x.yaml", b"a" * 101, WORKBOOK_TYPES, 100)


def test_zip_bomb_is_refused() -> None:
    """A workbook whose parts unpack to far more than it weighs is refused before anything opens it."""
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(UploadError, match="压缩炸弹"):
        check_upload("bomb.xlsx", bomb, WORKBOOK_TYPES, MAX_WORKBOOK_BYTES)


def test_zip_bomb_upload_is_refused_by_the_portal(sqlite_bureau) -> None:
    clerk = login(sqlite_bureau.app, "clerk")
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    r = clerk.post(f"/units/{sqlite_bureau.own_unit}/upload", data={"csrf_token": clerk.csrf},
                   files={"file": ("bomb.xlsx", io.BytesIO(bomb), "application/octet-stream")})
    assert r.status_code == 400 and "压缩炸弹" in r.text


def test_oversized_request_is_refused_early(sqlite_bureau) -> None:
    clerk = login(sqlite_bureau.app, "clerk")
    big = b"a" * (40 * 1024 * 1024)
    r = clerk.post(f"/units/{sqlite_bureau.own_unit}/upload", data={"csrf_token": clerk.csrf},
                   files={"file": ("big.yaml", io.BytesIO(big), "text/yaml")})
    assert r.status_code == 413


class Clock:
    """A clock the test moves by hand (no test waits)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_delays_grow_and_never_lock_out() -> None:
    clock = Clock()
    lim = LoginLimiter(free=3, first=2.0, cap=60.0, forget=3600.0, clock=clock)
    for _ in range(3):
        lim.failed("ip:a")
        assert lim.wait("ip:a") == 0  # the first three failures cost nothing
    waits = []
    for _ in range(8):
        lim.failed("ip:a")
        waits.append(lim.wait("ip:a"))
        clock.now += waits[-1]  # wait it out, then fail again
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]  # doubling, capped: never locked out for longer
    assert lim.wait("ip:b") == 0  # other keys are not affected
    clock.now += 3601
    assert lim.wait("ip:a") == 0 and lim.failed("ip:a") == 1  # forgotten after an hour without failures
    lim.failed("ip:a"), lim.failed("ip:a"), lim.failed("ip:a")
    lim.succeeded("ip:a")
    assert lim.wait("ip:a") == 0 and lim.failed("ip:a") == 1  # forgotten at a sign-in


def test_login_rate_limited(sqlite_bureau) -> None:
    anon = login(sqlite_bureau.app, None)
    for _ in range(5):
        r = anon.post("/login", data={"username": "clerk", "password": "wrong", "csrf_token": anon.csrf})
        assert r.status_code == 400 and "用户名或密码不正确" in r.text
    r = anon.post("/login", data={"username": "clerk", "password": "wrong", "csrf_token": anon.csrf})
    assert r.status_code == 400  # the sixth failure: from now on, each try waits
    r = anon.post("/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": anon.csrf})
    assert r.status_code == 429 and "登录失败次数较多，请 2 秒后再试" in r.text


def test_session_cookie_flags_and_headers(sqlite_bureau) -> None:
    from fastapi.testclient import TestClient

    from juesuan.web.app import create_app

    anon = login(sqlite_bureau.app, None)
    r = anon.post("/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": anon.csrf})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert r.headers["x-frame-options"] == "DENY" and "default-src 'self'" in r.headers["content-security-policy"]
    url = str(sqlite_bureau.app.state.engine.url)
    secure = TestClient(create_app(url, secret_key="k", cookie_secure=True), base_url="https://testserver")
    page = secure.get("/login")
    assert "secure" in page.headers["set-cookie"].lower()


def test_deactivated_user_is_signed_out(sqlite_bureau) -> None:
    from juesuan.store.models import User

    clerk = login(sqlite_bureau.app, "clerk")
    assert clerk.get(f"/units/{sqlite_bureau.own_unit}").status_code == 200
    with sqlite_bureau.app.state.sessions() as db:
        u = db.get(User, sqlite_bureau.users["clerk"])
        u.active = False
        db.commit()
    r = clerk.get(f"/units/{sqlite_bureau.own_unit}")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_open_redirect_after_login_is_refused(sqlite_bureau) -> None:
    anon = login(sqlite_bureau.app, None)
    r = anon.post("/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": anon.csrf,
                                  "next": "//evil.example/"})
    assert r.status_code == 303 and r.headers["location"] == f"/units/{sqlite_bureau.own_unit}"
