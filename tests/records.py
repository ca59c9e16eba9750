"""Helpers of the store tests: article records and ``scrapy export`` in this process.

The records are built from the expected records beside the fixture pages
(``tests/pages/liputan6/*.json``: what the pages state); a stored record also has
``body`` (the paragraphs joined), ``published_day`` (its Jakarta day) and ``crawled_at``.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.settings import Settings

from helpers import PAGES, expected_record
from newscrawl.commands import CommandError
from newscrawl.commands import export as export_command
from newscrawl.dates import local_day

PAGE_RECORDS = sorted(path.name for path in PAGES.glob("article-*.json"))
CRAWLED_AT = "2025-01-01T00:00:00+00:00"


def record(page: str, **changes: Any) -> dict[str, Any]:
    """The full record of a fixture page (a file name, with or without .json), with ``changes`` applied."""
    article = expected_record(page if page.endswith(".json") else f"{page}.json")
    article["body"] = "\n\n".join(p for part in article["subsections"] for p in part["paragraphs"])
    article["crawled_at"] = CRAWLED_AT
    article = {**article, **changes}
    article.setdefault("published_day", local_day(article["published_at"]))
    return article


def all_records() -> list[dict[str, Any]]:
    """Every fixture page's record."""
    return [record(page) for page in PAGE_RECORDS]


def export(*argv: str) -> tuple[int, str]:
    """``scrapy export ARGV`` in this process: its exit status and its summary or error line."""
    command = export_command.Command()
    command.settings = Settings()
    parser = argparse.ArgumentParser()
    command.add_options(parser)
    opts = parser.parse_args(argv)
    try:
        summary = export_command.export(opts, default_store=None)
    except CommandError as error:
        return error.code, str(error)
    return 0, summary
