"""Sign-ins live on the server: logout, a password change and an account disabled or reset by the admin
end them, so a cookie saved earlier no longer opens anything.  The login limiter counts the real client
(forwarded addresses only from configured proxies), slows down rather than locks out, cannot be used to
keep an account's owner out, and tells the admin.  HSTS over https."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .helpers import CSRF_RE, PASSWORD, csrf_of, login

NEW_PASSWORD = "new-pass-2025"


def copy_of(client: TestClient) -> TestClient:
    """Another browser holding a saved copy of `client`'s cookies."""
    other = TestClient(client.app, follow_redirects=False, cookies=dict(client.cookies))
    other.csrf = client.csrf
    return other


def signed_out(client: TestClient, url: str) -> bool:
    r = client.get(url)
    return r.status_code == 303 and r.headers["location"].startswith("/login")


def test_logout_ends_the_session_for_a_saved_cookie(sqlite_bureau) -> None:
    reviewer = login(sqlite_bureau.app, "reviewer")
    saved = copy_of(reviewer)
    assert saved.get("/review").status_code == 200
    assert reviewer.post("/logout", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert signed_out(saved, "/review")
    assert signed_out(reviewer, "/review")


def test_password_change_ends_the_other_sessions(sqlite_bureau) -> None:
    app = sqlite_bureau.app
    here, elsewhere = login(app, "clerk"), login(app, "clerk")
    saved = copy_of(here)
    r = here.post("/account", data={"csrf_token": here.csrf, "current": PASSWORD, "new": NEW_PASSWORD,
                                    "again": NEW_PASSWORD})
    assert r.status_code == 303
    unit = f"/units/{sqlite_bureau.own_unit}"
    assert here.get(unit).status_code == 200  # the browser that changed it stays signed in
    assert signed_out(elsewhere, unit)
    assert here.post("/logout", data={"csrf_token": here.csrf}).status_code == 303
    assert signed_out(saved, unit)


def test_admin_disabling_or_resetting_ends_the_sessions(sqlite_bureau) -> None:
    app, probe = sqlite_bureau.app, sqlite_bureau.users["probe"]
    admin = login(app, "admin")
    user = login(app, "probe")
    assert user.get("/review").status_code == 200
    r = admin.post(f"/admin/users/{probe}", data={"csrf_token": admin.csrf, "role": "reviewer", "active": "1",
                                                  "password": NEW_PASSWORD})
    assert r.status_code == 303
    assert signed_out(user, "/review")  # the password was reset: signed out
    user = TestClient(app, follow_redirects=False)
    token = csrf_of(user)
    assert user.post("/login", data={"username": "probe", "password": NEW_PASSWORD, "csrf_token": token}).status_code == 303
    r = admin.post(f"/admin/users/{probe}", data={"csrf_token": admin.csrf, "role": "reviewer"})  # not active
    assert r.status_code == 303
    assert signed_out(user, "/review")
    assert admin.get("/admin").status_code == 200  # the admin's own session is untouched


def fail(client: TestClient, username: str, token: str, n: int = 1) -> list[int]:
    return [client.post("/login", data={"username": username, "password": "wrong", "csrf_token": token}).status_code
            for _ in range(n)]


def test_forwarded_for_is_ignored_unless_from_a_configured_proxy(sqlite_bureau) -> None:
    """Without configured proxies, changing X-Forwarded-For does not reset the client's delays."""
    anon = TestClient(sqlite_bureau.app, follow_redirects=False)
    token = csrf_of(anon)
    for i in range(6):
        anon.post("/login", data={"username": f"nobody{i}", "password": "x", "csrf_token": token},
                  headers={"x-forwarded-for": f"10.0.0.{i}"})
    r = anon.post("/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": token},
                  headers={"x-forwarded-for": "10.9.9.9"})
    assert r.status_code == 429


def proxied_app(sqlite_bureau):  # noqa: ANN001, ANN201
    from juesuan.web.app import create_app

    return create_app(str(sqlite_bureau.app.state.engine.url), secret_key="test-secret-key",
                      trusted_proxies=["testclient", "10.0.0.0/8"])


def test_a_configured_proxy_is_believed_and_the_client_counted(sqlite_bureau) -> None:
    app = proxied_app(sqlite_bureau)
    proxy = TestClient(app, follow_redirects=False)  # connects as "testclient": a trusted proxy
    token = csrf_of(proxy)
    for _ in range(6):  # one attacker behind the proxy
        proxy.post("/login", data={"username": "nobody", "password": "x", "csrf_token": token},
                   headers={"x-forwarded-for": "203.0.113.7, 10.1.2.3"})
    r = proxy.post("/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": token},
                   headers={"x-forwarded-for": "203.0.113.7"})
    assert r.status_code == 429  # the attacker's address (the right-most untrusted one) is slowed down
    r = proxy.post("/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": token},
                   headers={"x-forwarded-for": "198.51.100.2"})
    assert r.status_code == 303  # another client behind the same proxy is not
    with app.state.sessions() as db:
        from sqlalchemy import select

        from juesuan.store.models import AuditEntry

        ips = set(db.scalars(select(AuditEntry.ip).where(AuditEntry.action.in_(("登录失败", "登录")))))
    assert {"203.0.113.7", "198.51.100.2"} <= ips


def test_nobody_can_keep_the_admin_out(sqlite_bureau) -> None:
    """Thirty wrong passwords for `admin` from many addresses slow the account down for new browsers,
    but the admin's own browser (it signed in before) still signs in at once; the admin is told."""
    app = proxied_app(sqlite_bureau)
    own = TestClient(app, follow_redirects=False)
    token = csrf_of(own)
    ok = own.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 303 and "juesuan_device" in ok.headers["set-cookie"]
    own.post("/logout", data={"csrf_token": CSRF_RE.search(own.get("/account").text).group(1)})
    attacker = TestClient(app, follow_redirects=False)
    atoken = csrf_of(attacker)
    codes = [attacker.post("/login", data={"username": "admin", "password": "guess", "csrf_token": atoken},
                           headers={"x-forwarded-for": f"198.18.{i // 200}.{i % 200 + 1}"}).status_code
             for i in range(30)]
    assert codes[:11] == [400] * 11 and 429 in codes  # the account is slowed down after ten failures
    stranger = TestClient(app, follow_redirects=False)
    r = stranger.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": csrf_of(stranger)},
                      headers={"x-forwarded-for": "192.0.2.50"})
    assert r.status_code == 429 and "秒后再试" in r.text  # a new browser waits (seconds, not a lock-out)
    token = csrf_of(own)
    r = own.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token},
                 headers={"x-forwarded-for": "192.0.2.99"})
    assert r.status_code == 303  # the admin's own browser is not kept out
    page = own.get("/admin").text
    assert "登录安全提醒" in page and "账号“admin”已连续失败 11 次" in page
    assert re.search(r"最近 24 小时有 \d+ 次登录失败", page)


def test_hsts_only_over_https(sqlite_bureau) -> None:
    plain = TestClient(sqlite_bureau.app)
    assert "strict-transport-security" not in plain.get("/").headers
    secure = TestClient(sqlite_bureau.app, base_url="https://testserver")
    assert secure.get("/").headers["strict-transport-security"] == "max-age=31536000"
    behind = TestClient(proxied_app(sqlite_bureau))  # TLS ends at the trusted proxy
    r = behind.get("/", headers={"x-forwarded-proto": "https"})
    assert r.headers["strict-transport-security"] == "max-age=31536000"
    r = plain.get("/", headers={"x-forwarded-proto": "https"})  # not from a configured proxy: ignored
    assert "strict-transport-security" not in r.headers
