"""A crawl run as cron sees it: one run at a time, a summary line, an exit status.

``scrapy crawl`` (``newscrawl.commands.crawl``) holds a :class:`RunLock` on the store
for the whole run, and judges the finished run from its stats with
:func:`summarize`: a run whose site did not answer, whose article pages gave no
article, whose listings gave no article link, that dropped too many pages, whose
store or page archive failed, whose spider raised, or that was interrupted has failed
and exits non-zero.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newscrawl import outcomes
from newscrawl.coverage import drift

#: Finish reasons of a run that ended as asked.
COMPLETED = {"finished", "max_articles", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUSY = 75  # EX_TEMPFAIL: try again later


class RunBusy(Exception):
    """Another run holds the lock."""


class RunLock:
    """An exclusive, non-blocking lock on a store for a whole run, released when the process ends.

    A store is one file that may have several names: symlinks to it, hard links to
    it.  Two runs writing one file through two names would both write at once (and
    SQLite, which names a store's ``-wal`` journal after the name it was given,
    cannot keep such writers apart), so the lock goes by what the file is, not what
    it is called:

    - ``<store>.lock`` beside the store's real path (symlinks resolved): the lock a
      run takes first, also before the store exists, as it never creates the store;
    - ``flock`` on the store file itself, once it exists: the only thing that all
      hard links to a file share is the file.  It does not get in SQLite's way:
      ``flock`` and SQLite's own (POSIX ``fcntl``) locks are separate on Linux and
      macOS; and the descriptor is closed only after the run has closed its store,
      since closing any descriptor of a file drops the POSIX locks the process
      holds on it.  (On NFS, where ``flock`` is emulated with ``fcntl``, it would
      collide with SQLite's locks; SQLite's WAL mode does not work there anyway.)

    :meth:`acquire` takes whichever of the two it does not hold yet: called again
    once the run has created its store, it locks the new file as well.
    """

    def __init__(self, store: Path) -> None:
        self.store = store
        real = Path(os.path.realpath(store))
        self.path = real.with_name(real.name + ".lock")
        self._lock_file: IO[str] | None = None
        self._store_file: IO[bytes] | None = None

    def acquire(self) -> None:
        if self._lock_file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock_file = self.path.open("a+")
            if not _locked(lock_file):
                raise RunBusy(f"another crawl is using {self.store} (lock {self.path} is held)")
            lock_file.seek(0)
            lock_file.truncate()
            lock_file.write(f"{os.getpid()}\n")
            lock_file.flush()
            self._lock_file = lock_file
        if self._store_file is None and self.store.exists():
            store_file = self.store.open("rb")
            if not _locked(store_file):
                self.release()
                raise RunBusy(f"another crawl is using {self.store} under another name (the file itself is locked)")
            self._store_file = store_file

    def release(self) -> None:
        for held in (self._store_file, self._lock_file):
            if held is not None:
                fcntl.flock(held, fcntl.LOCK_UN)
                held.close()
        self._store_file = self._lock_file = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _locked(held: IO[Any]) -> bool:
    """Lock the open file exclusively if no other process holds it; close it if one does."""
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        held.close()
        return False
    return True


@dataclass
class RunSummary:
    spider: str
    finish_reason: str
    articles: int
    dropped: int
    stored: dict[str, int] | None
    problems: list[str] = field(default_factory=list)
    #: Drops by reason, article links listed, and listed articles skipped as already stored.
    drops: dict[str, int] = field(default_factory=dict)
    listed: int = 0
    known: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    @property
    def outcome(self) -> str:
        return "failed" if self.failed else "ok"

    def line(self) -> str:
        """One line for a person reading cron mail."""
        if self.stored is not None:
            counts = ", ".join(f"{self.stored.get(kind, 0)} {kind}" for kind in outcomes.STORE_OUTCOMES)
            counts += f", {self.known} known"
        else:
            counts = f"{self.articles} articles"
        counts += f", {self.dropped} dropped"
        if self.failed:
            return f"{self.spider}: crawl FAILED ({'; '.join(self.problems)}): {counts}"
        return f"{self.spider}: {counts} ({self.finish_reason})"


def summarize(
    spider: str,
    stats: dict[str, Any],
    max_drop_share: float,
    store_enabled: bool,
    coverage: Mapping[str, float] | None = None,
    coverage_minimum: int = 20,
) -> RunSummary:
    """Judge a finished run from its Scrapy stats (``coverage``: field thresholds, see newscrawl.coverage)."""
    drops = _by_reason(stats, outcomes.DROPPED_PREFIX)
    dropped = sum(drops.values())
    harmful = sum(value for reason, value in drops.items() if reason not in outcomes.HARMLESS_DROPS)
    extracted = stats.get(outcomes.EXTRACTED, 0)
    article_pages = stats.get(outcomes.ARTICLE_PAGES, 0)
    listing_pages = stats.get(outcomes.LISTING_PAGES, 0)
    listed = stats.get(outcomes.LISTED, 0)
    finish_reason = str(stats.get("finish_reason", "unknown"))

    problems = []
    if finish_reason not in COMPLETED:
        problems.append(f"the crawl was interrupted ({finish_reason})")
    errors = sum(value for key, value in stats.items() if key.startswith("spider_exceptions/"))
    if errors:
        problems.append(f"the spider raised {_count(errors, 'error')}")
    silent = stats.get("downloader/request_count", 0) and not stats.get("downloader/response_count", 0)
    if silent:
        problems.append("the site did not answer")
    elif article_pages and not extracted:
        problems.append(f"no article extracted from {_count(article_pages, 'article page')}")
    listing_errors = stats.get(outcomes.LISTING_ERRORS, 0)
    if listing_errors and not listing_pages and not silent:
        reasons = _by_reason(stats, outcomes.listing_error(""))
        why = ", ".join(
            reason if len(reasons) == 1 else f"{count} {reason}"
            for reason, count in sorted(reasons.items(), key=lambda entry: -entry[1])
        )
        problems.append(f"no listing could be read: {listing_errors} of {listing_errors} failed, {why}")
    if listing_pages and not listed:
        problems.append(f"no article link in {_count(listing_pages, 'listing page')}")
    store_errors = stats.get(outcomes.STORE_ERRORS, 0)
    if store_errors:
        lost = stats.get(outcomes.STORE_LOST, 0)
        problems.append(
            f"the store failed {_count(store_errors, 'time')}"
            + (f", {_count(lost, 'article')} not stored" if lost else "")
        )
    archive_errors = stats.get(outcomes.ARCHIVE_ERRORS, 0)
    if archive_errors:
        problems.append(f"the archive failed {_count(archive_errors, 'time')}")
    feed_errors = stats.get(outcomes.FEED_ERRORS, 0)
    if feed_errors:
        problems.append(f"the feed could not write {_count(feed_errors, 'record')}")
    feeds_failed = sum(value for key, value in stats.items() if key.startswith(outcomes.FEED_STORE_FAILURES))
    if feeds_failed:
        problems.append(f"{_count(feeds_failed, 'feed')} could not be stored")
    attempted = extracted + harmful
    if attempted and harmful / attempted > max_drop_share:
        problems.append(f"{harmful} of {attempted} pages dropped")
    problems += drift(stats, coverage or {}, coverage_minimum)

    stored = None
    if store_enabled:
        stored = {kind: stats.get(outcomes.stored(kind), 0) for kind in outcomes.STORE_OUTCOMES}
    articles = stats.get("item_scraped_count", 0)
    known = stats.get(outcomes.KNOWN, 0)
    return RunSummary(spider, finish_reason, articles, dropped, stored, problems, drops, listed, known)


def _by_reason(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {key[len(prefix) :]: value for key, value in stats.items() if key.startswith(prefix)}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"
