"""Change numbers and the crash-safe hand-over to consumers: ``scrapy export --after`` and ``--cursor``."""

from __future__ import annotations

import errno
import json
import sqlite3
from pathlib import Path

import pytest

from helpers import run_scrapy
from newscrawl.commands import export as export_command
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.store import APPLICATION_ID, MIGRATIONS, ArticleStore
from records import export, record

GLOBAL = "article-mobile-global-4464894"
BISNIS = "article-mobile-bisnis-4289456"
HOT = "article-mobile-hot-5043288"


def changed(page: str, title: str, crawled_at: str) -> dict:
    return record(page, title=title, crawled_at=crawled_at)


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    """A store that received: GLOBAL new (1), BISNIS new (2), GLOBAL unchanged, GLOBAL changed (3), HOT new (4),
    GLOBAL changed again (5)."""
    path = tmp_path / "store.sqlite3"
    with ArticleStore.open(path) as store:
        store.save(record(GLOBAL, crawled_at="2025-01-01T00:00:00+00:00"))
        store.save(record(BISNIS, crawled_at="2025-01-01T00:01:00+00:00"))
        store.save(record(GLOBAL, crawled_at="2025-01-01T01:00:00+00:00"))
        store.save(changed(GLOBAL, "Kasus COVID-19 di dunia tembus 100 juta", "2025-01-02T00:00:00+00:00"))
        store.save(record(HOT, crawled_at="2025-01-02T00:01:00+00:00"))
        store.save(changed(GLOBAL, "Kasus COVID-19 dunia tembus 100 juta", "2025-01-03T00:00:00+00:00"))
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_every_stored_change_gets_the_next_number_and_keeps_it(store_file: Path) -> None:
    with ArticleStore.open(store_file) as store:
        current = dict(store.connection.execute("SELECT id, seq FROM articles"))
        versions = store.connection.execute("SELECT id, version, seq FROM article_versions ORDER BY seq").fetchall()
        assert store.last_seq() == 5
    assert current == {"4464894": 5, "4289456": 2, "5043288": 4}
    assert versions == [("4464894", 1, 1), ("4464894", 2, 3)]


def test_after_gives_every_version_in_the_order_stored(store_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "changes.jsonl"
    code, summary = export("--store", str(store_file), "--after", "2", "-o", str(output))
    assert code == 0, summary
    changes = lines(output)
    assert [(c["seq"], c["id"]) for c in changes] == [(3, "4464894"), (4, "5043288"), (5, "4464894")]
    # The earlier of the two versions comes from article_versions, the later is the current row.
    assert changes[0]["title"] == "Kasus COVID-19 di dunia tembus 100 juta"
    assert changes[2]["title"] == "Kasus COVID-19 dunia tembus 100 juta"
    # The change number leads; the rest is exactly the article record.
    assert all(list(c) == ["seq", *ARTICLE_FIELDS] for c in changes)
    assert summary == f"3 changes written to {output}, seq 3..5"


def test_after_with_filters_and_after_the_last(store_file: Path, tmp_path: Path) -> None:
    output = tmp_path / "changes.jsonl"
    assert export("--store", str(store_file), "--after", "0", "--channel", "Bisnis,Hot", "-o", str(output))[0] == 0
    assert [(c["seq"], c["id"]) for c in lines(output)] == [(2, "4289456"), (4, "5043288")]
    code, summary = export("--store", str(store_file), "--after", "5", "-o", str(output))
    assert (code, output.read_text()) == (0, "")
    assert summary == f"0 changes written to {output}: none after seq 5"
    assert export("--store", str(store_file), "--after", "9", "-o", str(output)) == (
        1,
        "seq 9 is beyond the store's last change (5): is it from another store?",
    )
    assert export("--store", str(store_file), "--after", "-1")[0] == 2
    assert export("--store", str(store_file), "--after", "1", "--cursor", "c") == (
        2,
        "give --after or --cursor, not both (the cursor holds where to start)",
    )


def test_a_cursor_hands_over_every_change_once(store_file: Path, tmp_path: Path) -> None:
    cursor = tmp_path / "consumer.cursor"
    first, second, third = (tmp_path / f"batch-{n}.jsonl" for n in (1, 2, 3))

    code, summary = export("--store", str(store_file), "--cursor", str(cursor), "-o", str(first))
    assert code == 0, summary
    assert [c["seq"] for c in lines(first)] == [1, 2, 3, 4, 5]
    assert cursor.read_text() == "5\n"
    assert summary == f"5 changes written to {first}, seq 1..5; cursor {cursor} at 5"

    assert export("--store", str(store_file), "--cursor", str(cursor), "-o", str(second))[0] == 0
    assert second.read_text() == "" and cursor.read_text() == "5\n"

    with ArticleStore.open(store_file) as store:
        store.save(changed(BISNIS, "Mal bentuk gugus tugas", "2025-01-04T00:00:00+00:00"))
    assert export("--store", str(store_file), "--cursor", str(cursor), "-o", str(third))[0] == 0
    assert [(c["seq"], c["title"]) for c in lines(third)] == [(6, "Mal bentuk gugus tugas")]
    assert cursor.read_text() == "6\n"


def test_a_failed_write_leaves_the_cursor_and_no_partial_file(
    store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cursor = tmp_path / "consumer.cursor"
    cursor.write_text("2\n")
    output = tmp_path / "batch.jsonl"
    output.write_text("the previous batch\n")

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    # The output is written, then flushed to disk: where a full disk shows at the latest.
    monkeypatch.setattr(export_command.os, "fsync", disk_full)
    code, message = export("--store", str(store_file), "--cursor", str(cursor), "-o", str(output))
    assert (code, message) == (1, f"cannot write {str(output)!r}: No space left on device")
    assert cursor.read_text() == "2\n"
    assert output.read_text() == "the previous batch\n"
    assert not [path.name for path in tmp_path.iterdir() if "partial" in path.name]


def test_a_failed_write_through_the_command_line(store_file: Path, tmp_path: Path) -> None:
    cursor = tmp_path / "consumer.cursor"
    result = run_scrapy("export", "--store", str(store_file), "--cursor", str(cursor), "-o", "/dev/full")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "scrapy export: error: cannot write '/dev/full': No space left on device"
    ]
    assert not cursor.exists()


def test_a_cursor_that_does_not_hold_a_number_is_refused(store_file: Path, tmp_path: Path) -> None:
    cursor = tmp_path / "consumer.cursor"
    cursor.write_text("{}")
    assert export("--store", str(store_file), "--cursor", str(cursor)) == (
        1,
        f"cursor {str(cursor)!r}: '{{}}' is not a change number (0, 1, 2, ...)",
    )
    assert export("--store", str(store_file), "--cursor", str(tmp_path / "none" / "c")) == (
        1,
        f"cursor: no such directory {str(tmp_path / 'none')!r}",
    )


def test_stored_rows_are_numbered_by_the_migration_in_the_order_they_were_stored(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        old.executescript(step)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA user_version = 3")
    columns = [row[1] for row in old.execute("PRAGMA table_info(articles)")]
    # Rows as the version-3 store wrote them: crawled_at is when each version was stored.
    with ArticleStore.open(tmp_path / "donor.sqlite3") as donor:
        donor.save(record(GLOBAL, crawled_at="2025-01-01T00:00:00+00:00"))
        donor.save(record(HOT, crawled_at="2025-01-02T08:00:00+07:00"))  # 01:00 UTC, before BISNIS
        donor.save(record(BISNIS, crawled_at="2025-01-02T02:00:00+00:00"))
        donor.save(changed(GLOBAL, "Judul baru", "2025-01-03T00:00:00+00:00"))
        rows = donor.connection.execute(f"SELECT {', '.join(columns)} FROM articles").fetchall()
        versions = donor.connection.execute(
            f"SELECT {', '.join(columns)}, version, superseded_at FROM article_versions"
        ).fetchall()
    placeholders = ", ".join("?" for _ in columns)
    old.executemany(f"INSERT INTO articles ({', '.join(columns)}) VALUES ({placeholders})", rows)
    old.executemany(
        f"INSERT INTO article_versions ({', '.join(columns)}, version, superseded_at) VALUES ({placeholders}, ?, ?)",
        versions,
    )
    old.commit()
    old.close()

    with ArticleStore.open(path) as store:
        numbered = store.connection.execute(
            "SELECT seq, id, title, published_day FROM articles UNION ALL "
            "SELECT seq, id, title, published_day FROM article_versions ORDER BY seq"
        ).fetchall()
        assert store.last_seq() == 4
        store.save(record(HOT, title="Judul lain", crawled_at="2025-01-04T00:00:00+00:00"))
        assert store.last_seq() == 5
    original_title = record(GLOBAL)["title"]
    assert numbered == [
        (1, "4464894", original_title, "2021-01-23"),
        (2, "5043288", record(HOT)["title"], "2022-08-16"),
        (3, "4289456", record(BISNIS)["title"], "2020-06-26"),
        (4, "4464894", "Judul baru", "2021-01-23"),
    ]
