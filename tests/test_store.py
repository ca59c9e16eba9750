"""The SQLite store: rows, versions, full-text search, crash safety, schema versions."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PAGES_ROOT, crawl_settings, extract, page_response, run_scrapy
from newscrawl.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, ArticleStore, StoreError

FIXTURES = [
    "article-mobile-global-4464894.html",
    "article-mobile-bisnis-4289456.html",
    "article-mobile-hot-5043288.html",
    "article-desktop-2015-news-2254252.html",
    "article-desktop-2016-tekno-2436773.html",
]
MERDEKA_PAGE = PAGES_ROOT / "merdeka" / "article-mobile-2020-peristiwa-1205928.html"


@pytest.fixture(scope="module")
def articles() -> dict[str, dict]:
    """The real fixture pages as the crawler emits them, by id."""
    items = [dict(extract(page_response(name))) for name in FIXTURES]
    return {item["id"]: item for item in items}


@pytest.fixture
def store(tmp_path: Path):
    opened = ArticleStore.open(tmp_path / "store.sqlite3")
    yield opened
    opened.close()


def test_one_row_per_article_with_every_field(store: ArticleStore, articles: dict[str, dict]) -> None:
    for article in articles.values():
        assert store.save(article) == "new"
    store.commit()
    stored = {article["id"]: article for article in store.articles()}
    for article_id, article in articles.items():
        assert stored[article_id] == article
    (count,) = store.connection.execute("SELECT COUNT(*) FROM articles").fetchone()
    assert count == 5


def test_seen_again_unchanged_only_moves_last_seen(store: ArticleStore, articles: dict[str, dict]) -> None:
    article = articles["4464894"]
    store.save(article)
    again = {**article, "crawled_at": "2030-01-01T00:00:00+00:00"}
    assert store.save(again) == "unchanged"
    row = store.connection.execute("SELECT first_seen, last_seen FROM articles WHERE id = '4464894'").fetchone()
    assert row == (article["crawled_at"], "2030-01-01T00:00:00+00:00")
    assert store.connection.execute("SELECT COUNT(*) FROM article_versions").fetchone() == (0,)


def test_a_changed_article_replaces_its_row_and_keeps_the_old_version(
    store: ArticleStore, articles: dict[str, dict]
) -> None:
    first = articles["4289456"]
    store.save(first)
    second = {
        **first,
        "modified_at": "2020-06-27T08:00:00+07:00",
        "title": "Pengelola Mal Bentuk Gugus Tugas COVID-19",
        "crawled_at": "2030-01-01T00:00:00+00:00",
    }
    third = {**second, "modified_at": "2020-06-28T08:00:00+07:00", "crawled_at": "2030-01-02T00:00:00+00:00"}
    assert store.save(second) == "updated"
    assert store.save(third) == "updated"
    (current,) = list(store.articles())
    assert current["title"] == "Pengelola Mal Bentuk Gugus Tugas COVID-19"
    assert current["modified_at"] == "2020-06-28T08:00:00+07:00"
    versions = store.connection.execute(
        "SELECT version, title, modified_at, first_seen, superseded_at FROM article_versions ORDER BY version"
    ).fetchall()
    assert versions == [
        (1, first["title"], first["modified_at"], first["crawled_at"], "2030-01-01T00:00:00+00:00"),
        (2, second["title"], second["modified_at"], first["crawled_at"], "2030-01-02T00:00:00+00:00"),
    ]
    assert store.connection.execute("SELECT first_seen FROM articles").fetchone() == (first["crawled_at"],)


def test_full_text_search(store: ArticleStore, articles: dict[str, dict]) -> None:
    for article in articles.values():
        store.save(article)
    pele = {
        **articles["4464894"],
        "id": "1",
        "title": "Pelé dan Kafé di São Paulo",
        "description": None,
        "subsections": [{"title": None, "paragraphs": ["Cerita tentang café di São Paulo."]}],
        "body": "Cerita tentang café di São Paulo.",
    }
    store.save(pele)
    store.commit()

    def search(query: str) -> list[str]:
        rows = store.connection.execute(
            "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank",
            (query,),
        )
        return [row[0] for row in rows]

    assert search("Monardo") == ["4464894"]  # a word of the body
    assert search("gugus tugas") == ["4289456"]  # title and description
    assert search("jimat") == ["5043288"]
    assert search("Pele") == search("Pelé") == ["1"]  # diacritics-insensitive
    assert search("sao paulo cafe") == ["1"]
    assert search("blusukan") == ["2254252"]
    assert search("perbelanja*") == ["4289456"]  # prefix queries
    # The documented form works on the index table alone.
    assert store.connection.execute("SELECT title FROM articles_fts WHERE articles_fts MATCH 'Evan'").fetchall() == [
        ("Istri Evan Marvino Temukan Paket Misterius Kertas Bertuliskan Arab, Bikin Resah",)
    ]


def test_the_index_follows_updates(store: ArticleStore, articles: dict[str, dict]) -> None:
    article = articles["2436773"]
    store.save(article)
    store.save({**article, "title": "Tri Luncurkan Jaringan 5G", "modified_at": "2016-02-17T10:00:00+07:00"})
    store.commit()
    assert store.connection.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH '5G'").fetchone() == (
        1,
    )
    assert store.connection.execute(
        "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'Dorong'"
    ).fetchone() == (0,)
    assert (
        store.connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')").fetchall() == []
    )


WRITER = """
import json, sys
from newscrawl.store import ArticleStore
article = json.loads(sys.stdin.readline())
store = ArticleStore.open(sys.argv[1])
for number in range(1, 1_000_000):
    store.save({**article, "id": str(number)})
    if number % 50 == 0:
        store.commit()
        print(number, flush=True)
"""


def test_a_process_killed_in_the_middle_of_a_batch_leaves_exactly_the_committed_rows(
    tmp_path: Path, articles: dict[str, dict]
) -> None:
    path = tmp_path / "store.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    writer.stdin.write(json.dumps(articles["4464894"]) + "\n")
    writer.stdin.flush()
    committed = 0
    while committed < 300:
        committed = int(writer.stdout.readline())
    # The writer is now inside its next batch of 50.
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)

    database = sqlite3.connect(path)
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (count,) = database.execute("SELECT COUNT(*) FROM articles").fetchone()
    assert count % 50 == 0 and count >= 300
    # Every committed row is whole: its JSON columns parse and its text is indexed.
    for subsections, images in database.execute("SELECT subsections, images FROM articles"):
        assert json.loads(subsections)[0]["paragraphs"] and json.loads(images)
    (indexed,) = database.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'Monardo'").fetchone()
    assert indexed == count
    database.close()


def test_known_answers_by_id_and_by_url(store: ArticleStore, articles: dict[str, dict]) -> None:
    """merdeka's text article URLs carry no id: discovery asks the store by URL."""
    merdeka = dict(extract(page_response(MERDEKA_PAGE), portal="merdeka"))
    store.save(merdeka)
    store.save(articles["4464894"])
    url = "https://www.merdeka.com/peristiwa/arahan-menpora-untuk-8-paskibraka.html"
    known = store.known("merdeka", [url, "1205928", "https://www.merdeka.com/peristiwa/lain.html"])
    assert set(known) == {url, "1205928"}
    assert known[url] == known["1205928"]
    assert known[url].url == url and known[url].published_at == "2020-08-06T08:21:34+07:00"
    # Keys are looked up within one portal.
    assert set(store.known("liputan6", [url, "4464894"])) == {"4464894"}
    assert store.known("merdeka", ["4464894"]) == {}


def version_one_store(path: Path) -> Path:
    """A store as the first schema version wrote it, before the full-text index."""
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    return path


def test_an_older_database_is_migrated(tmp_path: Path, articles: dict[str, dict]) -> None:
    path = version_one_store(tmp_path / "old.sqlite3")
    with ArticleStore.open(path) as store:
        store.save(articles["5043288"])
    with ArticleStore.open(path) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert [a["id"] for a in store.articles()] == ["5043288"]
        assert store.connection.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'jimat'"
        ).fetchone() == (1,)
        assert store.connection.execute("SELECT COUNT(*) FROM runs").fetchone() == (0,)
        assert store.connection.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'articles_url'"
        ).fetchone() == (1,)


def test_rows_written_before_the_index_existed_are_indexed_by_the_migration(
    tmp_path: Path, articles: dict[str, dict]
) -> None:
    path = version_one_store(tmp_path / "old.sqlite3")
    # Fill the version-1 table through a current store's row format, then wind the version back.
    old = sqlite3.connect(path)
    columns = [row[1] for row in old.execute("PRAGMA table_info(articles)")]
    with ArticleStore.open(tmp_path / "donor.sqlite3") as donor:
        donor.save(articles["2254252"])
        donor.commit()
        row = donor.connection.execute(f"SELECT {', '.join(columns)} FROM articles").fetchone()
    old.execute(f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", row)
    old.commit()
    old.close()
    with ArticleStore.open(path) as store:
        assert store.connection.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'blusukan'"
        ).fetchone() == (1,)


def test_a_foreign_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "analysis.sqlite3"
    foreign = sqlite3.connect(path)
    foreign.execute("CREATE TABLE notes (text TEXT)")
    foreign.execute("INSERT INTO notes VALUES ('penting')")
    foreign.commit()
    foreign.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="is not a newscrawl database; refusing to touch it"):
        ArticleStore.open(path)
    assert path.read_bytes() == before


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    with ArticleStore.open(path):
        pass
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()
    with pytest.raises(StoreError, match=f"has schema version {SCHEMA_VERSION + 1}, newer than this newscrawl knows"):
        ArticleStore.open(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "1"}\n' * 100)
    with pytest.raises(StoreError, match="is not a usable SQLite database"):
        ArticleStore.open(path)
    assert path.read_text() == '{"id": "1"}\n' * 100


def test_crawl_refuses_a_foreign_store_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "analysis.sqlite3"
    foreign = sqlite3.connect(path)
    foreign.execute("CREATE TABLE notes (text TEXT)")
    foreign.commit()
    foreign.close()
    result = run_scrapy("crawl", "liputan6", "-a", "urls=http://127.0.0.1:9/read/1/x", *crawl_settings(path))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"scrapy crawl liputan6: error: '{path}' is not a newscrawl database; refusing to touch it"
    ]
