"""Item pipelines, in order: validation, de-duplication, storage.

Only an item that passes all three reaches the feeds (``-O articles.jsonl``): Scrapy
exports an item after the last pipeline has returned it.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator, ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.logformatter import LogFormatter
from twisted.internet import task

from newscrawl.items import article_schema
from newscrawl.store import ArticleStore, store_path

logger = logging.getLogger(__name__)


def drop(crawler: Crawler, reason: str, detail: str = "") -> DropItem:
    """Count a dropped item under ``newscrawl/dropped/<reason>`` and make the exception that drops it."""
    crawler.stats.inc_value(f"newscrawl/dropped/{reason}")
    return DropItem(f"{reason}{f' ({detail})' if detail else ''}", log_level="WARNING")


class ValidationPipeline:
    """Drops an item that breaks the article contract (the package's JSON Schema), naming the field."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.validator = Draft202012Validator(article_schema())

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        article = ItemAdapter(item).asdict()
        error = next(iter(sorted(self.validator.iter_errors(article), key=lambda e: list(e.absolute_path))), None)
        if error is not None:
            field = _field_of(error, article)
            raise drop(self.crawler, f"invalid_{field}", f"{field}: {error.message[:200]}")
        return item


def _field_of(error: ValidationError, article: dict[str, Any]) -> str:
    if error.absolute_path:
        return str(error.absolute_path[0])
    if error.validator == "required":
        return next((name for name in error.validator_value if name not in article), "item")
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return next((name for name in article if name not in allowed), "item")
    if error.validator in ("if", "then"):
        return "body"
    return "item"


class DedupPipeline:
    """Drops an article already emitted in this run: the same (portal, id) reached by another URL."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.seen: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        key = (adapter["portal"], adapter["id"])
        if key in self.seen:
            raise drop(self.crawler, "duplicate", f"{key[0]} article {key[1]} already emitted in this run")
        self.seen.add(key)
        return item


class StorePipeline:
    """Writes articles to the SQLite store (``NEWSCRAWL_STORE_PATH``), in batched transactions.

    A batch is committed every ``NEWSCRAWL_STORE_BATCH_SIZE`` articles, every
    ``NEWSCRAWL_STORE_COMMIT_INTERVAL`` seconds and at the end of the crawl.  An
    article whose content did not change since the store last saw it is not emitted
    again, unless the spider asked for it (``emit_unchanged``: explicitly given URLs).
    Stats: ``newscrawl/store/new``, ``.../updated``, ``.../unchanged``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.path = store_path(settings)
        self.batch_size = settings.getint("NEWSCRAWL_STORE_BATCH_SIZE")
        self.commit_interval = settings.getfloat("NEWSCRAWL_STORE_COMMIT_INTERVAL")
        self.store: ArticleStore | None = None
        self._ticker: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        if self.path is None:
            logger.info("The article store is off (NEWSCRAWL_STORE_ENABLED)")
            return
        self.store = ArticleStore.open(self.path)
        logger.info("Storing articles in %s", self.path)
        if self.commit_interval > 0:
            self._ticker = task.LoopingCall(self._commit)
            self._ticker.start(self.commit_interval, now=False)

    def process_item(self, item: Any) -> Any:
        if self.store is None:
            return item
        try:
            outcome = self.store.save(ItemAdapter(item).asdict())
        except sqlite3.Error as error:
            self._failed("write", error)
            raise drop(self.crawler, "store_error", str(error)) from None
        self.crawler.stats.inc_value(f"newscrawl/store/{outcome}")
        if self.store.pending >= self.batch_size:
            self._commit()
        if outcome == "unchanged" and not getattr(self.crawler.spider, "emit_unchanged", True):
            raise DropItem("unchanged since the last crawl", log_level="DEBUG")
        return item

    def _commit(self) -> None:
        assert self.store is not None
        try:
            self.store.commit()
        except sqlite3.Error as error:
            self._failed("commit", error)

    def _failed(self, action: str, error: sqlite3.Error) -> None:
        # A full disk or a broken file: every later write fails too, and the run
        # summary reports the crawl as failed.
        self.crawler.stats.inc_value("newscrawl/store/errors")
        logger.error("Could not %s the article store %s: %s", action, self.path, error)

    def close_spider(self) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        if self.store is not None:
            self._commit()
            self.store.connection.close()


class NewscrawlLogFormatter(LogFormatter):
    """Log a dropped item as "Dropped <url>: <reason>", not as the whole article."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> dict[str, Any]:
        entry = dict(super().dropped(item, exception, response, spider))
        entry["msg"] = "Dropped %(url)s: %(exception)s"
        entry["args"] = {"url": ItemAdapter(item).get("url"), "exception": exception}
        return entry
