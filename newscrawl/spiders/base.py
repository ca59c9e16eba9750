"""What every portal's spider shares: arguments, article requests and drops.

A portal spider names its extraction module (``portal``) and its site root
(``home_url``); discovery of article URLs is its own business.  Article pages go
through :meth:`ArticleSpider.parse_article`, which never lets a page raise: a page
that is not an article, or cannot be read, becomes a warning and a stats counter
``newscrawl/dropped/<reason>``, and the crawl goes on.

An article that fails the completeness check of :mod:`newscrawl.rendering` is
fetched again through a browser under ``render=auto``; the portal module gives
``RENDER_WAIT`` (the selector a browser waits for) and ``part_count(response)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl import arguments, rendering
from newscrawl.items import Article
from newscrawl.loaders import ArticleLoader
from newscrawl.page import NotAnArticle


class ArticleSpider(scrapy.Spider):
    """Base of the portal spiders.

    Arguments: ``urls`` (comma-separated article URLs), ``urls_file`` (one URL a
    line), ``base_url`` (replaces the site root for every URL the spider builds
    itself, e.g. a local mirror), ``render`` (never, auto, always: see
    :mod:`newscrawl.rendering`).  An explicitly given URL is fetched whatever its
    host.
    """

    portal: ModuleType
    home_url: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        options = self.parse_arguments(kwargs)
        super().__init__(*args, **kwargs)
        self.options = options
        self.site_root: str = options.get("base_url") or self.home_url

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArticleSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Arguments are known only here, and the settings are still open for the browser's.
        spider.rendering = rendering.Rendering.from_crawler(
            crawler, spider.options["render"], spider.portal.RENDER_WAIT
        )
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
        options["render"] = rendering.parse_mode("render", kwargs.get("render"))
        return options

    @classmethod
    def check_settings(cls, options: dict[str, Any], settings: BaseSettings) -> None:
        """Checks of the arguments against the run's settings; raises ArgumentError.

        ``scrapy crawl`` runs them before anything is fetched: ``render=always``
        needs a browser, and ``NEWSCRAWL_BROWSER_PATH`` may be a setting.
        """
        rendering.check_browser(options["render"], settings)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.options["urls"]:
            yield self.article_request(url, explicit=True)
        if not self.options["urls"]:
            for request in self.discover():
                yield request

    def discover(self) -> Iterator[scrapy.Request]:
        """Requests that find articles when no URL is given; the portal spider's job."""
        return iter(())

    def article_request(self, url: str, explicit: bool = False, **meta: Any) -> scrapy.Request:
        # An explicitly given URL is fetched whatever its host (a local mirror, an
        # archive); discovered links were already checked against the site.
        request = scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"allow_offsite": explicit, **meta},
            dont_filter=explicit,
        )
        return self.rendering.start_request(request)

    def parse_article(self, response: Response) -> Iterator[Article | scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.drop(response.url, "not_html")
            return
        try:
            item = self.extract(response)
        except NotAnArticle as error:
            self.drop(response.url, error.reason, error.detail)
            return
        except Exception as error:  # noqa: BLE001 - a broken page must not stop the crawl
            self.logger.debug("Extraction failed on %s", response.url, exc_info=True)
            self.drop(response.url, "unreadable_page", f"{type(error).__name__}: {error}")
            return
        lacks = rendering.missing(item, self.portal.part_count(response))
        if lacks:
            browser_request = self.rendering.fallback(response)
            if browser_request is not None:
                self.logger.info("Rendering %s in the browser: %s", response.url, ", ".join(lacks))
                yield browser_request
                return
            self.crawler.stats.inc_value(rendering.STATS_INCOMPLETE)
            self.drop(response.url, "incomplete", ", ".join(lacks))
            return
        rendered = rendering.is_rendered(response)
        self.crawler.stats.inc_value(rendering.STATS_RENDERED if rendered else rendering.STATS_STATIC)
        self.crawler.stats.inc_value("newscrawl/extracted")
        yield item

    def extract(self, response: TextResponse) -> Article:
        """The article of a page, through the portal's extraction rules and the shared loader."""
        loader = ArticleLoader(response=response, **self.portal.LOADER_CONTEXT)
        loader.add_value("crawled_at", datetime.now(timezone.utc).isoformat(timespec="seconds"))
        self.portal.extract(response, loader)
        return loader.load_item()

    def article_failed(self, failure: Failure) -> None:
        request = failure.request
        if failure.check(HttpError):
            self.drop(request.url, f"http_{failure.value.response.status}")
        elif failure.check(IgnoreRequest):
            reason = "robots_txt" if "robots.txt" in str(failure.value) else "ignored"
            self.drop(request.url, reason, str(failure.value))
        else:
            self.drop(request.url, "download_error", f"{failure.type.__name__}: {failure.getErrorMessage()}")

    def drop(self, url: str, reason: str, detail: str = "") -> None:
        """Count and report a page that yields no article."""
        self.crawler.stats.inc_value(f"newscrawl/dropped/{reason}")
        self.logger.warning("Dropped %s: %s%s", url, reason, f" ({detail})" if detail else "")
