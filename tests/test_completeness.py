"""The completeness check: what a complete article has, by type, and parts the page announces."""

from __future__ import annotations

import lxml.html

from helpers import PAGES, html_response, page_response
from newscrawl.completeness import missing
from newscrawl.spiders.liputan6 import Liputan6Spider

FIXTURE = "article-mobile-global-4464894.html"
DATED = {"title": "T", "published_at": "2021-01-23T13:30:00+07:00"}


def article_and_lacks(response) -> tuple[dict, list[str]]:
    item, extracted = Liputan6Spider().read(response)
    return item, missing(item, extracted.parts_present)


def test_complete_articles_lack_nothing() -> None:
    # Parts 4 and 5 hold no paragraph text and are left out of subsections: still complete.
    item, lacks = article_and_lacks(page_response(FIXTURE))
    assert (item["page_count"], len(item["subsections"])) == (5, 3)
    assert lacks == []


def test_a_page_announcing_more_parts_than_it_holds_is_incomplete() -> None:
    html = (PAGES / FIXTURE).read_text("utf-8")
    # Cut the last two parts, as a page does that loads them on "Lanjutkan Membaca".
    document = lxml.html.document_fromstring(html)
    for part in document.cssselect(".article-content-body .article-content-body__item")[3:]:
        part.getparent().remove(part)
    _, lacks = article_and_lacks(html_response(lxml.html.tostring(document, encoding="unicode")))
    assert lacks == ["3 of 5 parts"]


def test_what_an_article_lacks_by_type() -> None:
    assert missing({"type": "text", "page_count": 1}, 0) == ["no title", "no date", "no body text"]
    # A photo article is its photos; its text is optional.
    assert missing({**DATED, "type": "photo", "body": "", "images": [{"url": "https://x.test/1.jpg"}]}, 0) == []
    assert missing({**DATED, "type": "photo", "body": "Teks.", "images": []}, 0) == ["no photo"]
    # A video article's player is not in the HTML: title and date make it.
    assert missing({**DATED, "type": "video", "body": "", "images": []}, 0) == []
    # A portal that does not count its parts skips that check.
    assert missing({**DATED, "type": "text", "body": "Teks.", "page_count": 3}, None) == []
