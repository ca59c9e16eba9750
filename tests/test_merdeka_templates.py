"""merdeka.com pages by template era: each real page is read by its era's template, and a page of
no known era (a redesign) still gives its article through the fallback and ``window.kly``."""

from __future__ import annotations

import re

import pytest

from helpers import PAGES_ROOT, expected_record, html_response, spider_class

PAGES = PAGES_ROOT / "merdeka"
ERAS = {
    "article-desktop-2020-artis-1154773.html": "desktop-2020",
    "article-desktop-2020-jakarta-1198124.html": "desktop-2020",
    "article-desktop-2020-khas-1197505.html": "desktop-2020",
    "article-mobile-2020-artis-1154773.html": "mobile-2020",
    "article-mobile-2020-gaya-395383.html": "mobile-2020",
    "article-mobile-2020-olahraga-1165151.html": "mobile-2020",
    "article-mobile-2020-olahraga-1167203.html": "mobile-2020",
    "article-mobile-2020-peristiwa-1205819.html": "mobile-2020",
    "article-mobile-2020-peristiwa-1205928.html": "mobile-2020",
    "article-mobile-2020-uang-1211083.html": "mobile-2020",
    "article-mobile-2021-artis-1319392.html": "mobile-2021",
    "article-mobile-2021-jateng-1316916.html": "mobile-2021",
    "article-mobile-2021-peristiwa-1319281.html": "video-2021",
}


def test_every_page_is_catalogued() -> None:
    assert sorted(ERAS) == sorted(path.name for path in PAGES.glob("*.html"))


@pytest.mark.parametrize("page", sorted(ERAS))
def test_each_page_is_read_by_its_era(page: str) -> None:
    _, extracted = spider_class("merdeka")().read(html_response((PAGES / page).read_bytes()))
    assert extracted.template == ERAS[page]


def test_a_page_of_no_known_era_keeps_its_article() -> None:
    """The 2021 mobile multi-page article with the era's markers renamed, as a redesign would."""
    page = "article-mobile-2021-jateng-1316916.html"
    html = (PAGES / page).read_text("utf-8")
    html, renamed = re.subn(r"mdk-news-head|mdk-news-detail", "redesigned", html)
    assert renamed
    item, extracted = spider_class("merdeka")().read(html_response(html))
    expected = expected_record(page, portal="merdeka")
    assert extracted.template == "unknown"
    for field in ("id", "title", "authors", "published_at", "channel", "category", "tags", "page_count"):
        assert item[field] == expected[field], field
    assert [part["paragraphs"] for part in item["subsections"]] == [
        part["paragraphs"] for part in expected["subsections"]
    ]
