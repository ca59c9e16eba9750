"""The store's run history (issue 12 §5): every run, also the refused ones, with what cron needs to know."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from helpers import crawl_settings, run_scrapy
from localsite import LocalSite, Page
from mirror import Mirror, default_articles
from newscrawl.runs import RunLock
from newscrawl.store import MIGRATIONS, ArticleStore, _statements


@pytest.fixture
def mirror(site: LocalSite) -> Mirror:
    mirror = Mirror(site, default_articles())
    mirror.publish()
    return mirror


def crawl(tmp_path: Path, *arguments: str) -> str:
    result = run_scrapy(
        "crawl",
        "liputan6",
        *(part for argument in arguments for part in ("-a", argument)),
        *crawl_settings(tmp_path / "store.sqlite3"),
    )
    return result.stderr


def runs(tmp_path: Path) -> list[dict]:
    with sqlite3.connect(tmp_path / "store.sqlite3") as database:
        database.row_factory = sqlite3.Row
        return [dict(row) for row in database.execute("SELECT * FROM runs ORDER BY rowid")]


def test_a_run_records_its_arguments_duration_drops_and_listings(mirror: Mirror, tmp_path: Path) -> None:
    mirror.site.add("/news/read/5500005/berita-news-nomor-5500005", Page(b"gone", status=404))
    crawl(tmp_path, f"base_url={mirror.site.root}", "channels=news")
    crawl(tmp_path, f"base_url={mirror.site.root}", "channels=news")

    first, second = runs(tmp_path)
    assert first["outcome"] == "ok" and first["exit_status"] == 0 and first["failure"] is None
    assert json.loads(first["arguments"]) == {"base_url": mirror.site.root, "channels": "news"}
    assert first["duration"] > 0
    assert (first["new"], first["dropped"], first["known"]) == (4, 1, 0)
    assert first["listed"] >= 5  # links as listed, page by page (the mirror repeats its first page past the last)
    assert json.loads(first["drops"]) == {"http_404": 1}
    # The second run finds the four stored articles known; the dropped one is asked again.
    assert (second["new"], second["known"]) == (0, 4)


def test_a_failed_run_records_why(site: LocalSite, tmp_path: Path) -> None:
    ArticleStore.open(tmp_path / "store.sqlite3").close()
    crawl(tmp_path, f"base_url={site.root}", "channels=news,bisnis", "since=2024-03-01", "until=2024-03-01")
    (run,) = runs(tmp_path)
    assert run["outcome"] == "failed" and run["exit_status"] == 1
    assert run["failure"] == "no listing could be read: 2 of 2 failed, http_404"


def test_a_run_refused_by_the_lock_is_recorded(mirror: Mirror, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    ArticleStore.open(store).close()
    with RunLock(store):
        stderr = crawl(tmp_path, f"base_url={mirror.site.root}")
    assert "another crawl is using" in stderr
    (run,) = runs(tmp_path)
    assert (run["outcome"], run["exit_status"]) == ("busy", 75)
    assert run["failure"].startswith("another crawl is using")
    assert mirror.site.requests == []


def test_a_run_refused_for_a_bad_argument_is_recorded_without_credentials(tmp_path: Path) -> None:
    ArticleStore.open(tmp_path / "store.sqlite3").close()
    stderr = crawl(tmp_path, "urls=http://budi:rahasia@127.0.0.1:9/news/read/1/x", "max_articles=0")
    assert stderr.strip().splitlines() == [
        "scrapy crawl liputan6: error: max_articles: '0' is not a positive whole number"
    ]
    (run,) = runs(tmp_path)
    assert (run["outcome"], run["exit_status"]) == ("bad_argument", 2)
    assert run["failure"] == "max_articles: '0' is not a positive whole number"
    assert json.loads(run["arguments"]) == {"urls": "http://***@127.0.0.1:9/news/read/1/x", "max_articles": "0"}


def test_a_bad_argument_never_creates_a_store(tmp_path: Path) -> None:
    crawl(tmp_path, "max_articles=0")
    assert not (tmp_path / "store.sqlite3").exists()


def test_a_store_from_before_the_run_history_keeps_its_runs(tmp_path: Path) -> None:
    before_run_history = 4  # migration 5 adds the history's columns
    path = tmp_path / "store.sqlite3"
    database = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:before_run_history]:
        for statement in _statements(step):
            database.execute(statement)
    database.execute("PRAGMA application_id = 0x6E637277")
    database.execute(f"PRAGMA user_version = {before_run_history}")
    database.execute("INSERT INTO runs VALUES ('2024-03-01T00:00:00+00:00', NULL, 'liputan6', 'ok', 1, 2, 3, 4)")
    database.close()

    with ArticleStore.open(path) as store:
        store.record_run("liputan6", "2024-03-02T00:00:00+00:00", "2024-03-02T00:01:00+00:00", "ok", {"known": 7})

    old, new = runs(tmp_path)
    assert (old["new"], old["dropped"], old["known"], old["arguments"]) == (1, 4, None, None)
    assert new["known"] == 7
