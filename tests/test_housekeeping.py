"""Housekeeping: pruning old versions, and the ``newscrawl`` command outside the project directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl.runs import RunLock
from newscrawl.store import ArticleStore
from records import record

GLOBAL = "article-mobile-global-4464894"
NEWSCRAWL = Path(sys.executable).parent / "newscrawl"  # the console script pip installs beside python


def ago(days: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """GLOBAL stored 800 days ago, changed 500 and 10 days ago: two older versions, superseded 500 and 10 days ago."""
    path = tmp_path / "srv" / "news.sqlite3"
    with ArticleStore.open(path) as opened:
        opened.save(record(GLOBAL, crawled_at=ago(800)))
        opened.save(record(GLOBAL, title="Judul kedua", crawled_at=ago(500)))
        opened.save(record(GLOBAL, title="Judul ketiga", crawled_at=ago(10)))
    return path


def newscrawl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``newscrawl ARGS`` as a user runs it, without the project's settings in the environment."""
    environment = {name: value for name, value in os.environ.items() if name != "SCRAPY_SETTINGS_MODULE"}
    return subprocess.run(
        [str(NEWSCRAWL), *args], cwd=cwd, capture_output=True, text=True, timeout=180, env=environment
    )


def test_prune_deletes_only_versions_superseded_before_the_age(store: Path, tmp_path: Path) -> None:
    result = newscrawl("prune", "--versions-older-than", "365", "--store", str(store), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("scrapy prune: 1 versions superseded before ")
    with ArticleStore.open(store) as opened:
        versions = opened.connection.execute("SELECT title FROM article_versions").fetchall()
        assert versions == [("Judul kedua",)]
        assert [a["title"] for a in opened.articles()] == ["Judul ketiga"]


def test_prune_waits_for_no_crawl(store: Path, tmp_path: Path) -> None:
    with RunLock(store):
        result = newscrawl("prune", "--versions-older-than", "1", "--store", str(store), cwd=tmp_path)
    assert result.returncode == 75
    assert result.stderr.strip() == f"scrapy prune: error: another crawl is using {store} (lock {store}.lock is held)"
    bad = newscrawl("prune", "--versions-older-than", "a year", "--store", str(store), cwd=tmp_path)
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "scrapy prune: error: versions-older-than: 'a year' is not a whole number of days",
    )


def test_newscrawl_works_outside_the_project_directory(store: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "notebooks"
    elsewhere.mkdir()
    assert not (elsewhere / "scrapy.cfg").exists()
    result = newscrawl("export", "--store", str(store), "-o", "x.jsonl", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert json.loads((elsewhere / "x.jsonl").read_text("utf-8"))["title"] == "Judul ketiga"

    result = newscrawl("search", "--store", str(store), "--json", "COVID-19", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["4464894"]
