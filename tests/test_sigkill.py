"""A crawl killed at any moment loses nothing and stores nothing twice (issue 8 §4).

A local mirror of 200 articles (the real article template, tests/mirror.py) is
crawled by ``scrapy crawl liputan6``, every other run with ``refresh=1``, which is
SIGKILLed at 20 random (seeded) moments (during start-up, store migration, listing,
fetching, a commit) and started again each time; a last run is left to finish.  Then
every article is stored exactly once, SQLite's integrity check passes, and the
full-text index agrees with the articles.  After each kill the store must already be
whole, and a consumer (``scrapy export --cursor``) reads what it holds: over all
kills the consumer receives every article exactly once.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT, crawl_settings
from localsite import LocalSite
from mirror import SHAPES, WIB, Mirror, MirrorArticle

ARTICLES = 200
KILLS = 20
SEED = 8_2024


def many_articles() -> list[MirrorArticle]:
    """Two hundred articles over ten days in the mirror's four channels."""
    channels = list(SHAPES["liputan6"].channels)
    start = datetime(2024, 3, 1, 6, 0, tzinfo=WIB)
    return [
        MirrorArticle(str(5700000 + number), channels[number % len(channels)], start + timedelta(minutes=71 * number))
        for number in range(ARTICLES)
    ]


def crawl_command(mirror: Mirror, store: Path, run: int, refresh: bool = False) -> list[str]:
    settings = [
        *crawl_settings(store),
        *("-s", "LOG_LEVEL=WARNING", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "CONCURRENT_REQUESTS=16"),
        # Small batches, committed often: kills land between, before and inside commits.
        *("-s", "NEWSCRAWL_STORE_BATCH_SIZE=7", "-s", "NEWSCRAWL_STORE_COMMIT_INTERVAL=0.5"),
    ]
    feed = store.parent / f"run-{run:02d}.jsonl"
    return [sys.executable, "-m", "scrapy", "crawl", "liputan6", "-a", f"base_url={mirror.site.root}"] + [
        "-a",
        "render=never",
        "-a",
        f"refresh={int(refresh)}",
        "-O",
        str(feed),
        *settings,
    ]


def check_whole(store: Path) -> None:
    with sqlite3.connect(store) as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Raises "database disk image is malformed" when the index disagrees with the articles.
        database.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def consume(store: Path, batch: int) -> list[str]:
    """The ids of the changes since the consumer's cursor, read as a cron consumer does."""
    output = store.parent / f"batch-{batch:02d}.jsonl"
    cursor = store.parent / "consumer.cursor"
    command = [sys.executable, "-m", "scrapy", "export", "--store", str(store), "--cursor", str(cursor)]
    command += ["-o", str(output)]
    consumer = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert consumer.returncode == 0, consumer.stderr
    return [json.loads(line)["id"] for line in output.read_text("utf-8").splitlines()]


@pytest.mark.soak
def test_random_kills_lose_nothing_and_store_nothing_twice(site: LocalSite, tmp_path: Path) -> None:
    mirror = Mirror(site, many_articles(), per_page=20, index_per_page=20)
    mirror.publish()
    store = tmp_path / "store.sqlite3"
    moments = random.Random(SEED)
    kills = runs = 0
    consumed: list[str] = []
    while kills < KILLS:
        assert runs < 3 * KILLS, "the crawl kept finishing before it could be killed"
        # Every other run fetches every listed article again (refresh): once the store has
        # most articles, a plain run would end before it could be killed mid-write.
        command = crawl_command(mirror, store, runs, refresh=runs % 2 == 1)
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs += 1
        time.sleep(moments.uniform(0.3, 5.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(60)
        if store.exists():
            check_whole(store)
            consumed += consume(store, runs)

    last = subprocess.run(
        crawl_command(mirror, store, runs), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300
    )

    assert last.returncode == 0, last.stderr
    check_whole(store)
    consumed += consume(store, runs + 1)
    with sqlite3.connect(store) as database:
        ids = [row[0] for row in database.execute("SELECT id FROM articles ORDER BY id")]
        assert database.execute("SELECT COUNT(*) FROM article_versions").fetchone() == (0,)
        (found,) = database.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'nomor'").fetchone()
    assert ids == sorted(article.id for article in mirror.articles)
    assert found == ARTICLES
    print(f"{kills} kills in {runs} runs, then one run to the end: {len(ids)} articles stored once each")
    assert sorted(consumed) == ids  # every article handed over once, none twice
