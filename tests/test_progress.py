"""Progress of a long run in the log (newscrawl.extensions.Progress)."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import crawl_settings, run_scrapy
from localsite import LocalSite
from mirror import Mirror, default_articles
from newscrawl import outcomes
from newscrawl.extensions import progress_line


def test_the_line_says_how_far_and_how_long_still() -> None:
    stats = {outcomes.ARTICLES_QUEUED: 100, outcomes.ARTICLES_DONE: 40, outcomes.LISTING_PAGES: 5}
    assert progress_line(stats, elapsed=120) == (
        "Progress: 40 of 100 articles found so far done, 5 listing pages read;"
        " 20 articles a minute, about 3 min left for the articles found so far"
    )


def test_long_estimates_are_in_hours_and_none_is_made_before_an_article_is_done() -> None:
    stats = {outcomes.ARTICLES_QUEUED: 3000, outcomes.ARTICLES_DONE: 60, outcomes.LISTING_PAGES: 20}
    assert progress_line(stats, elapsed=60).endswith(
        "60 articles a minute, about 49 min left for the articles found so far"
    )
    stats[outcomes.ARTICLES_DONE] = 20
    assert progress_line(stats, elapsed=60).endswith("about 2.5 h left for the articles found so far")
    stats[outcomes.ARTICLES_DONE] = 2990
    assert progress_line(stats, elapsed=600).endswith("less than a minute left for the articles found so far")
    assert progress_line({outcomes.LISTING_PAGES: 2}, elapsed=30) == (
        "Progress: 0 of 0 articles found so far done, 2 listing pages read"
    )


def crawl(site: LocalSite, tmp_path: Path, interval: str) -> str:
    mirror = Mirror(site, default_articles())
    mirror.publish()
    result = run_scrapy(
        "crawl",
        "liputan6",
        "-a",
        f"base_url={site.root}",
        *crawl_settings(tmp_path / "store.sqlite3"),
        "-s",
        f"NEWSCRAWL_PROGRESS_INTERVAL={interval}",
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_a_run_logs_its_progress_and_counts_every_article_it_queued_as_done(site: LocalSite, tmp_path: Path) -> None:
    log = crawl(site, tmp_path, interval="0.01")
    assert re.search(r"\[newscrawl\.extensions\] INFO: Progress: \d+ of \d+ articles found so far done", log)
    assert "'newscrawl/articles/queued': 11," in log
    assert "'newscrawl/articles/done': 11," in log


def test_no_progress_lines_with_interval_0(site: LocalSite, tmp_path: Path) -> None:
    assert "INFO: Progress:" not in crawl(site, tmp_path, interval="0")
