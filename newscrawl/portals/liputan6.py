"""liputan6.com: where each article field lives, in every template the site serves.

Templates (pages in ``tests/pages/``, catalogue in ``tests/pages/liputan6/README.md``):

- desktop 2015: ``h1.entry-title``, ``p.datetime``, body ``div.text-detail``;
- desktop "read-page" 2016: ``h1.read-page--header__title``, ``div.read-page__content-body``;
- desktop "read-page" 2017-2023: ``h1.read-page--header--title``, parts
  ``div.article-content-body__item-page[data-page][data-title]``;
- desktop 2024 on: ``.read-page-box__author__*`` byline, "Diterbitkan ..." dates;
- mobile 2019 on: ``h1.article-header__title``, parts ``div.article-content-body__item``.

All of them carry structured data: JSON-LD ``NewsArticle``, ``og:``/``article:`` meta
tags and the ``window.kmklabs.*`` objects (``window.info.*`` in 2016).  Each field
below lists its sources in order of preference; ``ArticleLoader.add_first`` keeps
the first that gives a value, so a redesign of one layer does not lose the field.
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector
from scrapy.http import TextResponse

from newscrawl.dates import labelled_dates
from newscrawl.loaders import ArticleLoader
from newscrawl.page import (
    NotAnArticle,
    PageData,
    all_texts,
    densest_containers,
    first_text,
    json_ld_names,
    json_ld_urls,
    paragraphs,
    split_dateline,
)

PORTAL = "liputan6"
HOME_URL = "https://www.liputan6.com"

#: Article URLs, on www (``/<channel>/read/<id>/<slug>``) and on channel
#: subdomains (``hot.liputan6.com/read/<id>/<slug>``).
ARTICLE_PATH = re.compile(r"/read/(?P<id>\d+)(?:/|$)")

LOADER_CONTEXT: dict[str, Any] = {
    "default_timezone": "Asia/Jakarta",
    "publisher_names": ("Liputan6.com", "Liputan6", "Liputan6 .com"),
    "boilerplate": (
        r"(saksikan|simak|tonton)( juga)? video.{0,60}",
        r"#?changemaker.*",
    ),
}
SCRIPT_PREFIXES = ("window.kmklabs", "window.info")

# Page types of window.kmklabs.pageType that are listings, never articles.
LISTING_PAGE_TYPES = {"ChannelPage", "HomePage", "IndexPage", "TagPage", "SearchPage", "CategoryPage"}

TITLE = (
    "h1.read-page--header--title",
    "h1.read-page--header__title",
    "h1.read-page--photo-tag--header__title",
    "h1.article-header__title",
    "h1.entry-title",
    "h1[itemprop=headline]",
)
BYLINE = (
    "a.article-header__author-link",
    ".read-page--header--author__name",
    ".read-page-box__author__name",
    ".read-page--header__author span.fn",
    ".by-author span.fn",
)
CREDITS = ".read-page--credits__list > li, .credits-list li"
CREDIT_ROLES = {
    "author": "authors",
    "penulis": "authors",
    "reporter": "authors",
    "editor": "editors",
    "penyunting": "editors",
}

# Date lines, each with the kind of date it gives when its text carries no label.
DATE_LINES = (
    (".article-header__datetime", "published"),
    (".article-header__modified-time", "modified"),
    ("time.read-page--header--author__datetime", "published"),
    (".read-page--header--author__modified-time", "modified"),
    ("time.read-page--header__datetime", "published"),
    (".read-page-box__author__updated", "published"),
    (".read-page-box__author__datetime", "published"),
    (".read-page-box__author__date", "published"),
    (".readpage__author__update", "modified"),
    ("time.read-page--photo-tag--header__datetime", "published"),
    ("p.datetime .updated", "published"),
    ("time[itemprop=datePublished]", "published"),
    ("time[itemprop=dateModified]", "modified"),
)
PUBLISHED_MACHINE_TIME = (
    "time.read-page--header--author__datetime::attr(datetime)",
    "time.read-page--header__datetime::attr(datetime)",
    "time[itemprop=datePublished]::attr(datetime)",
)
MODIFIED_MACHINE_TIME = ("time[itemprop=dateModified]::attr(datetime)",)

BREADCRUMB = (
    "#breadcrumb .breadcrumb--item::attr(data-category)",
    ".read-page--breadcrumb--item__title[data-category]::attr(data-category)",
    ".read-page--breadcrumb--item [itemprop=name]::text",
    "ul.breadcrumb li a::text",
)
BREADCRUMB_ROOTS = {"home", "liputan6", "liputan6.com", "beranda"}

TAGS = (
    "a.tags--topics--item__link",
    ".tags--snippet__name",
    "a.read-page--tags__link",
    ".tag-links li.tag a",
)

# Parts of the body: one per page of a multi-page article, or the whole body.
PARTS = (
    ".article-content-body__item-page",
    ".article-content-body .article-content-body__item",
    ".read-page__content-body [id^=multi-page-]",
    ".read-page__content-body",
    ".text-detail",
    "[itemprop=articleBody]",
)
PART_TITLE = ".article-content-body__item-title"
#: What a browser waits for before a rendered page is read: a paragraph of the body.
RENDER_WAIT = ", ".join(f"{part} p" for part in PARTS)
BODY_NOISE = ", ".join(
    (
        PART_TITLE,
        ".baca-juga",
        ".baca-juga-collections",
        ".article-ad",
        "[id*=gpt-ad]",
        "[id*=revive-ad]",
        ".advertisement-placeholder",
        "[data-info=ad]",
        ".seamless-ads",
        "[id^=taboola]",
        ".article-content-body__break",
        ".article-content-body__item-overlay",
        ".article-content-body__load-more",
        ".article-content-body__item-loadmore",
        ".article-content-body__loading-animation",
        ".article-content-body__body-progress",
        "[id^=gallery-image-]",
        ".article-photo-gallery--item",
        ".read-page--photo-gallery--item",
        ".article-content-body__item-media",
        ".article-video-gallery--item",
        ".read-page--video-gallery--item",
        ".vidio-embed",
        ".twitter-tweet",
        ".instagram-media",
        ".tiktok-embed",
        ".fb-post",
        ".enamplus-wrapper",
        ".read-page--summary",
        ".article-content-body__partner",
    )
)
PAGE_INDEX = ".article-content-body__item-index::text"
PAGE_INDEX_TEXT = re.compile(r"\d+\s+dari\s+(?P<total>\d+)\s+halaman", re.IGNORECASE)
DATELINE = re.compile(r"Liputan6\.com\s*,\s*(?P<place>[^\-\u2013\u2014:]{1,40}?)\s*(?P<sep>[\-\u2013\u2014:])?\s*")

# Photos of the article: lead image and the images of its parts.
IMAGES = "[id^=gallery-image-][data-image]"
IMAGE_CAPTION = ".article-photo-gallery--item__description, figcaption"


def extract(response: TextResponse, loader: ArticleLoader) -> None:
    """Fill ``loader`` from a liputan6 page; raise NotAnArticle for any other page."""
    page = PageData(response.selector, SCRIPT_PREFIXES)
    article = page.script_object("article")
    gtm = page.script_object("gtm")
    json_ld = page.article_json_ld

    page_type = page.script_value("pageType")
    if page_type in LISTING_PAGE_TYPES:
        raise NotAnArticle("not_article", f"a {page_type}")
    if page.meta("og:type") == "website":
        raise NotAnArticle("not_article", "og:type is website")

    loader.add_value("portal", PORTAL)
    loader.add_first(
        "url",
        page.meta("og:url"),
        page.link("canonical"),
        json_ld.get("url"),
        lambda: _desktop_url(json_ld.get("mainEntityOfPage")),
        _desktop_url(response.url),
    )
    loader.add_first(
        "id",
        lambda: _article_id(loader.get_output_value("url")),
        article.get("id"),
        gtm.get("articleId"),
        response.css("input[name=article_id]::attr(value)").get(),
        page.meta("dable:item_id"),
        lambda: _article_id(response.url),
    )
    if not loader.get_collected_values("id"):
        raise NotAnArticle("not_article", "no article id")

    loader.add_first(
        "type",
        lambda: _article_type(article.get("type") or gtm.get("type")),
        lambda: _article_type(
            response.css("[data-cache-key*=TypeArticle]::attr(data-cache-key)").re_first(r"(\w+TypeArticle)")
        ),
        lambda: "video" if json_ld.get("@type") == "VideoObject" else None,
        "text",
    )
    loader.add_first(
        "title",
        json_ld.get("headline"),
        page.meta("og:title"),
        article.get("title"),
        lambda: first_text(response.selector, TITLE),
    )
    loader.add_first(
        "description",
        json_ld.get("description"),
        page.meta("og:description", "description"),
        article.get("shortDescription"),
        lambda: first_text(response.selector, (".read-page--header--description",)),
    )

    credits = _credits(response)
    loader.add_first(
        "authors",
        lambda: all_texts(response.selector, BYLINE) + credits["authors"],
        lambda: json_ld_names(json_ld.get("author")),
        (gtm.get("authors") or {}).get("names") if isinstance(gtm.get("authors"), dict) else None,
        gtm.get("reporters"),
        page.meta("dable:author", "author"),
    )
    loader.add_first(
        "editors",
        credits["editors"],
        gtm.get("editors"),
        lambda: json_ld_names(json_ld.get("editor")),
        lambda: [k.split(":", 1)[1] for k in _keywords(json_ld) if k.lower().startswith("editor:")],
    )

    _add_dates(loader, response, page, json_ld, article, gtm)

    channel = page.script_object("channel")
    category = page.script_object("category")
    crumbs = _breadcrumb(response)
    loader.add_first(
        "channel", channel.get("name"), crumbs[0:1], page.meta("article:section2"), json_ld.get("articleSection")
    )
    loader.add_first("category", category.get("name"), crumbs[1:2], page.meta("article:section3"))

    loader.add_first(
        "tags",
        lambda: all_texts(response.selector, TAGS),
        lambda: (gtm.get("tag") or "").split("|"),
        lambda: [k for k in _keywords(json_ld) if ":" not in k],
        lambda: (page.meta("keywords", "news_keywords") or "").split(","),
    )

    parts = _parts(response)
    _add_body(loader, response, parts)
    loader.add_first(
        "page_count",
        response.css(PAGE_INDEX).re_first(PAGE_INDEX_TEXT),
        page.script_value("multiplePageCount"),
        len(parts),
    )
    _add_images(loader, response, page, json_ld)
    loader.add_first(
        "language",
        response.xpath("/html/@lang").get(),
        page.meta("language", "content-language"),
        "id",
    )


def _add_dates(
    loader: ArticleLoader,
    response: TextResponse,
    page: PageData,
    json_ld: dict[str, Any],
    article: dict[str, Any],
    gtm: dict[str, Any],
) -> None:
    """The visible "pada"/"Diterbitkan" and "Diperbarui" lines first, structured data after.

    ``ArticleLoader`` keeps the first time that parses and lets a later one add the
    seconds where it agrees to the minute (``newscrawl.dates.reconcile``).
    """
    visible: dict[str, str] = {}
    for selector, default_kind in DATE_LINES:
        for text in response.css(selector).xpath("normalize-space(.)").getall():
            for kind, raw in labelled_dates(text):
                visible.setdefault(kind or default_kind, raw)

    published_structured = [
        *(response.css(selector).get() for selector in PUBLISHED_MACHINE_TIME),
        json_ld.get("datePublished"),
        page.meta("article:published_time", "datePublished"),
        article.get("publishDate"),
        f"{gtm['publicationDate']} {gtm['publicationTime']}"
        if gtm.get("publicationDate") and gtm.get("publicationTime")
        else None,
    ]
    modified_structured = [
        *(response.css(selector).get() for selector in MODIFIED_MACHINE_TIME),
        json_ld.get("dateModified"),
        page.meta("article:modified_time", "og:updated_time", "dateModified"),
    ]
    loader.add_value("published_at_raw", visible.get("published"))
    loader.add_value("published_at", visible.get("published"))
    loader.add_value("published_at", published_structured)
    loader.add_value("modified_at_raw", visible.get("modified"))
    loader.add_value("modified_at", visible.get("modified"))
    loader.add_value("modified_at", modified_structured)
    if visible.get("modified"):
        # "Diperbarui" in the minute of publication: the page was not changed since,
        # and the publication time supplies the seconds.
        loader.add_value("modified_at", published_structured)


def _parts(response: TextResponse) -> list[Selector]:
    for selector in PARTS:
        parts = response.css(selector)
        if parts:
            return list(parts)
    return densest_containers(response.selector)


def _add_body(loader: ArticleLoader, response: TextResponse, parts: list[Selector]) -> None:
    """One subsection per part; the dateline is cut from the first paragraph.

    The number of parts, with or without text, goes into the loader's context as
    ``parts_present``, for the completeness check (``newscrawl.rendering.missing``).
    """
    loader.context["parts_present"] = len(parts)
    subsections = []
    for part in parts:
        title = part.css(PART_TITLE).xpath("normalize-space(.)").get() or part.attrib.get("data-title")
        subsections.append({"title": title, "paragraphs": paragraphs(part, BODY_NOISE)})
    for subsection, part in zip(subsections, parts, strict=True):
        if subsection["paragraphs"]:
            lead = (
                part.xpath("(.//p[normalize-space(.)])[1]/*[self::b or self::strong][1]")
                .xpath("normalize-space(.)")
                .get()
            )
            dateline, subsection["paragraphs"][0] = split_dateline(subsection["paragraphs"][0], DATELINE, lead)
            loader.add_value("dateline", dateline)
            break
    loader.add_value("subsections", subsections)


def _add_images(loader: ArticleLoader, response: TextResponse, page: PageData, json_ld: dict[str, Any]) -> None:
    for figure in response.css(IMAGES):
        caption = figure.attrib.get("data-description") or figure.css(IMAGE_CAPTION).xpath("normalize-space(.)").get()
        loader.add_value("images", {"url": figure.attrib["data-image"], "caption": caption})
    if not loader.get_collected_values("images"):
        lead = page.meta("og:image") or next(iter(json_ld_urls(json_ld.get("image"))), None)
        loader.add_value("images", {"url": lead} if lead else None)


def _credits(response: TextResponse) -> dict[str, list[str]]:
    """Names of the credits box by role; the role is a header item or the item's own popover."""
    credited: dict[str, list[str]] = {"authors": [], "editors": []}
    role = None
    for item in response.css(CREDITS):
        own_role = item.css("[class*=popover-role]").xpath("normalize-space(.)").get()
        name = item.css("[class*=name]").xpath("normalize-space(.)").get()
        if not name and not own_role:
            role = item.xpath("normalize-space(.)").get()
            continue
        field = CREDIT_ROLES.get((own_role or role or "").strip().lower())
        if field and name:
            credited[field].append(name)
    return credited


def _breadcrumb(response: TextResponse) -> list[str]:
    for selector in BREADCRUMB:
        names = [name.strip() for name in response.css(selector).getall() if name.strip()]
        names = [name for name in names if name.lower() not in BREADCRUMB_ROOTS]
        if names:
            return names
    return []


def _keywords(json_ld: dict[str, Any]) -> list[str]:
    keywords = json_ld.get("keywords") or []
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    return [keyword.strip() for keyword in keywords if isinstance(keyword, str)]


def _article_id(url: str | None) -> str | None:
    match = ARTICLE_PATH.search(url or "")
    return match["id"] if match else None


def _desktop_url(url: Any) -> str | None:
    """The www URL of a mobile (m.liputan6.com) URL: both serve the same article."""
    if not isinstance(url, str):
        return None
    return re.sub(r"^(https?://)m\.liputan6\.com/", r"\1www.liputan6.com/", url)


def _article_type(name: str | None) -> str | None:
    """kmklabs' article types ("TextTypeArticle", "PhotoGallery", "VideoGallery") as the contract's."""
    if not name:
        return None
    name = name.lower()
    if "photo" in name or "foto" in name:
        return "photo"
    if "video" in name:
        return "video"
    return "text" if "text" in name or "article" in name else None
