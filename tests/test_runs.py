"""How a finished run is judged for cron (newscrawl.runs.summarize)."""

from __future__ import annotations

from pathlib import Path

from newscrawl.outcomes import DROP_REASONS
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
    assert summary.line() == "liputan6: 7 new, 2 updated, 1 unchanged, 0 known, 1 dropped (finished)"


def test_a_run_with_nothing_new_is_fine() -> None:
    summary = judge(newscrawl__discovery__listing_pages=3, newscrawl__discovery__listed=60)
    assert summary.line() == "liputan6: 0 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"


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
    assert dropped.line() == (
        "liputan6: crawl FAILED (5 of 9 pages dropped): 0 new, 0 updated, 0 unchanged, 0 known, 5 dropped"
    )


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


def test_a_run_whose_listings_all_failed_says_why() -> None:
    one_reason = judge(newscrawl__discovery__listing_errors=18, **{"newscrawl/discovery/listing_errors/http_404": 18})
    assert one_reason.problems == ["no listing could be read: 18 of 18 failed, http_404"]
    several = judge(
        newscrawl__discovery__listing_errors=5,
        **{"newscrawl/discovery/listing_errors/robots_txt": 2, "newscrawl/discovery/listing_errors/http_500": 3},
    )
    assert several.problems == ["no listing could be read: 5 of 5 failed, 3 http_500, 2 robots_txt"]
    # Some listings read: the run goes on with what they showed.
    assert not judge(
        newscrawl__discovery__listing_errors=17, newscrawl__discovery__listing_pages=1, newscrawl__discovery__listed=9
    ).failed


def test_lost_feed_records_and_store_batches_fail_the_run() -> None:
    assert judge(newscrawl__feed__errors=233).problems == ["the feed could not write 233 records"]
    assert judge(**{"feedexport/failed_count/FileFeedStorage": 1}).problems == ["1 feed could not be stored"]
    lost = judge(newscrawl__store__errors=1, newscrawl__store__lost=40, newscrawl__store__new=200)
    assert lost.problems == ["the store failed 1 time, 40 articles not stored"]
    assert lost.line().endswith("200 new, 0 updated, 0 unchanged, 0 known, 0 dropped")


def test_the_new_drop_reasons_count_toward_the_verdict() -> None:
    for reason in ("url_too_long", "redirect_loop", "too_large", "offsite_redirect", "id_mismatch"):
        summary = judge(newscrawl__extracted=1, **{f"newscrawl/dropped/{reason}": 2})
        assert summary.problems == ["2 of 3 pages dropped"]
        assert summary.drops == {reason: 2}


def test_readme_lists_every_drop_reason() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert [reason for reason in DROP_REASONS if f"`{reason}`" not in readme] == []
