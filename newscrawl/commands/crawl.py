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

``scrapy reextract`` runs the same way: :func:`lock_store` and :func:`run_and_summarize`
are shared.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from newscrawl.arguments import ArgumentError, CrawlArguments
from newscrawl.portals import PORTALS
from newscrawl.runs import EXIT_BUSY, EXIT_FAILED, RunBusy, RunLock, summarize
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
        self._check_arguments(args[0], opts)
        self._lock = lock_store(store_path(self.settings), f"scrapy crawl {args[0]}")

    def _check_arguments(self, name: str, opts: argparse.Namespace) -> None:
        try:
            spider_class = get_spider_loader(self.settings).load(name)
        except KeyError:
            raise UsageError(f"Spider not found: {name}", print_help=False) from None
        check = getattr(spider_class, "check_arguments", None)
        if check is None:
            return
        try:
            check(dict(opts.spargs), self.settings)
        except ArgumentError as error:
            exit_with(f"scrapy crawl {name}", f"error: {error}", 2)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        try:
            crawler = self._create_crawler(args[0])
            self.exitcode = run_and_summarize(
                self.crawler_process, crawler, args[0], store_path(self.settings), **opts.spargs
            )
        finally:
            if self._lock is not None:
                self._lock.release()


def lock_store(path: Path | None, command: str) -> RunLock | None:
    """Lock the store for the whole run and check that it is a newscrawl store; None when the store is off.

    A held lock exits with status 75, a store that is not ours with status 1, each
    with one line starting with ``command``.
    """
    if path is None:
        return None
    lock = RunLock(path)
    _hold(lock, command)
    try:
        ArticleStore.open(path).close()
    except StoreError as error:
        lock.release()
        exit_with(command, f"error: {error}", EXIT_FAILED)
    _hold(lock, command)  # the store exists now: its file is locked too (hard links)
    return lock


def _hold(lock: RunLock, command: str) -> None:
    try:
        lock.acquire()
    except RunBusy as busy:
        exit_with(command, str(busy), EXIT_BUSY)
    except OSError as error:  # e.g. a read-only project directory
        lock.release()
        exit_with(command, f"error: cannot lock the store: {error.strerror}: {error.filename!r}", EXIT_FAILED)


def run_and_summarize(
    process: CrawlerProcessBase, crawler: Crawler, name: str, path: Path | None, **spider_kwargs: Any
) -> int:
    """Run the crawl, print its summary line (``name: ...``), record it in the store; its exit status."""
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    process.crawl(crawler, **spider_kwargs)
    process.start()
    if process.bootstrap_failed:
        return EXIT_FAILED
    summary = summarize(
        name,
        crawler.stats.get_stats(),
        max_drop_share=crawler.settings.getfloat("NEWSCRAWL_MAX_DROP_SHARE"),
        store_enabled=path is not None,
        coverage=crawler.settings.getdict("NEWSCRAWL_FIELD_COVERAGE"),
        coverage_minimum=crawler.settings.getint("NEWSCRAWL_FIELD_COVERAGE_MIN_ARTICLES"),
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
    return EXIT_FAILED if summary.failed else 0


def exit_with(command: str, message: str, code: int) -> NoReturn:
    print(f"{command}: {message}", file=sys.stderr)
    sys.exit(code)
