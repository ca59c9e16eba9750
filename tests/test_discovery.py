"""Discovery and scheduled crawls against local mirrors of the portals (tests/mirror.py).

On every portal: latest-news mode, a second run that fetches nothing new, a
since/until backfill, channels.  On liputan6: max_articles, a run after one article
changed, refresh, the run lock, a killed run, and the exit status of a failed run.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT, crawl_settings, run_scrapy
from localsite import LocalSite, Page
from mirror import SHAPES, WIB, Mirror, MirrorArticle, default_articles
from newscrawl.runs import RunLock

ALL_IDS = [f"55000{n:02d}" for n in range(1, 12)]


@pytest.fixture
def mirror(site: LocalSite) -> Mirror:
    """The liputan6 mirror."""
    mirror = Mirror(site, default_articles())
    mirror.publish()
    return mirror


@pytest.fixture(params=sorted(SHAPES))
def portal_mirror(request: pytest.FixtureRequest, site: LocalSite) -> Mirror:
    """Each portal's mirror in turn."""
    shape = SHAPES[request.param]
    mirror = Mirror(site, default_articles(shape), shape)
    mirror.publish()
    return mirror


def numbered(mirror: Mirror, *numbers: int) -> list[str]:
    """The ids of the mirror's articles by their number in ``mirror.SPEC`` (from 1)."""
    return [str(mirror.shape.first_id + number) for number in numbers]


def channel(mirror: Mirror, role: int) -> str:
    return list(mirror.shape.channels)[role]


class Run:
    def __init__(self, result: subprocess.CompletedProcess[str], output: Path, portal: str) -> None:
        self.result = result
        self.portal = portal
        self.articles = [json.loads(line) for line in output.read_text("utf-8").splitlines()] if output.exists() else []

    @property
    def ids(self) -> list[str]:
        return sorted(article["id"] for article in self.articles)

    @property
    def summary(self) -> str:
        return [line for line in self.result.stderr.splitlines() if line.startswith(f"{self.portal}: ")][-1]


def crawl(mirror: Mirror, tmp_path: Path, *arguments: str, name: str = "run") -> Run:
    output = tmp_path / f"{name}.jsonl"
    spider_arguments = [f"base_url={mirror.site.root}", *arguments]
    portal = mirror.shape.portal
    result = run_scrapy(
        "crawl",
        portal,
        *(part for argument in spider_arguments for part in ("-a", argument)),
        "-O",
        str(output),
        *crawl_settings(tmp_path / "store.sqlite3"),
    )
    return Run(result, output, portal)


def test_latest_mode_finds_every_listed_article_once(portal_mirror: Mirror, tmp_path: Path) -> None:
    mirror = portal_mirror
    every = numbered(mirror, *range(1, 12))
    run = crawl(mirror, tmp_path)
    assert run.result.returncode == 0, run.result.stderr
    assert run.ids == every
    assert mirror.article_fetches() == {article_id: 1 for article_id in every}
    assert run.summary == f"{run.portal}: 11 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    # Listings link to the site (www, or relative) as the real one does; the spider fetched them from the mirror.
    assert all(article["url"].startswith(mirror.shape.home + "/") for article in run.articles)


def test_a_second_run_fetches_nothing_new(portal_mirror: Mirror, tmp_path: Path) -> None:
    mirror = portal_mirror
    every = numbered(mirror, *range(1, 12))
    crawl(mirror, tmp_path, name="first")
    second = crawl(mirror, tmp_path, name="second")
    assert second.result.returncode == 0, second.result.stderr
    assert second.ids == []
    assert mirror.article_fetches() == {article_id: 1 for article_id in every}
    assert second.summary == f"{second.portal}: 0 new, 0 updated, 0 unchanged, 11 known, 0 dropped (finished)"


def test_an_updated_article_is_fetched_and_emitted_again_alone(mirror: Mirror, tmp_path: Path) -> None:
    crawl(mirror, tmp_path, name="first")
    updated = mirror.update(
        "5500005", modified=datetime(2024, 3, 5, 9, 30, tzinfo=WIB), extra_paragraph="Tambahan berita terbaru."
    )

    second = crawl(mirror, tmp_path, name="second")

    assert second.result.returncode == 0, second.result.stderr
    assert second.ids == ["5500005"]
    assert second.articles[0]["modified_at"] == "2024-03-05T09:30:00+07:00"
    assert "Tambahan berita terbaru." in second.articles[0]["body"]
    fetches = mirror.article_fetches()
    assert fetches.pop(updated.id) == 2
    assert set(fetches.values()) == {1}
    assert second.summary == "liputan6: 0 new, 1 updated, 0 unchanged, 10 known, 0 dropped (finished)"
    with sqlite3.connect(tmp_path / "store.sqlite3") as database:
        versions = database.execute("SELECT id, modified_at FROM article_versions").fetchall()
    assert versions == [("5500005", "2024-03-02T12:05:00+07:00")]


def test_refresh_fetches_known_articles_again_but_emits_only_changed_ones(mirror: Mirror, tmp_path: Path) -> None:
    crawl(mirror, tmp_path, name="first")
    second = crawl(mirror, tmp_path, "refresh=1", name="second")
    assert second.result.returncode == 0, second.result.stderr
    assert mirror.article_fetches() == {article_id: 2 for article_id in ALL_IDS}
    assert second.ids == []
    assert second.summary == "liputan6: 0 new, 0 updated, 11 unchanged, 0 known, 0 dropped (finished)"


def test_backfill_fetches_exactly_the_articles_of_the_window(portal_mirror: Mirror, tmp_path: Path) -> None:
    mirror = portal_mirror
    run = crawl(mirror, tmp_path, "since=2024-03-02", "until=2024-03-03")
    assert run.result.returncode == 0, run.result.stderr
    # 2 and 3 March, the whole of the until day included.
    assert run.ids == numbered(mirror, 4, 5, 6, 7, 8, 9)
    assert set(mirror.article_fetches()) == set(run.ids)
    # The index of a day (a channel's, or merdeka's of the whole site) is read to its last page
    # (two articles a page in the mirror).
    assert mirror.site.fetched(mirror.shape.index_path(date(2024, 3, 2), 2, channel(mirror, 0))) == 1
    assert mirror.site.fetched("/") == 0


def test_backfill_with_times(portal_mirror: Mirror, tmp_path: Path) -> None:
    run = crawl(portal_mirror, tmp_path, "since=2024-03-02T12:00:00+07:00", "until=2024-03-03T09:00:00+07:00")
    assert run.result.returncode == 0, run.result.stderr
    assert run.ids == numbered(portal_mirror, 5, 6, 7)


def test_channels(portal_mirror: Mirror, tmp_path: Path) -> None:
    mirror = portal_mirror
    run = crawl(mirror, tmp_path, f"channels={channel(mirror, 0)},{channel(mirror, 1)}")
    assert run.result.returncode == 0, run.result.stderr
    assert run.ids == numbered(mirror, 1, 2, 4, 5, 7, 9, 10, 11)
    assert mirror.site.fetched(mirror.shape.channel_path(channel(mirror, 2), 1) or "") == 0
    # Channel pages are paged where the site pages them: the first channel has five articles, three a page.
    second_page = mirror.shape.channel_path(channel(mirror, 0), 2)
    assert second_page is None or mirror.site.fetched(second_page) == 1


def test_channels_read_the_homepage_and_sitemaps_and_find_updated_articles_of_their_channels(
    mirror: Mirror, tmp_path: Path
) -> None:
    crawl(mirror, tmp_path, "channels=news", name="first")
    # Channel pages show when an article was published; only the sitemap shows that it was updated.
    mirror.update("5500005", modified=datetime(2024, 3, 5, 9, 30, tzinfo=WIB), extra_paragraph="Tambahan berita.")
    mirror.update("5500008", modified=datetime(2024, 3, 5, 10, 0, tzinfo=WIB), extra_paragraph="Kabar global.")

    second = crawl(mirror, tmp_path, "channels=news", name="second")

    assert second.result.returncode == 0, second.result.stderr
    assert second.ids == ["5500005"]
    assert second.summary == "liputan6: 0 new, 1 updated, 0 unchanged, 4 known, 0 dropped (finished)"
    assert mirror.site.fetched("/sitemap-news.xml") == 2
    assert mirror.site.fetched("/") == 2
    # The homepage and the sitemap list every channel; only news is followed.
    assert set(mirror.article_fetches()) == {"5500001", "5500004", "5500005", "5500009", "5500010"}


def test_refresh_rechecks_the_stored_articles_of_the_window_also_when_no_listing_shows_them(
    mirror: Mirror, tmp_path: Path
) -> None:
    window = ("since=2024-03-02", "until=2024-03-03")
    crawl(mirror, tmp_path, *window, name="first")
    stored = ["5500004", "5500005", "5500006", "5500007", "5500008", "5500009"]
    mirror.update("5500006", modified=datetime(2024, 3, 5, 9, 30, tzinfo=WIB), extra_paragraph="Kabar terbaru.")
    del mirror.site.routes["/hot/indeks/2024/03/02"]  # the index no longer lists it

    refreshed = crawl(mirror, tmp_path, "refresh=1", *window, name="refreshed")

    assert refreshed.result.returncode == 0, refreshed.result.stderr
    assert refreshed.ids == ["5500006"]
    assert "Kabar terbaru." in refreshed.articles[0]["body"]
    assert mirror.article_fetches() == {article_id: 2 for article_id in stored}
    assert refreshed.summary == "liputan6: 0 new, 1 updated, 5 unchanged, 0 known, 0 dropped (finished)"

    news = crawl(mirror, tmp_path, "refresh=1", *window, "channels=news", name="news")

    assert news.result.returncode == 0, news.result.stderr
    assert mirror.article_fetches() == {
        **{article_id: 2 for article_id in stored},
        "5500004": 3,
        "5500005": 3,
        "5500009": 3,
    }


def test_refresh_without_a_window_rechecks_the_stored_articles_of_the_last_days(
    site: LocalSite, tmp_path: Path
) -> None:
    now = datetime.now(WIB).replace(second=0, microsecond=0)
    recent = MirrorArticle("5600001", "news", now - timedelta(days=2))
    old = MirrorArticle("5600002", "news", now - timedelta(days=10))
    listed = MirrorArticle("5600003", "bisnis", now - timedelta(days=1))
    mirror = Mirror(site, [recent, old, listed])
    mirror.publish()
    crawl(mirror, tmp_path, name="first")
    # The listings now show one article; the other two are still on the site.
    mirror.articles = [listed]
    mirror.publish()
    for article in (recent, old):
        site.add(mirror.path(article), Page(mirror.shape.article_page(article)))

    refreshed = crawl(mirror, tmp_path, "refresh=1", name="refreshed")

    assert refreshed.result.returncode == 0, refreshed.result.stderr
    # Re-checked: what the listings show, and the stored articles of the last 7 days.
    assert [site.fetched(mirror.path(article)) for article in (recent, old, listed)] == [2, 1, 2]
    assert refreshed.summary == "liputan6: 0 new, 0 updated, 2 unchanged, 0 known, 0 dropped (finished)"


def test_unknown_channel_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_scrapy("crawl", "liputan6", "-a", "channels=news,sport", *crawl_settings(tmp_path / "store.sqlite3"))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("scrapy crawl liputan6: error: channels: unknown 'sport'; known: news, bisnis, global,")


def test_max_articles_takes_the_newest(mirror: Mirror, tmp_path: Path) -> None:
    run = crawl(mirror, tmp_path, "channels=news", "max_articles=3")
    assert run.result.returncode == 0, run.result.stderr
    assert run.ids == ["5500005", "5500009", "5500010"]
    assert set(mirror.article_fetches()) == set(run.ids)
    assert run.summary == "liputan6: 3 new, 0 updated, 0 unchanged, 0 known, 0 dropped (max_articles)"


def test_max_articles_counts_emitted_articles_not_fetched_pages(mirror: Mirror, tmp_path: Path) -> None:
    crawl(mirror, tmp_path, "channels=news", name="first")
    mirror.update("5500004", modified=datetime(2024, 3, 5, 9, 30, tzinfo=WIB), extra_paragraph="Kabar terbaru.")

    # Newest first, unchanged articles are fetched and not emitted, until one is.
    run = crawl(mirror, tmp_path, "refresh=1", "channels=news", "max_articles=1", name="refreshed")

    assert run.result.returncode == 0, run.result.stderr
    assert run.ids == ["5500004"]
    assert run.summary.startswith("liputan6: 0 new, 1 updated, ")
    assert run.summary.endswith(" unchanged, 0 known, 0 dropped (max_articles)")
    assert mirror.article_fetches()["5500001"] == 1  # the oldest was left for later


def test_a_second_run_on_the_same_store_exits_at_once(mirror: Mirror, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    with RunLock(store):
        run = crawl(mirror, tmp_path)
    assert run.result.returncode == 75
    assert run.result.stderr.strip().splitlines() == [
        f"scrapy crawl liputan6: another crawl is using {store} (lock {store}.lock is held)"
    ]
    assert mirror.site.requests == []
    assert not store.exists()


def test_a_run_whose_article_pages_give_no_article_fails(site: LocalSite, tmp_path: Path) -> None:
    mirror = Mirror(site, default_articles())
    mirror.publish()
    for article in mirror.articles:  # every article page is now a homepage
        site.add_fixture(mirror.path(article), "homepage-desktop-2025-04-03.html")
    run = crawl(mirror, tmp_path, "channels=news")
    assert run.result.returncode == 1
    assert run.summary == (
        "liputan6: crawl FAILED (no article extracted from 5 article pages; 5 of 5 pages dropped): "
        "0 new, 0 updated, 0 unchanged, 0 known, 5 dropped"
    )


def test_a_run_whose_listings_show_no_article_fails(site: LocalSite, tmp_path: Path) -> None:
    site.add("/news", Page(b"<html><body><p>Situs sedang dalam perbaikan.</p></body></html>"))
    run = run_scrapy(
        "crawl",
        "liputan6",
        "-a",
        f"base_url={site.root}",
        "-a",
        "channels=news",
        *crawl_settings(tmp_path / "store.sqlite3"),
    )
    assert run.returncode == 1
    assert (
        "liputan6: crawl FAILED (no article link in 1 listing page): 0 new, 0 updated, 0 unchanged, 0 known, 0 dropped"
        in run.stderr
    )


def test_a_run_whose_site_does_not_answer_fails(tmp_path: Path) -> None:
    result = run_scrapy(
        "crawl",
        "liputan6",
        "-a",
        "base_url=http://127.0.0.1:9",
        "-a",
        "channels=news",
        *crawl_settings(tmp_path / "store.sqlite3"),
        "-s",
        "RETRY_ENABLED=False",
    )
    assert result.returncode == 1
    assert "liputan6: crawl FAILED (the site did not answer)" in result.stderr


def test_a_killed_run_loses_nothing(site: LocalSite, tmp_path: Path) -> None:
    mirror = Mirror(site, default_articles())
    mirror.publish()
    reached, release = threading.Event(), threading.Event()
    stuck = next(a for a in mirror.articles if a.id == "5500003")
    stuck_page = site.routes[mirror.path(stuck)]

    def hang() -> Page:
        reached.set()
        release.wait(60)
        return stuck_page

    site.add(mirror.path(stuck), hang)
    store = tmp_path / "store.sqlite3"
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "liputan6",
        "-a",
        f"base_url={site.root}",
        "-O",
        str(tmp_path / "killed.jsonl"),
        *crawl_settings(store),
        "-s",
        "NEWSCRAWL_STORE_BATCH_SIZE=1",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    ]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert reached.wait(60), "the crawl never reached the stuck article"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        release.set()
    site.add(mirror.path(stuck), stuck_page)
    with sqlite3.connect(store) as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        committed = {row[0] for row in database.execute("SELECT id FROM articles")}
    assert "5500003" not in committed

    next_run = crawl(mirror, tmp_path, name="next")

    assert next_run.result.returncode == 0, next_run.result.stderr
    assert next_run.ids == sorted(set(ALL_IDS) - committed)
    with sqlite3.connect(store) as database:
        assert {row[0] for row in database.execute("SELECT id FROM articles")} == set(ALL_IDS)


def test_per_run_feed_files(mirror: Mirror, tmp_path: Path) -> None:
    """README's cron line: one feed file per run, by Scrapy's feed URI parameters."""
    result = run_scrapy(
        "crawl",
        "liputan6",
        "-a",
        f"base_url={mirror.site.root}",
        "-a",
        "channels=hot",
        "-o",
        str(tmp_path / "data" / "%(name)s" / "%(time)s.jsonl"),
        *crawl_settings(tmp_path / "store.sqlite3"),
    )
    assert result.returncode == 0, result.stderr
    (feed,) = (tmp_path / "data" / "liputan6").glob("*.jsonl")
    assert [json.loads(line)["id"] for line in feed.read_text("utf-8").splitlines()] == ["5500006"]
