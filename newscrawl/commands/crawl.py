"""``scrapy crawl``, made fit for cron.

On top of Scrapy's own command:

- spider arguments are checked before anything starts: a bad one prints one line
  naming it and exits with status 2 (Scrapy would fail inside the spider's
  constructor with a traceback);
- the article store is checked before the crawl (a foreign or newer database stops
  the run with one line) and locked for the whole run: a second run on the same
  store exits at once with status 75, touching nothing;
- the run ends with one summary line (new / updated / unchanged / dropped), recorded
  in the store; a failed run (see ``newscrawl.runs``) exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from newscrawl.arguments import ArgumentError
from newscrawl.runs import EXIT_BUSY, EXIT_FAILED, RunBusy, RunLock, summarize
from newscrawl.store import ArticleStore, StoreError, store_path


class Command(ScrapyCrawlCommand):
    """Runs before Scrapy's start-up log: checks, lock and store come first."""

    _lock: RunLock | None = None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1:
            raise UsageError("give one spider to run, e.g. scrapy crawl liputan6")
        self._check_arguments(args[0], opts)
        path = store_path(self.settings)
        if path is not None:
            self._lock = RunLock(path)
            self._hold(args[0], self._lock)
            try:
                ArticleStore.open(path).close()
            except StoreError as error:
                self._lock.release()
                self._exit(args[0], f"error: {error}", EXIT_FAILED)
            self._hold(args[0], self._lock)  # the store exists now: its file is locked too

    def _hold(self, spider: str, lock: RunLock) -> None:
        try:
            lock.acquire()
        except RunBusy as busy:
            self._exit(spider, str(busy), EXIT_BUSY)
        except OSError as error:  # e.g. a read-only project directory
            lock.release()
            self._exit(spider, f"error: cannot lock the store: {error.strerror}: {error.filename!r}", EXIT_FAILED)

    def _check_arguments(self, name: str, opts: argparse.Namespace) -> None:
        try:
            spider_class = get_spider_loader(self.settings).load(name)
        except KeyError:
            raise UsageError(f"Spider not found: {name}", print_help=False) from None
        check = getattr(spider_class, "parse_arguments", None)
        if check is None:
            return
        try:
            options = check(dict(opts.spargs))
            check_settings = getattr(spider_class, "check_settings", None)
            if check_settings is not None:
                check_settings(options, self.settings)
        except ArgumentError as error:
            self._exit(name, f"error: {error}", 2)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self._crawl(args[0], opts, store_path(self.settings))
        finally:
            if self._lock is not None:
                self._lock.release()

    def _crawl(self, name: str, opts: argparse.Namespace, path: Path | None) -> None:
        assert self.crawler_process is not None
        started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        crawler = self._create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            return
        summary = summarize(
            name,
            crawler.stats.get_stats(),
            max_drop_share=crawler.settings.getfloat("NEWSCRAWL_MAX_DROP_SHARE"),
            store_enabled=path is not None,
        )
        print(summary.line(), file=sys.stderr)
        if path is not None:
            store = ArticleStore.open(path)
            try:
                finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
                counts = {**(summary.stored or {}), "dropped": summary.dropped}
                store.record_run(name, started_at, finished_at, summary.outcome, counts)
            finally:
                store.close()
        if summary.failed:
            self.exitcode = EXIT_FAILED

    @staticmethod
    def _exit(spider: str, message: str, code: int) -> None:
        print(f"scrapy crawl {spider}: {message}", file=sys.stderr)
        sys.exit(code)
