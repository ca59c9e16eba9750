"""``scrapy browse``: the store in Datasette, looked at in a real headless Chromium.

The store is built by crawling the local mirror (tests/mirror.py): eleven articles
over 1-4 March 2024, one of them (5500007) published at 00:10 WIB, which is the
previous day in UTC, and one (5500008) updated with a paragraph about Semeru that no
other article has.  Tests that need the ``browse`` extra or a browser skip without
them, except where NEWSCRAWL_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from scrapy.settings import Settings

from helpers import OFFLINE_BROWSER, PROJECT_ROOT, crawl_settings, run_scrapy
from localsite import LocalSite
from mirror import WIB, Mirror, default_articles
from newscrawl import browse, rendering

SEMERU = "Gunung Semeru kembali erupsi pagi ini."


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs what is not installed; in CI (NEWSCRAWL_REQUIRE_BROWSER=1) fail it."""
    if os.environ.get("NEWSCRAWL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NEWSCRAWL_REQUIRE_BROWSER=1 and {reason}")
    pytest.skip(reason)


@pytest.fixture
def extra() -> None:
    if importlib.util.find_spec("datasette") is None or importlib.util.find_spec("datasette_dashboards") is None:
        skip_or_fail("the browse extra is not installed (pip install -e '.[browse]')")


@pytest.fixture(scope="module")
def crawled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store filled by a crawl of the mirror, named as the default store is (database ``newscrawl``)."""
    folder = tmp_path_factory.mktemp("browse")
    store = folder / "newscrawl.sqlite3"
    with LocalSite() as site:
        mirror = Mirror(site, default_articles())
        mirror.publish()
        mirror.update("5500008", modified=datetime(2024, 3, 3, 9, 0, tzinfo=WIB), extra_paragraph=SEMERU)
        result = run_scrapy("crawl", "liputan6", "-a", f"base_url={site.root}", *crawl_settings(store))
    assert result.returncode == 0, result.stderr
    return store


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``scrapy browse`` as a user starts it, in a child process, on a free port of 127.0.0.1."""

    def __init__(self, store: Path, *options: str) -> None:
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "browse", "--store", str(store), "--port", str(self.port), *options],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"scrapy browse ended: {self.process.stdout.read()}")
            try:
                with urllib.request.urlopen(self.root + "/-/versions.json", timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("scrapy browse did not answer within 60 s")

    def json(self, path: str) -> dict:
        with urllib.request.urlopen(self.root + path, timeout=30) as response:
            return json.load(response)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)


@pytest.fixture
def server(extra: None, crawled_store: Path) -> Iterator[Server]:
    server = Server(crawled_store)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def chromium() -> str:
    if importlib.util.find_spec("playwright") is None:
        skip_or_fail("Playwright is not installed (pip install -e '.[browser]')")
    try:
        return rendering.find_browser(Settings())
    except rendering.NoBrowser as error:
        skip_or_fail(f"no browser to look with ({error})")
        raise


def test_the_view_counts_days_in_jakarta(crawled_store: Path) -> None:
    with sqlite3.connect(crawled_store) as connection:
        browse.install_view(connection)
        days = dict(connection.execute(f"SELECT id, published_day FROM {browse.VIEW}").fetchall())
        per_day = connection.execute(
            f"SELECT published_day, count(*) FROM {browse.VIEW} GROUP BY published_day ORDER BY published_day"
        ).fetchall()
    # 00:10 WIB on 3 March is 17:10 UTC on 2 March: it counts on 3 March.
    assert days["5500007"] == "2024-03-03"
    assert per_day == [("2024-03-01", 3), ("2024-03-02", 3), ("2024-03-03", 3), ("2024-03-04", 2)]


def test_the_view_is_written_once_and_replaced_when_its_definition_changes(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    with sqlite3.connect(store, isolation_level=None) as connection:
        connection.execute("CREATE TABLE articles (published_utc TEXT)")
        assert browse.install_view(connection) is True
        assert browse.install_view(connection) is False
        connection.execute(f"DROP VIEW {browse.VIEW}")
        connection.execute(f"CREATE VIEW {browse.VIEW} AS SELECT published_utc FROM articles")
        assert browse.install_view(connection) is True
        (sql,) = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (browse.VIEW,)).fetchone()
    assert sql == browse.VIEW_SQL


def test_a_person_sees_the_articles_finds_one_and_sees_the_chart(server: Server, chromium: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=[*rendering.LAUNCH_ARGS, *OFFLINE_BROWSER["args"]],
            proxy=OFFLINE_BROWSER["proxy"],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("request", lambda request: requested.append(request.url))

            page.goto(f"{server.root}/newscrawl/{browse.VIEW}")
            page.screenshot(path=tmp_path / "articles.png", full_page=True)
            assert page.locator("h1").inner_text() == "Articles (view)"
            assert page.locator("h3").first.inner_text().startswith("11 rows")
            day_facet = page.locator(".facet-info[data-column='published_day']")
            assert "2024-03-03" in day_facet.inner_text()
            assert day_facet.locator("li", has_text="2024-03-03").inner_text().endswith("3")
            source_link = page.locator("td.col-url a").first
            assert source_link.get_attribute("href").startswith("https://www.liputan6.com/")

            page.fill("input[name=_search]", "semeru")
            page.locator("input[name=_search]").press("Enter")
            page.wait_for_url("**_search=semeru**")
            page.screenshot(path=tmp_path / "search.png", full_page=True)
            assert "1 row where search matches" in page.locator("h3").first.inner_text()
            assert page.locator("td.col-title").all_inner_texts() == ["Berita Global nomor 5500008"]

            page.goto(f"{server.root}/-/dashboards/articles")
            chart = page.locator("#chart-per-day")
            chart.locator("canvas, svg").first.wait_for(timeout=30_000)
            page.screenshot(path=tmp_path / "chart.png", full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "articles.png").stat().st_size > 0
    # Everything the pages load (scripts of the chart included) comes from the local server.
    assert requested and all(url.startswith(server.root) for url in requested), [
        url for url in requested if not url.startswith(server.root)
    ]


def test_the_chart_counts_articles_per_local_day_and_channel(server: Server) -> None:
    charts = server.json("/-/metadata.json")["plugins"]["datasette-dashboards"]["articles"]["charts"]
    query = urllib.parse.quote(charts["per-day"]["query"])
    rows = server.json(f"/newscrawl.json?sql={query}&_shape=array")
    assert {(row["day"], row["channel"]): row["articles"] for row in rows} == {
        ("2024-03-01", "News"): 1,
        ("2024-03-01", "Bisnis"): 1,
        ("2024-03-01", "Global"): 1,
        ("2024-03-02", "News"): 2,
        ("2024-03-02", "Hot"): 1,
        ("2024-03-03", "Bisnis"): 1,
        ("2024-03-03", "Global"): 1,
        ("2024-03-03", "News"): 1,
        ("2024-03-04", "News"): 1,
        ("2024-03-04", "Bisnis"): 1,
    }


def test_an_immutable_store_is_served_and_not_touched(extra: None, crawled_store: Path, tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.sqlite3"
    with sqlite3.connect(crawled_store) as live, sqlite3.connect(snapshot) as copy:
        browse.install_view(live)
        live.backup(copy)
    before = snapshot.read_bytes()
    server = Server(snapshot, "--immutable")
    try:
        server.wait_ready()
        found = server.json(f"/snapshot/{browse.VIEW}.json?_search=semeru&_shape=array")
    finally:
        server.stop()
    assert [row["id"] for row in found] == ["5500008"]
    assert snapshot.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["snapshot.sqlite3"]


def test_no_store_is_a_one_line_error(extra: None, tmp_path: Path) -> None:
    result = run_scrapy("browse", "--store", str(tmp_path / "missing.sqlite3"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"scrapy browse: error: no article store at {str(tmp_path / 'missing.sqlite3')!r}; crawl first or give --store"
    ]
