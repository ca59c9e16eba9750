"""A portal, declared once: everything the shared crawler needs to know about one news site.

A portal module (``newscrawl/portals/<name>.py``) builds one :class:`Portal` and its
spider (``newscrawl/spiders/<name>.py``) names it; nothing else in the crawler knows
the site.  The declaration says:

- who the site is: its name, its canonical root, the domain whose hosts serve it,
  the hosts that mirror the canonical one (mobile, bare domain);
- what an article URL looks like and where the article id is in it;
- its clock: the home zone and the UTC offsets its times may carry;
- its listings (:class:`Listings`): homepage, sitemaps, paged channel pages and
  daily indexes, as URL templates;
- how to read an article page: its extraction (a callable filling the shared
  ``ArticleLoader``), what a browser waits for, which paragraphs are boilerplate and
  which bylines name the outlet rather than a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from newscrawl.extraction import Extracted
    from newscrawl.loaders import ArticleLoader
    from newscrawl.page import Page

#: A portal's extraction: reads a page into the loader; raises NotAnArticle for pages that are not articles.
Extraction = Callable[["Page", "ArticleLoader"], "Extracted"]


@dataclass(frozen=True)
class Paged:
    """A listing in pages: the path of its first page and of page N (N > 1), as ``str.format`` templates.

    Templates may use ``{channel}``, ``{day}`` (a ``datetime.date``, e.g. ``{day:%Y/%m/%d}``)
    and ``{page}``.  ``later`` is None for a listing of one page.
    """

    first: str
    later: str | None = None

    def path(self, page: int = 1, **fields: Any) -> str:
        template = self.first if page <= 1 else self.later
        if template is None:
            raise ValueError(f"{self.first!r} has no page {page}")
        return template.format(page=page, **fields)

    @property
    def paged(self) -> bool:
        return self.later is not None

    @property
    def per_channel(self) -> bool:
        """Whether each channel has its own listing (else one lists the whole site)."""
        return "{channel" in self.first


@dataclass(frozen=True)
class Listings:
    """Where a portal lists its articles.

    ``homepage`` and ``sitemaps`` show the latest articles of every channel (sitemaps
    with their update times); ``channel_pages`` page through one channel's latest
    articles; ``daily_index`` through the articles of one day (backfills), one
    channel's when its template names ``{channel}``, else the whole site's.
    """

    homepage: str | None = "/"
    sitemaps: tuple[str, ...] = ()
    channel_pages: Paged | None = None
    daily_index: Paged | None = None


@dataclass(frozen=True)
class Portal:
    name: str
    #: The canonical site root, e.g. ``https://www.liputan6.com``.
    home_url: str
    #: The registered domain: its host and every subdomain belong to the site.
    domain: str
    #: Article URLs (matched against the path of a site URL); a group ``id`` where the URL carries the id
    #: (where it does not, discovery and the store know an article by its URL: :meth:`article_key`).
    article_path: re.Pattern[str]
    #: Channel slugs, as used in listing URLs and ``-a channels=``.
    channels: tuple[str, ...]
    listings: Listings
    extract: Extraction
    #: A CSS selector of the article body's text: what a browser waits for before the page is read.
    render_wait: str
    #: The home zone: a time that names no zone is read in it, and days are counted in it.
    timezone: str = "Asia/Jakarta"
    #: The UTC offsets (hours) the portal's times may carry (Indonesia: WIB, WITA, WIT).
    zone_offsets: tuple[int, ...] = (7, 8, 9)
    #: Offsets the site is known to write wrongly, and the offset they mean (hours).
    offset_fixes: dict[int, int] = field(default_factory=dict)
    #: Hosts that serve the canonical host's paths (mobile site, bare domain).
    mirror_hosts: frozenset[str] = frozenset()
    #: Whether ``<channel>.<domain>/read/...`` is ``/<channel>/read/...`` on the canonical host.
    channel_subdomains: bool = False
    #: Bylines that name the outlet rather than a person ("Liputan6.com").
    publisher_names: tuple[str, ...] = ()
    #: Regular expressions of whole paragraphs that are never article text on this portal.
    boilerplate: tuple[str, ...] = ()

    @property
    def home_host(self) -> str:
        return urlsplit(self.home_url).netloc

    def owns_host(self, host: str) -> bool:
        host = host.lower().split(":")[0]
        return host == self.domain or host.endswith("." + self.domain)

    def canonical_url(self, url: str | None) -> str | None:
        """The URL on the canonical host when a mirror host (``m.``) serves it; other URLs as they are."""
        if not url:
            return None
        parts = urlsplit(url)
        if parts.netloc.lower() in self.mirror_hosts:
            return urlunsplit((parts.scheme, self.home_host, parts.path, parts.query, parts.fragment))
        return url

    def site_url(self, url: str, root: str | None = None) -> str | None:
        """The URL on this run's site root (``root``, else the home URL), or None for a link off the site.

        Mirror hosts serve the canonical paths; with ``channel_subdomains``,
        ``hot.<domain>/read/1/x`` is ``/hot/read/1/x``.  Query and fragment are dropped.
        """
        root = (root or self.home_url).rstrip("/")
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https"):
            return None
        host = parts.netloc.lower()
        path = parts.path or "/"
        if host == urlsplit(root).netloc.lower() or host == self.home_host or host in self.mirror_hosts:
            return root + path
        if not self.owns_host(host):
            return None
        subdomain = host[: -len(self.domain) - 1]
        if self.channel_subdomains and "." not in subdomain and self.article_path.search(path):
            return f"{root}/{subdomain}{path}"
        return None

    def article_id(self, url: str) -> str | None:
        """The article id an article URL carries, or None (not an article URL, or one without an id)."""
        match = self.article_path.search(urlsplit(url).path)
        return match.groupdict().get("id") if match else None

    def article_key(self, url: str) -> str:
        """How an article is known before it is fetched (in discovery, in the store): the id its URL
        carries, else its URL on the canonical host, as its record states it."""
        return self.article_id(url) or self.home_url + urlsplit(url).path

    def is_article_url(self, url: str) -> bool:
        return self.article_path.search(urlsplit(url).path) is not None

    def channel_of(self, url: str) -> str | None:
        """The channel slug an article URL starts with, if it is one of the portal's channels."""
        first = urlsplit(url).path.strip("/").split("/", 1)[0]
        return first if first in self.channels else None

    def corrected_time(self, moment: datetime) -> datetime:
        """A time with an offset the site is known to write wrongly, at the offset it means."""
        offset = moment.utcoffset()
        hours = offset.total_seconds() / 3600 if offset is not None else None
        if hours in self.offset_fixes:
            return moment.replace(tzinfo=timezone(timedelta(hours=self.offset_fixes[int(hours)])))
        return moment
