"""Pages that need a browser: render=never|auto|always, end to end against a site on 127.0.0.1.

The page that needs a browser is built from the real page
``article-mobile-global-4464894.html``: its date lines and the paragraphs of its
parts are cut from the HTML and written back by a script after the page has
loaded; its structured dates are removed.  Its static HTML thus has a title but
no date and no body text; its rendered DOM is the original article.

Tests that drive a browser skip without one, except where NEWSCRAWL_REQUIRE_BROWSER=1
(CI), where a missing browser fails them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from pathlib import Path

import lxml.html
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from helpers import PAGES, crawl_settings, expected_record, html_response, run_scrapy
from localsite import LocalSite, Page
from newscrawl import rendering
from newscrawl.arguments import ArgumentError
from newscrawl.completeness import missing
from newscrawl.portals import liputan6
from newscrawl.spiders.liputan6 import Liputan6Spider

FIXTURE = "article-mobile-global-4464894.html"
EXPECTED = expected_record(FIXTURE)
JS_PATH = "/global/read/4464894/update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta"
STATIC_PATH = "/bisnis/read/4289456/awasi-jalannya-protokol-kesehatan-pengelola-mal-ikut-bentuk-gugus-tugas"
STATIC_FIXTURE = "article-mobile-bisnis-4289456.html"
IMAGE_PATH = "/lead-image.png"

NO_BROWSER = {rendering.BROWSER_PATH: "/nonexistent/chromium"}


def js_page(fill: bool = True) -> str:
    """The fixture article with its dates and body text written in by JavaScript.

    With ``fill`` false the script is left out: the article never shows.
    """
    html = (PAGES / FIXTURE).read_text("utf-8")
    for structured_date in (
        r'<meta property="article:(?:published|modified)_time"[^>]*>',
        r'"date(?:Published|Modified)":"[^"]*",',
        r'"publish(?:Date|\w*)":"[^"]*"|"publicationDate":"[^"]*",',
    ):
        html, count = re.subn(structured_date, "", html)
        assert count, structured_date
    document = lxml.html.document_fromstring(html)
    later = []
    written_later = ".article-header__datetime, .article-header__modified-time, .article-raw-content"
    for element in document.cssselect(written_later):
        later.append((element.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in element))
        element.text = None
        for child in list(element):
            element.remove(child)
        element.set("data-later", str(len(later) - 1))
    assert len(later) == 5  # two date lines, three parts with text
    # A local image, to show that a rendered page loads none.
    document.body.append(document.makeelement("img", {"src": IMAGE_PATH}))
    if fill:
        script = document.makeelement("script")
        script.text = (
            "window.addEventListener('load', function () { setTimeout(function () {"
            f" var later = {json.dumps(later)};"
            " document.querySelectorAll('[data-later]').forEach(function (element) {"
            " element.innerHTML = later[element.dataset.later]; });"
            " }, 300); });"
        ).replace("</", "<\\/")
        document.body.append(script)
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs what is not installed; in CI (NEWSCRAWL_REQUIRE_BROWSER=1) fail it."""
    if os.environ.get("NEWSCRAWL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NEWSCRAWL_REQUIRE_BROWSER=1 and {reason}")
    pytest.skip(f"{reason}: {rendering.INSTALL_HINT}")


@pytest.fixture
def extra() -> None:
    """The browser extra, for tests of what only it can do."""
    if not rendering.extra_installed():
        skip_or_fail("scrapy-playwright is not installed")


@pytest.fixture
def browser() -> str:
    """The Chromium the browser tests drive."""
    try:
        return rendering.find_browser(Settings())
    except rendering.NoBrowser as error:
        skip_or_fail(f"no browser to render with ({error})")
        raise


@pytest.fixture
def no_extra(tmp_path: Path) -> dict[str, str]:
    """Environment of a run where the browser extra is not installed."""
    (tmp_path / "scrapy_playwright.py").write_text('raise ImportError("hidden by the test")\n', encoding="utf-8")
    return {"PYTHONPATH": str(tmp_path)}


def crawl(
    site: LocalSite, tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, dict]]:
    """``scrapy crawl liputan6 <args>`` with the browser kept offline; the articles by id."""
    output = tmp_path / "articles.jsonl"
    settings = crawl_settings(tmp_path / "store.sqlite3")
    result = run_scrapy("crawl", "liputan6", *args, "-O", str(output), *settings, env=env)
    articles = [json.loads(line) for line in output.read_text("utf-8").splitlines()] if output.exists() else []
    return result, {article["id"]: article for article in articles}


def assert_is_the_fixture_article(article: dict) -> None:
    for field, value in EXPECTED.items():
        assert article[field] == value, field
    assert article["body"] == "\n\n".join(p for s in EXPECTED["subsections"] for p in s["paragraphs"])


def article_and_lacks(response: HtmlResponse) -> tuple[dict, list[str]]:
    """The static extraction of a page and what the completeness check finds it lacks."""
    item, extracted = Liputan6Spider().read(response)
    return item, missing(item, extracted.parts_present)


def test_static_html_of_the_js_page_is_incomplete() -> None:
    item, lacks = article_and_lacks(html_response(js_page()))
    assert item["title"] == EXPECTED["title"]
    assert lacks == ["no date", "no body text"]


# --- never, and no browser: no browser needed to test ---


def test_render_never_drops_the_js_page_as_incomplete(site: LocalSite, tmp_path: Path) -> None:
    url = site.add(JS_PATH, Page(js_page().encode()))
    result, articles = crawl(site, tmp_path, "-a", f"urls={url}", "-a", "render=never")
    # The run's only page gave no article: the crawl failed, as cron must hear.
    assert result.returncode == 1, result.stderr
    assert "liputan6: crawl FAILED (no article extracted from 1 article page" in result.stderr
    assert articles == {}
    assert f"Dropped {url}: incomplete (no date, no body text)" in result.stderr
    assert "'newscrawl/dropped/incomplete': 1" in result.stderr
    assert "'newscrawl/render/incomplete': 1" in result.stderr
    assert "playwright/page_count" not in result.stderr
    assert site.fetched(JS_PATH) == 1


def test_bad_render_mode_stops_with_one_line() -> None:
    result = run_scrapy("crawl", "liputan6", "-a", "urls=http://127.0.0.1:9/read/1/x", "-a", "render=sometimes")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "scrapy crawl liputan6: error: render: 'sometimes' is not one of never, auto, always"
    ]


@pytest.mark.parametrize("how", ["environment", "setting"])
def test_render_always_without_a_browser_stops_before_fetching(site: LocalSite, extra: None, how: str) -> None:
    url = site.add(JS_PATH, Page(js_page().encode()))
    if how == "environment":
        result = run_scrapy("crawl", "liputan6", "-a", f"urls={url}", "-a", "render=always", env=NO_BROWSER)
    else:
        setting = f"{rendering.BROWSER_PATH}={NO_BROWSER[rendering.BROWSER_PATH]}"
        result = run_scrapy("crawl", "liputan6", "-a", f"urls={url}", "-a", "render=always", "-s", setting)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "scrapy crawl liputan6: error: render: 'always' needs a browser and NEWSCRAWL_BROWSER_PATH "
        "'/nonexistent/chromium' is not an executable file: install the extra with pip install -e '.[browser]' "
        "and a Chromium with apt-get install chromium or playwright install chromium"
    ]
    assert site.requests == []


def test_render_always_without_the_extra_stops_before_fetching(site: LocalSite, no_extra: dict[str, str]) -> None:
    url = site.add(JS_PATH, Page(js_page().encode()))
    result = run_scrapy("crawl", "liputan6", "-a", f"urls={url}", "-a", "render=always", env=no_extra)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "scrapy crawl liputan6: error: render: 'always' needs a browser and scrapy-playwright is not installed: "
        "install the extra with pip install -e '.[browser]' and a Chromium with "
        "apt-get install chromium or playwright install chromium"
    ]
    assert site.requests == []


@pytest.mark.parametrize("missing", ["browser", "extra"])
def test_render_auto_without_a_browser_warns_once_and_reads_statically(
    site: LocalSite, tmp_path: Path, no_extra: dict[str, str], missing: str
) -> None:
    js_url = site.add(JS_PATH, Page(js_page().encode()))
    static_url = site.add_fixture(STATIC_PATH, STATIC_FIXTURE)
    env = NO_BROWSER if missing == "browser" else no_extra
    result, articles = crawl(site, tmp_path, "-a", f"urls={js_url},{static_url}", "-a", "render=auto", env=env)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "render=auto has no browser" in line]
    assert len(warnings) == 1
    assert "WARNING" in warnings[0] and "pip install -e '.[browser]'" in warnings[0]
    assert list(articles) == ["4289456"]
    assert f"Dropped {js_url}: incomplete (no date, no body text)" in result.stderr
    assert "'newscrawl/render/static': 1" in result.stderr
    assert "'newscrawl/render/incomplete': 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_extra_the_default_is_never(site: LocalSite, tmp_path: Path, no_extra: dict[str, str]) -> None:
    url = site.add(JS_PATH, Page(js_page().encode()))
    result, articles = crawl(site, tmp_path, "-a", f"urls={url}", env=no_extra)
    # The run's only page gave no article: the crawl failed, as cron must hear.
    assert result.returncode == 1, result.stderr
    assert "liputan6: crawl FAILED (no article extracted from 1 article page" in result.stderr
    assert articles == {}
    assert f"Dropped {url}: incomplete (no date, no body text)" in result.stderr
    assert "has no browser" not in result.stderr


# --- with a browser ---


def test_render_auto_renders_only_the_page_that_needs_it(site: LocalSite, tmp_path: Path, browser: str) -> None:
    js_url = site.add(JS_PATH, Page(js_page().encode()))
    static_url = site.add_fixture(STATIC_PATH, STATIC_FIXTURE)
    site.add(IMAGE_PATH, Page(b"", content_type="image/png"))

    result, articles = crawl(site, tmp_path, "-a", f"urls={js_url},{static_url}", "-a", "render=auto")

    assert result.returncode == 0, result.stderr
    assert sorted(articles) == ["4289456", "4464894"]
    assert_is_the_fixture_article(articles["4464894"])
    assert f"Rendering {js_url} in the browser: no date, no body text" in result.stderr
    # The complete static page is fetched once, never by the browser; the other twice.
    assert site.fetched(STATIC_PATH) == 1
    assert site.fetched(JS_PATH) == 2
    assert site.fetched(IMAGE_PATH) == 0
    assert "'newscrawl/render/static': 1" in result.stderr
    assert "'newscrawl/render/rendered': 1" in result.stderr
    assert "'playwright/page_count': 1" in result.stderr
    assert "newscrawl/render/incomplete" not in result.stderr
    assert "Traceback" not in result.stderr


def test_render_auto_does_not_start_a_browser_for_complete_pages(site: LocalSite, tmp_path: Path, browser: str) -> None:
    url = site.add_fixture(STATIC_PATH, STATIC_FIXTURE)
    result, articles = crawl(site, tmp_path, "-a", f"urls={url}", "-a", "render=auto")
    assert result.returncode == 0, result.stderr
    assert list(articles) == ["4289456"]
    assert "'newscrawl/render/static': 1" in result.stderr
    assert "newscrawl/render/rendered" not in result.stderr
    assert "playwright/page_count" not in result.stderr
    assert "Launching browser" not in result.stderr


def test_render_always_fetches_through_the_browser_only(site: LocalSite, tmp_path: Path, browser: str) -> None:
    url = site.add(JS_PATH, Page(js_page().encode()))
    result, articles = crawl(site, tmp_path, "-a", f"urls={url}", "-a", "render=always")
    assert result.returncode == 0, result.stderr
    assert list(articles) == ["4464894"]
    assert_is_the_fixture_article(articles["4464894"])
    assert site.fetched(JS_PATH) == 1
    assert "'newscrawl/render/rendered': 1" in result.stderr
    assert "newscrawl/render/static" not in result.stderr


def test_a_page_still_incomplete_in_the_browser_is_dropped_once(site: LocalSite, tmp_path: Path, browser: str) -> None:
    url = site.add(JS_PATH, Page(js_page(fill=False).encode()))
    result, articles = crawl(
        site, tmp_path, "-a", f"urls={url}", "-a", "render=auto", "-s", "NEWSCRAWL_RENDER_TIMEOUT=1"
    )
    # The run's only page gave no article: the crawl failed, as cron must hear.
    assert result.returncode == 1, result.stderr
    assert "liputan6: crawl FAILED (no article extracted from 1 article page" in result.stderr
    assert articles == {}
    # Static, then the browser, which waited for the body in vain; never a third time.
    assert site.fetched(JS_PATH) == 2
    assert f"Dropped {url}: incomplete (no date, no body text)" in result.stderr
    assert "'newscrawl/render/incomplete': 1" in result.stderr
    assert "download_error" not in result.stderr


# --- the pieces ---


@pytest.mark.parametrize("value,mode", [("never", "never"), ("auto", "auto"), (" auto ", "auto")])
def test_render_modes(value: str, mode: str) -> None:
    assert rendering.parse_mode("render", value) == mode


def test_with_the_extra_auto_is_the_default_and_always_is_allowed(extra: None) -> None:
    assert rendering.parse_mode("render", None) == "auto"
    assert rendering.parse_mode("render", "always") == "always"


def test_unknown_mode_names_the_argument() -> None:
    with pytest.raises(ArgumentError, match=r"^render: 'Always' is not one of never, auto, always$"):
        rendering.parse_mode("render", "Always")


def test_explicit_browser_path_setting_wins_over_the_environment(
    extra: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    executable = tmp_path / "my-chromium"
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    monkeypatch.setenv(rendering.BROWSER_PATH, "/nonexistent/chromium")
    assert rendering.find_browser(Settings({rendering.BROWSER_PATH: str(executable)})) == str(executable)
    with pytest.raises(rendering.NoBrowser, match="'/nonexistent/chromium' is not an executable file"):
        rendering.find_browser(Settings())


def test_rendered_pages_load_no_images_fonts_or_media() -> None:
    class BrowserRequest:
        def __init__(self, resource_type: str) -> None:
            self.resource_type = resource_type

    kinds = ("document", "script", "stylesheet", "xhr", "image", "font", "media")
    assert [kind for kind in kinds if rendering.abort_request(BrowserRequest(kind))] == ["image", "font", "media"]


def test_scrapy_playwright_settings() -> None:
    given = {"args": ["--lang=id"], "slow_mo": 5}
    settings = Settings({"PLAYWRIGHT_LAUNCH_OPTIONS": given, "NEWSCRAWL_RENDER_CONCURRENCY": 3, "DOWNLOAD_TIMEOUT": 30})
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", given, priority="cmdline")
    rendering.configure(settings, "/usr/bin/chromium")
    assert settings.getdict("DOWNLOAD_HANDLERS") == {
        "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    }
    assert settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") == {
        "headless": True,
        "executable_path": "/usr/bin/chromium",
        "slow_mo": 5,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--lang=id",
        ],
    }
    assert settings.getint("PLAYWRIGHT_MAX_CONTEXTS") == 1
    assert settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == 3
    assert settings.getfloat("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT") == 30000
    assert settings["PLAYWRIGHT_ABORT_REQUEST"] == "newscrawl.rendering.abort_request"


def static_spider(mode: str, max_pages: int = 10) -> Liputan6Spider:
    """A spider whose rendering decisions can be watched without a browser."""
    crawler = get_crawler(Liputan6Spider)
    spider = Liputan6Spider.from_crawler(crawler, render="never")
    spider.renderer = rendering.Rendering(mode, liputan6.RENDER_WAIT, timeout=15, max_pages=max_pages)
    return spider


def static_response(html: str, url: str = "http://127.0.0.1/read/4464894/x") -> HtmlResponse:
    """A page as a static download delivers it, with the meta Scrapy's middlewares wrote."""
    request = Request(url, meta={"allow_offsite": True, "download_latency": 0.1, "retry_times": 1})
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8", request=request)


def test_auto_sends_an_incomplete_page_to_the_browser(extra: None) -> None:
    spider = static_spider("auto")
    (request,) = spider.parse_article(static_response(js_page()))
    assert request.meta["playwright"] is True
    assert request.meta["allow_offsite"] is True
    assert "download_latency" not in request.meta and "retry_times" not in request.meta
    assert request.dont_filter
    (wait,) = request.meta["playwright_page_methods"]
    assert wait.method is rendering.wait_for_article
    assert wait.args == (liputan6.RENDER_WAIT, 15000)


def test_auto_never_renders_a_page_that_is_not_an_article() -> None:
    spider = static_spider("auto")
    homepage = (PAGES / "homepage-desktop-2025-04-03.html").read_text("utf-8")
    assert list(spider.parse_article(static_response(homepage, "http://127.0.0.1/"))) == []
    assert spider.crawler.stats.get_value("newscrawl/dropped/not_article") == 1
    assert spider.renderer.pages == 0


def test_the_browser_page_cap_is_kept(extra: None, caplog: pytest.LogCaptureFixture) -> None:
    spider = static_spider("auto", max_pages=1)
    html = js_page()
    with caplog.at_level(logging.WARNING):
        first = list(spider.parse_article(static_response(html)))
        second = list(spider.parse_article(static_response(html)))
        third = list(spider.parse_article(static_response(html)))
    assert len(first) == 1 and isinstance(first[0], Request)
    assert second == third == []
    assert spider.crawler.stats.get_value("newscrawl/dropped/incomplete") == 2
    assert caplog.text.count("NEWSCRAWL_RENDER_MAX_PAGES=1 browser pages reached") == 1
