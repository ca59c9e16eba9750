"""Every portal's declaration: hosts and URLs, listings, and template selectors that parse."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from newscrawl.page import ElementMatcher, compiled
from newscrawl.portals import PORTALS, kmk
from newscrawl.portals.bola import PORTAL as BOLA
from newscrawl.portals.liputan6 import PORTAL as LIPUTAN6


@pytest.mark.parametrize("name", sorted(PORTALS))
def test_every_portal_is_declared_whole(name: str) -> None:
    portal = PORTALS[name]
    assert portal.name == name and portal.channels and portal.render_wait
    assert portal.home_url.startswith("https://") and portal.owns_host(portal.home_host)
    listings = portal.listings
    for paged in (listings.channel_pages, listings.daily_index):
        if paged is not None:
            assert paged.path(1, channel=portal.channels[0], day=date(2024, 3, 1)).startswith("/")


@pytest.mark.parametrize("template", [*kmk.TEMPLATES, kmk.FALLBACK], ids=lambda template: template.name)
def test_every_template_selector_parses(template: kmk.KmkTemplate) -> None:
    for field in dataclasses.fields(template):
        value = getattr(template, field.name)
        selectors = value if isinstance(value, tuple) else (value,)
        for selector in selectors:
            css = selector[0] if isinstance(selector, tuple) else selector
            if isinstance(css, str) and field.name not in ("name",):
                compiled(css)
    ElementMatcher((template.marker,))


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://m.liputan6.com/bola/read/4240421/x", "https://www.liputan6.com/bola/read/4240421/x"),
        ("https://hot.liputan6.com/read/5043288/x", "https://www.liputan6.com/hot/read/5043288/x"),
        ("http://news.liputan6.com/read/2254252/x?utm_source=a#top", "https://www.liputan6.com/news/read/2254252/x"),
        ("https://www.liputan6.com/news/read/1/x", "https://www.liputan6.com/news/read/1/x"),
        ("https://www.liputan6.com.evil.test/news/read/1/x", None),
        ("https://www.vidio.com/watch/1", None),
        ("mailto:redaksi@liputan6.com", None),
    ],
)
def test_liputan6_links_on_the_site(url: str, expected: str | None) -> None:
    assert LIPUTAN6.site_url(url) == expected


def test_links_are_read_from_the_runs_site_root() -> None:
    root = "http://127.0.0.1:8080"
    assert LIPUTAN6.site_url("https://www.liputan6.com/news/read/1/x", root) == root + "/news/read/1/x"
    assert LIPUTAN6.site_url("http://127.0.0.1:8080/bisnis", root) == root + "/bisnis"
    assert BOLA.site_url("https://m.bola.com/inggris/read/4268187/x", root) == root + "/inggris/read/4268187/x"
    # bola.com has no channel subdomains: another host of the domain is not the site's article.
    assert BOLA.site_url("https://video.bola.com/read/1/x") is None


def test_mobile_urls_are_canonical_on_www() -> None:
    assert LIPUTAN6.canonical_url("https://m.liputan6.com/news/read/1/x") == "https://www.liputan6.com/news/read/1/x"
    assert BOLA.canonical_url("https://m.bola.com/dunia/read/2/y") == "https://www.bola.com/dunia/read/2/y"
    assert LIPUTAN6.canonical_url("https://hot.liputan6.com/read/3/z") == "https://hot.liputan6.com/read/3/z"


def test_article_ids_and_channels_of_urls() -> None:
    assert LIPUTAN6.article_id("https://www.liputan6.com/global/read/4464894/update") == "4464894"
    assert LIPUTAN6.article_id("https://www.liputan6.com/global") is None
    assert LIPUTAN6.channel_of("https://www.liputan6.com/cek-fakta/read/1/x") == "cek-fakta"
    assert BOLA.channel_of("https://www.bola.com/moto-gp/read/1/x") == "moto-gp"
    assert BOLA.channel_of("https://www.bola.com/tag/x") is None
