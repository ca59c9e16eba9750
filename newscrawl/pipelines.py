"""Item pipelines, in order: validation, de-duplication, storage.

Only an item that passes all three reaches the feeds (``-O articles.jsonl``): Scrapy
exports an item after the last pipeline has returned it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from functools import cache
from typing import Any

import fastjsonschema
from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.logformatter import LogFormatter
from twisted.internet import task

from newscrawl import outcomes
from newscrawl.items import article_schema
from newscrawl.store import ArticleStore, store_path

logger = logging.getLogger(__name__)


def drop(crawler: Crawler, reason: str, detail: str = "") -> DropItem:
    """Count a dropped item under ``newscrawl/dropped/<reason>`` and make the exception that drops it."""
    crawler.stats.inc_value(outcomes.dropped(reason))
    return DropItem(f"{reason}{f' ({detail})' if detail else ''}", log_level="WARNING")


class ValidationPipeline:
    """Drops an item that breaks the article contract (the package's JSON Schema), naming the field.

    The schema is compiled to Python once (fastjsonschema): validating costs a fraction
    of what an interpreting validator costs per item.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.validate = _compiled_schema()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        # The record's values are plain lists and dicts already: a shallow copy is enough, and a deep
        # conversion (ItemAdapter.asdict) of every paragraph costs more than validating it.
        article = dict(ItemAdapter(item).items())
        try:
            self.validate(article)
        except fastjsonschema.JsonSchemaValueException as error:
            field = _field_of(error, article)
            raise drop(self.crawler, f"invalid_{field}", f"{field}: {error.message[:200]}") from None
        return item


@cache
def _compiled_schema() -> Any:
    # The contract needs nothing past draft 7 (if/then): fastjsonschema compiles that.
    schema = {**article_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(schema)


def _field_of(error: fastjsonschema.JsonSchemaValueException, article: dict[str, Any]) -> str:
    """The contract field an error is about: its path, or the key a required/additional rule names."""
    path = [str(step) for step in error.path[1:]]
    if path:
        return path[0]
    if error.rule == "required":
        return next((name for name in article_schema()["required"] if name not in article), "item")
    if error.rule == "additionalProperties":
        allowed = set(article_schema()["properties"])
        return next((name for name in article if name not in allowed), "item")
    return "item"


class DedupPipeline:
    """Drops an article already emitted in this run: the same (portal, id) reached by another URL."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.seen: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
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
    Stats: ``newscrawl/store/new``, ``.../updated``, ``.../unchanged``, counted when
    their batch is committed: they are what the store holds.  A batch that fails (a
    full disk) is rolled back whole and its articles counted under ``newscrawl/store/lost``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        path = store_path(settings)
        if path is None:
            raise NotConfigured("the article store is off (NEWSCRAWL_STORE_ENABLED)")
        self.path = path
        self.batch_size = settings.getint("NEWSCRAWL_STORE_BATCH_SIZE")
        self.commit_interval = settings.getfloat("NEWSCRAWL_STORE_COMMIT_INTERVAL")
        self.store: ArticleStore | None = None
        self._ticker: task.LoopingCall | None = None
        self._uncommitted: Counter[str] = Counter()  # outcomes of the open batch

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.store = ArticleStore.open(self.path)
        logger.info("Storing articles in %s", self.path)
        if self.commit_interval > 0:
            self._ticker = task.LoopingCall(self._commit)
            self._ticker.start(self.commit_interval, now=False)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        assert self.store is not None, "opened in open_spider"
        try:
            outcome = self.store.save(dict(ItemAdapter(item).items()))
        except sqlite3.Error as error:
            self._failed("write", error)
            raise drop(self.crawler, "store_error", str(error)) from None
        self._uncommitted[outcome] += 1
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
            return
        for outcome, count in self._uncommitted.items():
            self.crawler.stats.inc_value(outcomes.stored(outcome), count)
        self._uncommitted.clear()

    def _failed(self, action: str, error: sqlite3.Error) -> None:
        """Roll the open batch back whole: a half-written batch (an article's old version kept,
        its new one not) must not be committed later, and its articles are not stored."""
        assert self.store is not None
        connection = self.store.connection
        if connection.in_transaction:
            try:
                connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled it back itself
        self.store.pending = 0
        lost = sum(self._uncommitted.values())
        self._uncommitted.clear()
        # A full disk or a broken file: every later write fails too, and the run
        # summary reports the crawl as failed.
        self.crawler.stats.inc_value(outcomes.STORE_ERRORS)
        self.crawler.stats.inc_value(outcomes.STORE_LOST, lost)
        logger.error(
            "Could not %s the article store %s: %s (%d article%s of the batch not stored)",
            action,
            self.path,
            error,
            lost,
            "" if lost == 1 else "s",
        )

    def close_spider(self, spider: Any = None) -> None:
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
