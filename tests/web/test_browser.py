"""Browser tests in headless Chromium (Debian's package): the whole cycle as people click through it."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import BACKENDS, PASSWORD, REPO, database_url, make_bureau

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The portal served by uvicorn in a thread on a free loopback port."""

    def __init__(self, app) -> None:  # noqa: ANN001
        import uvicorn

        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(params=BACKENDS)
def live(request: pytest.FixtureRequest, tmp_path: Path, password_hash: str) -> Iterator[tuple[LiveServer, object]]:
    gen = database_url(request.param, tmp_path)
    bureau = make_bureau(next(gen), password_hash)
    try:
        with LiveServer(bureau.app) as server:
            yield server, bureau
    finally:
        bureau.app.state.engine.dispose()
        gen.close()


def _cjk_fontconfig(tmp: Path) -> dict[str, str]:
    """Let Chromium find a Chinese font (the Noto SC fonts installed with the PDF writer's dependency)."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return {}
    font_dir = Path(pylopdf_fonts_zh_cn.__file__).parent
    conf = tmp / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{font_dir}</dir>
<cachedir>{tmp / "fc-cache"}</cachedir></fontconfig>""", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from playwright.sync_api import sync_playwright

    env = {**os.environ, **_cjk_fontconfig(tmp_path_factory.mktemp("fonts"))}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, env=env)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go (JUESUAN_SHOTS=dir keeps them for a human to look at)."""
    keep = os.environ.get("JUESUAN_SHOTS")
    d = Path(keep) if keep else tmp_path / "shots"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _login(page, base: str, username: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def _logout(page) -> None:  # noqa: ANN001
    page.click("form[action='/logout'] button")
    page.wait_for_load_state()


def test_clerk_reviewer_public_cycle(live, browser, shots: Path) -> None:
    server, bureau = live
    base, own = server.url, bureau.own_unit
    workbook = REPO / "examples" / "yulin-2024.xlsx"

    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    page.on("dialog", lambda d: d.accept())

    # clerk: upload the example workbook, see its finding on the right cell
    _login(page, base, "clerk")
    assert page.url.endswith(f"/units/{own}")
    page.set_input_files("input[name=file]", str(workbook))
    page.click("form[action$='/upload'] button[type=submit]")
    page.wait_for_url(f"{base}/units/{own}/2024")
    # 公开06表 30109 职业年金缴费 disagrees with the functional item 2080506 (a warning on that cell)
    cell = page.locator("#c-T06-30109-amount")
    assert "sev-warning" in (cell.get_attribute("class") or "")
    assert "7.25" in cell.inner_text()
    page.screenshot(path=str(shots / "01-clerk-workspace.png"), full_page=False)
    page.locator("li.finding", has_text="30109").first.locator("a", has_text="在表中查看").click()
    assert page.url.endswith("#c-T06-30109-amount")
    cell.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "02-finding-cell.png"))

    # the missing reason: follow the finding to its form field and fill it
    page.locator("li.finding", has_text="缺少原因说明").first.locator("a", has_text="在线填写").click()
    assert page.url.endswith("/edit#f-reasons_general_budget_variance")
    field = page.locator("#f-reasons_general_budget_variance")
    assert "sev-warning" in (field.get_attribute("class") or "")
    field.locator("textarea").fill("上年结转的信息化建设项目资金在本年支付，追加了项目预算")
    field.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "03-edit-form.png"))
    page.click("text=保存（生成新版本）")
    page.wait_for_url(f"{base}/units/{own}/2024")
    assert "生成第 2 版" in page.inner_text(".flash-ok")
    assert page.locator("li.finding", has_text="缺少原因说明").count() == 0

    # a number can be corrected by clicking it (here: put the same value back, a new version all the same)
    page.click("#c-T06-30109-amount a.cell")
    assert page.input_value("input[name=value]") == "7.25"
    page.screenshot(path=str(shots / "04-cell-form.png"))
    page.click("text=保存（生成新版本）")
    page.wait_for_load_state()
    assert "生成第 3 版" in page.inner_text(".flash-ok")

    # submit (errors remain in the performance tables: explain them)
    page.fill("textarea[name=explanation]", "绩效自评表分值按原表填列")
    page.click("button.submit")
    page.wait_for_load_state()
    assert "已报送待审核" in page.inner_text(".titlebar")
    _logout(page)

    # reviewer: dashboard, return with a comment
    _login(page, base, "reviewer")
    assert page.url.endswith("/review")
    page.screenshot(path=str(shots / "05-reviewer-dashboard.png"))
    page.locator("tr", has_text="榆林市人事信息中心").locator("text=打开").click()
    page.fill("form[action$='/return'] textarea", "请补充决算公开联系电话的区号")
    page.click("text=退回修改")
    page.wait_for_url(f"{base}/review?year=2024")
    assert "已退回" in page.locator("tr", has_text="榆林市人事信息中心").inner_text()
    _logout(page)

    # clerk: sees the comment, resubmits
    _login(page, base, "clerk")
    page.goto(f"{base}/units/{own}/2024")
    assert "请补充决算公开联系电话的区号" in page.inner_text("#comments")
    page.locator("#comments").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "06-clerk-returned.png"))
    page.fill("textarea[name=explanation]", "已核实")
    page.click("button.submit")
    page.wait_for_load_state()
    assert "已报送待审核" in page.inner_text(".titlebar")
    _logout(page)

    # reviewer: approve and publish
    _login(page, base, "reviewer")
    page.goto(f"{base}/units/{own}/2024")
    page.click("button:has-text('审核通过')")
    page.wait_for_load_state()
    assert "已审核通过" in page.inner_text(".titlebar")
    page.click("button:has-text('公开报告')")
    page.wait_for_load_state()
    assert "已公开" in page.inner_text(".titlebar"), page.inner_text("main")[:500]
    _logout(page)

    # the public: find the report, see its charts and tables
    pub = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    pub.goto(base)
    pub.fill("input[name=q]", "人事信息")
    pub.click("form.search button")
    pub.wait_for_load_state()
    pub.screenshot(path=str(shots / "07-public-search.png"))
    pub.click(f"a[href='/public/{own}/2024']")
    pub.wait_for_load_state()
    assert pub.url.endswith(f"/public/{own}/2024")
    body = pub.inner_text("body")
    assert "榆林市人事信息中心" in body and "691.29" in body
    try:
        import juesuan.render.html  # noqa: F401

        assert pub.locator("svg").count() >= 1, "the report page has no chart"
    except ImportError:
        pass
    pub.screenshot(path=str(shots / "08-public-report.png"))
    if pub.locator("svg").count():
        pub.locator("svg").first.scroll_into_view_if_needed()
        pub.screenshot(path=str(shots / "09-public-report-chart.png"))

    # on a phone
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                has_touch=True, locale="zh-CN").new_page()
    phone.on("dialog", lambda d: d.accept())
    _login(phone, base, "clerk")
    phone.goto(f"{base}/units/{own}/2024")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the workspace scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(shots / "10-phone-workspace.png"))
    phone.goto(f"{base}/public/{own}/2024")
    phone.screenshot(path=str(shots / "11-phone-public.png"))
