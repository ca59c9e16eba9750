"""``scrapy prune``: drop the older versions of articles that were superseded long ago.

``article_versions`` keeps every earlier version of a changed article, so an
analyst never loses what was seen; most articles change in their first days, and
a store that is years old need not keep each typo fix of its first year.  The
current row of an article is never pruned.  The change feed (``scrapy export
--after``) no longer has the pruned versions: prune only what consumers have read.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.runs import EXIT_BUSY, EXIT_FAILED, RunBusy, RunLock
from newscrawl.store import ArticleStore, StoreError, store_path


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "--versions-older-than DAYS [--store PATH]"

    def short_desc(self) -> str:
        return "Delete the older versions of articles superseded more than DAYS days ago"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--versions-older-than", metavar="DAYS", required=True, help="age in days, e.g. 365")
        parser.add_argument("--store", metavar="PATH", help="the SQLite store (default: NEWSCRAWL_STORE_PATH)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument {args[0]!r}")
        days = opts.versions_older_than
        if not days.isdigit():
            self._fail(f"versions-older-than: {days!r} is not a whole number of days", 2)
            return
        path = Path(opts.store) if opts.store else store_path(self.settings)
        if path is None or not path.exists():
            self._fail(f"no article store at {str(path)!r}", EXIT_FAILED)
            return
        cutoff = datetime.now(timezone.utc) - timedelta(days=int(days))
        # A crawl writes in long transactions: prune waits for no one, it runs between crawls.
        try:
            with RunLock(path):
                with ArticleStore.open(path) as store:
                    deleted = store.prune_versions(superseded_before=cutoff)
        except RunBusy as busy:
            self._fail(str(busy), EXIT_BUSY)
            return
        except (StoreError, OSError) as error:
            self._fail(str(error), EXIT_FAILED)
            return
        print(
            f"scrapy prune: {deleted} versions superseded before {cutoff.isoformat(timespec='seconds')} deleted",
            file=sys.stderr,
        )

    def _fail(self, message: str, code: int) -> None:
        print(f"scrapy prune: error: {message}", file=sys.stderr)
        self.exitcode = code
