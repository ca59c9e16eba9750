"""Re-extraction: the current extraction run again over the kept article pages, without fetching.

``scrapy reextract`` (:mod:`newscrawl.commands.reextract`) runs :class:`ReextractSpider`.
It fetches nothing: its ``start()`` reads the page archive (:mod:`newscrawl.archive`) and
yields the articles, which pass the same pipelines as a crawl's (validation,
de-duplication, the store), so an article whose content changed gets a new version.

- Only the latest kept page of each article is read (by portal and the id its URL
  carries, else by URL); a page fetched before ``since`` is skipped unread, since it
  cannot hold an article published after it.
- Each page is read by its portal's own spider (named in the record), exactly as in a
  crawl, statically: a page that is not an article or is incomplete is dropped with
  the usual reason.
- An article keeps the time its page was fetched as ``crawled_at``.  When the store saw
  the article in a later page than the archive holds (the archive was off or failing
  then), it is left alone and counted as stale: re-extraction never takes an article
  back to an older page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from newscrawl import outcomes
from newscrawl.archive import ArchiveReader, KeptPage
from newscrawl.items import Article
from newscrawl.pipelines import StorePipeline
from newscrawl.spiders.base import ArticleSpider
from newscrawl.store import ArticleStore


def portal_spiders(settings: BaseSettings) -> dict[str, type[ArticleSpider]]:
    """The project's portal spiders, by portal name."""
    loader = get_spider_loader(settings)
    spiders = {}
    for name in loader.list():
        spider_class = loader.load(name)
        if issubclass(spider_class, ArticleSpider):
            spiders[spider_class.portal.name] = spider_class
    return spiders


class ReextractSpider(scrapy.Spider):
    """Yields the articles of the archive's latest kept pages (see the module's docstring)."""

    name = "reextract"
    # Re-extraction fetches nothing, so there is nothing to archive; it reads pages at disk
    # speed and says how many at the start, so the crawl's progress line has nothing to add.
    custom_settings = {"NEWSCRAWL_ARCHIVE_ENABLED": False, "NEWSCRAWL_PROGRESS_INTERVAL": 0}
    #: As in a crawl that discovers: an article whose content did not change is not emitted again.
    emit_unchanged = False
    readers: dict[str, ArticleSpider]  # set in from_crawler

    def __init__(
        self,
        archive: Path,
        since: datetime | None = None,
        until: datetime | None = None,
        portals: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.archive = archive
        self.since = since
        self.until = until
        self.portals = portals

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReextractSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Each portal's pages are read by its own spider, statically: nothing is fetched.
        spider.readers = {
            portal: spider_class.reader(crawler)
            for portal, spider_class in portal_spiders(crawler.settings).items()
            if not spider.portals or portal in spider.portals
        }
        return spider

    @property
    def store(self) -> ArticleStore | None:
        pipeline = self.crawler.get_item_pipeline(StorePipeline)
        return pipeline.store if pipeline is not None else None

    async def start(self) -> AsyncIterator[Article]:
        stats = self.crawler.stats
        archive = ArchiveReader(self.archive)
        pages = latest_pages(archive.pages(self.since, list(self.readers)), self.readers)
        self.logger.info("Re-extracting %d kept article pages from %d WARC files", len(pages), len(archive.files))
        for page, response in archive.responses(pages):
            stats.inc_value(outcomes.REEXTRACT_PAGES)
            for output in self.readers[page.portal].parse_article(response):
                if isinstance(output, Article) and self._wanted(output, page):
                    yield output
        if archive.unreadable:
            stats.set_value(outcomes.REEXTRACT_UNREADABLE, archive.unreadable)

    def _wanted(self, article: Article, page: KeptPage) -> bool:
        """Whether the article is in the window and its page is not older than what the store saw."""
        stats = self.crawler.stats
        published = datetime.fromisoformat(article["published_at"])
        if (self.since is not None and published < self.since) or (self.until is not None and published >= self.until):
            stats.inc_value(outcomes.REEXTRACT_OUTSIDE_WINDOW)
            self.logger.debug("Outside the window: %s (%s)", page.url, article["published_at"])
            return False
        store = self.store
        known = store.known(article["portal"], [article["id"]]).get(article["id"]) if store is not None else None
        if known is not None and datetime.fromisoformat(known.last_seen) > page.fetched_at:
            stats.inc_value(outcomes.REEXTRACT_STALE)
            self.logger.info(
                "Not re-extracted: %s article %s was seen in a page of %s; the archive's latest is of %s",
                article["portal"],
                article["id"],
                known.last_seen,
                page.fetched_at.isoformat(),
            )
            return False
        return True


def latest_pages(pages: Iterable[KeptPage], readers: dict[str, ArticleSpider]) -> list[KeptPage]:
    """The latest page of each article: by portal and the id its URL carries, else its URL; later wins a tie."""
    latest: dict[tuple[str, str], KeptPage] = {}
    for page in pages:
        portal = readers[page.portal].portal
        key = (page.portal, portal.article_id(page.url) or portal.canonical_url(page.url))
        kept = latest.get(key)
        if kept is None or page.fetched_at >= kept.fetched_at:
            latest[key] = page
    return list(latest.values())
