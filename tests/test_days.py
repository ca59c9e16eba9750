"""Days in Jakarta time: the record's ``published_day``, in the store (migrated, indexed) and in export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.items import ARTICLE_FIELDS
from newscrawl.store import ArticleStore
from records import export, record

# README, "Storage for analysts": articles per Jakarta day.
PER_DAY = "SELECT published_day, count(*) FROM articles GROUP BY published_day ORDER BY published_day"


@pytest.fixture
def store(tmp_path: Path):
    opened = ArticleStore.open(tmp_path / "store.sqlite3")
    yield opened
    opened.close()


def test_an_article_of_ten_past_midnight_counts_on_its_jakarta_day(store: ArticleStore) -> None:
    store.save(record("article-mobile-global-4464894", id="1", published_at="2024-03-01T00:10:00+07:00"))
    store.save(record("article-mobile-global-4464894", id="2", published_at="2024-03-01T23:50:00+07:00"))
    # 00:30 WITA is 23:30 WIB: the day before, in Jakarta.
    store.save(record("article-mobile-global-4464894", id="3", published_at="2024-03-02T00:30:00+08:00"))
    store.commit()
    assert store.connection.execute(PER_DAY).fetchall() == [("2024-03-01", 3)]
    # What every tool gave before: the UTC day.
    utc_days = store.connection.execute(
        "SELECT date(published_utc), count(*) FROM articles GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert utc_days == [("2024-02-29", 1), ("2024-03-01", 2)]


def test_the_day_follows_an_update(store: ArticleStore) -> None:
    article = record("article-mobile-hot-5043288")
    store.save(article)
    moved = {"published_at": "2022-08-17T00:05:00+07:00", "published_day": "2022-08-17"}
    store.save({**article, **moved, "crawled_at": "2025-02-01T00:00:00+00:00"})
    store.commit()
    assert store.connection.execute("SELECT published_day FROM articles").fetchone() == ("2022-08-17",)
    assert store.connection.execute("SELECT published_day FROM article_versions").fetchone() == ("2022-08-16",)


def test_the_day_is_indexed(store: ArticleStore) -> None:
    plan = store.connection.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE published_day = '2024-03-01'"
    ).fetchall()
    assert "articles_day" in " ".join(str(step) for step in plan)


def test_export_emits_the_contract_with_the_jakarta_day(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with ArticleStore.open(path) as opened:
        opened.save(record("article-mobile-global-4464894", published_at="2021-01-24T00:10:00+07:00"))
    output = tmp_path / "today.jsonl"
    assert export("--store", str(path), "-o", str(output))[0] == 0
    exported = json.loads(output.read_text("utf-8"))
    assert list(exported) == list(ARTICLE_FIELDS)
    assert exported["published_day"] == "2021-01-24"
