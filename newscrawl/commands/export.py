"""``scrapy export``: the store, or a date/channel slice of it, as JSON Lines or CSV.

Rows stream from SQLite to the file one at a time, so a store of a million
articles exports in constant memory.  The file is written under a temporary name
and renamed when complete: an interrupted export leaves no half file behind.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.arguments import ArgumentError, time_window
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.store import ArticleStore, StoreError, store_path

FORMATS = ("jsonl", "csv")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Export stored articles to JSON Lines or CSV"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", default="-", help="file to write, - for stdout (default)")
        parser.add_argument("--format", choices=FORMATS, help="jsonl or csv (default: from the file name, else jsonl)")
        parser.add_argument("--since", metavar="DATE", help="published on or after (YYYY-MM-DD or ISO time)")
        parser.add_argument(
            "--until", metavar="DATE", help="published before the end of this day (or before this time)"
        )
        parser.add_argument("--channel", metavar="NAMES", help="comma-separated channels, e.g. Bisnis,Global")
        parser.add_argument("--portal", metavar="NAME", help="only this portal, e.g. liputan6")
        parser.add_argument("--store", metavar="PATH", help="the SQLite store (default: NEWSCRAWL_STORE_PATH)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument {args[0]!r}")
        output_format = opts.format or ("csv" if opts.output.lower().endswith(".csv") else "jsonl")
        try:
            since, until = time_window(opts.since, opts.until)
        except ArgumentError as error:
            self._fail(str(error), 2)
            return
        path = Path(opts.store) if opts.store else store_path(self.settings)
        if path is None or not path.exists():
            self._fail(f"no article store at {str(path)!r}; crawl first or give --store", 1)
            return
        try:
            store = ArticleStore.open(path)
        except StoreError as error:
            self._fail(str(error), 1)
            return
        channels = [name.strip() for name in (opts.channel or "").split(",") if name.strip()]
        try:
            articles = store.articles(since=since, until=until, channels=channels, portal=opts.portal)
            count = _write(articles, opts.output, output_format)
        finally:
            store.close()
        print(f"scrapy export: {count} articles written to {opts.output}", file=sys.stderr)

    def _fail(self, message: str, code: int) -> None:
        print(f"scrapy export: error: {message}", file=sys.stderr)
        self.exitcode = code


def _write(articles: Iterable[dict[str, Any]], output: str, output_format: str) -> int:
    if output == "-":
        return _write_to(articles, sys.stdout, output_format)
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            count = _write_to(articles, stream, output_format)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write_to(articles: Iterable[dict[str, Any]], stream: IO[str], output_format: str) -> int:
    count = 0
    if output_format == "csv":
        writer = csv.DictWriter(stream, fieldnames=ARTICLE_FIELDS)
        writer.writeheader()
        for article in articles:
            # Lists and subsections go into one cell each, as JSON.
            writer.writerow(
                {
                    key: json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
                    for key, value in article.items()
                }
            )
            count += 1
    else:
        for article in articles:
            stream.write(json.dumps(article, ensure_ascii=False) + "\n")
            count += 1
    return count
