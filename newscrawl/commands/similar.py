"""``scrapy similar``: stored articles that tell the same story, most similar first.

Portals syndicate a story (bola.com to liputan6.com, merdeka.com to its regional
editions), lightly edited.  This command pairs the stored articles whose texts share
most of their word sequences (:mod:`newscrawl.similar`); by default only pairs of
different portals, with ``--within-portals`` also a portal's own reposts.  The
fingerprints it computes are kept in the store, so a second run reads them.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand

from newscrawl import similar
from newscrawl.commands import CommandError, add_slice_options, slice_of
from newscrawl.runs import EXIT_USAGE
from newscrawl.store import ArticleStore, StoreError, store_path


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Pairs of stored articles that tell the same story (on different portals), most similar first"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_slice_options(parser)
        parser.add_argument(
            "--threshold",
            metavar="SHARE",
            default=str(similar.THRESHOLD),
            help=f"least share of shared 3-word sequences, 0-1 (default {similar.THRESHOLD})",
        )
        parser.add_argument(
            "--within-portals", action="store_true", help="also pairs of one portal (its reposts), not only across"
        )
        parser.add_argument("--json", action="store_true", help="JSON Lines, one pair a line, instead of a table")
        parser.add_argument("--store", metavar="PATH", help="the SQLite store (default: NEWSCRAWL_STORE_PATH)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            if args:
                raise CommandError(f"unexpected argument {args[0]!r}", EXIT_USAGE)
            pairs = find_pairs(opts, default_store=store_path(self.settings))
        except CommandError as error:
            print(f"scrapy similar: error: {error}", file=sys.stderr)
            self.exitcode = error.code
            return
        for pair in pairs:
            print(json.dumps(pair, ensure_ascii=False) if opts.json else _as_text(pair))
        print(f"scrapy similar: {len(pairs)} pairs", file=sys.stderr)


def find_pairs(opts: argparse.Namespace, default_store: Path | None) -> list[dict[str, Any]]:
    """The pairs the options ask for, each ``{"similarity", "first", "second"}`` (articles as search shows them)."""
    chosen = slice_of(opts)
    if chosen.portal and not opts.within_portals:
        message = "portal: the articles of one portal pair only with each other: add --within-portals"
        raise CommandError(message, EXIT_USAGE)
    threshold = _share(opts.threshold)
    path = Path(opts.store) if opts.store else default_store
    if path is None or not path.is_file():
        raise CommandError(f"no article store at {str(path)!r}")
    try:
        with ArticleStore.open(path) as store:
            fingerprints = list(store.fingerprints(**chosen.filters()))
            pairs = list(similar.near_duplicates(fingerprints, threshold, across_portals=not opts.within_portals))
            articles = store.summaries({key for pair in pairs for key in (pair.first, pair.second)})
    except StoreError as error:
        raise CommandError(str(error)) from None
    except sqlite3.OperationalError as error:  # a crawl holding the store longer than the busy timeout
        raise CommandError(f"cannot keep the fingerprints in {str(path)!r}: {error}; try again") from None
    return [
        {"similarity": round(pair.similarity, 3), "first": articles[pair.first], "second": articles[pair.second]}
        for pair in pairs
    ]


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 < share <= 1:
        raise CommandError(f"threshold: {text!r} is not a share between 0 and 1, e.g. 0.5", EXIT_USAGE)
    return share


def _as_text(pair: dict[str, Any]) -> str:
    lines = [f"{pair['similarity']:.2f}"]
    for article in (pair["first"], pair["second"]):
        where = f"{article['portal']}/{article['id']}"
        lines += [f"  {where:<18} {article['published_day']}  {article['title']}", f"  {article['url']}"]
    return "\n".join(lines)
