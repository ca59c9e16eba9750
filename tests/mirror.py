"""A local mirror of liputan6.com for discovery tests, built from a real article page.

Every mirror article is the real mobile page of article 4464894 with its id, slug,
title, channel and times rewritten, so the crawler meets the site's genuine markup;
the homepage, channel pages (``?page=N``), daily index pages and sitemaps list them
newest first in the site's listing markup, with absolute www.liputan6.com links as
the real site writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from html import escape

from localsite import PAGES, LocalSite, Page

WIB = timezone(timedelta(hours=7))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
TEMPLATE = "article-mobile-global-4464894.html"
TEMPLATE_SLUG = "update-23-januari-2021-98-juta-kasus-covid-19-di-dunia-akan-tembus-100-juta"
TEMPLATE_TITLE = "Update 23 Januari 2021: 98 Juta Kasus COVID-19 di Dunia, Akan Tembus 100 Juta?"
CHANNEL_NAMES = {"news": "News", "bisnis": "Bisnis", "global": "Global", "hot": "Hot"}


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
    def title(self) -> str:
        return f"Berita {CHANNEL_NAMES[self.channel]} nomor {self.id}"

    @property
    def path(self) -> str:
        return f"/{self.channel}/read/{self.id}/{self.slug}"

    @property
    def www_url(self) -> str:
        return "https://www.liputan6.com" + self.path

    @property
    def changed(self) -> datetime:
        return self.modified or self.published


def _visible(moment: datetime) -> str:
    return f"{moment.day:02d} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} WIB"


def article_page(article: MirrorArticle) -> bytes:
    html = (PAGES / TEMPLATE).read_text("utf-8")
    modified = article.changed
    channel_name = CHANNEL_NAMES[article.channel]
    for old, new in (
        ("global/read/4464894", f"{article.channel}/read/{article.id}"),
        ("global\\/read\\/4464894", f"{article.channel}\\/read\\/{article.id}"),
        ("4464894", article.id),
        (TEMPLATE_SLUG, article.slug),
        (TEMPLATE_TITLE, article.title),
        ("pada 23 Jan 2021, 13:30 WIB", f"pada {_visible(article.published)}"),
        ("</span>23 Jan 2021, 13:30 WIB", f"</span>{_visible(modified)}"),
        ("2021-01-23T13:30:00+07:00", article.published.isoformat()),
        ("2021-01-23T13:11:14+07:00", modified.isoformat()),
        ("2021-01-23 13:30:00", f"{article.published:%Y-%m-%d %H:%M:%S}"),
        ('"publicationDate":"2021-01-23"', f'"publicationDate":"{article.published:%Y-%m-%d}"'),
        ('"publicationTime":"13:30:00"', f'"publicationTime":"{article.published:%H:%M:%S}"'),
        ('"name":"Global","full_slug":"global"', f'"name":"{channel_name}","full_slug":"{article.channel}"'),
        ('data-category="Global"', f'data-category="{channel_name}"'),
    ):
        html = html.replace(old, new)
    if article.extra_paragraph:
        html = html.replace(
            "<p>Berikut petanya:</p>", f"<p>Berikut petanya:</p><p>{escape(article.extra_paragraph)}</p>", 1
        )
    return html.encode("utf-8")


def listing_page(articles: list[MirrorArticle], www_links: bool = True) -> bytes:
    """A listing in the site's markup (articles--iridescent-list), newest first."""
    items = []
    for article in sorted(articles, key=lambda a: a.published, reverse=True):
        url = article.www_url if www_links else article.path
        items.append(
            f"""<article class="articles--iridescent-list--item articles--iridescent-list--text-item" data-article-id="{article.id}">
<aside class="articles--iridescent-list--text-item__details"><header class="articles--iridescent-list--text-item__header">
<h4 class="articles--iridescent-list--text-item__title"><a class="ui--a articles--iridescent-list--text-item__title-link" href="{url}" title="{escape(article.title)}"><span class="articles--iridescent-list--text-item__title-link-text">{escape(article.title)}</span></a></h4>
</header><time class="articles--iridescent-list--text-item__time timeago" datetime="{article.published.isoformat()}">{_visible(article.published)}</time></aside>
</article>"""
        )
    body = "\n".join(items)
    return f"""<!DOCTYPE html><html lang="id"><head><title>Liputan6.com</title>
<script>window.kmklabs = {{}}; window.kmklabs.pageType = 'ChannelPage';</script></head>
<body><nav><a href="https://www.liputan6.com/news">News</a> <a href="https://www.vidio.com/live">Live</a></nav>
<div class="articles--iridescent-list">{body}</div></body></html>""".encode()


def sitemap(articles: list[MirrorArticle]) -> bytes:
    entries = "".join(
        f"<url><loc>{article.www_url}</loc><lastmod>{article.changed.isoformat()}</lastmod>"
        f"<news:news><news:publication_date>{article.published.isoformat()}</news:publication_date></news:news></url>"
        for article in sorted(articles, key=lambda a: a.changed, reverse=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    ).encode()


def sitemap_index() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://www.liputan6.com/sitemap-news.xml</loc></sitemap></sitemapindex>"
    )


@dataclass
class Mirror:
    """The mirrored site: ``articles`` served and listed; ``publish`` again after a change."""

    site: LocalSite
    articles: list[MirrorArticle]
    per_page: int = 3
    index_per_page: int = 2

    def publish(self) -> None:
        self.site.routes.clear()
        xml = "application/xml"
        self.site.add("/", Page(listing_page(self.articles)))
        self.site.add("/sitemap.xml", Page(sitemap_index(), content_type=xml))
        self.site.add("/sitemap-news.xml", Page(sitemap(self.articles), content_type=xml))
        for article in self.articles:
            self.site.add(article.path, Page(article_page(article)))
        for channel in CHANNEL_NAMES:
            listed = sorted((a for a in self.articles if a.channel == channel), key=lambda a: a.published, reverse=True)
            pages = [listed[i : i + self.per_page] for i in range(0, len(listed), self.per_page)] or [[]]
            for number, page in enumerate(pages, start=1):
                self.site.add(f"/{channel}" + (f"?page={number}" if number > 1 else ""), Page(listing_page(page)))
            days = sorted({a.published.date() for a in listed})
            for day in days:
                of_day = [a for a in listed if a.published.date() == day]
                chunks = [of_day[i : i + self.index_per_page] for i in range(0, len(of_day), self.index_per_page)]
                for number, chunk in enumerate(chunks, start=1):
                    path = f"/{channel}/indeks/{day:%Y/%m/%d}" + (f"?page={number}" if number > 1 else "")
                    self.site.add(path, Page(listing_page(chunk)))

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
        return {a.id: self.site.fetched(a.path) for a in self.articles if self.site.fetched(a.path)}


def default_articles() -> list[MirrorArticle]:
    """Eleven articles over four days (1-4 March 2024) in four channels."""
    spec = [
        ("5500001", "news", (1, 8, 0)),
        ("5500002", "bisnis", (1, 10, 30)),
        ("5500003", "global", (1, 21, 15)),
        ("5500004", "news", (2, 7, 45)),
        ("5500005", "news", (2, 12, 5)),
        ("5500006", "hot", (2, 23, 50)),
        ("5500007", "bisnis", (3, 0, 10)),
        ("5500008", "global", (3, 9, 0)),
        ("5500009", "news", (3, 18, 30)),
        ("5500010", "news", (4, 6, 0)),
        ("5500011", "bisnis", (4, 11, 11)),
    ]
    return [
        MirrorArticle(i, channel, datetime(2024, 3, day, hour, minute, tzinfo=WIB))
        for i, channel, (day, hour, minute) in spec
    ]
