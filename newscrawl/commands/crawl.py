"""``scrapy crawl``, made fit for cron.

On top of Scrapy's own command:

- spider arguments are checked before anything starts: a bad one prints one line
  naming it and exits with status 2 (Scrapy would fail inside the spider's
  constructor with a traceback);
- the article store is checked before the crawl (a foreign or newer database stops
  the run with one line) and locked for the whole run: a second run on the same
  store exits at once with status 75, touching nothing;
- the run ends with one summary line (new / updated / unchanged / known / dropped); a
  failed run (see ``newscrawl.runs``) exits with status 1;
- every run is recorded in the store's ``runs`` table, also one refused by the lock or
  by a bad argument (when the store exists already).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from newscrawl.arguments import ArgumentError
from newscrawl.logs import redact
from newscrawl.runs import EXIT_BUSY, EXIT_FAILED, EXIT_USAGE, RunBusy, RunLock, summarize
from newscrawl.store import ArticleStore, StoreError, store_path


class Command(ScrapyCrawlCommand):
    """Runs before Scrapy's start-up log: checks, lock and store come first."""

    _lock: RunLock | None = None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1:
            raise UsageError("give one spider to run, e.g. scrapy crawl liputan6")
        self._started = time.monotonic()
        self._started_at = _now()
        self._check_arguments(args[0], opts)
        path = store_path(self.settings)
        if path is not None:
            self._lock = RunLock(path)
            try:
                self._lock.acquire()
            except RunBusy as busy:
                self._refuse(args[0], opts, "busy", str(busy), EXIT_BUSY)
            try:
                ArticleStore.open(path).close()
            except StoreError as error:
                self._lock.release()
                self._exit(args[0], f"error: {error}", EXIT_FAILED)

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
            self._refuse(name, opts, "bad_argument", f"error: {error}", EXIT_USAGE)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self._crawl(args[0], opts, store_path(self.settings))
        finally:
            if self._lock is not None:
                self._lock.release()

    def _crawl(self, name: str, opts: argparse.Namespace, path: Path | None) -> None:
        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            self._record(name, opts, "failed", {}, failure="the crawler could not start")
            return
        summary = summarize(
            name,
            crawler.stats.get_stats(),
            max_drop_share=crawler.settings.getfloat("NEWSCRAWL_MAX_DROP_SHARE"),
            store_enabled=path is not None,
        )
        print(summary.line(), file=sys.stderr)
        if summary.failed:
            self.exitcode = EXIT_FAILED
        counts = {
            **(summary.stored or {}),
            "dropped": summary.dropped,
            "listed": summary.listed,
            "known": summary.known,
        }
        failure = "; ".join(summary.problems) or None
        self._record(name, opts, summary.outcome, counts, failure=failure, drops=summary.drops)

    def _refuse(self, name: str, opts: argparse.Namespace, outcome: str, message: str, code: int) -> None:
        """Stop before crawling, recording the refusal in the run history of a store that exists already."""
        self.exitcode = code
        path = store_path(self.settings)
        if path is not None and path.exists():
            self._record(name, opts, outcome, {}, failure=message.removeprefix("error: "))
        self._exit(name, message, code)

    def _record(
        self, name: str, opts: argparse.Namespace, outcome: str, counts: dict[str, int], **details: Any
    ) -> None:
        """One row of the store's run history; a store that cannot take it (a full disk) is left be."""
        path = store_path(self.settings)
        if path is None:
            return
        details |= {
            "arguments": {key: redact(str(value)) for key, value in dict(opts.spargs).items()},
            "duration": round(time.monotonic() - self._started, 3),
            "exit_status": self.exitcode,
        }
        try:
            with ArticleStore.open(path) as store:
                store.record_run(name, self._started_at, _now(), outcome, counts, details)
        except (StoreError, sqlite3.Error) as error:
            print(f"scrapy crawl {name}: the run could not be recorded in {path}: {error}", file=sys.stderr)

    @staticmethod
    def _exit(spider: str, message: str, code: int) -> None:
        print(f"scrapy crawl {spider}: {redact(message)}", file=sys.stderr)
        sys.exit(code)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _spider_loader(settings: BaseSettings) -> Any:
    """The project's spider loader, as every Scrapy version since 2.13 builds it."""
    return load_object(settings["SPIDER_LOADER_CLASS"]).from_settings(settings.frozencopy())
