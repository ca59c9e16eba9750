"""The liputan6.com spider.

``scrapy crawl liputan6 -a urls=... -O articles.jsonl`` fetches given articles;
``scrapy crawl liputan6`` discovers them, newest first, from the site's listings:

- latest mode (no ``since``/``until``): the homepage, the sitemaps and the channel
  pages (``/news``, ``/bisnis`` ... with ``?page=N``), each paged down to the
  articles the store already has;
- backfill (``since``/``until``): the daily index pages of the window
  (``/<channel>/indeks/YYYY/MM/DD?page=N``), newest day first.

Article links are recognised by their URL shape (``/read/<id>/<slug>``, also on
channel subdomains such as hot.liputan6.com), not by listing markup, so a redesign
of the listings does not blind the spider.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response, TextResponse

from newscrawl import arguments
from newscrawl.dates import parse_datetime
from newscrawl.portals import liputan6
from newscrawl.spiders.base import ArticleSpider, Listed, ListingVerdict

#: Channels with their own listings (``/<channel>``, ``/<channel>/indeks/...``).
CHANNELS = (
    "news",
    "bisnis",
    "global",
    "tekno",
    "hot",
    "showbiz",
    "bola",
    "health",
    "lifestyle",
    "otomotif",
    "citizen6",
    "regional",
    "saham",
    "islami",
    "cek-fakta",
    "crypto",
    "photo",
    "disabilitas",
)
SITE_HOSTS = {"liputan6.com", "www.liputan6.com", "m.liputan6.com"}
SITEMAPS = ("/sitemap-news.xml", "/sitemap.xml")


class Liputan6Spider(ArticleSpider):
    name = "liputan6"
    portal = liputan6
    home_url = liputan6.HOME_URL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channels: list[str] = self.options["channels"]
        self._site_host = urlsplit(self.site_root).netloc.lower()

    @classmethod
    def parse_arguments(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        options = super().parse_arguments(kwargs)
        options["channels"] = (
            arguments.choices("channels", kwargs["channels"], CHANNELS) if kwargs.get("channels") else []
        )
        return options

    def discover(self) -> Iterator[scrapy.Request]:
        if self.backfill:
            yield from self._index_days()
            return
        if not self.channels:
            yield self.listing_request(self.site_root + "/", self.parse_listing)
            for sitemap in SITEMAPS:
                yield self.listing_request(self.site_root + sitemap, self.parse_sitemap)
        for channel in self.channels or CHANNELS:
            yield self.listing_request(self.site_root + f"/{channel}", self.parse_listing, channel=channel, page=1)

    def _index_days(self) -> Iterator[scrapy.Request]:
        """The daily index pages of the window, newest day first."""
        zone = ZoneInfo(liputan6.LOADER_CONTEXT["default_timezone"])
        until = self.until or datetime.now(zone)
        day = (until - timedelta(microseconds=1)).astimezone(zone).date()
        first = self.since.astimezone(zone).date()
        while day >= first:
            for channel in self.channels or CHANNELS:
                yield self.listing_request(
                    self._index_url(channel, day, 1), self.parse_index, channel=channel, day=day, page=1
                )
            day -= timedelta(days=1)

    def _index_url(self, channel: str, day: date, page: int) -> str:
        return f"{self.site_root}/{channel}/indeks/{day:%Y/%m/%d}" + (f"?page={page}" if page > 1 else "")

    # Listing callbacks ----------------------------------------------------------

    def parse_listing(self, response: Response, channel: str | None = None, page: int = 1) -> Iterator[scrapy.Request]:
        """The homepage or a channel page; a channel page is paged while it shows articles the store lacks."""
        requests, verdict = self.consider(self.listed_articles(response))
        yield from self._schedule(requests)
        if channel is not None and self._read_on(verdict, page):
            url = self.site_root + f"/{channel}?page={page + 1}"
            yield self.listing_request(url, self.parse_listing, channel=channel, page=page + 1)

    def parse_index(self, response: Response, channel: str, day: date, page: int) -> Iterator[scrapy.Request]:
        """A daily index page; the day is read to its last page."""
        requests, verdict = self.consider(self.listed_articles(response))
        yield from self._schedule(requests)
        # The index lists newest first: a page wholly before the window ends the day.
        before_window = verdict.newest is not None and self.since is not None and verdict.newest < self.since
        if verdict.unseen and not before_window and page < self.settings.getint("NEWSCRAWL_MAX_INDEX_PAGES"):
            url = self._index_url(channel, day, page + 1)
            yield self.listing_request(url, self.parse_index, channel=channel, day=day, page=page + 1)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap: its article URLs with their times, or (an index) its most recent sitemaps."""
        if not isinstance(response, TextResponse):
            return
        selector = scrapy.Selector(text=response.text, type="xml")
        children = selector.xpath("//*[local-name()='sitemap']")
        if children:
            recent = sorted(
                (
                    (
                        entry.xpath("*[local-name()='lastmod']/text()").get() or "",
                        entry.xpath("*[local-name()='loc']/text()").get(),
                    )
                    for entry in children
                ),
                reverse=True,
            )
            for _, loc in recent[: self.settings.getint("NEWSCRAWL_MAX_SITEMAPS")]:
                url = self._site_url(loc or "")
                if url:
                    yield self.listing_request(url, self.parse_sitemap)
            return
        listed = []
        for entry in selector.xpath("//*[local-name()='url']"):
            times = entry.xpath(
                "*[local-name()='lastmod']/text() | .//*[local-name()='publication_date']/text()"
            ).getall()
            link = self._listed(entry.xpath("*[local-name()='loc']/text()").get() or "", times)
            if link is not None:
                listed.append(link)
        requests, _ = self.consider(listed)
        yield from self._schedule(requests)

    def _read_on(self, verdict: ListingVerdict, page: int) -> bool:
        """Whether the next page of a latest-news listing may hold articles the store lacks."""
        if not verdict.links or page >= self.settings.getint("NEWSCRAWL_MAX_LISTING_PAGES"):
            return False
        store = self.store
        if store is None or self.refresh or store.latest_published(liputan6.PORTAL) is None:
            return True
        # Down to the last article the store already has.
        return verdict.unknown > 0

    # Links ----------------------------------------------------------------------

    def listed_articles(self, response: Response) -> list[Listed]:
        """Every article link of a listing page, in page order, with the time of its list item."""
        if not isinstance(response, TextResponse):
            return []
        listed = []
        for anchor in response.css("a[href]"):
            item_time = anchor.xpath(
                "ancestor::*[self::article or self::li or @data-article-id][1]//time/@datetime"
            ).getall()
            link = self._listed(urljoin(response.url, anchor.attrib["href"]), item_time)
            if link is not None:
                listed.append(link)
        return listed

    def _listed(self, url: str, times: Iterable[str]) -> Listed | None:
        site_url = self._site_url(url)
        if site_url is None:
            return None
        match = liputan6.ARTICLE_PATH.search(urlsplit(site_url).path)
        if match is None:
            return None
        if self.channels and _channel_of(site_url) not in self.channels:
            return None
        moments = [moment for moment in (parse_datetime(text) for text in times) if moment is not None]
        return Listed(site_url, match["id"], max(moments) if moments else None)

    def _site_url(self, url: str) -> str | None:
        """The URL on this run's site root, or None for a link off the site.

        Channel subdomains serve the same articles as www: hot.liputan6.com/read/1/x
        is www.liputan6.com/hot/read/1/x.  Query and fragment are dropped.
        """
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https"):
            return None
        host = parts.netloc.lower()
        if host == self._site_host or host in SITE_HOSTS:
            path = parts.path
        elif host.endswith(".liputan6.com") and parts.path.startswith("/read/"):
            path = "/" + host.split(".", 1)[0] + parts.path
        else:
            return None
        return self.site_root + (path or "/")


def _channel_of(url: str) -> str | None:
    segments = urlsplit(url).path.strip("/").split("/")
    return segments[0] if len(segments) > 1 and segments[1] == "read" else None
