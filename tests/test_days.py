"""Days in Jakarta time: the store's ``published_day``, and export once the contract lists it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl import store as store_module
from newscrawl.commands import export as export_command
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
    store.save({**article, "published_at": "2022-08-17T00:05:00+07:00", "crawled_at": "2025-02-01T00:00:00+00:00"})
    store.commit()
    assert store.connection.execute("SELECT published_day FROM articles").fetchone() == ("2022-08-17",)
    assert store.connection.execute("SELECT published_day FROM article_versions").fetchone() == ("2022-08-16",)


def test_the_day_is_indexed(store: ArticleStore) -> None:
    plan = store.connection.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE published_day = '2024-03-01'"
    ).fetchall()
    assert "articles_day" in " ".join(str(step) for step in plan)


def test_export_emits_exactly_the_contract_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.sqlite3"
    with ArticleStore.open(path) as opened:
        opened.save(record("article-mobile-global-4464894", published_at="2021-01-24T00:10:00+07:00"))
    output = tmp_path / "today.jsonl"
    assert export("--store", str(path), "-o", str(output))[0] == 0
    assert list(json.loads(output.read_text("utf-8"))) == list(ARTICLE_FIELDS)

    # Once the contract lists published_day, export emits it from the store's column.
    at = ARTICLE_FIELDS.index("published_at") + 1
    contract = ARTICLE_FIELDS[:at] + ("published_day",) + ARTICLE_FIELDS[at:]
    monkeypatch.setattr(store_module, "ARTICLE_FIELDS", contract)
    monkeypatch.setattr(export_command, "ARTICLE_FIELDS", contract)
    assert export("--store", str(path), "-o", str(output))[0] == 0
    exported = json.loads(output.read_text("utf-8"))
    assert list(exported) == list(contract)
    assert exported["published_day"] == "2021-01-24"
