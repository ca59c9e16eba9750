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
import sys
from pathlib import Path

import lxml.html
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

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


def test_render_auto_without_a_browser_says_nothing_while_no_page_needs_one(site: LocalSite, tmp_path: Path) -> None:
    url = site.add_fixture(STATIC_PATH, STATIC_FIXTURE)
    result, articles = crawl(site, tmp_path, "-a", f"urls={url}", "-a", "render=auto", env=NO_BROWSER)
    assert result.returncode == 0, result.stderr
    assert list(articles) == ["4289456"]
    assert "has no browser" not in result.stderr
    assert "WARNING" not in result.stderr


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
    # The browser is looked up and Playwright started once, when the page needs them.
    lines = result.stderr.splitlines()
    opened = next(at for at, line in enumerate(lines) if "Spider opened" in line)
    needed = next(at for at, line in enumerate(lines) if f"Rendering {js_url} in the browser" in line)
    looked_up = [at for at, line in enumerate(lines) if "render=auto with the browser" in line]
    started = [at for at, line in enumerate(lines) if "Starting download handler" in line]
    assert len(looked_up) == len(started) == 1
    assert opened < looked_up[0] < needed < started[0]


def test_render_auto_starts_nothing_of_the_browser_for_complete_pages(
    site: LocalSite, tmp_path: Path, browser: str
) -> None:
    url = site.add_fixture(STATIC_PATH, STATIC_FIXTURE)
    result, articles = crawl(site, tmp_path, "-a", f"urls={url}", "-a", "render=auto")
    assert result.returncode == 0, result.stderr
    assert list(articles) == ["4289456"]
    assert "'newscrawl/render/static': 1" in result.stderr
    assert "newscrawl/render/rendered" not in result.stderr
    # No browser looked up, no Playwright driver, no scrapy-playwright handler, no browser.
    assert "with the browser" not in result.stderr
    assert "scrapy-playwright" not in result.stderr
    assert "'playwright/" not in result.stderr
    assert "Launching browser" not in result.stderr


def test_pages_needing_the_browser_at_once_start_it_once(site: LocalSite, tmp_path: Path, browser: str) -> None:
    # The same article twice: both static pages are read at once, so both ask for the browser at once.
    urls = [site.add(path, Page(js_page().encode())) for path in (JS_PATH, f"{JS_PATH}-again")]
    result, articles = crawl(site, tmp_path, "-a", f"urls={','.join(urls)}", "-a", "render=auto")
    assert result.returncode == 0, result.stderr
    assert list(articles) == ["4464894"]
    assert "'newscrawl/render/rendered': 2" in result.stderr
    assert "'playwright/page_count': 2" in result.stderr
    assert result.stderr.count("render=auto with the browser") == 1
    assert result.stderr.count("Starting download handler") == 1


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


def test_both_pages_are_archived_and_the_rendered_one_is_re_extracted(
    site: LocalSite, tmp_path: Path, browser: str
) -> None:
    url = site.add(JS_PATH, Page(js_page().encode()))
    result, _ = crawl(site, tmp_path, "-a", f"urls={url}", "-a", "render=auto")
    assert result.returncode == 0, result.stderr
    [warc] = (tmp_path / "warc").iterdir()
    with warc.open("rb") as stream:
        pages = [
            (record.rec_headers.get_header("WARC-Target-URI"), record.rec_headers.get_header("Newscrawl-Rendered"))
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        ]
    assert pages == [(url, None), (url, "true")]  # static, then rendered
    output = tmp_path / "reextracted.jsonl"

    reextracted = run_scrapy(
        "reextract", "--store", str(tmp_path / "fresh.sqlite3"), "--archive", str(warc), "-O", str(output)
    )

    assert reextracted.returncode == 0, reextracted.stderr
    assert (
        reextracted.stderr.strip().splitlines()[-1]
        == "reextract: 1 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    )
    [article] = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert_is_the_fixture_article(article)


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


def executable(path: Path) -> str:
    """An executable file standing in for a browser (nothing launches it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_explicit_browser_path_setting_wins_over_the_environment(
    extra: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    named = executable(tmp_path / "my-chromium")
    monkeypatch.setenv(rendering.BROWSER_PATH, "/nonexistent/chromium")
    assert rendering.find_browser(Settings({rendering.BROWSER_PATH: named})) == named
    with pytest.raises(rendering.NoBrowser, match="'/nonexistent/chromium' is not an executable file"):
        rendering.find_browser(Settings())


def test_playwrights_own_chromium_is_launched_before_a_system_one(
    extra: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(rendering.BROWSER_PATH, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    system = executable(tmp_path / "chromium")
    monkeypatch.setattr(rendering, "_playwright_chromium", lambda: "/playwright/chromium")
    assert rendering.find_browser(Settings()) == "/playwright/chromium"
    monkeypatch.setattr(rendering, "_playwright_chromium", lambda: None)
    assert rendering.find_browser(Settings()) == system


def test_always_asks_playwright_only_without_a_browser_named_or_on_path(
    extra: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked = []

    def playwright_chromium() -> str | None:
        asked.append(True)
        return None

    monkeypatch.setattr(rendering, "_playwright_chromium", playwright_chromium)
    monkeypatch.delenv(rendering.BROWSER_PATH, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    rendering.check_browser("always", Settings({rendering.BROWSER_PATH: executable(tmp_path / "my-chromium")}))
    executable(tmp_path / "bin" / "google-chrome")
    rendering.check_browser("always", Settings())
    assert asked == []
    (tmp_path / "bin" / "google-chrome").unlink()
    with pytest.raises(ArgumentError, match="'always' needs a browser and no Chromium was found"):
        rendering.check_browser("always", Settings())
    assert asked == [True]


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
    rendering.configure(settings)
    assert settings.getdict("DOWNLOAD_HANDLERS") == {
        "http": "newscrawl.rendering.RenderingDownloadHandler",
        "https": "newscrawl.rendering.RenderingDownloadHandler",
    }
    # The browser's path is added when the first page needs it.
    assert settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") == {
        "headless": True,
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
    """A spider whose rendering decisions can be watched without a browser.

    Any executable stands in for the browser: nothing is launched.
    """
    crawler = get_crawler(Liputan6Spider)
    spider = Liputan6Spider.from_crawler(crawler, render="never")
    settings = Settings({rendering.BROWSER_PATH: sys.executable})
    spider.renderer = rendering.Rendering(mode, liputan6.RENDER_WAIT, 15, max_pages, settings)
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


def test_the_browser_is_looked_up_once_per_crawl(extra: None, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups = []

    def find_browser(settings: Settings) -> str:
        lookups.append(settings)
        return sys.executable

    monkeypatch.setattr(rendering, "find_browser", find_browser)
    spider = static_spider("auto")
    html = js_page()
    assert lookups == []
    requests = [request for _ in range(3) for request in spider.parse_article(static_response(html))]
    assert len(requests) == 3
    assert spider.renderer.browser() == sys.executable  # as the download handler asks
    assert len(lookups) == 1


def test_auto_without_a_browser_looks_once_warns_once_and_drops_the_pages(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    lookups = []

    def find_browser(settings: Settings) -> str:
        lookups.append(settings)
        raise rendering.NoBrowser("no Chromium was found")

    monkeypatch.setattr(rendering, "find_browser", find_browser)
    spider = static_spider("auto")
    html = js_page()
    with caplog.at_level(logging.WARNING):
        results = [list(spider.parse_article(static_response(html))) for _ in range(3)]
    assert results == [[], [], []]
    assert len(lookups) == 1
    assert caplog.text.count("render=auto has no browser (no Chromium was found)") == 1
    assert spider.crawler.stats.get_value("newscrawl/dropped/incomplete") == 3
    assert spider.renderer.pages == 0
