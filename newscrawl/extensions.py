"""Scrapy extensions of newscrawl: progress of a long run in the log.

A first run on an empty store reads hundreds of listing pages and thousands of
articles at one request a second; :class:`Progress` says, once a minute at INFO level,
how far it is and about how long the articles found so far still take.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl import outcomes

logger = logging.getLogger(__name__)


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    """How far the run is, from its stats and the seconds since it started."""
    queued = stats.get(outcomes.ARTICLES_QUEUED, 0)
    done = stats.get(outcomes.ARTICLES_DONE, 0)
    listing_pages = stats.get(outcomes.LISTING_PAGES, 0)
    line = f"Progress: {done} of {queued} articles found so far done, {listing_pages} listing pages read"
    minutes = elapsed / 60
    if done and minutes > 0:
        per_minute = done / minutes
        left = (queued - done) / per_minute
        line += f"; {per_minute:.0f} articles a minute, {_time_left(left)} left for the articles found so far"
    return line


def _time_left(minutes: float) -> str:
    if minutes < 1:
        return "less than a minute"
    if minutes < 90:
        return f"about {minutes:.0f} min"
    return f"about {minutes / 60:.1f} h"


class Progress:
    """Logs :func:`progress_line` every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds (0: never)."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self._ticker: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("NEWSCRAWL_PROGRESS_INTERVAL is 0")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self._ticker = task.LoopingCall(self.log)
        self._ticker.start(self.interval, now=False)

    def log(self) -> None:
        assert self.crawler.stats is not None
        logger.info(progress_line(self.crawler.stats.get_stats(), time.monotonic() - self.started))

    def spider_closed(self) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
