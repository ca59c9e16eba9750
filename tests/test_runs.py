"""How a finished run is judged for cron (newscrawl.runs.summarize)."""

from __future__ import annotations

from newscrawl.runs import summarize


def judge(**stats: object):
    normal = {"finish_reason": "finished", "downloader/request_count": 10, "downloader/response_count": 10}
    keys = {key.replace("__", "/"): value for key, value in stats.items()}
    return summarize("liputan6", {**normal, **keys}, max_drop_share=0.5, store_enabled=True)


def test_a_normal_run() -> None:
    summary = judge(
        newscrawl__extracted=10,
        newscrawl__article_pages=11,
        newscrawl__dropped__http_404=1,
        newscrawl__store__new=7,
        newscrawl__store__updated=2,
        newscrawl__store__unchanged=1,
    )
    assert not summary.failed
    assert summary.line() == "liputan6: 7 new, 2 updated, 1 unchanged, 1 dropped (finished)"


def test_a_run_with_nothing_new_is_fine() -> None:
    summary = judge(newscrawl__discovery__listing_pages=3, newscrawl__discovery__listed=60)
    assert summary.line() == "liputan6: 0 new, 0 updated, 0 unchanged, 0 dropped (finished)"


def test_failures() -> None:
    assert judge(newscrawl__article_pages=4).problems == ["no article extracted from 4 article pages"]
    assert judge(newscrawl__discovery__listing_pages=2).problems == ["no article link in 2 listing pages"]
    assert judge(**{"downloader/response_count": 0}).problems == ["the site did not answer"]
    assert judge(finish_reason="shutdown").problems == ["the crawl was interrupted (shutdown)"]
    assert judge(spider_exceptions__KeyError=2).problems == ["the spider raised 2 errors"]
    assert judge(newscrawl__store__errors=1).problems == ["the store failed 1 time"]
    assert judge(newscrawl__archive__errors=3).problems == ["the archive failed 3 times"]
    dropped = judge(newscrawl__extracted=4, newscrawl__article_pages=9, newscrawl__dropped__not_article=5)
    assert dropped.problems == ["5 of 9 pages dropped"]
    assert dropped.line() == "liputan6: crawl FAILED (5 of 9 pages dropped): 0 new, 0 updated, 0 unchanged, 5 dropped"


def test_duplicates_are_not_a_failure_and_at_most_half_dropped_is_tolerated() -> None:
    assert not judge(newscrawl__extracted=2, newscrawl__dropped__duplicate=10).failed
    assert not judge(newscrawl__extracted=2, newscrawl__dropped__http_404=2).failed


def test_without_the_store_the_line_counts_articles() -> None:
    summary = summarize(
        "liputan6",
        {"finish_reason": "finished", "item_scraped_count": 3, "newscrawl/extracted": 3},
        max_drop_share=0.5,
        store_enabled=False,
    )
    assert summary.line() == "liputan6: 3 articles, 0 dropped (finished)"
