"""``scrapy browse``: the store in a web browser (Datasette), with newscrawl's metadata and chart."""

from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl import browse
from newscrawl.store import ArticleStore, StoreError, store_path

INSTALL_HINT = "install the browse extra: pip install -e '.[browse]'"


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Browse, search and chart the stored articles in a web browser (Datasette)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--store", metavar="PATH", help="the SQLite store (default: NEWSCRAWL_STORE_PATH)")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8001, help="port to listen on (default: 8001)")
        parser.add_argument(
            "--immutable",
            action="store_true",
            help="serve a store nothing writes to (a copy, a read-only file); writes nothing to it",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument {args[0]!r}")
        if importlib.util.find_spec("datasette") is None or importlib.util.find_spec("datasette_dashboards") is None:
            self._fail(f"Datasette is not installed: {INSTALL_HINT}")
            return
        path = Path(opts.store) if opts.store else store_path(self.settings)
        if path is None or not path.is_file():
            self._fail(f"no article store at {str(path)!r}; crawl first or give --store")
            return
        if opts.immutable:
            if not browse.has_view(path):
                print(
                    f"scrapy browse: {path} has no {browse.VIEW} view yet (run scrapy browse once without"
                    " --immutable on a writable copy); the article list with local days is missing",
                    file=sys.stderr,
                )
        else:
            try:
                with ArticleStore.open(path) as store:
                    browse.install_view(store.connection)
            except (StoreError, sqlite3.Error) as error:
                self._fail(f"{error} (a store you cannot write to can be served with --immutable)")
                return
        print(f"scrapy browse: serving {path} on http://{opts.host}:{opts.port}/ (Ctrl-C stops)", file=sys.stderr)
        browse.serve(path, opts.host, opts.port, opts.immutable)

    def _fail(self, message: str) -> None:
        print(f"scrapy browse: error: {message}", file=sys.stderr)
        self.exitcode = 1
