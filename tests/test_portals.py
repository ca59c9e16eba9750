"""Every portal's declaration: hosts and URLs, listings, and template selectors that parse."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from newscrawl.page import ElementMatcher, compiled
from newscrawl.portals import PORTALS, kmk, merdeka
from newscrawl.portals.bola import PORTAL as BOLA
from newscrawl.portals.liputan6 import PORTAL as LIPUTAN6
from newscrawl.portals.merdeka import PORTAL as MERDEKA


@pytest.mark.parametrize("name", sorted(PORTALS))
def test_every_portal_is_declared_whole(name: str) -> None:
    portal = PORTALS[name]
    assert portal.name == name and portal.channels and portal.render_wait
    assert portal.home_url.startswith("https://") and portal.owns_host(portal.home_host)
    listings = portal.listings
    for paged in (listings.channel_pages, listings.daily_index):
        if paged is not None:
            assert paged.path(1, channel=portal.channels[0], day=date(2024, 3, 1)).startswith("/")


TEMPLATES = {
    **{f"kmk/{template.name}": template for template in (*kmk.TEMPLATES, kmk.FALLBACK)},
    **{f"merdeka/{template.name}": template for template in (*merdeka.TEMPLATES, merdeka.FALLBACK)},
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_selector_parses(name: str) -> None:
    template = TEMPLATES[name]
    for field in dataclasses.fields(template):
        value = getattr(template, field.name)
        selectors = value if isinstance(value, tuple) else (value,)
        for selector in selectors:
            css = selector[0] if isinstance(selector, tuple) else selector
            if isinstance(css, str) and field.name not in ("name",):
                compiled(css)
    # Tested on one element at a time: compound selectors only.
    ElementMatcher((template.marker, *getattr(template, "noise", ()), *getattr(template, "caption_lines", ())))


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


@pytest.mark.parametrize(
    "path,article_id",
    [
        ("/peristiwa/arahan-menpora-untuk-8-paskibraka.html", None),
        ("/cek-fakta/hoaks-foto-banjir.html", None),
        ("/video/peristiwa/video-aksi-paul-pogba-singkirkan-botol-bir.html", None),
        ("/foto/olahraga/1167203/20200415143901-penari-balet-giat-berlatih-di-tengah-pandemi-001-nfi.html", "1167203"),
        # A photo gallery's landing page, as feeds and channel pages link it.
        ("/foto/olahraga/penari-balet-giat-berlatih-di-tengah-pandemi.html", None),
    ],
)
def test_merdeka_article_urls(path: str, article_id: str | None) -> None:
    url = "https://www.merdeka.com" + path
    assert MERDEKA.is_article_url(url)
    assert MERDEKA.article_id(url) == article_id
    assert MERDEKA.article_key(url) == (article_id or url)


@pytest.mark.parametrize(
    "path",
    [
        "/peristiwa/",
        "/peristiwa/index2/",
        "/peristiwa/index.html",
        "/peristiwa/kriminal/",
        "/indeks-berita/2020/08/06/index2.html",
        "/tag/j/jakarta/",
        "/reporter/bagus-suryadinata/",
        "/company/disclaimer.html",
        "/infeed/wrapper.html",
    ],
)
def test_merdeka_pages_that_are_not_articles(path: str) -> None:
    assert not MERDEKA.is_article_url("https://www.merdeka.com" + path)


def test_merdeka_links_keys_and_times() -> None:
    root = "http://127.0.0.1:8080"
    mobile = "http://m.merdeka.com/peristiwa/arahan-menpora-untuk-8-paskibraka.html?utm_source=x"
    assert MERDEKA.site_url(mobile, root) == root + "/peristiwa/arahan-menpora-untuk-8-paskibraka.html"
    # A listed article is known by its canonical URL, whichever host or run root listed it.
    assert MERDEKA.article_key(root + "/peristiwa/arahan-menpora-untuk-8-paskibraka.html") == (
        "https://www.merdeka.com/peristiwa/arahan-menpora-untuk-8-paskibraka.html"
    )
    assert MERDEKA.channel_of("https://www.merdeka.com/foto/artis/1319392/x-001-y.html") == "foto"
    assert MERDEKA.channel_of("https://www.merdeka.com/jateng/x.html") == "jateng"
    # Subsites of the domain are not the site's articles.
    assert MERDEKA.site_url("https://banyuwangi.merdeka.com/peristiwa/x.html") is None
    wrong_sign = datetime.fromisoformat("2021-06-10T18:50:00-07:00")
    assert MERDEKA.corrected_time(wrong_sign).isoformat() == "2021-06-10T18:50:00+07:00"


def test_a_site_wide_daily_index() -> None:
    index = MERDEKA.listings.daily_index
    assert index is not None and not index.per_channel
    assert index.path(1, day=date(2024, 3, 2)) == "/indeks-berita/2024/03/02/"
    assert index.path(2, day=date(2024, 3, 2)) == "/indeks-berita/2024/03/02/index2.html"
    assert LIPUTAN6.listings.daily_index is not None and LIPUTAN6.listings.daily_index.per_channel
