"""Shared test helpers: fixture pages as responses, and ``scrapy`` run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.archive import response_record, warcinfo_record
from newscrawl.items import Article
from newscrawl.spiders.discovery import PortalSpider

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PAGES_ROOT = Path(__file__).parent / "pages"
PAGES = PAGES_ROOT / "liputan6"


# A browser a test crawl starts stays on 127.0.0.1: every other host goes to a closed
# local proxy port and resolves to nothing, whatever the real pages' scripts ask for.
OFFLINE_BROWSER = {
    "proxy": {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"},
    "args": ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
}


def crawl_settings(store: Path | None) -> list[str]:
    """``-s`` options for a test crawl: fast against 127.0.0.1 (politeness is for real
    sites), a browser kept offline, and the article store in the test's own folder with
    the page archive beside it (``warc/``), or both off."""
    options = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    options += ["-s", f"PLAYWRIGHT_LAUNCH_OPTIONS={json.dumps(OFFLINE_BROWSER)}"]
    if store is None:
        return [*options, "-s", "NEWSCRAWL_STORE_ENABLED=False", "-s", "NEWSCRAWL_ARCHIVE_ENABLED=False"]
    return [*options, "-s", f"NEWSCRAWL_STORE_PATH={store}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={store.parent / 'warc'}"]


def page_response(page: str | Path, url: str = "http://127.0.0.1/page") -> HtmlResponse:
    """A fixture page (a file name in tests/pages/liputan6, or a path) as the spider would receive it."""
    return HtmlResponse(url=url, body=(PAGES / page).read_bytes(), encoding="utf-8", request=Request(url))


def expected_record(page: str, portal: str = "liputan6") -> dict:
    """The expected record written beside a fixture page (without its ``$comment``)."""
    record = json.loads((PAGES_ROOT / portal / page).with_suffix(".json").read_text("utf-8"))
    record.pop("$comment", None)
    return record


#: When the pages of :func:`warc_file` were fetched.
FETCHED = datetime(2024, 3, 1, 2, 3, 4, tzinfo=timezone.utc)


def warc_file(directory: Path, *fixtures: str) -> tuple[Path, list[bytes]]:
    """A WARC file of liputan6 fixture pages (each at ``/read/<its id>/x``) as a crawl writes it; its records."""
    path = directory / "liputan6-20240301T020304Z-1.warc.gz"
    records = [
        response_record(
            page_response(fixture, url=f"http://127.0.0.1/read/{fixture_id(fixture)}/x"), "liputan6", FETCHED
        )
        for fixture in fixtures
    ]
    path.write_bytes(warcinfo_record(path.name) + b"".join(records))
    return path, records


def fixture_id(fixture: str) -> str:
    """The article id a fixture page's file name ends in ("article-mobile-global-4464894.html" -> "4464894")."""
    return Path(fixture).stem.rsplit("-", 1)[-1]


def html_response(html: str | bytes, url: str = "http://127.0.0.1/page") -> HtmlResponse:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))


def project_crawler(portal: str = "liputan6", **overrides: object) -> Crawler:
    """A crawler of a portal's spider with the project's settings (and overrides), and its spider.

    The spider reads pages statically (``render=never``): these tests judge pages as they are.
    """
    settings = {name: value for name, value in vars(project_settings).items() if name.isupper()}
    spider = spider_class(portal)
    crawler = get_crawler(spider, {**settings, **overrides})
    crawler.spider = spider.from_crawler(crawler, render="never")
    return crawler


def extract(response: HtmlResponse, portal: str = "liputan6") -> Article:
    """A portal's extraction of one response, through the shared loader."""
    return spider_class(portal)().extract(response)


def spider_class(portal: str) -> type[PortalSpider]:
    """The spider of a portal, by name."""
    return SpiderLoader.from_settings(Settings({"SPIDER_MODULES": project_settings.SPIDER_MODULES})).load(portal)


def run_scrapy(
    *args: str, cwd: Path = PROJECT_ROOT, timeout: float = 180, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``scrapy <args>`` in a child process, from the project directory; ``env`` adds variables."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
