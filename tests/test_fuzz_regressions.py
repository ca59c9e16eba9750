"""Crashes and wrong records the extraction fuzzer (tests/test_fuzz_extraction.py) found, kept as plain examples."""

from __future__ import annotations

import json

from helpers import PAGES, html_response, project_crawler

URL = "https://www.liputan6.com/global/read/4464894/update"


def mobile_page_with(old: str, new: str) -> str:
    page = (PAGES / "article-mobile-global-4464894.html").read_text("utf-8")
    assert old in page
    return page.replace(old, new, 1)


def test_lone_surrogates_in_json_text_never_reach_the_article() -> None:
    """JSON may escape a lone surrogate ("\\ud800"); an item holding one cannot be written as UTF-8."""
    headline = '"headline":"Update 23 Januari 2021'
    body = mobile_page_with(headline, headline.replace("Update", "\\ud800Update\\udfff"))
    item, _ = project_crawler().spider.read(html_response(body, url=URL))
    assert item["title"].startswith("Update 23 Januari 2021")
    json.dumps(dict(item), ensure_ascii=False).encode("utf-8")


def test_invalid_utf8_in_an_attribute_is_read_as_replaced_text() -> None:
    """A lone surrogate's bytes in an attribute: lxml 4.9 (libxml2 2.9) raised UnicodeDecodeError reading it."""
    lone_surrogate = "\ud800".encode("utf-8", "surrogatepass")
    body = mobile_page_with('<meta charset="utf-8">', '<meta name="x" content="a">').encode("utf-8")
    body = body.replace(b'content="a"', b'content="a' + lone_surrogate + b'"', 1)
    item, _ = project_crawler().spider.read(html_response(body, url=URL))
    assert item["id"] == "4464894"
