"""merdeka.com: the portal declaration, and its skin of the KLN platform (:mod:`newscrawl.portals.kln`).

The pages (real ones in ``tests/pages/merdeka/``, catalogue in its README) are of the
KLN platform of 2015-2022; merdeka's own ``mdk-*`` markup comes in three eras and a
video page:

- desktop 2020: ``div.mdk-body-detail``, title in ``div.mdk-dt-headline h1``, date
  ``span.date-post``, ``span.reporter``, tags ``ol.mdk-list-terkait`` after the article;
- mobile 2020: ``div#mdk-news-title h1``, the date line ``div.mdk-date-reporter``
  ("PERISTIWA | 6 Agustus 2020 08:21" and "Reporter : Name"), lead caption ``div.mdk-copyright``;
- mobile 2021: ``div.mdk-news-head h1``, ``div.mdk-news-body``, the later pages nested
  inside the first one and hidden (``display:none``);
- video page 2021: ``div.detail-v3``, the vidio.com player, the text in
  ``div#detail_news.body-paragpraph`` (sic).

Quirks the extraction handles:

- data in ``window.kly`` (JSON in 2020, minified JavaScript literals in 2021), no JSON-LD;
- text article URLs carry no id: it is in ``kly.article.id``; photo URLs carry it
  (``/foto/<channel>/<id>/<time>-<slug>-001-<photographer>.html``, one photo per URL);
- ``meta name=pubdate`` labels the WIB time "GMT" (not read); 2021 pages write their
  WIB times "-07:00" (``offset_fixes``);
- channel and category are lower-case slugs in ``kly`` ("peristiwa"/"nasional"), shown
  title-cased; the mobile date line's "» BANYUWANGI" is a regional subsite, not the category;
- mobile tag lists title-case and cut the names ("Bisnis Selebriti" for "Bisnis
  Selebriti Indonesia"): mobile tags come from ``kly.gtm.tag``, desktop tags from the
  visible list (desktop ``kly.gtm.tag`` title-cases "DPRD DKI" to "Dprd Dki");
- "Merdeka" (``/reporter/merdeka/``) is the house account: an outlet, not a person;
- the "N dari M halaman" counter's M is one less than the number of pages;
- ``<html lang="en">`` on every page.

Listings of the same platform (2015-2022), as saved pages and public scrapers of the
time show them; none was checked against the live site:

- homepage ``/``: links ``/<channel>/<slug>.html``, relative times only ("27 Menit yang lalu");
- ``/sitemap.xml``: a Google News urlset (``news:publication_date`` +07:00) in 2017-2020,
  an index of per-channel news sitemaps since 2023;
- channel pages ``/<channel>/``, ``/<channel>/index2/`` ... (about 15 pages of 20
  articles, relative times, ``li[data-id]``);
- the daily index of the whole site ``/indeks-berita/YYYY/MM/DD/``,
  ``/indeks-berita/YYYY/MM/DD/index2.html`` ... (times without zone): the backfill walk.

Not declared: the RSS feeds ``/feed/`` (about 20 newest items, all also in the
sitemap) and ``/berita-hari-ini/`` (today only, relative times).  The 2023 platform
(``/<channel>/<slug>-<id>-mvk.html``) is not covered: no page of it was at hand.
"""

from __future__ import annotations

import re

from newscrawl.portal import Listings, Paged, Portal
from newscrawl.portals.kln import KlnExtraction, KlnTemplate

#: Channels whose articles live at ``/<channel>/<slug>.html`` (the 2020-2021 navigation).
NEWS_CHANNELS = (
    "peristiwa",
    "politik",
    "jakarta",
    "uang",
    "dunia",
    "khas",
    "cek-fakta",
    "gaya",
    "travel",
    "sehat",
    "teknologi",
    "sepakbola",
    "olahraga",
    "otomotif",
    "properti",
    "artis",
    "trending",
    "jabar",
    "jateng",
    "jatim",
    "sumut",
)
#: Photo and video channels: ``/foto/<channel>/...``, ``/video/<channel>/<slug>.html``.
MEDIA_CHANNELS = ("foto", "video")

_CHANNEL = "|".join(re.escape(channel) for channel in NEWS_CHANNELS)
#: A photo (``/foto/<channel>/<id>/<time>-<slug>-001-<photographer>.html``, the id in the URL), a photo
#: gallery's landing page, a video or a text article (``[/foto|/video]/<channel>/<slug>.html``, no id).
ARTICLE_PATH = re.compile(
    rf"^/(?:foto/(?:{_CHANNEL})/(?P<id>\d+)/[\w-]+\.html"
    rf"|(?:foto/|video/)?(?:{_CHANNEL})/(?!index\d*\.html$)[\w-]+\.html)$"
)

# Selectors name their element's tag wherever the site is consistent (see newscrawl.portals.kmk).
_REPORTER = ("div.mdk-date-reporter a[href*='/reporter/']",)
_DATE_LINE = ("div.mdk-date-reporter > span:first-child",)
# The skin's elements inside a page of the article that are not its text.
_NOISE = (
    "div.mdk-dt-img",
    "div.mdk-dt-box",
    # The "Sosok Merdeka" box, the stories widget and the comments' notice, inside the video page's body.
    "div.gtwsub",
    "div.picturefirst-widget-homepage-volume",
    "div.disclaimer-comment",
)

DESKTOP_2020 = KlnTemplate(
    name="desktop-2020",
    marker="div.mdk-body-detail",
    # The column holding the article block and the tag list after it.
    container="div.mdk-left",
    title=("div.mdk-dt-headline h1",),
    byline=("span.reporter a",),
    date_lines=("span.date-post",),
    breadcrumb="div.mdk-breadcrumb a",
    tags=("ol.mdk-list-terkait a",),
    parts=("div.mdk-body-paragraph",),
    figures="div.mdk-dt-img, div.mdk-body-paragraph p > img",
    caption_lines=("span.mdk-dt-copyright",),
    noise=_NOISE,
)
# Mobile tag lists title-case and cut the names: the mobile templates name none, and kly.gtm.tag serves.
MOBILE_2021 = KlnTemplate(
    name="mobile-2021",
    marker="div.mdk-news-head",
    container="div#mdk-news-detail",
    title=("div.mdk-news-head h1",),
    byline=_REPORTER,
    date_lines=_DATE_LINE,
    parts=("div.mdk-body-paragraph",),
    figures="div.mdk-news-img, div.imagecontent, div.mdk-dt-img, div.mdk-body-paragraph p > img",
    caption_lines=("span.mdk-news-img-copyright", "span.mdk-dt-copyright"),
    noise=_NOISE,
)
MOBILE_2020 = KlnTemplate(
    name="mobile-2020",
    marker="div#mdk-news-title",
    container="div#mdk-news-detail",
    title=("div#mdk-news-title h1",),
    byline=_REPORTER,
    date_lines=_DATE_LINE,
    parts=("div.mdk-body-paragraph",),
    figures="div#mdk-news_img_det, div.mdk-dt-img, div.mdk-body-paragraph p > img",
    caption_lines=("div.mdk-copyright", "span.mdk-dt-copyright"),
    noise=_NOISE,
)
VIDEO_2021 = KlnTemplate(
    name="video-2021",
    marker="div.detail-v3",
    title=("div.deskrip-hv h1",),
    date_lines=("div.kategori-date span",),
    parts=("div.body-paragpraph",),
    noise=_NOISE,
)
TEMPLATES = (DESKTOP_2020, MOBILE_2021, MOBILE_2020, VIDEO_2021)


def _every(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(entry for group in groups for entry in group))


#: A page of no known era: every era's selectors, over the whole page.
FALLBACK = KlnTemplate(
    name="unknown",
    marker="html",
    title=_every(*(t.title for t in TEMPLATES)),
    byline=_every(*(t.byline for t in TEMPLATES)),
    date_lines=_every(*(t.date_lines for t in TEMPLATES)),
    breadcrumb=DESKTOP_2020.breadcrumb,
    tags=DESKTOP_2020.tags,
    parts=_every(*(t.parts for t in TEMPLATES)),
    figures=", ".join(dict.fromkeys(f.strip() for t in TEMPLATES if t.figures for f in t.figures.split(","))),
    caption_lines=_every(*(t.caption_lines for t in TEMPLATES)),
    noise=_NOISE,
)

#: What a browser waits for before a rendered page is read: a paragraph of the body, in any era.
RENDER_WAIT = ", ".join(f"{part} p" for part in FALLBACK.parts)

PORTAL = Portal(
    name="merdeka",
    home_url="https://www.merdeka.com",
    domain="merdeka.com",
    article_path=ARTICLE_PATH,
    channels=NEWS_CHANNELS + MEDIA_CHANNELS,
    listings=Listings(
        homepage="/",
        sitemaps=("/sitemap.xml",),
        channel_pages=Paged(first="/{channel}/", later="/{channel}/index{page}/"),
        # One index for the whole site, not one per channel.
        daily_index=Paged(
            first="/indeks-berita/{day:%Y/%m/%d}/", later="/indeks-berita/{day:%Y/%m/%d}/index{page}.html"
        ),
    ),
    extract=KlnExtraction(
        portal="merdeka",
        lead=re.compile(
            r"Merdeka\.com\s*(?:,\s*(?P<place>[^\-\u2013\u2014:]{1,40}?))?\s*(?P<sep>[\-\u2013\u2014:])\s*"
        ),
        templates=TEMPLATES,
        fallback=FALLBACK,
    ),
    render_wait=RENDER_WAIT,
    # 2021 pages write WIB times with the sign of UTC-7.
    offset_fixes={-7: 7},
    mirror_hosts=frozenset({"m.merdeka.com", "merdeka.com"}),
    publisher_names=("Merdeka", "Merdeka.com"),
)
