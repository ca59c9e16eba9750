"""One CSV: ``scrapy crawl -O x.csv`` and ``scrapy export -o x.csv`` write the same bytes for the same records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import crawl_settings, run_scrapy
from localsite import LocalSite
from newscrawl.exporters import ArticleCsvItemExporter
from newscrawl.items import ARTICLE_FIELDS
from records import record

GLOBAL_PATH = "/global/read/4464894/update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta"


def test_crawl_and_export_write_the_same_csv(site: LocalSite, tmp_path: Path) -> None:
    url = site.add_fixture(GLOBAL_PATH, "article-mobile-global-4464894.html")
    store = tmp_path / "store.sqlite3"
    crawled = tmp_path / "crawled.csv"
    exported = tmp_path / "exported.csv"

    result = run_scrapy("crawl", "liputan6", "-a", f"urls={url}", "-O", str(crawled), *crawl_settings(store))
    assert result.returncode == 0, result.stderr
    result = run_scrapy("export", "--store", str(store), "-o", str(exported))
    assert result.returncode == 0, result.stderr

    assert crawled.read_bytes() == exported.read_bytes()
    (row,) = list(csv.DictReader(io.StringIO(crawled.read_text("utf-8"), newline="")))
    assert list(row) == list(ARTICLE_FIELDS)
    expected = record("article-mobile-global-4464894")
    for field in ("authors", "tags", "subsections", "images"):
        assert json.loads(row[field]) == expected[field]


def test_cells_are_json_for_lists_and_objects_and_empty_for_null() -> None:
    article = record("article-mobile-bisnis-4289456", authors=["Liputan6.com, Jakarta", "Nama Lain"], dateline=None)
    stream = io.BytesIO()
    exporter = ArticleCsvItemExporter(stream, fields_to_export=list(ARTICLE_FIELDS))
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.finish_exporting()
    (row,) = list(csv.DictReader(io.StringIO(stream.getvalue().decode("utf-8"), newline="")))
    # A name with a comma in it stays one name.
    assert json.loads(row["authors"]) == ["Liputan6.com, Jakarta", "Nama Lain"]
    assert json.loads(row["images"]) == article["images"]
    assert row["dateline"] == ""
    assert row["page_count"] == str(article["page_count"])


def test_an_empty_csv_still_has_its_header() -> None:
    stream = io.BytesIO()
    exporter = ArticleCsvItemExporter(stream, fields_to_export=list(ARTICLE_FIELDS))
    exporter.start_exporting()
    exporter.finish_exporting()
    assert stream.getvalue().decode("utf-8") == ",".join(ARTICLE_FIELDS) + "\r\n"
