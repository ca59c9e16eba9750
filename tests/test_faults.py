"""``scrapy crawl liputan6`` against a misbehaving site (tests/faultsite.py), one fault a test.

Each fault ends as README promises: a page is dropped with its documented reason and
the run goes on, a run whose listings all failed exits 1 saying why, the cost of a
hostile page stays bounded, nothing from another host is stored, and no credential
reaches the log.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse

from faultsite import FaultSite, drip, endless, gzip_bomb, redirect, reset, respond
from helpers import PROJECT_ROOT, crawl_settings, extract, page_response, project_crawler, run_scrapy
from mirror import SHAPES, WIB, MirrorArticle, iridescent_list
from newscrawl.pipelines import StorePipeline

LIPUTAN6 = SHAPES["liputan6"]

ARTICLE = MirrorArticle("5500001", "news", datetime(2024, 3, 1, 8, 0, tzinfo=WIB))
OTHER = MirrorArticle("5500002", "bisnis", datetime(2024, 3, 1, 10, 30, tzinfo=WIB))


@pytest.fixture
def site() -> Iterator[FaultSite]:
    with FaultSite() as fault_site:
        yield fault_site


class Run:
    def __init__(self, result: subprocess.CompletedProcess[str], output: Path) -> None:
        self.result = result
        self.stderr = result.stderr
        self.articles = [json.loads(line) for line in output.read_text("utf-8").splitlines()] if output.exists() else []

    @property
    def summary(self) -> str:
        return [line for line in self.stderr.splitlines() if line.startswith("liputan6: ")][-1]

    def stat(self, key: str) -> int:
        """A value of the stats dump Scrapy logs at the end."""
        marker = f"'{key}': "
        line = next((line for line in self.stderr.splitlines() if marker in line), None)
        return int(line.split(marker)[1].rstrip(",}")) if line else 0


def crawl(tmp_path: Path, *arguments: str, settings: tuple[str, ...] = (), name: str = "run") -> Run:
    output = tmp_path / f"{name}.jsonl"
    result = run_scrapy(
        "crawl",
        "liputan6",
        *(part for argument in arguments for part in ("-a", argument)),
        "-O",
        str(output),
        *crawl_settings(tmp_path / "store.sqlite3"),
        *settings,
    )
    return Run(result, output)


def stored_ids(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "store.sqlite3") as database:
        return sorted(row[0] for row in database.execute("SELECT id FROM articles"))


# Errors that pass today ---------------------------------------------------------


def test_an_http_error_is_dropped_with_its_status(site: FaultSite, tmp_path: Path) -> None:
    good = site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    broken = site.add(LIPUTAN6.path(OTHER), respond(b"<html>down</html>", 500))
    run = crawl(tmp_path, f"urls={good},{broken}", settings=("-s", "RETRY_TIMES=1"))
    assert run.result.returncode == 0, run.stderr
    assert f"Dropped {broken}: http_500" in run.stderr
    assert len(site.times(LIPUTAN6.path(OTHER))) == 2  # retried once
    assert stored_ids(tmp_path) == [ARTICLE.id]


def test_a_reset_connection_is_a_download_error(site: FaultSite, tmp_path: Path) -> None:
    good = site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    broken = site.add(LIPUTAN6.path(OTHER), reset())
    run = crawl(tmp_path, f"urls={good},{broken}", settings=("-s", "RETRY_TIMES=0"))
    assert run.result.returncode == 0, run.stderr
    assert f"Dropped {broken}: download_error" in run.stderr
    assert stored_ids(tmp_path) == [ARTICLE.id]


def test_a_slow_drip_times_out_and_the_crawl_goes_on(site: FaultSite, tmp_path: Path) -> None:
    stop = threading.Event()
    good = site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    slow = site.add(LIPUTAN6.path(OTHER), drip(LIPUTAN6.article_page(OTHER), pause=0.5, stop=stop))
    try:
        run = crawl(tmp_path, f"urls={good},{slow}", settings=("-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=0"))
    finally:
        stop.set()
    assert f"Dropped {slow}: download_error (" in run.stderr
    assert "took longer than 2.0 seconds" in run.stderr
    assert stored_ids(tmp_path) == [ARTICLE.id]


def test_a_sitemap_with_entities_expands_nothing(site: FaultSite, tmp_path: Path) -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://www.liputan6.com/news/read/&c;&secret;/x</loc></url></urlset>"
    )
    site.add("/sitemap-news.xml", respond(hostile, headers={"Content-Type": "application/xml"}))
    site.add("/", respond(iridescent_list(LIPUTAN6, [ARTICLE])))
    site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    run = crawl(tmp_path, f"base_url={site.root}")
    assert run.result.returncode == 0, run.stderr
    assert stored_ids(tmp_path) == [ARTICLE.id]
    assert not [path for path in site.paths() if "aaaa" in path or "/read/" in path and path != LIPUTAN6.path(ARTICLE)]


# The verdict ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments,listings,why",
    [
        ((), 21, "http_404"),  # homepage, two sitemaps, 18 channels
        (("since=2024-03-01", "until=2024-03-02", "channels=news,bisnis"), 4, "http_500"),  # 2 days x 2 channels
    ],
)
def test_a_run_whose_listings_all_failed_fails(
    site: FaultSite, tmp_path: Path, arguments: tuple[str, ...], listings: int, why: str
) -> None:
    if why == "http_500":
        for path in ("/news/indeks/2024/03/01", "/news/indeks/2024/03/02"):
            site.add(path, respond(b"error", 500))
        for path in ("/bisnis/indeks/2024/03/01", "/bisnis/indeks/2024/03/02"):
            site.add(path, respond(b"error", 500))
    run = crawl(tmp_path, f"base_url={site.root}", *arguments, settings=("-s", "RETRY_ENABLED=False"))
    assert run.result.returncode == 1
    assert run.summary == (
        f"liputan6: crawl FAILED (no listing could be read: {listings} of {listings} failed, {why}): "
        "0 new, 0 updated, 0 unchanged, 0 known, 0 dropped"
    )


def test_robots_txt_forbidding_everything_fails_the_run(site: FaultSite, tmp_path: Path) -> None:
    site.add("/robots.txt", respond(b"User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"}))
    site.add("/news", respond(iridescent_list(LIPUTAN6, [ARTICLE])))
    run = crawl(tmp_path, f"base_url={site.root}", "channels=news")
    assert run.result.returncode == 1
    # The homepage, both sitemaps and the channel page start together: robots.txt judges every one.
    assert "no listing could be read: 4 of 4 failed, robots_txt" in run.summary
    assert site.paths() == ["/robots.txt"]


def test_a_feed_that_cannot_be_written_fails_the_run(site: FaultSite, tmp_path: Path) -> None:
    url = site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    result = run_scrapy(
        "crawl", "liputan6", "-a", f"urls={url}", "-O", "/dev/full:jsonlines", *crawl_settings(tmp_path / "s.sqlite3")
    )
    assert result.returncode == 1
    assert "liputan6: crawl FAILED (the feed could not write 1 record): 1 new," in result.stderr
    assert "'newscrawl/feed/errors': 1" in result.stderr
    assert result.stderr.count("Traceback") == 0


# Bounded cost -----------------------------------------------------------------------


def test_a_gzip_bomb_is_refused_cheaply(site: FaultSite, tmp_path: Path) -> None:
    url = site.add(LIPUTAN6.path(ARTICLE), gzip_bomb(3 * 1024 * 1024))
    good = site.add(LIPUTAN6.path(OTHER), respond(LIPUTAN6.article_page(OTHER)))
    command = [sys.executable, "-m", "scrapy", "crawl", "liputan6", "-a", f"urls={url},{good}", "-a", "render=never"]
    command += crawl_settings(tmp_path / "store.sqlite3")
    stderr = tmp_path / "stderr.txt"
    with stderr.open("w") as errors:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    log = stderr.read_text()
    assert f"Dropped {url}: too_large (decompressed over DOWNLOAD_MAXSIZE" in log
    assert stored_ids(tmp_path) == [OTHER.id]
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    print(f"peak RSS of the crawl with a 3 MB gzip bomb: {peak_mb:.0f} MB")
    assert peak_mb < 300


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "no-length"])
def test_a_body_over_the_size_cap_is_too_large(site: FaultSite, tmp_path: Path, announced: bool) -> None:
    fault = respond(b"<p>x</p>" * (11 * 1024 * 1024 // 8)) if announced else endless()
    url = site.add(LIPUTAN6.path(ARTICLE), fault)
    good = site.add(LIPUTAN6.path(OTHER), respond(LIPUTAN6.article_page(OTHER)))
    run = crawl(tmp_path, f"urls={url},{good}")
    assert f"Dropped {url}: too_large (" in run.stderr
    assert "over DOWNLOAD_MAXSIZE 10485760" in run.stderr
    assert len(site.times(LIPUTAN6.path(ARTICLE))) == 1  # not asked again: it would be as large
    assert stored_ids(tmp_path) == [OTHER.id]


def test_a_url_over_the_length_limit_is_dropped(site: FaultSite, tmp_path: Path) -> None:
    long_article = MirrorArticle("5500003", "news", datetime(2024, 3, 1, 9, 0, tzinfo=WIB))
    long_path = LIPUTAN6.path(long_article) + "-" + "panjang" * 300
    listing = iridescent_list(LIPUTAN6, [ARTICLE, long_article]).replace(
        LIPUTAN6.path(long_article).encode(), long_path.encode()
    )
    site.add("/news", respond(listing))
    site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    run = crawl(tmp_path, f"base_url={site.root}", "channels=news")
    assert run.result.returncode == 0, run.stderr
    assert f"Dropped {site.root}{long_path}: url_too_long (" in run.stderr
    assert long_path not in site.paths()
    assert run.stat("newscrawl/dropped/url_too_long") == 1
    assert stored_ids(tmp_path) == [ARTICLE.id]


def test_retry_after_is_honoured(site: FaultSite, tmp_path: Path) -> None:
    answers = iter([respond(b"busy", 429, {"Retry-After": "2"}), respond(LIPUTAN6.article_page(ARTICLE))])
    url = site.add(LIPUTAN6.path(ARTICLE), lambda handler: next(answers)(handler))
    run = crawl(tmp_path, f"urls={url}")
    assert run.result.returncode == 0, run.stderr
    first, second = site.times(LIPUTAN6.path(ARTICLE))
    assert second - first >= 1.9  # never earlier than the site asked
    assert stored_ids(tmp_path) == [ARTICLE.id]


def test_retry_after_over_the_cap_is_not_retried(site: FaultSite, tmp_path: Path) -> None:
    url = site.add(LIPUTAN6.path(ARTICLE), respond(b"busy", 429, {"Retry-After": "3600"}))
    run = crawl(tmp_path, f"urls={url}", settings=("-s", "NEWSCRAWL_MAX_RETRY_AFTER=60"))
    assert len(site.times(LIPUTAN6.path(ARTICLE))) == 1
    assert "the site asks to wait 3600 s, over NEWSCRAWL_MAX_RETRY_AFTER (60 s)" in run.stderr
    assert f"Dropped {url}: http_429" in run.stderr


# Only the article, only from the site ----------------------------------------------


def test_a_redirect_to_another_host_is_never_followed(site: FaultSite, tmp_path: Path) -> None:
    with FaultSite("127.0.0.2") as elsewhere:
        # The other host serves a page claiming to be an article the store already has.
        elsewhere.add("/fake", respond(LIPUTAN6.article_page(OTHER)))
        site.add("/news", respond(iridescent_list(LIPUTAN6, [ARTICLE])))
        site.add("/bisnis", respond(iridescent_list(LIPUTAN6, [OTHER])))
        site.add(LIPUTAN6.path(OTHER), respond(LIPUTAN6.article_page(OTHER)))
        site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
        first = crawl(tmp_path, f"base_url={site.root}", "channels=news,bisnis", name="first")
        assert first.result.returncode == 0, first.stderr
        changed = MirrorArticle("5500004", "news", datetime(2024, 3, 2, 8, 0, tzinfo=WIB))
        site.add("/news", respond(iridescent_list(LIPUTAN6, [ARTICLE, changed])))
        site.add(LIPUTAN6.path(changed), redirect(elsewhere.url("/fake")))

        second = crawl(tmp_path, f"base_url={site.root}", "channels=news", name="second")

        assert (
            f"Dropped {site.url(LIPUTAN6.path(changed))}: offsite_redirect (redirected to {elsewhere.url('/fake')})"
            in (second.stderr)
        )
        assert elsewhere.paths() == []
        with sqlite3.connect(tmp_path / "store.sqlite3") as database:
            assert database.execute("SELECT COUNT(*) FROM article_versions").fetchone() == (0,)


def test_a_given_url_may_redirect_on_its_own_host(site: FaultSite, tmp_path: Path) -> None:
    old = site.add("/lama/5500001", redirect(site.url(LIPUTAN6.path(ARTICLE)), 301))
    site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    run = crawl(tmp_path, f"urls={old}")
    assert run.result.returncode == 0, run.stderr
    assert stored_ids(tmp_path) == [ARTICLE.id]


def test_a_page_of_another_article_never_replaces_it(site: FaultSite, tmp_path: Path) -> None:
    site.add("/bisnis", respond(iridescent_list(LIPUTAN6, [OTHER])))
    site.add(LIPUTAN6.path(OTHER), respond(LIPUTAN6.article_page(OTHER)))
    crawl(tmp_path, f"base_url={site.root}", "channels=bisnis", name="first")
    # Article 5500001's URL now serves a changed page of article 5500002.
    impostor = LIPUTAN6.article_page(OTHER).replace(b"<p>Berikut petanya:</p>", b"<p>Berikut petanya:</p><p>Palsu.</p>")
    site.add("/news", respond(iridescent_list(LIPUTAN6, [ARTICLE])))
    site.add(LIPUTAN6.path(ARTICLE), respond(impostor))

    run = crawl(tmp_path, f"base_url={site.root}", "channels=news", name="second")

    assert (
        f"Dropped {site.url(LIPUTAN6.path(ARTICLE))}: id_mismatch (the page is article 5500002, its URL names 5500001)"
        in (run.stderr)
    )
    with sqlite3.connect(tmp_path / "store.sqlite3") as database:
        assert database.execute("SELECT COUNT(*) FROM article_versions").fetchone() == (0,)
        (body,) = database.execute("SELECT body FROM articles WHERE id = '5500002'").fetchone()
    assert "Palsu." not in body


def test_a_redirect_loop_is_dropped(site: FaultSite, tmp_path: Path) -> None:
    site.add("/news", respond(iridescent_list(LIPUTAN6, [ARTICLE])))
    site.add(LIPUTAN6.path(ARTICLE), redirect(site.url(LIPUTAN6.path(ARTICLE)) + "?ulang=1"))
    site.add(LIPUTAN6.path(ARTICLE) + "?ulang=1", redirect(site.url(LIPUTAN6.path(ARTICLE))))
    run = crawl(tmp_path, f"base_url={site.root}", "channels=news")
    assert f"Dropped {site.url(LIPUTAN6.path(ARTICLE))}: redirect_loop (more than 5 redirects)" in run.stderr
    assert len(site.times(LIPUTAN6.path(ARTICLE))) == 3


def test_credentials_in_urls_never_reach_the_log(site: FaultSite, tmp_path: Path) -> None:
    host = site.root.removeprefix("http://")
    site.add(LIPUTAN6.path(ARTICLE), respond(LIPUTAN6.article_page(ARTICLE)))
    site.add("/gone", respond(b"gone", 404))
    # A redirect may carry credentials of its own.
    site.add("/moved", redirect(f"http://lain:s3cr3t-two@{host}{LIPUTAN6.path(OTHER)}"))
    site.add(LIPUTAN6.path(OTHER), respond(LIPUTAN6.article_page(OTHER)))
    urls = [f"http://rahasia:s3cr3t-pass@{host}{path}" for path in (LIPUTAN6.path(ARTICLE), "/gone", "/moved")]

    run = crawl(tmp_path, "urls=" + ",".join(urls), settings=("-s", "LOG_LEVEL=DEBUG"))

    for secret in ("s3cr3t-pass", "s3cr3t-two", "rahasia", "lain:"):
        assert secret not in run.stderr
    assert f"Dropped {site.url('/gone')}: http_404" in run.stderr
    assert f"Redirecting (302) to <GET http://***@{host}{LIPUTAN6.path(OTHER)}>" in run.stderr
    # The credentials are sent as HTTP basic authentication, which is what they mean.
    assert site.authorizations[LIPUTAN6.path(ARTICLE)] == "Basic " + base64.b64encode(b"rahasia:s3cr3t-pass").decode()
    assert site.authorizations[LIPUTAN6.path(OTHER)] == "Basic " + base64.b64encode(b"lain:s3cr3t-two").decode()
    assert stored_ids(tmp_path) == [ARTICLE.id, OTHER.id]


def test_a_page_a_browser_was_sent_off_the_site_is_dropped() -> None:
    crawler = project_crawler()
    asked = "http://127.0.0.1:8080" + LIPUTAN6.path(ARTICLE)
    response = HtmlResponse(url="http://127.0.0.2/fake", body=LIPUTAN6.article_page(ARTICLE), request=Request(asked))
    assert list(crawler.spider.parse_article(response)) == []
    assert crawler.stats.get_value("newscrawl/dropped/offsite_redirect") == 1


def test_a_batch_the_store_could_not_commit_is_not_counted(tmp_path: Path) -> None:
    crawler = project_crawler(
        NEWSCRAWL_STORE_PATH=str(tmp_path / "store.sqlite3"),
        NEWSCRAWL_STORE_BATCH_SIZE=4,
        NEWSCRAWL_STORE_COMMIT_INTERVAL=0,
    )
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert pipeline.store is not None
    database = pipeline.store.connection
    # The disk fills up after a few articles.
    (pages,) = database.execute("PRAGMA page_count").fetchone()
    database.execute(f"PRAGMA max_page_count = {pages + 30}")
    record = dict(extract(page_response("article-mobile-global-4464894.html")))
    failures = 0
    for number in range(30):
        try:
            pipeline.process_item({**record, "id": str(5600000 + number)})
        except DropItem:
            failures += 1
    pipeline.close_spider()

    with sqlite3.connect(tmp_path / "store.sqlite3") as check:
        (stored,) = check.execute("SELECT COUNT(*) FROM articles").fetchone()
    stats = crawler.stats
    assert failures and 0 < stored < 30
    assert stats.get_value("newscrawl/store/new") == stored
    assert stats.get_value("newscrawl/store/lost") + stored + failures == 30
