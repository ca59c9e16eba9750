"""Shared test helpers: fixture pages as responses, and ``scrapy`` run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scrapy.http import HtmlResponse

from newscrawl.items import Article
from newscrawl.spiders.liputan6 import Liputan6Spider

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).parent / "pages"

#: Settings that make a test crawl fast against 127.0.0.1; politeness is for real sites.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


def page_response(name: str, url: str = "http://127.0.0.1/page") -> HtmlResponse:
    """A fixture page from tests/pages as the spider would receive it."""
    return HtmlResponse(url=url, body=(PAGES / name).read_bytes(), encoding="utf-8")


def html_response(html: str | bytes, url: str = "http://127.0.0.1/page") -> HtmlResponse:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return HtmlResponse(url=url, body=body, encoding="utf-8")


def extract(response: HtmlResponse) -> Article:
    """The liputan6 extraction of one response, through the shared loader."""
    return Liputan6Spider().extract(response)


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
