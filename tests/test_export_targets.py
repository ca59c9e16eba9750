"""``scrapy export -o``: never onto the store, through pipes and devices, one line for each thing that goes wrong."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from helpers import crawl_settings, run_scrapy
from newscrawl.store import ArticleStore
from records import export, record

GLOBAL = "article-mobile-global-4464894"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    with ArticleStore.open(path) as opened:
        opened.save(record(GLOBAL))
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if "partial" in path.name)


def test_the_store_is_never_the_output(store: Path, tmp_path: Path) -> None:
    before = store.read_bytes()
    symlink = tmp_path / "articles.jsonl"
    symlink.symlink_to(store)
    hard_link = tmp_path / "copy.jsonl"
    os.link(store, hard_link)
    for output in (store, symlink, hard_link):
        code, message = export("--store", str(store), "-o", str(output))
        assert (code, message) == (1, f"refusing to write {str(output)!r}: it is the article store {str(store)!r}")
    assert store.read_bytes() == before
    assert symlink.is_symlink()
    assert leftovers(tmp_path) == []


def test_the_store_is_never_the_output_on_the_command_line(store: Path) -> None:
    result = run_scrapy("export", "--store", str(store), "-o", str(store))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"scrapy export: error: refusing to write '{store}': it is the article store '{store}'"
    ]
    with ArticleStore.open(store) as reopened:
        assert [a["id"] for a in reopened.articles()] == ["4464894"]


def test_a_symlink_is_written_through(store: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    assert export("--store", str(store), "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert json.loads(real.read_text("utf-8"))["id"] == "4464894"


def test_a_fifo_is_written_through(store: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "articles-feed"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, summary = export("--store", str(store), "-o", str(fifo))
    reader.join(10)
    assert (code, summary) == (0, f"1 articles written to {fifo}")
    assert json.loads(received[0])["id"] == "4464894"
    assert fifo.is_fifo()


def test_a_character_device_is_written_through(store: Path) -> None:
    assert export("--store", str(store), "-o", "/dev/null") == (0, "1 articles written to /dev/null")
    assert export("--store", str(store), "-o", "/dev/full") == (
        1,
        "cannot write '/dev/full': No space left on device",
    )


@pytest.mark.parametrize(
    "output,code,message",
    [
        ("{tmp}", 1, "cannot write '{tmp}': it is a directory"),
        ("{tmp}/none/x.jsonl", 1, "cannot write '{tmp}/none/x.jsonl': no such directory '{tmp}/none'"),
        ("", 2, "output: the file name is empty (give a file, or - for stdout)"),
        ("x.parquet", 2, "output: unknown extension '.parquet' of 'x.parquet'; known: .jsonl, .csv (or give --format)"),
        ("x.json", 2, "output: unknown extension '.json' of 'x.json'; known: .jsonl, .csv (or give --format)"),
    ],
)
def test_bad_outputs(store: Path, tmp_path: Path, output: str, code: int, message: str) -> None:
    output, message = output.format(tmp=tmp_path), message.format(tmp=tmp_path)
    assert export("--store", str(store), "-o", output) == (code, message)
    assert leftovers(tmp_path) == []


def test_bad_outputs_on_the_command_line_are_one_line(store: Path, tmp_path: Path) -> None:
    for output, code in ((str(tmp_path), 1), ("", 2), ("x.parquet", 2)):
        result = run_scrapy("export", "--store", str(store), "-o", output)
        assert result.returncode == code
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("scrapy export: error: ")


def damage(path: Path) -> None:
    """Flip bytes in the cell pointers of the articles table's first page, as a failing disk would."""
    database = sqlite3.connect(path)
    (root,) = database.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    (page_size,) = database.execute("PRAGMA page_size").fetchone()
    database.close()
    data = bytearray(path.read_bytes())
    start = page_size * (root - 1) + 8
    data[start : start + 24] = bytes(byte ^ 0xFF for byte in data[start : start + 24])
    path.write_bytes(data)


@pytest.fixture
def damaged_store(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.sqlite3"
    with ArticleStore.open(path) as store:
        for number in range(30):
            store.save(record(GLOBAL, id=str(number)))
    damage(path)
    return path


def test_a_damaged_store_is_refused_by_export(damaged_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    code, message = export("--store", str(damaged_store), "-o", str(output))
    assert code == 1
    assert message.startswith(f"{str(damaged_store)!r} is damaged (PRAGMA quick_check: On tree page ")
    assert not output.exists()


def test_a_damaged_store_is_refused_by_crawl_and_not_written(damaged_store: Path) -> None:
    before = damaged_store.read_bytes()
    result = run_scrapy("crawl", "liputan6", "-a", "urls=http://127.0.0.1:9/read/1/x", *crawl_settings(damaged_store))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"scrapy crawl liputan6: error: '{damaged_store}' is damaged (PRAGMA quick_check: ")
    assert line.endswith(
        "refusing to touch it: restore a backup, or recover its rows with the sqlite3 shell's .recover"
    )  # noqa: E501
    assert damaged_store.read_bytes() == before
