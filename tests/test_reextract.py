"""``scrapy reextract``: the current extraction over the archive's pages, into the store, without fetching."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from scrapy import signals

from helpers import FETCHED, PAGES_ROOT, crawl_settings, project_crawler, run_scrapy, spider_class, warc_file
from localsite import LocalSite, Page
from mirror import SHAPES, WIB, MirrorArticle
from newscrawl import outcomes
from newscrawl.runs import RunLock
from newscrawl.store import ArticleStore

LIPUTAN6 = SHAPES["liputan6"]

GLOBAL_PATH = "/global/read/4464894/update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta"
GLOBAL = "article-mobile-global-4464894.html"
HOT = "article-mobile-hot-5043288.html"
BOLA = "article-mobile-2020-inggris-4268187.html"
BOLA_PATH = (
    "/inggris/read/4268187/15-pemain-gratisan-terbaik-di-bursa-transfer-musim-panas-2020-ada-5-bintang-premier-league"
)


def crawl(spider: str, urls: list[str], store: Path, *options: str) -> str:
    urls_argument = "urls=" + ",".join(urls)
    result = run_scrapy("crawl", spider, "-a", urls_argument, "-a", "render=never", *crawl_settings(store), *options)
    assert result.returncode == 0, result.stderr
    return result.stderr


def reextract(store: Path, archive: Path, *options: str, status: int = 0) -> str:
    result = run_scrapy("reextract", "--store", str(store), "--archive", str(archive), "-s", "LOG_LEVEL=INFO", *options)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def stored(store: Path) -> dict[tuple[str, str], dict]:
    with ArticleStore.open(store) as opened:
        return {(article["portal"], article["id"]): article for article in opened.articles()}


def test_a_changed_extraction_records_a_new_version(site: LocalSite, tmp_path: Path) -> None:
    url = site.add_fixture(GLOBAL_PATH, GLOBAL)
    feed = tmp_path / "crawled.jsonl"
    crawl("liputan6", [url], tmp_path / "crawl.sqlite3", "-O", str(feed))
    [current] = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    # The store an older extractor left: the same page, read without its last paragraph.
    older = json.loads(json.dumps(current))
    older["subsections"][-1]["paragraphs"].pop()
    older["body"] = "\n\n".join(p for part in older["subsections"] for p in part["paragraphs"])
    store = tmp_path / "store.sqlite3"
    with ArticleStore.open(store) as opened:
        opened.save(older)
    changed = tmp_path / "changed.jsonl"

    stderr = reextract(store, tmp_path / "warc", "-O", str(changed))

    assert last_line(stderr) == "reextract: 0 new, 1 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert [json.loads(line)["body"] for line in changed.read_text("utf-8").splitlines()] == [current["body"]]
    assert stored(store)[("liputan6", "4464894")]["body"] == current["body"]
    with sqlite3.connect(store) as connection:
        versions = connection.execute("SELECT version, body, crawled_at FROM article_versions").fetchall()
        runs = connection.execute("SELECT spider, outcome, updated FROM runs").fetchall()
    assert versions == [(1, older["body"], current["crawled_at"])]
    assert runs == [("reextract", "ok", 1)]

    again = reextract(store, tmp_path / "warc", "-O", str(changed))

    assert last_line(again) == "reextract: 0 new, 0 updated, 1 unchanged, 0 known, 0 dropped (finished)"
    assert changed.read_text("utf-8") == ""  # only what changed is written


def test_each_portal_reads_its_own_pages_from_a_mirror(site: LocalSite, tmp_path: Path) -> None:
    liputan6_url = site.add_fixture(GLOBAL_PATH, GLOBAL)
    bola_url = site.add(BOLA_PATH, Page((PAGES_ROOT / "bola" / BOLA).read_bytes()))
    crawl("liputan6", [liputan6_url], tmp_path / "crawl.sqlite3")
    crawl("bola", [bola_url], tmp_path / "crawl.sqlite3")

    everything = reextract(tmp_path / "all.sqlite3", tmp_path / "warc")
    only_bola = reextract(tmp_path / "bola.sqlite3", tmp_path / "warc", "--portal", "bola")

    assert last_line(everything) == "reextract: 2 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert set(stored(tmp_path / "all.sqlite3")) == {("liputan6", "4464894"), ("bola", "4268187")}
    assert last_line(only_bola) == "reextract: 1 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert set(stored(tmp_path / "bola.sqlite3")) == {("bola", "4268187")}


def test_only_the_latest_page_of_an_article_is_read_and_never_an_older_one_than_the_store_saw(
    site: LocalSite, tmp_path: Path
) -> None:
    article = MirrorArticle("5500001", "news", datetime(2024, 3, 1, 8, 0, tzinfo=WIB))
    store = tmp_path / "crawl.sqlite3"
    site.add(LIPUTAN6.path(article), Page(LIPUTAN6.article_page(article)))
    crawl("liputan6", [site.url(LIPUTAN6.path(article))], store)
    updated = MirrorArticle(article.id, article.channel, article.published, extra_paragraph="Kabar terbaru siang ini.")
    site.add(LIPUTAN6.path(article), Page(LIPUTAN6.article_page(updated)))
    crawl("liputan6", [site.url(LIPUTAN6.path(article))], store)

    fresh = reextract(tmp_path / "fresh.sqlite3", tmp_path / "warc")

    assert last_line(fresh) == "reextract: 1 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert "'newscrawl/reextract/pages': 1" in fresh
    assert "Kabar terbaru siang ini." in stored(tmp_path / "fresh.sqlite3")[("liputan6", "5500001")]["body"]

    # A crawl with the archive off: the store now has a page the archive does not.
    latest = MirrorArticle(article.id, article.channel, article.published, extra_paragraph="Kabar terbaru malam ini.")
    site.add(LIPUTAN6.path(article), Page(LIPUTAN6.article_page(latest)))
    crawl("liputan6", [site.url(LIPUTAN6.path(article))], store, "-s", "NEWSCRAWL_ARCHIVE_ENABLED=False")

    stale = reextract(store, tmp_path / "warc")

    assert last_line(stale) == "reextract: 0 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert "'newscrawl/reextract/stale': 1" in stale
    assert "Kabar terbaru malam ini." in stored(store)[("liputan6", "5500001")]["body"]


def test_since_and_until_select_by_publication_day_in_jakarta(site: LocalSite, tmp_path: Path) -> None:
    articles = [
        MirrorArticle("5500001", "news", datetime(2024, 3, 1, 0, 30, tzinfo=WIB)),  # 29 February in UTC
        MirrorArticle("5500002", "bisnis", datetime(2024, 3, 1, 23, 50, tzinfo=WIB)),
        MirrorArticle("5500003", "global", datetime(2024, 3, 2, 8, 0, tzinfo=WIB)),
    ]
    for article in articles:
        site.add(LIPUTAN6.path(article), Page(LIPUTAN6.article_page(article)))
    crawl("liputan6", [site.url(LIPUTAN6.path(article)) for article in articles], tmp_path / "crawl.sqlite3")
    archive = tmp_path / "warc"

    first_day = reextract(tmp_path / "first.sqlite3", archive, "--since", "2024-03-01", "--until", "2024-03-01")
    until = reextract(tmp_path / "until.sqlite3", archive, "--until", "2024-02-29")
    later = reextract(tmp_path / "later.sqlite3", archive, "--since", "2024-03-02")
    future = (datetime.now(WIB) + timedelta(days=2)).date().isoformat()
    unfetched = reextract(tmp_path / "unfetched.sqlite3", archive, "--since", future)

    assert last_line(first_day) == "reextract: 2 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert {key[1] for key in stored(tmp_path / "first.sqlite3")} == {"5500001", "5500002"}
    assert "'newscrawl/reextract/outside_window': 1" in first_day
    assert last_line(until) == "reextract: 0 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert last_line(later) == "reextract: 1 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert {key[1] for key in stored(tmp_path / "later.sqlite3")} == {"5500003"}
    # Pages fetched before since cannot hold an article published after it: not even read.
    assert "Re-extracting 0 kept article pages" in unfetched
    assert "newscrawl/article_pages" not in unfetched


def test_a_cut_short_archive_is_read_up_to_the_cut(tmp_path: Path) -> None:
    path, records = warc_file(tmp_path, GLOBAL, HOT)
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size - len(records[-1]) // 2)

    stderr = reextract(tmp_path / "store.sqlite3", path)

    assert last_line(stderr) == "reextract: 1 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    assert f"Skipped {path} at offset " in stderr
    assert "'newscrawl/reextract/unreadable': 1" in stderr
    [article] = stored(tmp_path / "store.sqlite3").values()
    assert article["crawled_at"] == FETCHED.isoformat()


@pytest.mark.parametrize(
    "options,status,message",
    [
        (["--since", "kemarin"], 2, "since: 'kemarin' is not a date (YYYY-MM-DD) or an ISO time"),
        (["--since", "2024-03-02", "--until", "2024-03-01"], 2, "until: '2024-03-01' is not after since '2024-03-02'"),
        (["--portal", "detik"], 2, "portal: unknown 'detik'; known: bola, liputan6, merdeka"),
        (["--archive", "/nonexistent/warc"], 1, "no archive at '/nonexistent/warc': crawl first, or give --archive"),
    ],
)
def test_bad_options_stop_with_one_line(tmp_path: Path, options: list[str], status: int, message: str) -> None:
    result = run_scrapy("reextract", "--store", str(tmp_path / "store.sqlite3"), "--archive", str(tmp_path), *options)

    assert result.returncode == status
    assert result.stderr.strip().splitlines() == [f"scrapy reextract: error: {message}"]
    assert not (tmp_path / "store.sqlite3").exists()


def test_help_names_every_option() -> None:
    result = run_scrapy("reextract", "-h")

    assert result.returncode == 0
    # Python 3.13 prints "-o, --output FILE" where earlier ones print "-o FILE, --output FILE".
    options = ("--since DATE", "--until DATE", "--portal NAME", "--archive DIR", "--store PATH", "--output FILE")
    for option in (*options, "--overwrite-output FILE"):
        assert option in result.stdout


def test_the_store_in_use_is_left_alone(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    with RunLock(store):
        result = run_scrapy("reextract", "--store", str(store), "--archive", str(tmp_path))

    assert result.returncode == 75
    assert result.stderr.strip().splitlines() == [
        f"scrapy reextract: another crawl is using {store} (lock {store}.lock is held)"
    ]
    assert not store.exists()


def test_the_readers_leave_the_crawls_items_to_the_spider_that_runs_it() -> None:
    crawler = project_crawler()  # its spider runs the crawl and follows the item signals
    readers = [spider_class(portal).reader(crawler) for portal in ("liputan6", "bola", "merdeka")]
    crawler.signals.send_catch_log(signals.item_scraped, item={}, response=None, spider=crawler.spider)
    assert crawler.stats.get_value(outcomes.ARTICLES_DONE) == 1
    assert all(reader.renderer.mode == "never" for reader in readers)
