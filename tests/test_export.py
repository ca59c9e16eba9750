"""``scrapy export``: the store, or a slice of it, as JSON Lines or CSV, streaming."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from helpers import extract, page_response, run_scrapy
from newscrawl.commands.export import _export_records
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.store import ArticleStore

FIXTURES = [
    "article-mobile-global-4464894.html",  # Global, 2021-01-23
    "article-mobile-bisnis-4289456.html",  # Bisnis, 2020-06-26
    "article-mobile-hot-5043288.html",  # Hot, 2022-08-16
    "article-desktop-2015-news-2254252.html",  # News, 2015-06-18
    "article-desktop-2016-tekno-2436773.html",  # Tekno, 2016-02-16
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store.sqlite3"
    with ArticleStore.open(path) as store:
        for name in FIXTURES:
            store.save(dict(extract(page_response(name))))
    return path


def export(store_path: Path, *options: str):
    return run_scrapy("export", "--store", str(store_path), *options)


def test_export_everything_as_json_lines_in_publication_order(store_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "all.jsonl"
    result = export(store_path, "-o", str(output))
    assert result.returncode == 0, result.stderr
    articles = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert [a["id"] for a in articles] == ["2254252", "2436773", "4289456", "4464894", "5043288"]
    assert all(list(a) == list(ARTICLE_FIELDS) for a in articles)
    assert articles[3]["subsections"][1]["title"] == "Kabar WNA"
    assert result.stderr.strip().endswith(f"5 articles written to {output}")


def test_export_a_date_and_channel_slice(store_path: Path) -> None:
    result = export(store_path, "--since", "2020-01-01", "--until", "2021-12-31", "--channel", "global,Bisnis")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["4289456", "4464894"]


def test_until_a_date_includes_that_whole_day(store_path: Path) -> None:
    # Article 5043288 was published 2022-08-16 09:20 WIB.
    result = export(store_path, "--since", "2022-08-16", "--until", "2022-08-16")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["5043288"]


def test_export_csv(store_path: Path, tmp_path: Path) -> None:
    output = tmp_path / "slice.csv"
    result = export(store_path, "--channel", "Tekno", "-o", str(output))
    assert result.returncode == 0, result.stderr
    (row,) = list(csv.DictReader(output.open(encoding="utf-8", newline="")))
    assert list(row) == list(ARTICLE_FIELDS)
    assert row["id"] == "2436773"
    assert json.loads(row["tags"]) == ["Media Visit", "Hutchison 3 Indonesia"]
    assert json.loads(row["subsections"])[0]["paragraphs"][-1] == "(Cas/Isk)"
    assert row["modified_at_raw"] == ""


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    missing = export(tmp_path / "none.sqlite3")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        f"scrapy export: error: no article store at '{tmp_path / 'none.sqlite3'}'; crawl first or give --store"
    ]
    bad_date = export(tmp_path / "none.sqlite3", "--since", "kemarin")
    assert bad_date.returncode == 2
    assert bad_date.stderr.strip().splitlines() == [
        "scrapy export: error: since: 'kemarin' is not a date (YYYY-MM-DD) or an ISO time"
    ]


def test_export_streams_in_constant_memory(tmp_path: Path) -> None:
    """Exporting 30 MB of articles never holds more than a few of them in memory."""
    article = dict(extract(page_response("article-mobile-global-4464894.html")))
    paragraph = "Kalimat berita yang cukup panjang untuk mengisi artikel. " * 180  # ~10 kB
    with ArticleStore.open(tmp_path / "big.sqlite3") as store:
        for number in range(3000):
            store.save(
                {
                    **article,
                    "id": str(number),
                    "body": paragraph,
                    "subsections": [{"title": None, "paragraphs": [paragraph]}],
                }
            )
    with ArticleStore.open(tmp_path / "big.sqlite3") as store:
        sink = _CountingSink()
        tracemalloc.start()
        count = _export_records(store.articles(), sink, "jsonl", ARTICLE_FIELDS)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert count == 3000
    assert sink.written > 60_000_000  # body and subsections: two copies of 10 kB per article
    assert peak < 5_000_000


class _CountingSink(io.RawIOBase):
    """A file that only counts what is written to it."""

    def __init__(self) -> None:
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        self.written += len(data)
        return len(data)
