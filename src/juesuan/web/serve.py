"""`juesuan serve`: run the portal (imported only by the serve command)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cookie_secure(host: str) -> bool:
    """Secure cookies unless serving plain HTTP on loopback; JUESUAN_COOKIE_SECURE=1/0 decides."""
    flag = os.environ.get("JUESUAN_COOKIE_SECURE", "").strip().lower()
    if flag in ("1", "true", "yes"):
        return True
    if flag in ("0", "false", "no"):
        return False
    return host not in LOOPBACK and not host.startswith("127.")


def trusted_proxies(given: Sequence[str] = ()) -> list[str]:
    """The reverse proxies whose X-Forwarded-For is believed: --trusted-proxy, else JUESUAN_TRUSTED_PROXIES."""
    values = list(given) or os.environ.get("JUESUAN_TRUSTED_PROXIES", "").split(",")
    return [v.strip() for v in values if v.strip()]


def serve(host: str = "127.0.0.1", port: int = 8000, database_url: str | None = None, demo: bool = False,
          proxies: Sequence[str] = ()) -> None:
    """Start the portal; migrate the schema; with `demo`, load the demo bureau and print its accounts.

    Without a database URL the demo lives in a temporary folder, removed when the portal stops.
    """
    from juesuan.store.db import default_url

    demo_dir: Path | None = None
    if not database_url:
        if demo:
            demo_dir = Path(tempfile.mkdtemp(prefix="juesuan-demo-"))
            database_url = f"sqlite:///{demo_dir / 'demo.db'}"
        else:
            database_url = os.environ.get("JUESUAN_DATABASE_URL") or default_url()
    import signal

    def _stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _stop)  # uvicorn re-raises it after its shutdown: end through `finally`
    try:
        _serve(host, port, database_url, demo, proxies)
    except KeyboardInterrupt:
        pass
    finally:
        if demo_dir is not None:  # the demo database is thrown away when the portal stops
            import shutil

            shutil.rmtree(demo_dir, ignore_errors=True)


def _serve(host: str, port: int, database_url: str, demo: bool, proxies: Sequence[str]) -> None:
    import uvicorn

    from juesuan.web.app import create_app

    app = create_app(database_url, secret_key=os.environ.get("JUESUAN_SECRET_KEY") or None,
                     cookie_secure=cookie_secure(host), trusted_proxies=trusted_proxies(proxies))
    shown = database_url.split("@")[-1] if "@" in database_url else database_url
    print(f"数据库：{shown}")
    if demo:
        from juesuan.web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo

        print("正在加载演示数据（示例单位和几个生成的单位），请稍候……", flush=True)
        load_demo(app.state.sessions)
        if database_url.startswith("sqlite:///") and "juesuan-demo-" in database_url:
            print("演示数据放在临时文件夹中，门户停止时自动删除。")
        print("演示账号（仅供试用）：")
        for username, display, _role, _unit in DEMO_ACCOUNTS:
            print(f"  {display}：用户名 {username}  密码 {DEMO_PASSWORD}")
    else:
        from juesuan.web.setup import bootstrap_admin

        password = bootstrap_admin(app.state.sessions)
        if password:
            print(f"首次启动：已创建管理员账号 admin，初始密码 {password}（只显示这一次，登录后请在“修改密码”中更换）")
    print(f"门户地址：http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)  # the app decides whom to trust


def app_from_env():  # noqa: ANN201
    """An app for `uvicorn --factory juesuan.web.serve:app_from_env` (several workers, benchmarks).

    Reads JUESUAN_DATABASE_URL (required), JUESUAN_SECRET_KEY, JUESUAN_COOKIE_SECURE and
    JUESUAN_TRUSTED_PROXIES (comma-separated addresses or networks of the reverse proxies).
    """
    from juesuan.web.app import create_app

    url = os.environ.get("JUESUAN_DATABASE_URL")
    if not url:
        raise SystemExit("请设置环境变量 JUESUAN_DATABASE_URL（数据库地址）")
    return create_app(url, secret_key=os.environ.get("JUESUAN_SECRET_KEY") or None,
                      cookie_secure=cookie_secure(os.environ.get("JUESUAN_HOST", "127.0.0.1")),
                      trusted_proxies=trusted_proxies())
