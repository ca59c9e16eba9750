"""Item pipelines with real fixture items: validation, de-duplication, storage."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from helpers import extract, page_response, project_crawler
from newscrawl.pipelines import DedupPipeline, NewscrawlLogFormatter, StorePipeline, ValidationPipeline


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    return project_crawler(NEWSCRAWL_STORE_PATH=str(tmp_path / "store.sqlite3"))


@pytest.fixture
def article():
    return extract(page_response("article-mobile-global-4464894.html"))


def dropped(crawler) -> dict[str, int]:
    prefix = "newscrawl/dropped/"
    return {k[len(prefix) :]: v for k, v in crawler.stats.get_stats().items() if k.startswith(prefix)}


@pytest.mark.parametrize(
    "fixture",
    [
        "article-mobile-global-4464894.html",
        "article-mobile-bisnis-4289456.html",
        "article-mobile-hot-5043288.html",
        "article-desktop-2015-news-2254252.html",
        "article-desktop-2016-tekno-2436773.html",
        "constructed-desktop-readpage-2019.html",
        "constructed-desktop-2025.html",
    ],
)
def test_every_real_article_passes_validation(crawler, fixture: str) -> None:
    item = extract(page_response(fixture))
    assert ValidationPipeline.from_crawler(crawler).process_item(item) is item


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"title": ""}, "invalid_title"),
        ({"title": None}, "invalid_title"),
        ({"published_at": "23 Jan 2021, 13:30 WIB"}, "invalid_published_at"),
        ({"modified_at": "2021-01-23T13:30:00"}, "invalid_modified_at"),
        ({"type": "podcast"}, "invalid_type"),
        ({"url": "https://www.liputan6.com/global/read/4464894/x?utm_source=feed"}, "invalid_url"),
        ({"authors": ["Tommy Kurnia", "Tommy Kurnia"]}, "invalid_authors"),
        ({"page_count": 0}, "invalid_page_count"),
        ({"images": [{"url": "/relative.jpg", "caption": None, "credit": None}]}, "invalid_images"),
        ({"subsections": [], "body": ""}, "invalid_subsections"),
    ],
)
def test_an_item_that_breaks_the_contract_is_dropped_naming_the_field(
    crawler, article, change: dict, reason: str
) -> None:
    article.update(change)
    with pytest.raises(DropItem, match=f"^{reason} \\("):
        ValidationPipeline.from_crawler(crawler).process_item(article)
    assert dropped(crawler) == {reason: 1}


def test_a_missing_or_extra_key_is_dropped(crawler, article) -> None:
    pipeline = ValidationPipeline.from_crawler(crawler)
    del article["dateline"]
    with pytest.raises(DropItem, match="^invalid_dateline"):
        pipeline.process_item(article)


def test_duplicates_within_a_run_are_dropped(crawler, article) -> None:
    pipeline = DedupPipeline.from_crawler(crawler)
    pipeline.process_item(article)
    # The same article reached by another URL (hot.liputan6.com vs www, tracking parameters).
    twin = article.copy()
    twin["url"] = "https://hot.liputan6.com/read/4464894/x"
    with pytest.raises(DropItem, match="^duplicate"):
        pipeline.process_item(twin)
    assert dropped(crawler) == {"duplicate": 1}


def test_store_pipeline_counts_and_emits_unchanged_articles_only_when_asked(crawler, article) -> None:
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    try:
        assert pipeline.process_item(article) is article
        crawler.spider.emit_unchanged = False
        with pytest.raises(DropItem, match="unchanged since the last crawl"):
            pipeline.process_item(article)
        crawler.spider.emit_unchanged = True
        assert pipeline.process_item(article) is article
    finally:
        pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert (stats["newscrawl/store/new"], stats["newscrawl/store/unchanged"]) == (1, 2)
    assert "newscrawl/store/updated" not in stats


def test_the_store_can_be_turned_off(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSCRAWL_STORE_ENABLED=False, NEWSCRAWL_STORE_PATH=str(tmp_path / "s.db"))
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(crawler)
    assert not (tmp_path / "s.db").exists()


def test_a_dropped_item_is_logged_by_url_and_reason_not_whole(crawler, article, caplog) -> None:
    entry = NewscrawlLogFormatter().dropped(
        article, DropItem("invalid_title (title: '' is too short)"), None, crawler.spider
    )
    assert entry["level"] == logging.WARNING
    assert entry["msg"] % entry["args"] == f"Dropped {article['url']}: invalid_title (title: '' is too short)"


def test_a_store_that_cannot_write_drops_the_item_and_counts_the_error(crawler, article, tmp_path: Path) -> None:
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.store.connection.execute("PRAGMA query_only = ON")  # as a read-only file would behave
    with pytest.raises(DropItem, match="^store_error"):
        pipeline.process_item(article)
    pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert (stats["newscrawl/store/errors"], stats["newscrawl/dropped/store_error"]) == (1, 1)
