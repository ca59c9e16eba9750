"""A store analysts can read without the right to write it (README, "Reading the store without writing it")."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT
from newscrawl.store import ArticleStore
from permissions import unprivileged
from records import PAGE_RECORDS, export, record

READ = """
import sqlite3, sys
database = sqlite3.connect(sys.argv[1], uri=True)
print(database.execute("SELECT count(*) FROM articles").fetchone()[0])
"""


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A folder with a store of every fixture record, made read-only (folder and files) after the test's setup."""
    path = tmp_path / "shared"
    with ArticleStore.open(path / "store.sqlite3") as store:
        for page in PAGE_RECORDS:
            store.save(record(page))
    yield path
    path.chmod(0o755)
    for file in path.iterdir():
        file.chmod(0o644)


def read_only(folder: Path) -> None:
    for file in folder.iterdir():
        file.chmod(0o444)
    folder.chmod(0o555)


def as_reader(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        unprivileged([sys.executable, *command]), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180
    )


def test_read_only_uri_needs_the_wal_files(folder: Path) -> None:
    store = folder / "store.sqlite3"
    read_only(folder)
    # The last crawl has closed the store and its -wal/-shm files are gone: mode=ro cannot set up WAL reading.
    result = as_reader("-c", READ, f"file:{store}?mode=ro")
    assert result.returncode == 1
    assert "attempt to write a readonly database" in result.stderr
    # immutable=1 reads the main file as it is.
    result = as_reader("-c", READ, f"file:{store}?immutable=1")
    assert (result.returncode, result.stdout) == (0, f"{len(PAGE_RECORDS)}\n")


def test_read_only_uri_works_while_a_crawl_has_the_store_open(folder: Path) -> None:
    store = folder / "store.sqlite3"
    writer = ArticleStore.open(store)
    try:
        writer.save(record(PAGE_RECORDS[0], id="1"))
        writer.commit()  # in the -wal file only, until a checkpoint
        read_only(folder)
        result = as_reader("-c", READ, f"file:{store}?mode=ro")
        assert (result.returncode, result.stdout) == (0, f"{len(PAGE_RECORDS) + 1}\n")
        # immutable=1 does not see what is still in the -wal file.
        result = as_reader("-c", READ, f"file:{store}?immutable=1")
        assert (result.returncode, result.stdout) == (0, f"{len(PAGE_RECORDS)}\n")
    finally:
        folder.chmod(0o755)
        writer.close()


def test_a_snapshot_is_a_self_contained_read_only_copy(folder: Path, tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    snapshot = copies / "news.sqlite3"
    code, summary = export("--store", str(folder / "store.sqlite3"), "--snapshot", str(snapshot))
    assert (code, summary) == (
        0,
        f"snapshot of {folder / 'store.sqlite3'} written to {snapshot} (read-only, no -wal file needed)",
    )
    assert snapshot.stat().st_mode & 0o777 == 0o444
    assert sorted(path.name for path in copies.iterdir()) == ["news.sqlite3"]
    copy = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()
    copies.chmod(0o555)
    try:
        result = as_reader("-c", READ, f"file:{snapshot}?mode=ro")
    finally:
        copies.chmod(0o755)
    assert (result.returncode, result.stdout) == (0, f"{len(PAGE_RECORDS)}\n")


def test_snapshot_refusals(folder: Path, tmp_path: Path) -> None:
    store = folder / "store.sqlite3"
    assert export("--store", str(store), "--snapshot", str(store)) == (
        1,
        f"refusing to write {str(store)!r}: it is the article store {str(store)!r}",
    )
    assert export("--store", str(store), "--snapshot", str(tmp_path / "x.sqlite3"), "--since", "2020-01-01") == (
        2,
        "snapshot: copies the whole store, without --since",
    )


def test_export_reads_a_store_it_cannot_write(folder: Path) -> None:
    read_only(folder)
    result = as_reader("-m", "scrapy", "export", "--store", str(folder / "store.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(PAGE_RECORDS)
    assert result.stderr.strip().splitlines() == [f"scrapy export: {len(PAGE_RECORDS)} articles written to -"]


def test_search_reads_a_store_it_cannot_write(folder: Path) -> None:
    read_only(folder)
    result = as_reader("-m", "scrapy", "search", "--store", str(folder / "store.sqlite3"), "--json", "COVID-19")
    assert result.returncode == 0, result.stderr
    assert "4464894" in {json.loads(line)["id"] for line in result.stdout.splitlines()}
