"""Pages that are not articles yield no item: a warning, a counted reason, and the crawl goes on."""

from __future__ import annotations

import logging
import re

import pytest
from scrapy import Request
from scrapy.http import Response

from helpers import PAGES, PAGES_ROOT, html_response, page_response, project_crawler
from mirror import SHAPES, Merdeka, default_articles
from newscrawl.spiders.liputan6 import Liputan6Spider
from newscrawl.spiders.merdeka import MerdekaSpider


@pytest.fixture
def spider() -> Liputan6Spider:
    # Static only: these pages are judged as they are, never sent to a browser.
    return project_crawler(NEWSCRAWL_STORE_ENABLED=False).spider


def dropped(spider: Liputan6Spider) -> dict[str, int]:
    prefix = "newscrawl/dropped/"
    return {
        key[len(prefix) :]: value for key, value in spider.crawler.stats.get_stats().items() if key.startswith(prefix)
    }


@pytest.mark.parametrize(
    "fixture", ["homepage-desktop-2022-04.html", "homepage-desktop-2025-04-03.html", "indeks-desktop-2016-02-16.html"]
)
def test_listing_pages_are_not_articles(spider: Liputan6Spider, fixture: str, caplog: pytest.LogCaptureFixture) -> None:
    # The 2022 homepage even carries an article's og:url and og:title.
    url = "http://127.0.0.1:8000/"
    with caplog.at_level(logging.WARNING):
        assert list(spider.parse_article(page_response(fixture, url=url))) == []
    assert dropped(spider) == {"not_article": 1}
    assert f"Dropped {url}: not_article" in caplog.text


def _article(**removals: str) -> str:
    html = (PAGES / "article-mobile-global-4464894.html").read_text("utf-8")
    for pattern in removals.values():
        html, count = re.subn(pattern, "", html, flags=re.DOTALL)
        assert count
    return html


def test_page_without_title_is_dropped(spider: Liputan6Spider, caplog: pytest.LogCaptureFixture) -> None:
    html = _article(
        h1=r'<h1 class="article-header__title">.*?</h1>',
        og=r'<meta property="og:title"[^>]*>',
        json_ld=r'"headline":"[^"]*",',
        kmklabs=r'"title":"Update 23[^"]*",',
    )
    assert list(spider.parse_article(html_response(html))) == []
    assert dropped(spider) == {"incomplete": 1}
    assert "incomplete (no title)" in caplog.text


def test_page_without_date_is_dropped(spider: Liputan6Spider, caplog: pytest.LogCaptureFixture) -> None:
    html = _article(
        visible=r'<span class="article-header__datetime">.*?</span>',
        modified=r'<div class="article-header__modified-time">.*?</div>',
        meta=r'<meta property="article:(?:published|modified)_time"[^>]*>',
        json_ld=r'"date(?:Published|Modified)":"[^"]*",',
        kmklabs=r'"publish(?:Date|\w*)":"[^"]*"|"publicationDate":"[^"]*",',
    )
    assert list(spider.parse_article(html_response(html))) == []
    assert dropped(spider) == {"incomplete": 1}
    assert "incomplete (no date)" in caplog.text


def test_page_with_an_unreadable_date_is_dropped(spider: Liputan6Spider, caplog: pytest.LogCaptureFixture) -> None:
    html = _article(
        meta=r'<meta property="article:(?:published|modified)_time"[^>]*>',
        json_ld=r'"date(?:Published|Modified)":"[^"]*",',
        kmklabs=r'"publish(?:Date|\w*)":"[^"]*"|"publicationDate":"[^"]*",',
    ).replace(" pada 23 Jan 2021, 13:30 WIB", " pada kemarin sore")
    assert list(spider.parse_article(html_response(html))) == []
    assert dropped(spider) == {"incomplete": 1}
    assert "incomplete (no date)" in caplog.text


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.5, 0.7, 0.95])
def test_truncated_html_never_raises(spider: Liputan6Spider, fraction: float) -> None:
    body = (PAGES / "article-mobile-global-4464894.html").read_bytes()
    items = list(spider.parse_article(html_response(body[: int(len(body) * fraction)])))
    # A cut page is either still an article or one counted drop; never an exception.
    assert len(items) + sum(dropped(spider).values()) == 1
    for item in items:
        assert item["title"] and item["published_at"]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body><p>Liputan6.com, Jakarta - </p></body></html>",
        "<<<>>> \x00\x01 not html at all </div></p>",
        '<html><head><script type="application/ld+json">{broken</script>'
        '<script>window.kmklabs.article = {"id": 1, broken;</script></head></html>',
    ],
)
def test_garbage_is_dropped_not_raised(spider: Liputan6Spider, html: str) -> None:
    assert list(spider.parse_article(html_response(html))) == []
    assert sum(dropped(spider).values()) == 1


def test_broken_json_ld_does_not_lose_the_article(spider: Liputan6Spider) -> None:
    html = _article(json_ld=r'"@type":"NewsArticle",')
    html = html.replace(
        '<script id="rich-card" type="application/ld+json">{', '<script id="rich-card" type="application/ld+json">{{'
    )
    (item,) = spider.parse_article(html_response(html))
    assert item["title"].startswith("Update 23 Januari 2021")


def test_non_html_response_is_dropped(spider: Liputan6Spider) -> None:
    url = "http://127.0.0.1:8000/image.jpg"
    response = Response(url=url, body=b"\xff\xd8\xff", request=Request(url))
    assert list(spider.parse_article(response)) == []
    assert dropped(spider) == {"not_html": 1}


@pytest.fixture
def merdeka_spider() -> MerdekaSpider:
    return project_crawler("merdeka", NEWSCRAWL_STORE_ENABLED=False).spider


def test_merdeka_listing_pages_are_not_articles(merdeka_spider: MerdekaSpider) -> None:
    """A merdeka page whose ``kly.pageType`` is not a read page (the mirror's homepage markup)."""
    shape = SHAPES["merdeka"]
    assert isinstance(shape, Merdeka)
    homepage = shape.homepage(default_articles(shape))
    assert list(merdeka_spider.parse_article(html_response(homepage))) == []
    assert dropped(merdeka_spider) == {"not_article": 1}


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.5, 0.7, 0.95])
@pytest.mark.parametrize("page", ["article-mobile-2021-jateng-1316916.html", "article-desktop-2020-khas-1197505.html"])
def test_truncated_merdeka_pages_never_raise(merdeka_spider: MerdekaSpider, page: str, fraction: float) -> None:
    body = (PAGES_ROOT / "merdeka" / page).read_bytes()
    items = list(merdeka_spider.parse_article(html_response(body[: int(len(body) * fraction)])))
    assert len(items) + sum(dropped(merdeka_spider).values()) == 1
    for item in items:
        assert item["title"] and item["published_at"]
