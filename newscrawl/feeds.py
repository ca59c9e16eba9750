"""Feed export that cannot fail quietly.

Scrapy's feed exporter writes each item from a signal handler; an error there (a full
disk, a closed pipe) is logged as a traceback per item and the run still ends as
"finished".  This exporter counts each item a feed failed to write
(``newscrawl/feed/errors``, next to Scrapy's own ``feedexport/failed_count/<storage>``
for a feed it failed to store at the end) and logs the first error once, so that the
run summary (:mod:`newscrawl.runs`) fails the run.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.extensions.feedexport import FeedExporter

from newscrawl import outcomes

logger = logging.getLogger(__name__)


class CheckedFeedExporter(FeedExporter):
    def item_scraped(self, item: Any, spider: Any) -> None:
        try:
            super().item_scraped(item, spider)
        except Exception as error:  # noqa: BLE001 - any write error loses the record; count it, go on
            stats = self.crawler.stats
            if not stats.get_value(outcomes.FEED_ERRORS):
                logger.error("Could not write an item to the feed: %s", error)
            stats.inc_value(outcomes.FEED_ERRORS)
