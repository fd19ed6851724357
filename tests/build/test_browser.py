"""The HTML report in headless Chromium at desktop and phone widths (Debian chromium via Playwright)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"


def fontconfig(tmp: Path) -> Path:
    """A fontconfig file adding the pip Noto SC fonts, so screenshots show Chinese on a bare machine."""
    from pylopdf_fonts_zh_cn import sans_path

    conf = tmp / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{Path(sans_path()).parent}</dir><cachedir>{tmp / "fc-cache"}</cachedir></fontconfig>
""", encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Debian chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    tmp = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(tmp))}
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], env=env)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from conftest import EXAMPLE_YAML
    from juesuan.core import codec
    from juesuan.render.html import render_html

    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(codec.read_path(EXAMPLE_YAML)), encoding="utf-8")
    return path


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_renders_without_page_overflow_or_requests(browser, report, width, height, tmp_path):
    page = browser.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    page.screenshot(path=str(tmp_path / f"report-{width}.png"), full_page=True)
    assert requests == [report.as_uri()]  # nothing but the file itself
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the wide tables scroll inside their own box on a phone, never the page
    wraps = page.evaluate("""[...document.querySelectorAll('.table-wrap')]
        .map(w => [w.scrollWidth, w.clientWidth])""")
    assert wraps and all(c <= width for _, c in wraps)
    if width < 500:
        assert any(s > c for s, c in wraps)
    assert page.evaluate("document.querySelectorAll('figure.chart svg').length") == 7
    assert (tmp_path / f"report-{width}.png").stat().st_size > 50_000
    page.close()


def test_print_layout_is_a4(browser, report, tmp_path):
    page = browser.new_page()
    page.goto(report.as_uri())
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    import pymupdf

    with pymupdf.open(pdf) as doc:
        w, h = doc[0].rect.width, doc[0].rect.height  # ok-float: page geometry in points
        assert round(w) == 595 and round(h) == 842
        assert doc.page_count > 15
        text = "".join(p.get_text() for p in doc)
    assert "收入支出决算总表" in text
    page.close()
