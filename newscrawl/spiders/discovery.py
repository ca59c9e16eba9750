"""Discovery, for every portal: which articles a run fetches when it is given no URL.

The portal declares its listings (:class:`newscrawl.portal.Listings`); this spider
reads them, newest first, and stops by itself:

- latest mode (no ``since``/``until``): the homepage, the sitemaps and the channel
  pages, each channel paged down to the articles the store already has;
- backfill (``since``, with or without ``until``): the daily index pages of the
  window, newest day first, each day to its last page.

With ``channels``, every listing is read and only the links of those channels are
followed: the homepage and the sitemaps too, as they are the listings that show when
an article was updated.

Article links are recognised by their URL shape (the portal's ``article_path``), not
by listing markup, so a redesign of the listings does not blind the spider; links
off the portal's hosts (or off ``base_url``) are never followed.  An article is
fetched when the store has never seen it, when a listing gives it a time newer than
the stored one (it was updated), or when ``refresh`` asks; never twice in a run.

``refresh`` re-checks what the store has, listed or not: besides every listed
article, the stored articles published in the window (in latest mode: in the last
``NEWSCRAWL_REFRESH_DAYS`` days), of the run's channels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from newscrawl import outcomes
from newscrawl.dates import parse_datetime
from newscrawl.spiders.base import ArticleSpider, asked_url, failure_reason


@dataclass(frozen=True)
class Listed:
    """An article link found in a listing or sitemap, with the time the listing gives it.

    ``key`` identifies the article before it is fetched: its id where the URL carries
    one, else its URL on the portal's canonical host (see ``Portal.article_key``).
    """

    url: str
    key: str
    listed_at: datetime | None = None


@dataclass(frozen=True)
class ListingVerdict:
    """What one listing page offered, for deciding whether to read its next page."""

    links: int
    unknown: int  # articles the store has never seen
    unseen: int  # articles not met before in this run
    newest: datetime | None


class PortalSpider(ArticleSpider):
    """A portal's spider: given articles, or discovery from the portal's listings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channels: list[str] = self.args.channels
        self._met: set[str] = set()  # articles seen in a listing of this run
        self._queued: set[str] = set()  # articles requested in this run
        self._listings_asked: set[str] = set()  # listing URLs requested in this run
        self._known: set[str] = set()  # listed articles left alone: the store has them unchanged

    def discover(self) -> Iterator[scrapy.Request]:
        if self.args.refresh:
            yield from self._stored_articles()
        listings = self.portal.listings
        if self.backfill:
            yield from self._index_days()
            return
        if listings.homepage:
            yield self.listing_request(self.site_root + listings.homepage, self.parse_listing)
        for sitemap in listings.sitemaps:
            yield self.listing_request(self.site_root + sitemap, self.parse_sitemap)
        if listings.channel_pages:
            for channel in self.channels or self.portal.channels:
                yield self.listing_request(
                    self.site_root + listings.channel_pages.path(channel=channel),
                    self.parse_listing,
                    channel=channel,
                    page=1,
                )

    def _index_days(self) -> Iterator[scrapy.Request]:
        """The daily index pages of the window, newest day first: each channel's, or the site's one."""
        index = self.portal.listings.daily_index
        if index is None:
            return
        zone = ZoneInfo(self.portal.timezone)
        until = self.until or datetime.now(zone)
        day = (until - timedelta(microseconds=1)).astimezone(zone).date()
        assert self.since is not None
        first = self.since.astimezone(zone).date()
        # A site-wide index lists every channel; its links are kept by channel like any listing's.
        channels: list[str | None] = list(self.channels or self.portal.channels) if index.per_channel else [None]
        while day >= first:
            for channel in channels:
                yield self.listing_request(
                    self._index_url(channel, day, 1), self.parse_index, channel=channel, day=day, page=1
                )
            day -= timedelta(days=1)

    def _stored_articles(self) -> Iterator[scrapy.Request]:
        """Requests for the stored articles that ``refresh`` re-checks: those of the window and the channels."""
        store = self.store
        if store is None:
            return
        since = self.since
        if since is None:
            since = datetime.now(timezone.utc) - timedelta(days=self.settings.getfloat("NEWSCRAWL_REFRESH_DAYS"))
        # Read in full before any request goes out: the run writes to the same rows.
        stored = [
            (article["url"], article["published_at"])
            for article in store.articles(since=since, until=self.until, portal=self.portal.name)
        ]
        for stored_url, published_at in stored:
            url = self.portal.site_url(stored_url, self.site_root)
            if url is None or (self.channels and self.portal.channel_of(url) not in self.channels):
                continue
            key = self.portal.article_key(url)
            if key in self._queued:
                continue
            self._queued.add(key)
            self.crawler.stats.inc_value(outcomes.REFRESHED)
            yield self.article_request(url, listed_at=datetime.fromisoformat(published_at))

    def _index_url(self, channel: str | None, day: date, page: int) -> str:
        assert self.portal.listings.daily_index is not None
        return self.site_root + self.portal.listings.daily_index.path(page, channel=channel, day=day)

    # Listing requests and callbacks ---------------------------------------------

    def listing_request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        # Listing URLs are unique by construction (sitemap indexes are checked against
        # what was asked for); Scrapy's duplicate filter would hide a redirect loop.
        self._listings_asked.add(url)
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.listing_failed,
            cb_kwargs=cb_kwargs,
            meta={"listing": True},
            dont_filter=True,
        )

    def listing_failed(self, failure: Failure) -> None:
        # A listing that does not answer (no sitemap, no such index day) is not a
        # failed crawl by itself; the run summary judges the whole.
        reason, detail = failure_reason(failure)
        self._listing_error(reason)
        self.logger.info("Listing unavailable: %s (%s)", asked_url(failure.request), f"{reason} {detail}".strip())

    def _listing_error(self, reason: str) -> None:
        self.crawler.stats.inc_value(outcomes.LISTING_ERRORS)
        self.crawler.stats.inc_value(outcomes.listing_error(reason))

    def parse_listing(self, response: Response, channel: str | None = None, page: int = 1) -> Iterator[scrapy.Request]:
        """The homepage or a channel page; a channel page is paged while it shows articles the store lacks."""
        requests, verdict = self.consider(self.listed_articles(response))
        yield from self.schedule(requests)
        channel_pages = self.portal.listings.channel_pages
        if channel is not None and channel_pages is not None and channel_pages.paged and self._read_on(verdict, page):
            url = self.site_root + channel_pages.path(page + 1, channel=channel)
            yield self.listing_request(url, self.parse_listing, channel=channel, page=page + 1)

    def parse_index(self, response: Response, channel: str | None, day: date, page: int) -> Iterator[scrapy.Request]:
        """A daily index page (of a channel, or of the whole site); the day is read to its last page."""
        requests, verdict = self.consider(self.listed_articles(response))
        yield from self.schedule(requests)
        # The index lists newest first: a page wholly before the window ends the day.
        before_window = verdict.newest is not None and self.since is not None and verdict.newest < self.since
        index = self.portal.listings.daily_index
        more = index is not None and index.paged and page < self.settings.getint("NEWSCRAWL_MAX_INDEX_PAGES")
        if verdict.unseen and not before_window and more:
            url = self._index_url(channel, day, page + 1)
            yield self.listing_request(url, self.parse_index, channel=channel, day=day, page=page + 1)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap (plain or gzipped): its article URLs with their times, or (an index) its latest sitemaps."""
        body = self._sitemap_body(response)
        if body is None:
            return
        sitemap = Sitemap(body)
        if sitemap.type == "sitemapindex":
            entries = sorted(((entry.get("lastmod", ""), entry["loc"]) for entry in sitemap), reverse=True)
            for _, loc in entries[: self.settings.getint("NEWSCRAWL_MAX_SITEMAPS")]:
                url = self.portal.site_url(loc, self.site_root)
                if url and url not in self._listings_asked:
                    yield self.listing_request(url, self.parse_sitemap)
            return
        listed = [
            link
            for entry in sitemap
            if (link := self._listed(entry["loc"], [entry["lastmod"]] if entry.get("lastmod") else [])) is not None
        ]
        requests, _ = self.consider(listed)
        yield from self.schedule(requests)

    def _sitemap_body(self, response: Response) -> bytes | None:
        if not gzip_magic_number(response):
            return response.body
        max_size = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            return gunzip(response.body, max_size=max_size)
        except (OSError, EOFError, IgnoreRequest, ValueError) as error:
            self._listing_error("unreadable_sitemap")
            self.logger.warning("Unreadable gzip sitemap %s: %s", response.url, error)
            return None

    def _read_on(self, verdict: ListingVerdict, page: int) -> bool:
        """Whether the next page of a latest-news listing may hold articles the store lacks."""
        if not verdict.links or page >= self.settings.getint("NEWSCRAWL_MAX_LISTING_PAGES"):
            return False
        store = self.store
        if store is None or self.args.refresh or store.latest_published(self.portal.name) is None:
            return True
        # Down to the last article the store already has.
        return verdict.unknown > 0

    # Which listed articles to fetch ---------------------------------------------

    def consider(self, listed: list[Listed]) -> tuple[list[scrapy.Request], ListingVerdict]:
        """Article requests for the listed articles worth fetching, and what the listing offered.

        An article is fetched when the store has never seen it, when the listing gives
        it a time newer than the store's (it was updated), or when ``refresh`` asks;
        never twice in a run, and in a backfill only when its listed time, if any, is
        within the window.
        """
        stats = self.crawler.stats
        stats.inc_value(outcomes.LISTING_PAGES)
        stats.inc_value(outcomes.LISTED, len(listed))
        by_key: dict[str, Listed] = {}
        for link in listed:
            by_key.setdefault(link.key, link)
        store = self.store
        known = store.known(self.portal.name, by_key) if store is not None else {}
        unseen = {key for key in by_key if key not in self._met}
        self._met.update(unseen)
        requests = []
        for key, link in by_key.items():
            if key in self._queued:
                continue
            first_mention = key in unseen
            remembered = known.get(key)
            if not self.within_window(link.listed_at):
                stats.inc_value(outcomes.OUTSIDE_WINDOW, first_mention)
            elif remembered is not None and not self.args.refresh and not _newer(link.listed_at, remembered.changed_at):
                # Another listing (a sitemap's lastmod) may still show it updated.
                if key not in self._known:
                    self._known.add(key)
                    stats.inc_value(outcomes.KNOWN)
            else:
                if key in self._known:  # a later listing shows it updated: fetched after all
                    self._known.discard(key)
                    stats.inc_value(outcomes.KNOWN, -1)
                self._queued.add(key)
                requests.append(self.article_request(link.url, listed_at=link.listed_at))
        times = [link.listed_at for link in by_key.values() if link.listed_at is not None]
        verdict = ListingVerdict(
            links=len(by_key),
            unknown=sum(1 for key in by_key if key not in known),
            unseen=len(unseen),
            newest=max(times) if times else None,
        )
        return requests, verdict

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
        site_url = self.portal.site_url(url, self.site_root)
        if site_url is None or not self.portal.is_article_url(site_url):
            return None
        if self.channels and self.portal.channel_of(site_url) not in self.channels:
            return None
        moments = [moment for moment in map(parse_datetime, times) if moment is not None]
        return Listed(site_url, self.portal.article_key(site_url), max(moments) if moments else None)


def _newer(listed_at: datetime | None, stored: datetime) -> bool:
    """Whether a listing's time is later than the stored one; listings give minutes, not seconds."""
    if listed_at is None:
        return False
    return listed_at.replace(second=0, microsecond=0) > stored.replace(second=0, microsecond=0)
