"""Every contract field of every article page in tests/pages, for every portal.

Each page ``tests/pages/<portal>/<name>.html`` has its expected record beside it in
``<name>.json``: every contract key but ``body`` (the paragraphs joined),
``published_day`` (the Jakarta day of ``published_at``) and ``crawled_at`` (the time
of the test), and an optional ``$comment`` object saying where on the page a value
was read.  The expected values were written down by reading each page (its visible
text, head meta, JSON-LD and script objects), not by running the extractor.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from helpers import PAGES_ROOT, extract, page_response
from newscrawl.items import ARTICLE_FIELDS

EXPECTED = sorted(PAGES_ROOT.glob("*/*.json"))


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module", params=EXPECTED, ids=_name)
def article(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    path: Path = request.param
    expected = json.loads(path.read_text("utf-8"))
    expected.pop("$comment", None)
    response = page_response(path.with_suffix(".html"), url="http://127.0.0.1:8000/mirror/page")
    item = extract(response, portal=path.parent.name)
    return dict(item), expected


DERIVED = ("body", "published_day", "crawled_at")


@pytest.mark.parametrize("field", [f for f in ARTICLE_FIELDS if f not in DERIVED])
def test_field(article: tuple[dict, dict], field: str) -> None:
    item, expected = article
    assert item[field] == expected[field]


def test_body_is_the_paragraphs_joined(article: tuple[dict, dict]) -> None:
    item, expected = article
    paragraphs = [p for part in expected["subsections"] for p in part["paragraphs"]]
    assert item["body"] == "\n\n".join(paragraphs)


def test_published_day_is_the_day_of_publication_in_jakarta(article: tuple[dict, dict]) -> None:
    item, expected = article
    published = datetime.fromisoformat(expected["published_at"])
    assert item["published_day"] == published.astimezone(timezone(timedelta(hours=7))).date().isoformat()


def test_crawled_at_is_now_in_utc(article: tuple[dict, dict]) -> None:
    item, _ = article
    crawled = datetime.fromisoformat(item["crawled_at"])
    assert crawled.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - crawled) < timedelta(minutes=5)


def test_every_contract_key_is_present_and_nothing_else(article: tuple[dict, dict]) -> None:
    item, expected = article
    assert set(item) == set(ARTICLE_FIELDS)
    assert set(expected) == set(ARTICLE_FIELDS) - set(DERIVED)
