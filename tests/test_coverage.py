"""Field coverage: every emitted article counted per field and source, and a run failed on layout drift."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import PAGES, crawl_settings, page_response, project_crawler, run_scrapy
from localsite import LocalSite, Page
from newscrawl.coverage import FieldCoverage, drift, field_stat
from newscrawl.runs import summarize

THRESHOLDS = {"title": 0.95, "published_at": 0.95, "body": 0.95, "authors": 0.80}


def test_every_emitted_article_is_counted_by_field_and_source() -> None:
    crawler = project_crawler(NEWSCRAWL_STORE_ENABLED=False)
    coverage = FieldCoverage(crawler)
    spider = crawler.spider
    for fixture in ("article-mobile-global-4464894.html", "article-mobile-bisnis-4289456.html"):
        coverage.item_scraped(spider.extract(page_response(fixture)), spider=spider)
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/coverage/articles"] == 2
    assert stats["newscrawl/coverage/articles/text"] == 2
    # Both pages state their time visibly; titles come from JSON-LD first.
    assert stats[field_stat("published_at", "markup")] == 2
    assert stats[field_stat("title", "json_ld")] == 2
    # 4289456's byline names only "Liputan6.com": no author for the coverage count.
    assert stats[field_stat("authors", "markup")] == 1


def test_a_key_field_below_its_threshold_is_layout_drift() -> None:
    stats = {
        "newscrawl/coverage/articles": 40,
        "newscrawl/coverage/articles/text": 30,
        field_stat("title", "json_ld"): 40,
        field_stat("published_at", "markup"): 39,
        field_stat("body", "markup"): 29,
        field_stat("authors", "markup"): 10,
        field_stat("authors", "meta"): 2,
    }
    assert drift(stats, THRESHOLDS, minimum=20) == ["layout drift: authors found in 30% of 40 articles"]
    # Body is expected of text articles only: 29 of 30.
    stats[field_stat("body", "markup")] = 20
    assert "layout drift: body found in 67% of 30 text articles" in drift(stats, THRESHOLDS, minimum=20)
    # Too few articles to judge a layout.
    assert drift(stats, THRESHOLDS, minimum=50) == []


def test_layout_drift_fails_the_run() -> None:
    normal = {"finish_reason": "finished", "downloader/request_count": 25, "downloader/response_count": 25}
    stats = {**normal, "newscrawl/extracted": 25, "newscrawl/coverage/articles": 25}
    stats.update({field_stat("title", "json_ld"): 25, field_stat("published_at", "markup"): 25})
    stats.update({"newscrawl/coverage/articles/text": 25, field_stat("body", "markup"): 25})
    summary = summarize("liputan6", stats, 0.5, store_enabled=False, coverage=THRESHOLDS, coverage_minimum=20)
    assert summary.failed
    assert "layout drift: authors found in 0% of 25 articles" in summary.line()


def test_a_crawl_of_pages_that_lost_their_byline_exits_1_naming_the_field(site: LocalSite, tmp_path: Path) -> None:
    html = (PAGES / "article-mobile-global-4464894.html").read_text("utf-8")
    for pattern in (
        r'<span class="article-header__authors">.*?</span>\s*</span>',  # the visible byline
        r'"author":\{"@type":"Person","name":"Tommy Kurnia"\},',  # JSON-LD
        r'"authors":\{[^}]*\},',  # window.kmklabs.gtm
        r'"reporters":"Tommy Kurnia",',
        r'<ul class="article-credits".*?</ul>',  # the credits list
    ):
        html, count = re.subn(pattern, "", html, flags=re.DOTALL)
        assert count, pattern
    urls = []
    for number in range(4):
        page = html.replace("4464894", f"446489{number}")
        urls.append(site.add(f"/global/read/446489{number}/berita-{number}", Page(page.encode("utf-8"))))
    result = run_scrapy(
        "crawl",
        "liputan6",
        "-a",
        "urls=" + ",".join(urls),
        "-s",
        "NEWSCRAWL_FIELD_COVERAGE_MIN_ARTICLES=3",
        *crawl_settings(None),
    )
    assert result.returncode == 1, result.stderr
    assert "crawl FAILED (layout drift: authors found in 0% of 4 articles)" in result.stderr
