"""``scrapy reextract``: the current extraction over the kept article pages, into the store, without fetching.

It runs like ``scrapy crawl`` (:mod:`newscrawl.commands.crawl`): options checked first
(a bad one is one line and exit status 2), the store locked for the whole run (exit
status 75 when another run holds it), one summary line at the end, recorded in the
store's ``runs`` table, and exit status 1 for a failed run.  What it does is
:mod:`newscrawl.reextract`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import feed_process_params_from_cli

from newscrawl.archive import archive_dir
from newscrawl.arguments import ArgumentError, time_window
from newscrawl.commands.crawl import RunHistory, exit_with, lock_store, run_and_summarize
from newscrawl.reextract import ReextractSpider, portal_spiders
from newscrawl.runs import EXIT_FAILED, RunLock
from newscrawl.store import store_path

COMMAND = "scrapy reextract"


class Command(ScrapyCommand):
    requires_project = True
    _lock: RunLock | None = None

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Re-extract the kept article pages (the WARC archive) into the store, without fetching"

    def long_desc(self) -> str:
        return (
            "Runs the current extraction over the article pages the crawls kept in the archive "
            "(NEWSCRAWL_ARCHIVE_DIR) and updates the store through the crawl's pipelines: an article whose "
            "content changed gets a new version, as in a crawl. Only the latest kept page of each article is read. "
            "Ends like scrapy crawl: one summary line, exit status 0, 1 (failed), 2 (bad option) or 75 (the store "
            "is in use)."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--since", metavar="DATE", help="articles published on or after this day (YYYY-MM-DD, Asia/Jakarta) or time"
        )
        parser.add_argument(
            "--until", metavar="DATE", help="articles published up to the end of this day (or before this time)"
        )
        parser.add_argument("--portal", metavar="NAME", help="only this portal's pages, e.g. liputan6 (default: all)")
        parser.add_argument(
            "--archive",
            metavar="DIR",
            help="a directory of WARC files (subdirectories too) or one WARC file; by default NEWSCRAWL_ARCHIVE_DIR",
        )
        parser.add_argument("--store", metavar="PATH", help="the store to update (default: NEWSCRAWL_STORE_PATH)")
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            action="append",
            help="also append the articles that changed (new or updated) to FILE, as scrapy crawl -o",
        )
        parser.add_argument(
            "-O", "--overwrite-output", metavar="FILE", action="append", help="the same, overwriting FILE"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if args:
            raise UsageError(f"unexpected argument {args[0]!r}")
        try:
            opts.since, opts.until = time_window(opts.since, opts.until)
        except ArgumentError as error:
            exit_with(COMMAND, f"error: {error}", 2)
        known = sorted(portal_spiders(self.settings))
        if opts.portal is not None and opts.portal not in known:
            exit_with(COMMAND, f"error: portal: unknown {opts.portal!r}; known: {', '.join(known)}", 2)
        opts.archive = Path(opts.archive).resolve() if opts.archive else archive_dir(self.settings)
        if not opts.archive.exists():
            exit_with(
                COMMAND, f"error: no archive at {str(opts.archive)!r}: crawl first, or give --archive", EXIT_FAILED
            )
        if opts.store:
            self.settings.set("NEWSCRAWL_STORE_ENABLED", True, priority="cmdline")
            self.settings.set("NEWSCRAWL_STORE_PATH", str(Path(opts.store).resolve()), priority="cmdline")
        if opts.output or opts.overwrite_output:
            feeds = feed_process_params_from_cli(self.settings, opts.output, overwrite_output=opts.overwrite_output)
            self.settings.set("FEEDS", feeds, priority="cmdline")
        self._lock = lock_store(store_path(self.settings), COMMAND)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        try:
            crawler = self.crawler_process.create_crawler(ReextractSpider)
            history = RunHistory("reextract", store_path(self.settings), _options(opts))
            self.exitcode = run_and_summarize(
                self.crawler_process,
                crawler,
                history,
                archive=opts.archive,
                since=opts.since,
                until=opts.until,
                portals=[opts.portal] if opts.portal else None,
            )
        finally:
            if self._lock is not None:
                self._lock.release()


def _options(opts: argparse.Namespace) -> dict[str, str]:
    """The options the run history records (what was asked, not how)."""
    names = ("since", "until", "portal", "archive")
    return {name: str(getattr(opts, name)) for name in names if getattr(opts, name, None) is not None}
