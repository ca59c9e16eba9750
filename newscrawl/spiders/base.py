"""What every portal's spider shares: arguments, article requests, discovery state, drops.

A portal spider names its extraction module (``portal``) and its site root
(``home_url``), and says where its listings are (``discover`` and the listing
callbacks).  This base decides which listed articles to fetch (the store remembers
what was fetched before), keeps the run within ``since``/``until`` and
``max_articles``, and passes article pages through :meth:`ArticleSpider.parse_article`,
which never lets a page raise: a page that is not an article, or cannot be read,
becomes a warning and a stats counter ``newscrawl/dropped/<reason>``, and the crawl
goes on.

An article that fails the completeness check of :mod:`newscrawl.rendering` is
fetched again through a browser under ``render=auto``; the portal module gives
``RENDER_WAIT`` (the selector a browser waits for) and counts the parts a page
holds in the loader's context (``parts_present``).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl import arguments, rendering
from newscrawl.items import Article
from newscrawl.loaders import ArticleLoader
from newscrawl.page import NotAnArticle
from newscrawl.pipelines import StorePipeline
from newscrawl.store import ArticleStore


@dataclass(frozen=True)
class Listed:
    """An article link found in a listing or sitemap, with the time the listing gives it."""

    url: str
    article_id: str
    listed_at: datetime | None = None


@dataclass(frozen=True)
class ListingVerdict:
    """What one listing page offered, for deciding whether to read its next page."""

    links: int
    unknown: int  # articles the store has never seen
    unseen: int  # articles not met before in this run
    newest: datetime | None


class ArticleSpider(scrapy.Spider):
    """Base of the portal spiders.

    Arguments: ``urls`` (comma-separated article URLs) and ``urls_file`` (one URL a
    line) fetch exactly those articles, whatever their host; without them the spider
    discovers articles itself.  ``base_url`` replaces the site root for every URL the
    spider builds itself (a local mirror).  ``since``/``until`` (a date or an ISO
    time) make discovery a backfill of that window; ``max_articles`` stops the run
    after that many articles; ``refresh=1`` fetches again articles the store already
    has; ``render`` (never, auto, always) says when a page goes through a browser
    (see :mod:`newscrawl.rendering`).
    """

    portal: ModuleType
    home_url: str
    renderer: rendering.Rendering  # set in from_crawler, where the settings are still open

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        options = self.parse_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.options = options
        self.site_root: str = options.get("base_url") or self.home_url
        self.since: datetime | None = options["since"]
        self.until: datetime | None = options["until"]
        self.max_articles: int | None = options.get("max_articles")
        self.refresh: bool = options["refresh"]
        #: Articles asked for by URL are emitted even when the store has them unchanged.
        self.emit_unchanged = bool(options["urls"])
        self._met_ids: set[str] = set()  # articles seen in a listing of this run
        self._queued_ids: set[str] = set()  # articles requested in this run
        self._backlog: list[tuple[float, int, scrapy.Request]] = []
        self._order = itertools.count()
        self._in_flight = 0
        self._emitted = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticleSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Arguments are known only here, and the settings are still open for the browser's.
        spider.renderer = rendering.Rendering.from_crawler(crawler, spider.options["render"], spider.portal.RENDER_WAIT)
        return spider

    @classmethod
    def parse_arguments(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Checked spider arguments by name; raises ArgumentError naming the bad one.

        Subclasses extend this with their own arguments.
        """
        options: dict[str, Any] = {"urls": []}
        if kwargs.get("urls"):
            options["urls"] += arguments.url_list("urls", kwargs["urls"])
        if kwargs.get("urls_file"):
            options["urls"] += arguments.urls_from_file("urls_file", kwargs["urls_file"])
        if kwargs.get("base_url"):
            options["base_url"] = arguments.site_root("base_url", kwargs["base_url"])
        if kwargs.get("until") and not kwargs.get("since"):
            raise arguments.ArgumentError("until: give since as well (a backfill needs both ends)")
        options["since"], options["until"] = arguments.time_window(kwargs.get("since"), kwargs.get("until"))
        if kwargs.get("max_articles") is not None:
            options["max_articles"] = arguments.positive_int("max_articles", kwargs["max_articles"])
        options["refresh"] = arguments.flag("refresh", kwargs.get("refresh", "0"))
        options["render"] = rendering.parse_mode("render", kwargs.get("render"))
        return options

    @classmethod
    def check_settings(cls, options: dict[str, Any], settings: BaseSettings) -> None:
        """Checks of the arguments against the run's settings; raises ArgumentError.

        ``scrapy crawl`` runs them before anything is fetched: ``render=always``
        needs a browser, and ``NEWSCRAWL_BROWSER_PATH`` may be a setting.
        """
        rendering.check_browser(options["render"], settings)

    @property
    def backfill(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def store(self) -> ArticleStore | None:
        """The run's article store (the crawl state), or None when the store is off."""
        pipeline = self.crawler.get_item_pipeline(StorePipeline)
        return pipeline.store if pipeline is not None else None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.options["urls"]:
            requests: Iterable[scrapy.Request] = (
                self.article_request(url, explicit=True) for url in self.options["urls"]
            )
        else:
            requests = self.discover()
        for request in self._schedule(requests):
            yield request

    def discover(self) -> Iterable[scrapy.Request]:
        """Listing requests that find articles when no URL is given; the portal spider's job."""
        return ()

    # Listings -------------------------------------------------------------------

    def listing_request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, errback=self.listing_failed, cb_kwargs=cb_kwargs, meta={"listing": True}
        )

    def listing_failed(self, failure: Failure) -> None:
        # A listing that does not answer (no sitemap, no such index day) is not a
        # failed crawl by itself; the run summary judges the whole.
        self.crawler.stats.inc_value("newscrawl/discovery/listing_errors")
        self.logger.info(
            "Listing unavailable: %s (%s)", failure.request.url, " ".join(_failure_reason(failure)).strip()
        )

    def consider(self, listed: list[Listed]) -> tuple[list[scrapy.Request], ListingVerdict]:
        """Article requests for the listed articles worth fetching, and what the listing offered.

        An article is fetched when the store has never seen it, when the listing gives
        it a time newer than the store's (it was updated), or when ``refresh`` asks;
        never twice in a run, and in a backfill only when its listed time, if any, is
        within the window.
        """
        stats = self.crawler.stats
        stats.inc_value("newscrawl/discovery/listing_pages")
        stats.inc_value("newscrawl/discovery/listed", len(listed))
        by_id: dict[str, Listed] = {}
        for link in listed:
            by_id.setdefault(link.article_id, link)
        store = self.store
        known = store.known(self.portal.PORTAL, by_id) if store is not None else {}
        unseen = {article_id for article_id in by_id if article_id not in self._met_ids}
        self._met_ids.update(unseen)
        requests = []
        for article_id, link in by_id.items():
            if article_id in self._queued_ids:
                continue
            first_mention = article_id in unseen
            remembered = known.get(article_id)
            if not self._within_window(link.listed_at):
                stats.inc_value("newscrawl/discovery/outside_window", first_mention)
            elif remembered is not None and not self.refresh and not _newer(link.listed_at, remembered.changed_at):
                # Another listing (a sitemap's lastmod) may still show it updated.
                stats.inc_value("newscrawl/discovery/known", first_mention)
            else:
                self._queued_ids.add(article_id)
                requests.append(self.article_request(link.url, listed_at=link.listed_at))
        times = [link.listed_at for link in by_id.values() if link.listed_at is not None]
        verdict = ListingVerdict(
            links=len(by_id),
            unknown=sum(1 for article_id in by_id if article_id not in known),
            unseen=len(unseen),
            newest=max(times) if times else None,
        )
        return requests, verdict

    def _within_window(self, moment: datetime | None) -> bool:
        if moment is None:
            return True
        return (self.since is None or moment >= self.since) and (self.until is None or moment < self.until)

    # Articles -------------------------------------------------------------------

    def article_request(self, url: str, explicit: bool = False, listed_at: datetime | None = None) -> scrapy.Request:
        # An explicitly given URL is fetched whatever its host (a local mirror, an
        # archive); discovered links were already checked against the site.
        # Newer articles first: the scheduler serves higher priorities first.
        request = scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"allow_offsite": explicit, "article": True, "discovered": not explicit},
            priority=int(listed_at.timestamp() // 60) if listed_at else 0,
            dont_filter=explicit,
        )
        return self.renderer.start_request(request)

    def _schedule(self, requests: Iterable[scrapy.Request]) -> Iterator[scrapy.Request]:
        """Pass requests on; with ``max_articles``, hold article requests back beyond what may still be emitted."""
        for request in requests:
            if not request.meta.get("article") or self.max_articles is None:
                yield request
            else:
                heapq.heappush(self._backlog, (-request.priority, next(self._order), request))
        yield from self._release()

    def _release(self) -> Iterator[scrapy.Request]:
        while self._backlog and (self.max_articles is None or self._in_flight + self._emitted < self.max_articles):
            self._in_flight += 1
            yield heapq.heappop(self._backlog)[2]

    def _article_done(self, emitted: bool) -> Iterator[scrapy.Request]:
        if self.max_articles is None:
            return
        self._in_flight -= 1
        self._emitted += emitted
        if self._emitted >= self.max_articles:
            raise CloseSpider("max_articles")
        yield from self._release()

    def parse_article(self, response: Response) -> Iterator[Article | scrapy.Request]:
        item = self._article_of(response)
        if isinstance(item, scrapy.Request):
            yield item  # the same article again, through the browser
            return
        if item is not None:
            yield item
        yield from self._article_done(emitted=item is not None)

    def _article_of(self, response: Response) -> Article | scrapy.Request | None:
        """The page's article; or its browser request, when the static page is incomplete; or None, dropped."""
        if not response.meta.get("second_fetch"):
            self.crawler.stats.inc_value("newscrawl/article_pages")
        if not isinstance(response, TextResponse):
            self.drop(response.url, "not_html")
            return None
        try:
            loader = self.load(response)
            item = loader.load_item()
        except NotAnArticle as error:
            self.drop(response.url, error.reason, error.detail)
            return None
        except Exception as error:  # noqa: BLE001 - a broken page must not stop the crawl
            self.logger.debug("Extraction failed on %s", response.url, exc_info=True)
            self.drop(response.url, "unreadable_page", f"{type(error).__name__}: {error}")
            return None
        lacks = rendering.missing(item, loader.context.get("parts_present"))
        if lacks:
            browser_request = self.renderer.fallback(response)
            if browser_request is not None:
                self.logger.info("Rendering %s in the browser: %s", response.url, ", ".join(lacks))
                browser_request.meta["second_fetch"] = True  # the same article page, counted once
                return browser_request
            self.crawler.stats.inc_value(rendering.STATS_INCOMPLETE)
            self.drop(response.url, "incomplete", ", ".join(lacks))
            return None
        rendered = rendering.is_rendered(response)
        self.crawler.stats.inc_value(rendering.STATS_RENDERED if rendered else rendering.STATS_STATIC)
        self.crawler.stats.inc_value("newscrawl/extracted")
        if response.meta.get("discovered") and not self._within_window(datetime.fromisoformat(item["published_at"])):
            # Listings also show articles of other days (popular, related).
            self.crawler.stats.inc_value("newscrawl/discovery/outside_window")
            self.logger.debug("Outside the window: %s (%s)", response.url, item["published_at"])
            return None
        return item

    def load(self, response: TextResponse) -> ArticleLoader:
        """A loader filled by the portal's extraction rules; raises NotAnArticle for other pages."""
        # The response's own selector: a loader given only the response would parse the page again.
        loader = ArticleLoader(selector=response.selector, response=response, **self.portal.LOADER_CONTEXT)
        loader.add_value("crawled_at", datetime.now(timezone.utc).isoformat(timespec="seconds"))
        self.portal.extract(response, loader)
        return loader

    def extract(self, response: TextResponse) -> Article:
        """The article of a page, through the portal's extraction rules and the shared loader."""
        return self.load(response).load_item()

    def article_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.drop(failure.request.url, *_failure_reason(failure))
        yield from self._article_done(emitted=False)

    def drop(self, url: str, reason: str, detail: str = "") -> None:
        """Count and report a page that yields no article."""
        self.crawler.stats.inc_value(f"newscrawl/dropped/{reason}")
        self.logger.warning("Dropped %s: %s%s", url, reason, f" ({detail})" if detail else "")


def _failure_reason(failure: Failure) -> tuple[str, str]:
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}", ""
    if failure.check(IgnoreRequest):
        return ("robots_txt" if "robots.txt" in str(failure.value) else "ignored"), str(failure.value)
    return "download_error", f"{failure.type.__name__}: {failure.getErrorMessage()}"


def _newer(listed_at: datetime | None, stored: datetime) -> bool:
    """Whether a listing's time is later than the stored one; listings give minutes, not seconds."""
    if listed_at is None:
        return False
    return listed_at.replace(second=0, microsecond=0) > stored.replace(second=0, microsecond=0)
