"""Local mirrors of the portals for discovery tests, each built from one of the portal's real article pages.

Every mirror article is a real article page of its portal with its id, slug, title,
channel and times rewritten, so the crawler meets the site's genuine markup; the
listings list them newest first in the shape the real site serves (its URLs, its
listing markup, its links), as the research notes on each portal's listings found
them:

- liputan6.com: homepage, channel pages ``/<channel>?page=N``, daily indexes
  ``/<channel>/indeks/YYYY/MM/DD?page=N`` (iridescent-list markup), a sitemap index
  and a news sitemap with update times; absolute www links;
- bola.com: homepage and channel pages of one page each (iridescent-list markup),
  daily indexes ``/<channel>/indeks/YYYY/MM/DD?page=N`` (articles--rows markup), no
  sitemap; absolute www links;
- merdeka.com: homepage (relative links, relative times), channel pages
  ``/<channel>/``, ``/<channel>/index2/`` (absolute links, relative times), the daily
  index of the whole site ``/indeks-berita/YYYY/MM/DD/``, ``.../index2.html`` (relative
  links, times without zone), a Google News sitemap ``/sitemap.xml`` (publication
  times, no update times); text article URLs without an id.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from html import escape

from helpers import PAGES_ROOT
from localsite import LocalSite, Page

WIB = timezone(timedelta(hours=7))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTH_NAMES = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
XML = "application/xml"


@dataclass(frozen=True)
class MirrorArticle:
    id: str
    channel: str
    published: datetime
    modified: datetime | None = None
    extra_paragraph: str = ""

    @property
    def slug(self) -> str:
        return f"berita-{self.channel}-nomor-{self.id}"

    @property
    def changed(self) -> datetime:
        return self.modified or self.published


def _visible(moment: datetime) -> str:
    """ "01 Mar 2024, 08:00 WIB", as KMK pages and listings show a time."""
    return f"{moment.day:02d} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} WIB"


def _newest_first(articles: list[MirrorArticle]) -> list[MirrorArticle]:
    return sorted(articles, key=lambda article: article.published, reverse=True)


def _chunks(articles: list[MirrorArticle], size: int) -> list[list[MirrorArticle]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def _rewritten(html: str, replacements: list[tuple[str, str]]) -> str:
    for old, new in replacements:
        assert old in html, f"the template page no longer holds {old!r}"
        html = html.replace(old, new)
    return html


class SiteShape(ABC):
    """What a mirror copies of one portal: its article URLs and pages, and its listings."""

    portal: str
    home: str
    #: Four channels (slug: display name), in the roles of ``default_articles``.
    channels: dict[str, str]
    first_id: int

    def title(self, article: MirrorArticle) -> str:
        return f"Berita {self.channels[article.channel]} nomor {article.id}"

    @abstractmethod
    def path(self, article: MirrorArticle) -> str: ...

    def www_url(self, article: MirrorArticle) -> str:
        return self.home + self.path(article)

    @abstractmethod
    def article_page(self, article: MirrorArticle) -> bytes: ...

    @abstractmethod
    def channel_path(self, channel: str, page: int) -> str | None:
        """The path of a channel's listing page, None where the site has no such page."""

    @abstractmethod
    def index_path(self, day: date, page: int, channel: str | None = None) -> str:
        """The path of a daily index page (of a channel where the site has one per channel)."""

    @abstractmethod
    def listings(self, articles: list[MirrorArticle], per_page: int, index_per_page: int) -> dict[str, Page]:
        """Every listing page, by path."""


class Liputan6(SiteShape):
    """liputan6.com: every mirror article is the real mobile page of article 4464894."""

    portal = "liputan6"
    home = "https://www.liputan6.com"
    channels = {"news": "News", "bisnis": "Bisnis", "global": "Global", "hot": "Hot"}
    first_id = 5500000
    template = "liputan6/article-mobile-global-4464894.html"

    def path(self, article: MirrorArticle) -> str:
        return f"/{article.channel}/read/{article.id}/{article.slug}"

    def article_page(self, article: MirrorArticle) -> bytes:
        html = (PAGES_ROOT / self.template).read_text("utf-8")
        name = self.channels[article.channel]
        html = _rewritten(
            html,
            [
                ("global/read/4464894", f"{article.channel}/read/{article.id}"),
                ("global\\/read\\/4464894", f"{article.channel}\\/read\\/{article.id}"),
                ("4464894", article.id),
                ("update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta", article.slug),
                ("Update 23 Januari 2021: 98 Juta Kasus COVID-19 di Dunia, Akan Tembus 100 Juta?", self.title(article)),
                ("pada 23 Jan 2021, 13:30 WIB", f"pada {_visible(article.published)}"),
                ("</span>23 Jan 2021, 13:30 WIB", f"</span>{_visible(article.changed)}"),
                ("2021-01-23T13:30:00+07:00", article.published.isoformat()),
                ("2021-01-23T13:11:14+07:00", article.changed.isoformat()),
                ("2021-01-23 13:30:00", f"{article.published:%Y-%m-%d %H:%M:%S}"),
                ('"publicationDate":"2021-01-23"', f'"publicationDate":"{article.published:%Y-%m-%d}"'),
                ('"publicationTime":"13:30:00"', f'"publicationTime":"{article.published:%H:%M:%S}"'),
                ('"name":"Global","full_slug":"global"', f'"name":"{name}","full_slug":"{article.channel}"'),
                ('data-category="Global"', f'data-category="{name}"'),
            ],
        )
        if article.extra_paragraph:
            html = html.replace(
                "<p>Berikut petanya:</p>", f"<p>Berikut petanya:</p><p>{escape(article.extra_paragraph)}</p>", 1
            )
        return html.encode("utf-8")

    def channel_path(self, channel: str, page: int) -> str | None:
        return f"/{channel}" + (f"?page={page}" if page > 1 else "")

    def index_path(self, day: date, page: int, channel: str | None = None) -> str:
        return f"/{channel}/indeks/{day:%Y/%m/%d}" + (f"?page={page}" if page > 1 else "")

    def listings(self, articles: list[MirrorArticle], per_page: int, index_per_page: int) -> dict[str, Page]:
        pages = {
            "/": Page(iridescent_list(self, articles)),
            "/sitemap.xml": Page(self.sitemap_index(), content_type=XML),
            "/sitemap-news.xml": Page(self.sitemap(articles), content_type=XML),
        }
        for channel in self.channels:
            listed = _newest_first([a for a in articles if a.channel == channel])
            for number, chunk in enumerate(_chunks(listed, per_page) or [[]], start=1):
                pages[self.channel_path(channel, number)] = Page(iridescent_list(self, chunk))
            pages.update(_daily(self, listed, index_per_page, lambda chunk: iridescent_list(self, chunk), channel))
        return pages

    def sitemap(self, articles: list[MirrorArticle]) -> bytes:
        entries = "".join(
            f"<url><loc>{self.www_url(article)}</loc><lastmod>{article.changed.isoformat()}</lastmod>"
            f"<news:news><news:publication_date>{article.published.isoformat()}</news:publication_date>"
            "</news:news></url>"
            for article in sorted(articles, key=lambda a: a.changed, reverse=True)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
        ).encode()

    def sitemap_index(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.home}/sitemap-news.xml</loc></sitemap></sitemapindex>"
        ).encode()


class Bola(SiteShape):
    """bola.com: every mirror article is the real mobile page of article 4268662 (three parts)."""

    portal = "bola"
    home = "https://www.bola.com"
    channels = {"indonesia": "Indonesia", "inggris": "Inggris", "spanyol": "Spanyol", "dunia": "Dunia"}
    first_id = 4600000
    template = "bola/article-mobile-2020-inggris-4268662.html"

    def path(self, article: MirrorArticle) -> str:
        return f"/{article.channel}/read/{article.id}/{article.slug}"

    def article_page(self, article: MirrorArticle) -> bytes:
        html = (PAGES_ROOT / self.template).read_text("utf-8")
        name = self.channels[article.channel]
        published, changed = article.published, article.changed
        html = _rewritten(
            html,
            [
                ("inggris/read/4268662", f"{article.channel}/read/{article.id}"),
                ("4268662", article.id),
                ("beri-penghormatan-atas-kematian-george-floyd-pemain-liverpool-berlutut-di-anfield", article.slug),
                (
                    "Beri Penghormatan atas Kematian George Floyd, Pemain Liverpool Berlutut di Anfield",
                    self.title(article),
                ),
                ("pada 02 Jun 2020, 14:30 WIB", f"pada {_visible(published)}"),
                ("</span>02 Jun 2020, 14:30 WIB", f"</span>{_visible(changed)}"),
                ("2020-06-02T14:30:31+07:00", published.isoformat()),
                # bola.com states a scheduling time as the modified time; here, the update's.
                ("2020-06-02T12:55:35+07:00", changed.isoformat()),
                ("2020-06-02 14:30:31", f"{published:%Y-%m-%d %H:%M:%S}"),
                ('"publicationDate":"2020-06-02"', f'"publicationDate":"{published:%Y-%m-%d}"'),
                ('"publicationTime":"14:30:31"', f'"publicationTime":"{published:%H:%M:%S}"'),
                ('"name":"Inggris","full_slug":"inggris"', f'"name":"{name}","full_slug":"{article.channel}"'),
                ('data-category="Inggris"', f'data-category="{name}"'),
                ('content="Inggris"', f'content="{name}"'),
            ],
        )
        if article.extra_paragraph:
            html = html.replace(
                "dan Trent Alexander-Arnold.</p>",
                f"dan Trent Alexander-Arnold.</p><p>{escape(article.extra_paragraph)}</p>",
                1,
            )
        return html.encode("utf-8")

    def channel_path(self, channel: str, page: int) -> str | None:
        # A channel page shows about two days of articles, with no further pages.
        return f"/{channel}" if page == 1 else None

    def index_path(self, day: date, page: int, channel: str | None = None) -> str:
        return f"/{channel}/indeks/{day:%Y/%m/%d}" + (f"?page={page}" if page > 1 else "")

    def listings(self, articles: list[MirrorArticle], per_page: int, index_per_page: int) -> dict[str, Page]:
        pages = {"/": Page(iridescent_list(self, articles))}
        for channel in self.channels:
            listed = _newest_first([a for a in articles if a.channel == channel])
            pages[f"/{channel}"] = Page(iridescent_list(self, listed))
            pages.update(_daily(self, listed, index_per_page, self.rows, channel))
        return pages

    def rows(self, articles: list[MirrorArticle]) -> bytes:
        """A daily index page in the articles--rows markup, newest first."""
        items = []
        for article in _newest_first(articles):
            title, name = escape(self.title(article)), self.channels[article.channel]
            items.append(
                f"""<article class="articles--rows--item" id="article_{article.id}">
<aside class="articles--rows--item__details"><header class="articles--rows--item__header">
<a class="articles--rows--item__category" href="{self.home}/{article.channel}">{name}</a>
<span class="articles--rows--item__datetime"><time class="articles--rows--item__time timeago" datetime="{article.published.isoformat()}">{_visible(article.published)}</time></span>
</header><h4 class="articles--rows--item__title"><a class="articles--rows--item__title-link" href="{self.www_url(article)}" title="{title}"><span class="articles--rows--item__title-link-text">{title}</span></a></h4>
<div class="articles--rows--item__summary">Ringkasan {title}</div></aside></article>"""
            )
        return f"""<!DOCTYPE html><html lang="id"><head><title>Indeks Berita - Bola.com</title>
<script>window.kmklabs = {{}}; window.kmklabs.pageType = 'IndexPage';</script></head>
<body class="categories-indeks"><div class="indeks-header-timespan"><a class="indeks-header-timespan-arrow" href="#">&lt;</a></div>
<div class="articles--rows">{"".join(items)}</div></body></html>""".encode()


class Merdeka(SiteShape):
    """merdeka.com: every mirror article is the real mobile page of article 1205928 (2020, one page)."""

    portal = "merdeka"
    home = "https://www.merdeka.com"
    channels = {"peristiwa": "Peristiwa", "uang": "Uang", "dunia": "Dunia", "artis": "Artis"}
    first_id = 1400000
    template = "merdeka/article-mobile-2020-peristiwa-1205928.html"

    def path(self, article: MirrorArticle) -> str:
        # Text article URLs carry no id.
        return f"/{article.channel}/{article.slug}.html"

    def article_page(self, article: MirrorArticle) -> bytes:
        html = (PAGES_ROOT / self.template).read_text("utf-8")
        published, changed = article.published, article.changed
        shown = f"{published.day} {MONTH_NAMES[published.month - 1]} {published.year} {published:%H:%M}"
        html = _rewritten(
            html,
            [
                ("peristiwa/arahan-menpora-untuk-8-paskibraka", f"{article.channel}/{article.slug}"),
                ("arahan-menpora-untuk-8-paskibraka", article.slug),
                ("1205928", article.id),
                ("Arahan Menpora untuk 8 Paskibraka", self.title(article)),
                (
                    '<a href="index.html">PERISTIWA</a> | 6 Agustus 2020 08:21',
                    f'<a href="index.html">{article.channel.upper()}</a> | {shown}',
                ),
                # The site labels its WIB time "GMT".
                ("Thu, 06 Aug 2020 08:21:34 GMT", f"{published:%a, %d %b %Y %H:%M:%S} GMT"),
                ('"publicationDate": "2020-08-06"', f'"publicationDate": "{published:%Y-%m-%d}"'),
                ('"publicationTime": "08:21:34"', f'"publicationTime": "{published:%H:%M:%S}"'),
                ('"publishDate": "2020-08-06 08:21:34"', f'"publishDate": "{published:%Y-%m-%d %H:%M:%S}"'),
                ("2020-08-06T08:23:05+07:00", changed.isoformat()),
                ('"subCategory": "peristiwa"', f'"subCategory": "{article.channel}"'),
                ('"subSubCategory": "nasional"', '"subSubCategory": ""'),
                ('"name": "peristiwa"', f'"name": "{article.channel}"'),
                ('"full_slug": "peristiwa"', f'"full_slug": "{article.channel}"'),
                ('"name": "nasional"', f'"name": "{article.channel}"'),
                ('"full_slug": "nasional"', f'"full_slug": "{article.channel}"'),
                (
                    '<meta property="section" content="peristiwa"/>',
                    f'<meta property="section" content="{article.channel}"/>',
                ),
            ],
        )
        if article.extra_paragraph:
            html = html.replace(
                "kepada Paskibraka 2020.</p>", f"kepada Paskibraka 2020.</p><p>{escape(article.extra_paragraph)}</p>", 1
            )
        return html.encode("utf-8")

    def channel_path(self, channel: str, page: int) -> str | None:
        return f"/{channel}/" + (f"index{page}/" if page > 1 else "")

    def index_path(self, day: date, page: int, channel: str | None = None) -> str:
        # One index for the whole site: ``channel`` plays no part.
        return f"/indeks-berita/{day:%Y/%m/%d}/" + (f"index{page}.html" if page > 1 else "")

    def listings(self, articles: list[MirrorArticle], per_page: int, index_per_page: int) -> dict[str, Page]:
        pages = {"/": Page(self.homepage(articles)), "/sitemap.xml": Page(self.sitemap(articles), content_type=XML)}
        for channel in self.channels:
            listed = _newest_first([a for a in articles if a.channel == channel])
            chunks = _chunks(listed, per_page) or [[]]
            for number, chunk in enumerate(chunks, start=1):
                pages[self.channel_path(channel, number)] = Page(self.channel_page(channel, chunk, number, len(chunks)))
        pages.update(_daily(self, _newest_first(articles), index_per_page, self.daily_index, None))
        return pages

    def homepage(self, articles: list[MirrorArticle]) -> bytes:
        """The 2020 desktop homepage: a headline and the latest list, relative links and times."""
        newest, *rest = _newest_first(articles)
        items = "".join(
            f"""<div class="mdk-link-item"><a class="link-item" href="{self.path(article)}">{escape(self.title(article))}</a>
<div class="mdk-kategori-time"><a class="kategori" href="/{article.channel}/">{self.channels[article.channel]}</a>
<span class="time">  {index + 1} Jam yang lalu</span></div></div>"""
            for index, article in enumerate(rest)
        )
        return f"""<!DOCTYPE html><html lang="en"><head><title>merdeka.com</title>
<script type="text/javascript">window.kly = {{}}; window.kly.pageType = 'HomePage';</script></head><body>
<ul class="nav"><li><a href="/peristiwa/">PERISTIWA</a></li><li><a href="http://video.merdeka.com/">VIDEO</a></li>
<li><a href="https://banyuwangi.merdeka.com/">BANYUWANGI</a></li><li><a href="/tag/j/jakarta/">Jakarta</a></li></ul>
<a class="deskrip-hl" href="{self.path(newest)}"><h1 class="title-h">{escape(self.title(newest))}</h1>
<span class="link-kh">{self.channels[newest.channel]}</span><span class="time-h">  46 Menit yang lalu</span></a>
<div class="mdk-latest">{items}</div>
<a href="/indeks-berita/">BERITA TERBARU</a> <a href="/berita-hari-ini/">INDEX BERITA HARI INI</a>
<a href="/company/disclaimer.html">Disclaimer</a> <a href="/reporter/merdeka/">Merdeka</a></body></html>""".encode()

    def channel_page(self, channel: str, articles: list[MirrorArticle], number: int, last: int) -> bytes:
        """A 2020 desktop channel page: absolute links, ids in ``li[data-id]``, relative times, numbered pages."""
        items = "".join(
            f"""<li class="clearfix" data-id="{article.id}"><div class="meta-content">
<h3><a href="{self.www_url(article)}">{escape(self.title(article))}</a></h3>
<span class="mdk-body-newsimg-date"> Sekitar {index + 14} Menit yang lalu</span></div></li>"""
            for index, article in enumerate(articles)
        )
        paging = "".join(
            f'<span class="selected">{page}</span>'
            if page == number
            else f'<a href="{self.home}{self.channel_path(channel, page)}">{page}</a>'
            for page in range(1, last + 1)
        )
        return f"""<!DOCTYPE html><html lang="en"><head><title>{self.channels[channel]} - merdeka.com</title>
<script type="text/javascript">window.kly = {{}}; window.kly.pageType = 'ChannelPage';</script></head><body>
<div id="mdk-content-center"><div class="inner-content"><ul>{items}</ul></div>
<div class="paging-container">{paging}<a class="link_last" href="{self.home}{self.channel_path(channel, last)}">Last</a></div>
<input type="hidden" class="id_loadmore" value="{",".join(a.id for a in articles)}"></div></body></html>""".encode()

    def daily_index(self, articles: list[MirrorArticle]) -> bytes:
        """A page of the daily index: relative links, the time without zone."""
        items = "".join(
            f"""<li><a href="{self.path(article)}">{escape(self.title(article))}</a>
<span class="mdk-idn-date">{WEEKDAYS[article.published.weekday()]}, {article.published.day} {MONTH_NAMES[article.published.month - 1]} {article.published.year} {article.published:%H:%M}</span></li>"""
            for article in _newest_first(articles)
        )
        return f"""<!DOCTYPE html><html lang="en"><head><title>Indeks Berita - merdeka.com</title></head><body>
<div class="mdk-idn-nd"><ul class="mdk-idn-nd-centlist">{items}</ul></div></body></html>""".encode()

    def sitemap(self, articles: list[MirrorArticle]) -> bytes:
        """A Google News urlset: publication times, titles, keywords, images; no update time."""
        entries = "".join(
            f"<url><loc>{self.www_url(article)}</loc><news:news><news:publication>"
            "<news:name>Merdeka.com</news:name><news:language>id</news:language></news:publication>"
            f"<news:publication_date>{article.published.isoformat()}</news:publication_date>"
            f"<news:title>{escape(self.title(article))}</news:title><news:keywords>Jakarta</news:keywords>"
            "<news:geo_locations>Jakarta Indonesia</news:geo_locations></news:news>"
            f"<image:image><image:loc>https://cdns.klimg.com/merdeka.com/i/w/news/{article.published:%Y/%m/%d}/"
            f"{article.id}/540x270/{article.slug}.jpg</image:loc></image:image></url>"
            for article in _newest_first(articles)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
            f'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">{entries}</urlset>'
        ).encode()


def iridescent_list(shape: SiteShape, articles: list[MirrorArticle]) -> bytes:
    """A KMK listing (homepage, channel page) in the articles--iridescent-list markup, newest first."""
    items = []
    for article in _newest_first(articles):
        title = escape(shape.title(article))
        items.append(
            f"""<article class="articles--iridescent-list--item articles--iridescent-list--text-item" data-article-id="{article.id}">
<aside class="articles--iridescent-list--text-item__details"><header class="articles--iridescent-list--text-item__header">
<h4 class="articles--iridescent-list--text-item__title"><a class="ui--a articles--iridescent-list--text-item__title-link" href="{shape.www_url(article)}" title="{title}"><span class="articles--iridescent-list--text-item__title-link-text">{title}</span></a></h4>
</header><time class="articles--iridescent-list--text-item__time timeago" datetime="{article.published.isoformat()}">{_visible(article.published)}</time></aside>
</article>"""
        )
    body = "\n".join(items)
    return f"""<!DOCTYPE html><html lang="id"><head><title>{shape.portal}</title>
<script>window.kmklabs = {{}}; window.kmklabs.pageType = 'ChannelPage';</script></head>
<body><nav><a href="{shape.home}/{next(iter(shape.channels))}">Kanal</a> <a href="https://www.vidio.com/live">Live</a></nav>
<div class="articles--iridescent-list">{body}</div></body></html>""".encode()


def _daily(
    shape: SiteShape,
    listed: list[MirrorArticle],
    per_page: int,
    render: Callable[[list[MirrorArticle]], bytes],
    channel: str | None,
) -> dict[str, Page]:
    """The daily index pages of these articles (a channel's, or the site's), ``per_page`` a page."""
    pages = {}
    for day in sorted({article.published.date() for article in listed}):
        of_day = [article for article in listed if article.published.date() == day]
        for number, chunk in enumerate(_chunks(of_day, per_page), start=1):
            pages[shape.index_path(day, number, channel)] = Page(render(chunk))
    return pages


SHAPES: dict[str, SiteShape] = {shape.portal: shape for shape in (Liputan6(), Bola(), Merdeka())}


@dataclass
class Mirror:
    """A portal's mirrored site: ``articles`` served and listed; ``publish`` again after a change."""

    site: LocalSite
    articles: list[MirrorArticle]
    shape: SiteShape = SHAPES["liputan6"]
    per_page: int = 3
    index_per_page: int = 2

    def publish(self) -> None:
        self.site.routes.clear()
        for path, page in self.shape.listings(self.articles, self.per_page, self.index_per_page).items():
            self.site.add(path, page)
        for article in self.articles:
            self.site.add(self.shape.path(article), Page(self.shape.article_page(article)))

    def path(self, article: MirrorArticle) -> str:
        return self.shape.path(article)

    def update(self, article_id: str, modified: datetime, extra_paragraph: str) -> MirrorArticle:
        """Change an article's text and time, as the site does when it updates a story."""
        for index, article in enumerate(self.articles):
            if article.id == article_id:
                self.articles[index] = replace(article, modified=modified, extra_paragraph=extra_paragraph)
                self.publish()
                return self.articles[index]
        raise KeyError(article_id)

    def article_fetches(self) -> dict[str, int]:
        """How many times each article page was requested."""
        fetches = {a.id: self.site.fetched(self.path(a)) for a in self.articles}
        return {article_id: count for article_id, count in fetches.items() if count}


#: Eleven articles over four days (1-4 March 2024), in the four channels of a shape (by role, 0-3).
SPEC = [
    (0, (1, 8, 0)),
    (1, (1, 10, 30)),
    (2, (1, 21, 15)),
    (0, (2, 7, 45)),
    (0, (2, 12, 5)),
    (3, (2, 23, 50)),
    (1, (3, 0, 10)),
    (2, (3, 9, 0)),
    (0, (3, 18, 30)),
    (0, (4, 6, 0)),
    (1, (4, 11, 11)),
]


def default_articles(shape: SiteShape | None = None) -> list[MirrorArticle]:
    """The eleven articles of ``SPEC`` on a portal (liputan6 by default), ids from its ``first_id`` + 1."""
    shape = shape or SHAPES["liputan6"]
    channels = list(shape.channels)
    return [
        MirrorArticle(str(shape.first_id + number), channels[role], datetime(2024, 3, day, hour, minute, tzinfo=WIB))
        for number, (role, (day, hour, minute)) in enumerate(SPEC, start=1)
    ]
