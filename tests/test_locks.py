"""One crawl per store, whatever name the store is reached by; a store that cannot be written fails in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT, crawl_settings, run_scrapy
from newscrawl.runs import RunBusy, RunLock
from newscrawl.store import ArticleStore
from permissions import unprivileged

NOWHERE = "urls=http://127.0.0.1:9/read/1/x"  # the refused runs fetch nothing


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "store.sqlite3"
    ArticleStore.open(path).close()
    return path


def test_a_symlink_to_the_store_is_the_same_store(store: Path, tmp_path: Path) -> None:
    link = tmp_path / "elsewhere.sqlite3"
    link.symlink_to(store)
    with RunLock(store):
        with pytest.raises(RunBusy, match=f"another crawl is using {link} "):
            RunLock(link).acquire()
    with RunLock(link):
        with pytest.raises(RunBusy):
            RunLock(store).acquire()


def test_a_symlink_to_a_store_not_yet_created(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    link = tmp_path / "link.sqlite3"
    link.symlink_to(store)
    with RunLock(link):
        with pytest.raises(RunBusy):
            RunLock(store).acquire()
    assert not store.exists()


def test_a_hard_link_to_the_store_is_the_same_store(store: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    link = other / "store.sqlite3"
    os.link(store, link)
    with RunLock(store):
        with pytest.raises(RunBusy, match=f"another crawl is using {link} under another name"):
            RunLock(link).acquire()
    with RunLock(link):
        with pytest.raises(RunBusy):
            RunLock(store).acquire()
    # Released: both names can be locked again, one after the other.
    with RunLock(link):
        pass
    with RunLock(store):
        pass


def test_a_crawl_through_a_hard_link_exits_as_busy(store: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.sqlite3"
    os.link(store, link)
    with RunLock(store):
        result = run_scrapy("crawl", "liputan6", "-a", NOWHERE, *crawl_settings(link))
    assert result.returncode == 75
    assert result.stderr.strip().splitlines() == [
        f"scrapy crawl liputan6: another crawl is using {link} under another name (the file itself is locked)"
    ]


def test_a_crawl_into_a_read_only_folder_fails_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "project-data"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        command = [sys.executable, "-m", "scrapy", "crawl", "liputan6", "-a", NOWHERE]
        command += crawl_settings(folder / "store.sqlite3")
        result = subprocess.run(unprivileged(command), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"scrapy crawl liputan6: error: cannot lock the store: Permission denied: '{folder / 'store.sqlite3.lock'}'"
    ]


def test_a_crawl_into_a_folder_it_cannot_write_with_a_lock_file_there(tmp_path: Path) -> None:
    folder = tmp_path / "project-data"
    store = folder / "store.sqlite3"
    ArticleStore.open(store).close()
    Path(f"{store}.lock").touch()
    folder.chmod(0o555)
    try:
        command = [sys.executable, "-m", "scrapy", "crawl", "liputan6", "-a", NOWHERE, *crawl_settings(store)]
        result = subprocess.run(unprivileged(command), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"scrapy crawl liputan6: error: cannot open the store '{store}': ")
