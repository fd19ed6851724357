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


# --- on a phone (issue 13): readable chart labels, a scroll hint on wide tables, headings reached from
# the 目录 clear of the sticky 草稿 banner, no screen-high empty cover ---------------------------------

PHONE = {"width": 390, "height": 844}
MIN_LABEL_PX = 10.5  # the smallest chart label as drawn on the screen (was about 6 px when charts shrank)


@pytest.fixture(scope="module")
def draft_report(tmp_path_factory):
    from conftest import EXAMPLE_YAML
    from juesuan.core import codec
    from juesuan.render.html import render_html
    from juesuan.report import assemble

    document = assemble(codec.read_path(EXAMPLE_YAML))
    document.draft = True
    path = tmp_path_factory.mktemp("draft") / "report.html"
    path.write_text(render_html(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_chart_labels_are_readable(browser, report, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(report.as_uri())
    sizes = page.evaluate("""[...document.querySelectorAll('figure.chart svg')].map(svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale));
    })""")
    page.close()
    assert len(sizes) == 7
    assert min(sizes) >= MIN_LABEL_PX, sizes


def test_a_table_that_scrolls_says_so(browser, report):
    page = browser.new_page(viewport=PHONE)
    page.goto(report.as_uri())
    tables = page.evaluate("""[...document.querySelectorAll('.table-wrap')].map(w => {
        const title = w.closest('figure').querySelector('.table-title');
        return {id: w.closest('figure').id, scrolls: w.scrollWidth > w.clientWidth + 1,
                hint: getComputedStyle(title, '::after').content};
    })""")
    page.close()
    scrolling = [t for t in tables if t["scrolls"]]
    assert len(scrolling) >= 5  # the wide tables do scroll on a phone
    assert [t["id"] for t in scrolling if "左右滑动" not in t["hint"]] == []
    assert [t["id"] for t in tables if not t["scrolls"] and "左右滑动" in t["hint"]] == []


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_headings_reached_from_the_toc_clear_the_draft_banner(browser, draft_report, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(draft_report.as_uri())
    links = page.evaluate("[...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))")
    assert len(links) > 20 and page.locator(".draft-banner").count() == 1
    hidden = []
    for href in links:
        page.evaluate("window.scrollTo(0, 0)")
        page.click(f"nav.toc a[href='{href}']")
        page.wait_for_timeout(30)
        top, banner, scrolled_to_end = page.evaluate("""(h) => {
            const el = document.getElementById(decodeURIComponent(h.slice(1)));
            const end = Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight;
            return [el.getBoundingClientRect().top, document.querySelector('.draft-banner').getBoundingClientRect().bottom, end];
        }""", href)
        # below the banner, and brought up to it (unless the page cannot scroll further)
        if top < banner - 0.5 or (top > banner + 80 and not scrolled_to_end):
            hidden.append((href, round(top), round(banner)))
    page.close()
    assert hidden == []


def test_the_cover_is_not_a_screen_of_white_on_a_phone(browser, report):
    page = browser.new_page(viewport=PHONE)
    page.goto(report.as_uri())
    cover = page.evaluate("document.querySelector('.cover').getBoundingClientRect().height")
    toc_top = page.evaluate("document.querySelector('nav.toc').getBoundingClientRect().top")
    page.close()
    assert cover < 0.5 * PHONE["height"]
    assert toc_top < PHONE["height"]  # the 目录 starts on the first screen
