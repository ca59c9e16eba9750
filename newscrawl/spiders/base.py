"""What every portal's spider shares for articles: arguments, article requests, extraction, drops.

A portal spider names its portal (:class:`newscrawl.portal.Portal`); this base turns
its article pages into items.  :meth:`ArticleSpider.parse_article` never lets a page
raise: a page that is not an article, or cannot be read, becomes a warning and a
stats counter ``newscrawl/dropped/<reason>`` (:mod:`newscrawl.outcomes`), and the
crawl goes on.  An article that fails the completeness check
(:mod:`newscrawl.completeness`) is fetched again through a browser under
``render=auto`` (:mod:`newscrawl.rendering`).

Discovery (which listed articles to fetch) is :mod:`newscrawl.spiders.discovery`.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy_spider_metadata import Args
from twisted.python.failure import Failure

from newscrawl import arguments, outcomes, rendering
from newscrawl.archive import FETCHED_AT
from newscrawl.arguments import CrawlArguments
from newscrawl.completeness import missing
from newscrawl.extraction import Extracted
from newscrawl.items import Article
from newscrawl.loaders import ArticleLoader
from newscrawl.middlewares import Refused
from newscrawl.page import NotAnArticle, Page
from newscrawl.pipelines import StorePipeline
from newscrawl.portal import Portal
from newscrawl.store import ArticleStore


class ArticleSpider(Args[CrawlArguments], scrapy.Spider):
    """Base of the portal spiders: given articles (``urls``/``urls_file``), or discovered ones.

    Arguments are :class:`newscrawl.arguments.CrawlArguments`, checked against the
    portal; ``self.args`` holds them converted.
    """

    portal: Portal
    renderer: rendering.Rendering  # set in from_crawler, where the settings are still open

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        arguments.check(self.args, self.portal)
        self.since, self.until = arguments.window(self.args, self.portal)
        self.given_urls = arguments.given_urls(self.args)
        self.site_root: str = self.args.base_url or self.portal.home_url
        self.max_articles: int | None = self.args.max_articles
        #: Articles asked for by URL are emitted even when the store has them unchanged.
        self.emit_unchanged = bool(self.given_urls)
        self._backlog: list[tuple[float, int, scrapy.Request]] = []
        self._order = itertools.count()
        self._in_flight = 0
        self._emitted = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticleSpider:
        spider = cls._bound(crawler, *args, **kwargs)
        # max_articles counts articles that came out of the pipelines, so the spider
        # learns an article's fate from the item signals, not from its own callback.
        crawler.signals.connect(spider._item_emitted, signal=signals.item_scraped)
        crawler.signals.connect(spider._item_not_emitted, signal=signals.item_dropped)
        crawler.signals.connect(spider._item_not_emitted, signal=signals.item_error)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        return spider

    @classmethod
    def reader(cls, crawler: Crawler) -> ArticleSpider:
        """A spider of the portal that only reads the pages handed to it (``scrapy reextract``), statically.

        It counts its drops in the crawl's stats, but the crawl's item signals are not its
        own: the spider that runs the crawl accounts for the items.
        """
        return cls._bound(crawler, render="never")

    @classmethod
    def _bound(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticleSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Arguments are known only here, and the settings are still open for the browser's.
        mode = rendering.parse_mode("render", spider.args.render)
        spider.renderer = rendering.Rendering.from_crawler(crawler, mode, spider.portal.render_wait)
        return spider

    @classmethod
    def check_arguments(cls, kwargs: dict[str, Any], settings: BaseSettings) -> None:
        """Everything the spider will check of its arguments, before the crawl starts; raises ArgumentError.

        ``scrapy crawl`` runs this first, so that a bad argument is one line and exit
        status 2 before anything is fetched or locked.
        """
        checked = arguments.parse(kwargs)
        arguments.check(checked, cls.portal)
        arguments.given_urls(checked)
        rendering.check_browser(rendering.parse_mode("render", checked.render), settings)

    @property
    def backfill(self) -> bool:
        return self.since is not None

    @property
    def store(self) -> ArticleStore | None:
        """The run's article store (the crawl state), or None when the store is off."""
        pipeline = self.crawler.get_item_pipeline(StorePipeline)
        return pipeline.store if pipeline is not None else None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.given_urls:
            requests: Iterable[scrapy.Request] = (self.article_request(url, explicit=True) for url in self.given_urls)
        else:
            requests = self.discover()
        for request in self.schedule(requests):
            yield request

    def discover(self) -> Iterable[scrapy.Request]:
        """Listing requests that find articles when no URL is given (see :mod:`newscrawl.spiders.discovery`)."""
        return ()

    # Articles -------------------------------------------------------------------

    def article_request(self, url: str, explicit: bool = False, listed_at: datetime | None = None) -> scrapy.Request:
        # An explicitly given URL is fetched whatever its host (a local mirror, an
        # archive); discovered links were already checked against the site.
        # Newer articles first: the scheduler serves higher priorities first.
        # Discovery fetches an article once per run by its id, so Scrapy's duplicate
        # filter is not needed; it would hide a redirect loop (its second visit of a URL
        # silently filtered) that must be counted as redirect_loop.
        request = scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"allow_offsite": explicit, "article": True, "discovered": not explicit},
            priority=int(listed_at.timestamp() // 60) if listed_at else 0,
            dont_filter=True,
        )
        return self.renderer.start_request(request)

    def schedule(self, requests: Iterable[scrapy.Request]) -> Iterator[scrapy.Request]:
        """Pass requests on; with ``max_articles``, hold article requests back beyond what may still be emitted.

        Article requests are released newest first, and only as many at a time as may
        still be emitted: an article fetched but not emitted (unchanged, a duplicate,
        dropped) frees its place for the next one.
        """
        self._stop_at_limit()
        for request in requests:
            if request.meta.get("article"):
                self.crawler.stats.inc_value(outcomes.ARTICLES_QUEUED)
            if not request.meta.get("article") or self.max_articles is None:
                yield request
            else:
                heapq.heappush(self._backlog, (-request.priority, next(self._order), request))
        yield from self._release()

    def _release(self) -> Iterator[scrapy.Request]:
        while self._backlog and (self.max_articles is None or self._in_flight + self._emitted < self.max_articles):
            self._in_flight += 1
            yield heapq.heappop(self._backlog)[2]

    def _article_done(self, emitted: bool) -> list[scrapy.Request]:
        """An article request has ended, its article emitted or not; the article requests this releases."""
        self.crawler.stats.inc_value(outcomes.ARTICLES_DONE)
        if self.max_articles is None:
            return []
        self._in_flight -= 1
        self._emitted += emitted
        return list(self._release())

    def _stop_at_limit(self) -> None:
        if self.max_articles is not None and self._emitted >= self.max_articles:
            raise CloseSpider("max_articles")

    def _item_emitted(self, item: Any, **kwargs: Any) -> None:
        self._released_by_signal(emitted=True)

    def _item_not_emitted(self, item: Any, **kwargs: Any) -> None:
        self._released_by_signal(emitted=False)

    def _released_by_signal(self, emitted: bool) -> None:
        for request in self._article_done(emitted):
            self.crawler.engine.crawl(request)

    def _idle(self) -> None:
        # A run whose last article was the limit's ends for max_articles, not as "finished".
        self._stop_at_limit()

    def parse_article(self, response: Response) -> Iterator[Article | scrapy.Request]:
        item = self._article_of(response)
        if isinstance(item, scrapy.Request):
            yield item  # the same article again, through the browser
        elif item is not None:
            yield item  # its fate is known when it leaves the pipelines (_item_emitted)
        else:
            yield from self._article_done(emitted=False)

    def _article_of(self, response: Response) -> Article | scrapy.Request | None:
        """The page's article; or its browser request, when the static page is incomplete; or None, dropped."""
        stats = self.crawler.stats
        if not response.meta.get("second_fetch"):
            stats.inc_value(outcomes.ARTICLE_PAGES)
        requested = asked_url(response.request)
        if not self.stays_on_site(requested, response.url):
            # A page the browser was sent to by a script; HTTP redirects are refused before.
            self.drop(requested, "offsite_redirect", f"landed on {response.url}")
            return None
        if not isinstance(response, TextResponse):
            self.drop(response.url, "not_html")
            return None
        try:
            item, extracted = self.read(response)
        except NotAnArticle as error:
            self.drop(response.url, error.reason, error.detail)
            return None
        except Exception as error:  # noqa: BLE001 - a broken page must not stop the crawl
            self.logger.debug("Extraction failed on %s", response.url, exc_info=True)
            self.drop(response.url, "unreadable_page", f"{type(error).__name__}: {error}")
            return None
        asked_for = self.portal.article_id(requested)
        if asked_for is not None and item["id"] != asked_for:
            # Stored, it would replace article item["id"] with a page that was asked for as another.
            self.drop(response.url, "id_mismatch", f"the page is article {item['id']}, its URL names {asked_for}")
            return None
        lacks = missing(item, extracted.parts_present)
        if lacks:
            browser_request = self.renderer.fallback(response)
            if browser_request is not None:
                self.logger.info("Rendering %s in the browser: %s", response.url, ", ".join(lacks))
                browser_request.meta["second_fetch"] = True  # the same article page, counted once
                return browser_request
            stats.inc_value(outcomes.RENDER_INCOMPLETE)
            self.drop(response.url, "incomplete", ", ".join(lacks))
            return None
        stats.inc_value(outcomes.RENDER_RENDERED if rendering.is_rendered(response) else outcomes.RENDER_STATIC)
        stats.inc_value(outcomes.EXTRACTED)
        stats.inc_value(outcomes.template(extracted.template))
        if response.meta.get("discovered") and not self.within_window(datetime.fromisoformat(item["published_at"])):
            # Listings also show articles of other days (popular, related).
            stats.inc_value(outcomes.OUTSIDE_WINDOW)
            self.logger.debug("Outside the window: %s (%s)", response.url, item["published_at"])
            return None
        return item

    def read(self, response: TextResponse) -> tuple[Article, Extracted]:
        """The article of a page through the portal's extraction and the shared loader, and what the
        extraction reports; raises NotAnArticle for other pages."""
        page = Page.from_response(response)
        loader = ArticleLoader(portal=self.portal)
        # A page the archive keeps carries its fetch time (newscrawl.archive), also when re-extracted.
        crawled_at = response.meta.get(FETCHED_AT) or datetime.now(timezone.utc).isoformat(timespec="seconds")
        loader.add_value("crawled_at", crawled_at)
        extracted = self.portal.extract(page, loader)
        return loader.load_item(), extracted

    def extract(self, response: TextResponse) -> Article:
        """The article of a page (see :meth:`read`)."""
        return self.read(response)[0]

    def stays_on_site(self, requested: str, landed: str) -> bool:
        """Whether a page asked for at ``requested`` may be read from ``landed`` (after redirects).

        It may on the portal's hosts, on ``base_url``'s host, and on the host of the URL
        asked for: a given URL may be on any host (a mirror, an archive), but what it
        redirects to must stay there or on the site.
        """
        host = (urlsplit(landed).hostname or "").lower()
        allowed = {urlsplit(self.site_root).hostname, urlsplit(requested).hostname}
        return host in allowed or self.portal.owns_host(host)

    def within_window(self, moment: datetime | None) -> bool:
        if moment is None:
            return True
        return (self.since is None or moment >= self.since) and (self.until is None or moment < self.until)

    def article_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.drop(asked_url(failure.request), *failure_reason(failure))
        yield from self._article_done(emitted=False)

    def drop(self, url: str, reason: str, detail: str = "") -> None:
        """Count and report a page that yields no article."""
        self.crawler.stats.inc_value(outcomes.dropped(reason))
        self.logger.warning("Dropped %s: %s%s", url, reason, f" ({detail})" if detail else "")


def asked_url(request: scrapy.Request) -> str:
    """The URL the spider asked for when it made this request (a redirect's request carries it)."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def failure_reason(failure: Failure) -> tuple[str, str]:
    """A failed download as a drop reason and its detail."""
    if failure.check(Refused):
        return failure.value.reason, failure.value.detail
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}", ""
    if failure.check(IgnoreRequest):
        message = str(failure.value)
        if "robots.txt" in message:
            return "robots_txt", message
        if "max redirections" in message:  # Scrapy's RedirectMiddleware, past REDIRECT_MAX_TIMES
            return "redirect_loop", f"more than {failure.request.meta.get('redirect_times', 0)} redirects"
        return "ignored", message
    return "download_error", f"{failure.type.__name__}: {failure.getErrorMessage()}"
