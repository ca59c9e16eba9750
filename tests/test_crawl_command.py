"""``scrapy crawl liputan6`` end to end, as a user runs it, against a site on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import crawl_settings, run_scrapy
from localsite import LocalSite
from newscrawl.arguments import CrawlArguments
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.portals import PORTALS

ARTICLE_PAGES = {
    "/global/read/4464894/update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta": (
        "article-mobile-global-4464894.html"
    ),
    "/bisnis/read/4289456/awasi-jalannya-protokol-kesehatan-pengelola-mal-ikut-bentuk-gugus-tugas": (
        "article-mobile-bisnis-4289456.html"
    ),
    "/hot/read/5043288/istri-evan-marvino-temukan-paket-misterius-kertas-bertuliskan-arab-bikin-resah": (
        "article-mobile-hot-5043288.html"
    ),
    "/read/2254252/wapres-jk-dan-ahok-blusukan-dari-udara": "article-desktop-2015-news-2254252.html",
    "/read/2436773/tri-indonesia-broadband-dorong-ekosistem-digital-dalam-negeri": (
        "article-desktop-2016-tekno-2436773.html"
    ),
}


def read_jsonl(path: Path) -> list[dict]:
    text = path.read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_crawl_given_urls_to_json_lines(site: LocalSite, tmp_path: Path) -> None:
    urls = [site.add_fixture(path, fixture) for path, fixture in ARTICLE_PAGES.items()]
    site.add_fixture("/", "homepage-desktop-2025-04-03.html")
    urls += [site.url("/"), site.url("/news/read/1/gone")]  # a homepage and a 404
    output = tmp_path / "articles.jsonl"

    result = run_scrapy(
        "crawl",
        "liputan6",
        "-a",
        "urls=" + ",".join(urls),
        "-O",
        str(output),
        *crawl_settings(tmp_path / "store.sqlite3"),
    )

    assert result.returncode == 0, result.stderr
    articles = read_jsonl(output)
    assert sorted(article["id"] for article in articles) == ["2254252", "2436773", "4289456", "4464894", "5043288"]
    for article in articles:
        assert list(article) == list(ARTICLE_FIELDS)
        assert article["portal"] == "liputan6"
    # The feed is UTF-8 text, not \u escapes.
    assert "“Jadi saya yakin" in output.read_text("utf-8")
    # Canonical URLs, whatever host served the page.
    assert {a["url"] for a in articles} >= {
        "https://www.liputan6.com/hot/read/5043288/istri-evan-marvino-temukan-paket-misterius-kertas-bertuliskan-arab-bikin-resah"
    }
    assert f"Dropped {site.url('/')}: not_article" in result.stderr
    assert f"Dropped {site.url('/news/read/1/gone')}: http_404" in result.stderr
    assert "'newscrawl/dropped/not_article': 1" in result.stderr
    assert "'newscrawl/dropped/http_404': 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_crawl_urls_from_a_file(site: LocalSite, tmp_path: Path) -> None:
    path, fixture = next(iter(ARTICLE_PAGES.items()))
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(f"# articles to fetch\n\n{site.add_fixture(path, fixture)}\n", encoding="utf-8")
    output = tmp_path / "articles.jsonl"

    result = run_scrapy("crawl", "liputan6", "-a", f"urls_file={urls_file}", "-O", str(output), *crawl_settings(None))

    assert result.returncode == 0, result.stderr
    assert [article["id"] for article in read_jsonl(output)] == ["4464894"]
    assert site.fetched(path) == 1


@pytest.mark.parametrize(
    "argument,message",
    [
        (
            "urls=www.liputan6.com/news/read/1/x",
            "urls: 'www.liputan6.com/news/read/1/x' is not an absolute http(s) URL",
        ),
        (
            "urls_file=/nonexistent/urls.txt",
            "urls_file: cannot read '/nonexistent/urls.txt': No such file or directory",
        ),
        ("base_url=127.0.0.1:8080", "base_url: '127.0.0.1:8080' is not an absolute http(s) URL"),
        ("since=kemarin", "since: 'kemarin' is not a date (YYYY-MM-DD) or an ISO time"),
        ("until=2023-10-31", "until: give since as well (a backfill needs both ends)"),
        ("max_articles=0", "max_articles: '0' is not a positive whole number"),
        ("refresh=maybe", "refresh: 'maybe' is not 1 or 0"),
    ],
)
def test_malformed_argument_stops_with_one_line(argument: str, message: str) -> None:
    result = run_scrapy("crawl", "liputan6", "-a", argument)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"scrapy crawl liputan6: error: {message}"]


def test_help_lists_every_spider_argument_and_portal() -> None:
    result = run_scrapy("crawl", "liputan6", "-h")
    assert result.returncode == 0, result.stderr
    for name in CrawlArguments.model_fields:
        assert f"\n  {name}: " in result.stdout
    for portal in PORTALS.values():
        assert f"\n  {portal.name}: {portal.home_url}" in result.stdout


def test_an_unknown_argument_names_the_nearest_known_one(tmp_path: Path) -> None:
    result = run_scrapy("crawl", "liputan6", "-a", "chanels=news", *crawl_settings(tmp_path / "store.sqlite3"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "scrapy crawl liputan6: error: chanels: unknown argument (did you mean channels?); known: "
        + ", ".join(CrawlArguments.model_fields)
    ]
