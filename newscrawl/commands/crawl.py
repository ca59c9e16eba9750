"""``scrapy crawl``, made fit for cron.

On top of Scrapy's own command:

- spider arguments are checked before anything starts: a bad one prints one line
  naming it and exits with status 2 (Scrapy would fail inside the spider's
  constructor with a traceback);
- the article store is checked before the crawl (a foreign or newer database stops
  the run with one line) and locked for the whole run: a second run on the same
  store exits at once with status 75, touching no article;
- the run ends with one summary line (new / updated / unchanged / known / dropped); a
  failed run (see ``newscrawl.runs``) exits with status 1;
- every run is recorded in the store's ``runs`` table, also one refused by the lock or
  by a bad argument (when the store exists already).

``scrapy reextract`` runs the same way: :func:`lock_store` and :func:`run_and_summarize`
are shared.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from newscrawl.arguments import ArgumentError, CrawlArguments
from newscrawl.logs import redact
from newscrawl.portals import PORTALS
from newscrawl.runs import EXIT_BUSY, EXIT_FAILED, EXIT_USAGE, RunBusy, RunLock, summarize
from newscrawl.store import ArticleStore, StoreError, store_path

if TYPE_CHECKING:
    from scrapy.crawler import Crawler, CrawlerProcessBase


class Command(ScrapyCrawlCommand):
    """Runs before Scrapy's start-up log: checks, lock and store come first."""

    _lock: RunLock | None = None

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        # The argument list of long_desc is laid out line by line; Scrapy's formatter would reflow it.
        parser.formatter_class = type(
            "RawDescription", (argparse.RawDescriptionHelpFormatter, parser.formatter_class), {}
        )

    def long_desc(self) -> str:
        """``scrapy crawl <portal> -h``: the portal spiders' arguments, from their typed declaration."""
        lines = ["Crawl a news portal: given articles, or the latest ones, or a backfill window.", "", "Portals:"]
        lines += [
            f"  {name}: {portal.home_url}; channels {', '.join(portal.channels)}" for name, portal in PORTALS.items()
        ]
        lines += ["", "Spider arguments (-a NAME=VALUE):"]
        for name, field in CrawlArguments.model_fields.items():
            lines.append(f"  {name}: {field.description}")
        return "\n".join(lines)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1:
            raise UsageError("give one spider to run, e.g. scrapy crawl liputan6")
        self._history = RunHistory(args[0], store_path(self.settings), dict(opts.spargs))
        self._check_arguments(args[0], opts)
        self._lock = lock_store(
            store_path(self.settings),
            f"scrapy crawl {args[0]}",
            on_busy=lambda message: self._history.refused("busy", message, EXIT_BUSY),
        )

    def _check_arguments(self, name: str, opts: argparse.Namespace) -> None:
        try:
            spider_class = _spider_loader(self.settings).load(name)
        except KeyError:
            raise UsageError(f"Spider not found: {name}", print_help=False) from None
        check = getattr(spider_class, "check_arguments", None)
        if check is None:
            return
        try:
            check(dict(opts.spargs), self.settings)
        except ArgumentError as error:
            self._history.refused("bad_argument", str(error), EXIT_USAGE)
            exit_with(f"scrapy crawl {name}", f"error: {error}", EXIT_USAGE)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        try:
            crawler = self.crawler_process.create_crawler(args[0])
            self.exitcode = run_and_summarize(self.crawler_process, crawler, self._history, **opts.spargs)
        finally:
            if self._lock is not None:
                self._lock.release()


class RunHistory:
    """A run's row in the store's ``runs`` table: what it was asked, how long it took, how it ended."""

    def __init__(self, name: str, path: Path | None, arguments: dict[str, Any]) -> None:
        self.name = name
        self.path = path
        self.arguments = {key: redact(str(value)) for key, value in arguments.items()}
        self.started = time.monotonic()
        self.started_at = _now()

    def refused(self, outcome: str, message: str, exit_status: int) -> None:
        """A run stopped before crawling; recorded only in a store that exists already (refusing creates none)."""
        if self.path is not None and self.path.exists():
            self.record(outcome, {}, exit_status, failure=message)

    def record(self, outcome: str, counts: dict[str, int], exit_status: int, **details: Any) -> None:
        """One row of the run history; a store that cannot take it (a full disk) is left be, with one line."""
        if self.path is None:
            return
        details |= {
            "arguments": self.arguments,
            "duration": round(time.monotonic() - self.started, 3),
            "exit_status": exit_status,
        }
        try:
            with ArticleStore.open(self.path) as store:
                store.record_run(self.name, self.started_at, _now(), outcome, counts, details)
        except (StoreError, sqlite3.Error) as error:
            print(f"{self.name}: the run could not be recorded in {self.path}: {error}", file=sys.stderr)


def lock_store(path: Path | None, command: str, on_busy: Callable[[str], None] | None = None) -> RunLock | None:
    """Lock the store for the whole run and check that it is a newscrawl store; None when the store is off.

    A held lock exits with status 75 (after ``on_busy``), a store that is not ours with
    status 1, each with one line starting with ``command``.
    """
    if path is None:
        return None
    lock = RunLock(path)
    _hold(lock, command, on_busy)
    try:
        ArticleStore.open(path).close()
    except StoreError as error:
        lock.release()
        exit_with(command, f"error: {error}", EXIT_FAILED)
    _hold(lock, command, on_busy)  # the store exists now: its file is locked too (hard links)
    return lock


def _hold(lock: RunLock, command: str, on_busy: Callable[[str], None] | None) -> None:
    try:
        lock.acquire()
    except RunBusy as busy:
        if on_busy is not None:
            on_busy(str(busy))
        exit_with(command, str(busy), EXIT_BUSY)
    except OSError as error:  # e.g. a read-only project directory
        lock.release()
        exit_with(command, f"error: cannot lock the store: {error.strerror}: {error.filename!r}", EXIT_FAILED)


def run_and_summarize(process: CrawlerProcessBase, crawler: Crawler, history: RunHistory, **spider_kwargs: Any) -> int:
    """Run the crawl, print its summary line, record it in the run history; its exit status."""
    process.crawl(crawler, **spider_kwargs)
    process.start()
    if process.bootstrap_failed:
        history.record("failed", {}, EXIT_FAILED, failure="the crawler could not start")
        return EXIT_FAILED
    summary = summarize(
        history.name,
        crawler.stats.get_stats(),
        max_drop_share=crawler.settings.getfloat("NEWSCRAWL_MAX_DROP_SHARE"),
        store_enabled=history.path is not None,
        coverage=crawler.settings.getdict("NEWSCRAWL_FIELD_COVERAGE"),
        coverage_minimum=crawler.settings.getint("NEWSCRAWL_FIELD_COVERAGE_MIN_ARTICLES"),
    )
    print(summary.line(), file=sys.stderr)
    exit_status = EXIT_FAILED if summary.failed else 0
    counts = {**(summary.stored or {}), "dropped": summary.dropped, "listed": summary.listed, "known": summary.known}
    failure = "; ".join(summary.problems) or None
    history.record(summary.outcome, counts, exit_status, failure=failure, drops=summary.drops)
    return exit_status


def exit_with(command: str, message: str, code: int) -> NoReturn:
    print(f"{command}: {redact(message)}", file=sys.stderr)
    sys.exit(code)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _spider_loader(settings: BaseSettings) -> Any:
    """The project's spider loader, as every supported Scrapy version builds it."""
    return load_object(settings["SPIDER_LOADER_CLASS"]).from_settings(settings.frozencopy())
