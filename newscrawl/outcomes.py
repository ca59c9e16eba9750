"""How pages and runs end: the drop reasons and the stats keys, in one place.

Every page that yields no article is counted under ``newscrawl/dropped/<reason>``
with one of :data:`DROP_REASONS`; README lists the same table.  The run summary
(:mod:`newscrawl.runs`) judges a finished run from the keys below.
"""

from __future__ import annotations

#: Why a page or an item yields no article, as logged ("Dropped <url>: <reason> (<detail>)").
DROP_REASONS: dict[str, str] = {
    "not_article": "the page is not an article (a homepage, a listing, a page without article id)",
    "incomplete": "the article lacks what a complete one has: a title, a date, body text (text articles), "
    "a photo (photo articles), or as many parts as the page announces",
    "http_<status>": "the server answered with this HTTP error status",
    "download_error": "the page could not be downloaded (connection refused, reset, timeout, DNS)",
    "robots_txt": "robots.txt forbids the page",
    "url_too_long": "the URL is longer than URLLENGTH_LIMIT (2083 characters); it is never requested",
    "redirect_loop": "the page redirects more than REDIRECT_MAX_TIMES (5) times, or in a circle",
    "offsite_redirect": "the page redirects off the site: off the portal's hosts, base_url's host and the host of the "
    "URL that was asked for; the other host is never requested",
    "too_large": "the body is larger than DOWNLOAD_MAXSIZE (10 MB), also once decompressed (a gzip bomb); "
    "the download is cut off there",
    "ignored": "another downloader middleware refused the request (the detail says which)",
    "not_html": "the response is not an HTML page",
    "unreadable_page": "the page broke the extraction (a bug: the log has the traceback at DEBUG level)",
    "id_mismatch": "the page is another article than the one its URL names (its own id differs from the URL's); "
    "it never replaces the stored article",
    "invalid_<field>": "the record breaks the contract in this field",
    "duplicate": "the same article (portal and id) was already emitted in this run",
    "store_error": "the store could not write the article",
}
#: Drops that say nothing about the crawl's health.
HARMLESS_DROPS = frozenset({"duplicate"})


def dropped(reason: str) -> str:
    return f"newscrawl/dropped/{reason}"


DROPPED_PREFIX = dropped("")

#: Article pages fetched (each counted once, also when rendered again in a browser).
ARTICLE_PAGES = "newscrawl/article_pages"
#: Articles extracted complete (before validation, de-duplication and storage).
EXTRACTED = "newscrawl/extracted"
#: Listing pages read, article links they listed, listings that could not be read.
LISTING_PAGES = "newscrawl/discovery/listing_pages"
LISTED = "newscrawl/discovery/listed"
LISTING_ERRORS = "newscrawl/discovery/listing_errors"


def listing_error(reason: str) -> str:
    """Listings that could not be read, by reason (a drop reason, or ``unreadable_sitemap``)."""
    return f"{LISTING_ERRORS}/{reason}"


#: Listed articles left alone because the store has them unchanged (each once, and not when
#: a later listing shows it updated), or outside the window.
KNOWN = "newscrawl/discovery/known"
OUTSIDE_WINDOW = "newscrawl/discovery/outside_window"
#: Stored articles that ``refresh`` re-checks, listed or not.
REFRESHED = "newscrawl/discovery/refreshed"
#: Article requests made, and ended (their article emitted or not): the run's progress.
ARTICLES_QUEUED = "newscrawl/articles/queued"
ARTICLES_DONE = "newscrawl/articles/done"
#: What the store committed of each article (counted at commit, so a batch that failed to
#: commit counts nowhere but in STORE_LOST); how often the store failed.
STORE_OUTCOMES = ("new", "updated", "unchanged")
STORE_ERRORS = "newscrawl/store/errors"
STORE_LOST = "newscrawl/store/lost"
#: Items a feed (``-o``/``-O``/FEEDS) failed to write; Scrapy counts feeds it failed to store
#: under ``feedexport/failed_count/<storage>``.
FEED_ERRORS = "newscrawl/feed/errors"
FEED_STORE_FAILURES = "feedexport/failed_count/"


def stored(outcome: str) -> str:
    return f"newscrawl/store/{outcome}"


#: How each article page ended with respect to the browser.
RENDER_STATIC = "newscrawl/render/static"
RENDER_RENDERED = "newscrawl/render/rendered"
RENDER_INCOMPLETE = "newscrawl/render/incomplete"


def template(name: str) -> str:
    """Articles read in this template era of their portal."""
    return f"newscrawl/template/{name}"


#: The page archive (newscrawl.archive): pages written, their compressed bytes, pages it failed to write.
ARCHIVE_RECORDS = "newscrawl/archive/records"
ARCHIVE_BYTES = "newscrawl/archive/bytes"
ARCHIVE_ERRORS = "newscrawl/archive/errors"
#: Re-extraction (newscrawl.reextract): kept pages read; records skipped as unreadable (cut short by a
#: killed run, damaged); articles left alone because the store saw a newer page of them, or outside the window.
REEXTRACT_PAGES = "newscrawl/reextract/pages"
REEXTRACT_UNREADABLE = "newscrawl/reextract/unreadable"
REEXTRACT_STALE = "newscrawl/reextract/stale"
REEXTRACT_OUTSIDE_WINDOW = "newscrawl/reextract/outside_window"
