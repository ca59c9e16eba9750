"""Field coverage: an alarm when a site changes its layout.

A redesign that hides the byline or the date does not break a crawl; it makes the
records quietly emptier.  So every emitted article is counted, per field, under the
source that gave the field its value (``newscrawl/field/<field>/<source>``, sources
in :mod:`newscrawl.sources`), and the finished run is judged: a key field found in
fewer articles than its threshold (``NEWSCRAWL_FIELD_COVERAGE``) fails the run with
a line naming it.  The counts also show a layout drifting before it fails: a field
whose ``markup`` count falls while its ``meta`` count rises has lost its visible
source.

Built here rather than with spidermon's field-coverage monitors: the thresholds need
their own denominators (body text is expected of text articles only, not of photo
and video articles), the counts need the source of each value, which only the
loader knows, and the verdict has to end in the run's own summary line and exit
status like every other failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.portals import PORTALS
from newscrawl.sources import MARKUP

#: Emitted articles, and emitted articles of each type (``.../text``, ``.../photo``, ``.../video``).
ARTICLES = "newscrawl/coverage/articles"
#: Fields whose coverage is counted: the ones a reader of the record looks for first.
COUNTED = (
    "title",
    "description",
    "authors",
    "editors",
    "published_at",
    "modified_at",
    "channel",
    "category",
    "tags",
    "dateline",
    "body",
    "images",
)
#: Fields expected only of some article types, and which.
EXPECTED_OF = {"body": "text"}


def field_stat(field: str, source: str) -> str:
    return f"newscrawl/field/{field}/{source}"


class FieldCoverage:
    """Counts, for every emitted article, which fields it has and where each came from."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCoverage:
        return cls(crawler)

    def item_scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        sources: Mapping[str, str] = getattr(item, "_sources", {})
        portal = PORTALS.get(item.get("portal"))
        outlet = {name.casefold() for name in (portal.publisher_names if portal else ())}
        self.stats.inc_value(ARTICLES)
        self.stats.inc_value(f"{ARTICLES}/{item.get('type')}")
        for field in COUNTED:
            value = item.get(field)
            # A byline of the outlet alone ("Liputan6.com") names no author.
            if field == "authors" and value and all(name.casefold() in outlet for name in value):
                value = None
            if value:
                source = sources.get("subsections" if field == "body" else field, MARKUP)
                self.stats.inc_value(field_stat(field, source))


def found(stats: Mapping[str, Any], field: str) -> int:
    """Emitted articles that have ``field``, whatever its source."""
    prefix = field_stat(field, "")
    return sum(value for key, value in stats.items() if key.startswith(prefix))


def drift(stats: Mapping[str, Any], thresholds: Mapping[str, float], minimum: int) -> list[str]:
    """The key fields found in fewer articles than their threshold, as lines for the run summary.

    Runs of fewer than ``minimum`` articles (of the type a field is expected of) are
    not judged: three articles say nothing about a layout.
    """
    problems = []
    for field, threshold in thresholds.items():
        article_type = EXPECTED_OF.get(field)
        articles = stats.get(f"{ARTICLES}/{article_type}" if article_type else ARTICLES, 0)
        if articles < max(minimum, 1):
            continue
        share = found(stats, field) / articles
        if share < threshold:
            of = f"{articles} {article_type} articles" if article_type else f"{articles} articles"
            problems.append(f"layout drift: {field} found in {share:.0%} of {of}")
    return problems
