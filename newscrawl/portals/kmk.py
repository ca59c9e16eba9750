"""The KMK platform (liputan6.com, bola.com): where each article field lives, in every template era.

KapanLagi Youniverse runs liputan6.com and bola.com on one platform, so their pages
share templates, structured data and quirks; a portal module declares what differs
(its name, hosts, lead and outlet names) and hands its pages to :class:`KmkExtraction`.

Template eras (real pages in ``tests/pages/liputan6/`` and ``tests/pages/bola/``,
catalogue in ``tests/pages/liputan6/README.md``):

- mobile 2019 on: ``div.article-readpage``, ``h1.article-header__title``, parts
  ``div.article-content-body__item`` (also the AMP pages);
- desktop 2024 on: the ``read-page-box`` byline with "Diterbitkan ..." lines;
- desktop "read-page" 2017-2023: ``div.read-page-upper``, ``h1.read-page--header--title``,
  parts ``div.article-content-body__item-page[data-page][data-title]``;
- desktop "read-page" 2016: ``h1.read-page--header__title``, ``div.read-page__content-body``;
- desktop 2015: ``h1.entry-title``, ``p.datetime``, body ``div.text-detail``.

All of them carry structured data: JSON-LD ``NewsArticle``, ``og:``/``article:`` meta
tags and the ``window.kmklabs.*`` objects (``window.info.*`` in 2016).  Each field
below lists its sources in order of preference; ``ArticleLoader.add_first`` keeps
the first that gives a value, so a redesign of one layer does not lose the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newscrawl.dates import DateKind, labelled_dates
from newscrawl.extraction import Extracted, Template, detect
from newscrawl.loaders import ArticleLoader
from newscrawl.page import (
    ElementMatcher,
    NotAnArticle,
    Page,
    as_object,
    as_text,
    credited_in_text,
    densest_containers,
    image_source,
    joined,
    json_ld_names,
    paragraphs,
    parse_json,
    split_dateline,
    text_of,
)
from newscrawl.portals import kly
from newscrawl.sources import FIXED, JSON_LD, MARKUP, META, SCRIPT, URL

# Page types of window.kmklabs.pageType that are listings, never articles.
LISTING_PAGE_TYPES = {"ChannelPage", "HomePage", "IndexPage", "TagPage", "SearchPage", "CategoryPage"}


@dataclass(frozen=True)
class KmkTemplate(Template):
    """Where one era shows each visible field, inside its container (CSS selectors, in order of preference)."""

    title: tuple[str, ...] = ()
    description: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    #: Items of the credits list: role headers and named people (see :func:`_credits`).
    credits: str | None = None
    #: Where an item of the credits list names its role and its person.
    credit_role: tuple[str, ...] = ("[class*=role]", "[class*=label]")
    credit_name: tuple[str, ...] = ("[class*=name]", "[class*=user]")
    #: Date lines, each with the kind of date it gives when its text carries no label.
    date_lines: tuple[tuple[str, DateKind], ...] = ()
    #: ``<time datetime>`` elements of the publication and the update.
    published_times: tuple[str, ...] = ()
    modified_times: tuple[str, ...] = ()
    #: Breadcrumb items and the attribute holding the name (None: the item's text); looked up on the
    #: whole page, since desktop breadcrumbs sit above the article's container.
    breadcrumb: tuple[tuple[str, str | None], ...] = ()
    tags: tuple[str, ...] = ()
    #: Parts of the body: one per page of a multi-page article, or the whole body.
    parts: tuple[str, ...] = ()
    #: Figures of the article (lead image and the images of the parts), see :func:`_image_of`.
    images: str | None = None
    #: Photos of a photo article's gallery: every photo once, in gallery order.
    gallery: str | None = None


PART_TITLE = "h2.article-content-body__item-title"
PAGE_INDEX = "div.article-content-body__item-index"
PAGE_INDEX_TEXT = re.compile(r"\d+\s+dari\s+(?P<total>\d+)\s+halaman", re.IGNORECASE)
IMAGE_CAPTION = ".article-photo-gallery--item__description, figcaption"
CREDIT_ROLES = {
    "author": "authors",
    "penulis": "authors",
    "reporter": "authors",
    "editor": "editors",
    "penyunting": "editors",
    "photographer": "contributors",
    "fotografer": "contributors",
    "videographer": "contributors",
    "videografer": "contributors",
}
#: Types of ``window.kmklabs.gtm.authors`` that are authors (it also lists photographers).
AUTHOR_TYPES = {"author", "penulis", "reporter", "writer"}
#: Elements inside a body part that are never article text (compound selectors: one walk finds them all).
BODY_NOISE = (
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
    # Embedded widgets (the Kitabisa donation box and its promo text), not the article's own paragraphs.
    ".article-content-body__item-embedded",
)
_NOISE = ElementMatcher(BODY_NOISE)
_FIGURES = "[id^=gallery-image-][data-image]"
_FIGURE_IMAGE = "img, amp-img"
_FIRST_PARAGRAPH = etree.XPath("(.//p[normalize-space(.)])[1]")
_LEAD = etree.XPath("(.//p[normalize-space(.)])[1]/*[self::b or self::strong][1]")
_LOCATION_ICON = etree.XPath("boolean(*[1][self::i][contains(@class, 'location')])")
_PLACE_ONLY = re.compile(r"(?P<place>[A-Z][^\-\u2013\u2014:]{0,39}?)\s*(?P<sep>[\-\u2013\u2014:])\s*")

# Selectors name their element's tag wherever the site is consistent: a class test
# on every element of the container costs several times a test on one tag's elements.
MOBILE = KmkTemplate(
    name="mobile",
    marker="div.article-readpage",
    title=("h1.article-header__title",),
    description=("div.article-short-desc",),
    byline=("a.article-header__author-link",),
    credits="li.article-credits__item",
    date_lines=(("span.article-header__datetime", "published"), ("div.article-header__modified-time", "modified")),
    breadcrumb=(("#breadcrumb .breadcrumb--item", "data-category"), ("#breadcrumb .breadcrumb--item span", None)),
    # The AMP pages (m.liputan6.com/amp/...) are this template with their own tag list.
    tags=("a.tags--topics--item__link", "a.tags__list-item-link"),
    parts=("div.article-content-body__item",),
    images="div[id^=gallery-image-]",
    gallery="div.article-gallery-slider__item",
)
DESKTOP_2024 = KmkTemplate(
    name="desktop-2024",
    marker="div.read-page-box",
    container="div.read-page-upper",
    title=("h1.read-page--header--title",),
    description=(".read-page--header--description",),
    byline=(".read-page-box__author__name",),
    date_lines=(
        (".read-page-box__author__updated", "published"),
        (".read-page-box__author__datetime", "published"),
        (".read-page-box__author__date", "published"),
        (".readpage__author__update", "modified"),
    ),
    breadcrumb=((".read-page--breadcrumb--item__title[data-category]", "data-category"),),
    tags=(".tags--snippet__name",),
    parts=("div.article-content-body__item-page",),
    images=_FIGURES,
)
DESKTOP_PHOTO = KmkTemplate(
    name="desktop-photo",
    marker="div.read-page--photo-tag--slider",
    container="div.read-page-upper",
    title=("h2.read-page--photo-tag--header__title",),
    description=("div.read-page--photo-tag--header__content",),
    credits="div.read-page--photo-tag--header__credits-wrapper",
    date_lines=(
        ("time.read-page--photo-tag--header__datetime", "published"),
        ("time.read-page--photo-tag--header__modified-time", "modified"),
    ),
    published_times=("time.read-page--photo-tag--header__datetime",),
    modified_times=("time.read-page--photo-tag--header__modified-time",),
    tags=("span.tags--snippet__name",),
    # The top slider; the thumbnail strip under it shows the same photos again, smaller.
    gallery="figure.read-page--photo-tag--slider__top__item",
)
DESKTOP = KmkTemplate(
    name="desktop",
    marker="div.read-page-upper",
    title=("h1.read-page--header--title", "h1.read-page--photo-tag--header__title"),
    description=(".read-page--header--description",),
    byline=(".read-page--header--author__name",),
    credits=".read-page--credits__list > li",
    date_lines=(
        ("time.read-page--header--author__datetime", "published"),
        (".read-page--header--author__modified-time", "modified"),
        ("time.read-page--photo-tag--header__datetime", "published"),
    ),
    published_times=("time.read-page--header--author__datetime",),
    breadcrumb=(
        (".read-page--breadcrumb--item__title[data-category]", "data-category"),
        (".read-page--breadcrumb--item [itemprop=name]", None),
    ),
    tags=("span.tags--snippet__name", "a.read-page--tags__link"),
    parts=("div.article-content-body__item-page",),
    # Figures, and images written into the text as <p><img alt="caption">.
    images="figure" + _FIGURES + ", p > img",
)
DESKTOP_2016 = KmkTemplate(
    name="desktop-2016",
    marker="h1.read-page--header__title",
    container="article.hentry",
    title=("h1.read-page--header__title",),
    byline=(".read-page--header__author span.fn",),
    credits=".read-page--credits__list > li",
    date_lines=(("time.read-page--header__datetime", "published"),),
    published_times=("time.read-page--header__datetime",),
    breadcrumb=(("ul.breadcrumb li a", None),),
    tags=("a.read-page--tags__link",),
    parts=(".read-page__content-body [id^=multi-page-]", ".read-page__content-body"),
    images=_FIGURES,
    gallery="div.read-page--photo-gallery figure.read-page--photo-gallery--item",
)
DESKTOP_2015 = KmkTemplate(
    name="desktop-2015",
    marker="h1.entry-title",
    container="article.hentry",
    title=("h1.entry-title",),
    byline=(".by-author span.fn",),
    credits=".credits-list li",
    date_lines=(("p.datetime .updated", "published"),),
    breadcrumb=(("ul.breadcrumb li a", None),),
    tags=(".tag-links li.tag a",),
    parts=(".text-detail",),
    images=_FIGURES,
)
TEMPLATES = (MOBILE, DESKTOP_2024, DESKTOP_PHOTO, DESKTOP, DESKTOP_2016, DESKTOP_2015)


def _every(*groups: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(entry for group in groups for entry in group))


#: A page of no known era: every era's selectors, over the whole page, plus microdata.
FALLBACK = KmkTemplate(
    name="unknown",
    marker="html",
    title=_every(*(t.title for t in TEMPLATES), ("h1[itemprop=headline]",)),
    description=_every(*(t.description for t in TEMPLATES)),
    byline=_every(*(t.byline for t in TEMPLATES)),
    credits=".read-page--credits__list > li, .credits-list li",
    date_lines=_every(
        *(t.date_lines for t in TEMPLATES),
        (("time[itemprop=datePublished]", "published"), ("time[itemprop=dateModified]", "modified")),
    ),
    published_times=_every(*(t.published_times for t in TEMPLATES), ("time[itemprop=datePublished]",)),
    modified_times=("time[itemprop=dateModified]",),
    breadcrumb=_every(*(t.breadcrumb for t in TEMPLATES)),
    tags=_every(*(t.tags for t in TEMPLATES)),
    parts=_every(*(t.parts for t in TEMPLATES), ("[itemprop=articleBody]",)),
    images="[id^=gallery-image-]",
    gallery=", ".join(t.gallery for t in TEMPLATES if t.gallery),
)

#: What a browser waits for before a rendered page is read: a paragraph of the body, in any era.
RENDER_WAIT = ", ".join(f"{part} p" for part in FALLBACK.parts)


@dataclass(frozen=True)
class KmkExtraction:
    """The extraction of one KMK portal; ``lead`` matches its dateline ("Liputan6.com, Jakarta -")."""

    portal: str
    lead: re.Pattern[str]

    def __call__(self, page: Page, loader: ArticleLoader) -> Extracted:
        """Fill ``loader`` from an article page; raise NotAnArticle for any other page."""
        data = _StructuredData(page)
        if data.page_type in LISTING_PAGE_TYPES:
            raise NotAnArticle("not_article", f"a {data.page_type}")
        if page.meta("og:type") == "website":
            raise NotAnArticle("not_article", "og:type is website")
        template, container = detect(page, TEMPLATES, FALLBACK)
        view = _View(page, template, container)

        loader.add_first("portal", (FIXED, self.portal))
        _add_identity(loader, page, data, container)
        _add_headline(loader, view, data)
        parts = _add_body(loader, view, data, self.lead)
        _add_credits(loader, view, data)
        _add_dates(loader, view, data)
        _add_sections(loader, view, data)
        _add_images(loader, view)
        loader.add_first(
            "language",
            (MARKUP, page.root.get("lang")),
            (META, page.meta("language", "content-language")),
            (FIXED, "id"),
        )
        return Extracted(template=template.name, parts_present=parts)


class _StructuredData:
    """The page's structured data, by carrier."""

    def __init__(self, page: Page) -> None:
        self.json_ld = page.article_json_ld
        # window.info.* (2016) only where window.kmklabs.* (2017 on) is missing: one scan of the scripts less.
        scripts = page.scripts(("window.kmklabs",)) or page.scripts(("window.info",))
        self.page_type = as_text(scripts.get("pageType"))
        self.article = as_object(scripts.get("article"))
        # AMP pages carry no kmklabs objects; their analytics configuration holds the same GTM data.
        self.gtm = as_object(scripts.get("gtm")) or _amp_gtm(page)
        self.channel = as_object(scripts.get("channel"))
        self.category = as_object(scripts.get("category"))
        self.page_count = scripts.get("multiplePageCount")


@dataclass(frozen=True)
class _View:
    """The page as one template era sees it: its selectors, evaluated inside its container."""

    page: Page
    template: KmkTemplate
    container: Any

    def select(self, css: str) -> list[Any]:
        return self.page.select(css, self.container)

    def first_text(self, selectors: tuple[str, ...]) -> str | None:
        return self.page.first_text(selectors, self.container)

    def all_texts(self, selectors: tuple[str, ...]) -> list[str]:
        return self.page.all_texts(selectors, self.container)


def _add_identity(loader: ArticleLoader, page: Page, data: _StructuredData, container: Any) -> None:
    portal = loader.context["portal"]
    loader.add_first(
        "url",
        (META, lambda: portal.canonical_url(page.meta("og:url"))),
        (META, lambda: portal.canonical_url(page.link("canonical"))),
        (JSON_LD, lambda: portal.canonical_url(as_text(data.json_ld.get("url")))),
        (JSON_LD, lambda: portal.canonical_url(as_text(as_object(data.json_ld.get("mainEntityOfPage")).get("@id")))),
        (JSON_LD, lambda: portal.canonical_url(as_text(data.json_ld.get("mainEntityOfPage")))),
        (URL, portal.canonical_url(page.url)),
    )
    loader.add_first(
        "id",
        (URL, lambda: portal.article_id(loader.get_output_value("url") or "")),
        (SCRIPT, data.article.get("id")),
        (SCRIPT, data.gtm.get("articleId")),
        (MARKUP, lambda: _attribute(page.first("input[name=article_id]"), "value")),
        (META, lambda: page.meta("dable:item_id")),
        (URL, lambda: portal.article_id(page.url)),
    )
    if not loader.get_collected_values("id"):
        raise NotAnArticle("not_article", "no article id")
    loader.add_first(
        "type",
        (SCRIPT, lambda: kly.article_type(as_text(data.article.get("type")) or as_text(data.gtm.get("type")))),
        (MARKUP, lambda: kly.article_type(_type_in_cache_keys(page, container))),
        (JSON_LD, lambda: "video" if data.json_ld.get("@type") == "VideoObject" else None),
        (FIXED, "text"),
    )


def _add_headline(loader: ArticleLoader, view: _View, data: _StructuredData) -> None:
    loader.add_first(
        "title",
        (JSON_LD, data.json_ld.get("headline")),
        (META, lambda: view.page.meta("og:title")),
        (SCRIPT, data.article.get("title")),
        (MARKUP, lambda: view.first_text(view.template.title)),
    )
    loader.add_first(
        "description",
        (JSON_LD, data.json_ld.get("description")),
        (META, lambda: view.page.meta("og:description", "description")),
        (SCRIPT, data.article.get("shortDescription")),
        (MARKUP, lambda: view.first_text(view.template.description)),
    )


def _add_credits(loader: ArticleLoader, view: _View, data: _StructuredData) -> None:
    """Authors and editors as the page credits them.

    The visible byline and credits list come first, by role.  Photographers and
    videographers are authors only where the page credits no one else.  A byline
    that names only the outlet yields to a person credited in the text ("Reporter:
    Name").  ``window.kmklabs.gtm.editors`` also lists authors: it serves only where
    the page has no credits list, and never for a name the page credits as author.
    """
    credited = _credits(view)
    byline = view.all_texts(view.template.byline)
    named = byline + credited.authors
    if not credited.editors and not named:
        named = credited.contributors
    if named and all(name.casefold() in _outlet_names(loader) for name in named):
        texts = [text for part in loader.get_collected_values("subsections") for text in part["paragraphs"]]
        named += credited_in_text(texts)
    gtm_authors = as_object(data.gtm.get("authors"))
    author_type = (as_text(gtm_authors.get("type")) or "author").lower()
    loader.add_first(
        "authors",
        (MARKUP, named),
        (JSON_LD, lambda: json_ld_names(data.json_ld.get("author"))),
        (SCRIPT, gtm_authors.get("names") if author_type in AUTHOR_TYPES else None),
        (SCRIPT, data.gtm.get("reporters")),
        (META, lambda: view.page.meta("dable:author", "author")),
    )
    if credited.listed:
        loader.add_value("editors", credited.editors, source=MARKUP)
        return
    authors = {name.casefold() for name in loader.get_output_value("authors") or ()}
    loader.add_first(
        "editors",
        (SCRIPT, [name for name in kly.names(data.gtm.get("editors")) if name.casefold() not in authors]),
        (JSON_LD, lambda: json_ld_names(data.json_ld.get("editor"))),
        (JSON_LD, lambda: [k.split(":", 1)[1] for k in _keywords(data.json_ld) if k.lower().startswith("editor:")]),
    )


@dataclass
class _Credits:
    listed: bool = False  # the page has a credits list (then it says who the editors are, even none)
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)  # photographers, videographers


def _credits(view: _View) -> _Credits:
    """The credits list by role: an item names a person and its role, or is the header of the people after it."""
    credited = _Credits()
    if not view.template.credits:
        return credited
    role = None
    for item in view.select(view.template.credits):
        credited.listed = True
        own_role = (view.page.first_text(view.template.credit_role, item) or "").rstrip(" :")
        name = view.page.first_text(view.template.credit_name, item)
        if not name:
            role = own_role or text_of(item).rstrip(" :")
            continue
        kind = CREDIT_ROLES.get((own_role or role or "").lower())
        if kind:
            getattr(credited, kind).append(name)
    return credited


def _outlet_names(loader: ArticleLoader) -> set[str]:
    return {name.casefold() for name in loader.context["portal"].publisher_names}


def _add_dates(loader: ArticleLoader, view: _View, data: _StructuredData) -> None:
    """The visible "pada"/"Diterbitkan" and "Diperbarui" lines first, structured data after.

    ``ArticleLoader`` keeps the first time that can be the article's and lets a later
    one add the seconds where it agrees to the minute (``newscrawl.dates.reconcile``).
    """
    visible: dict[str, str] = {}
    for selector, default_kind in view.template.date_lines:
        for element in view.select(selector):
            for kind, raw in labelled_dates(text_of(element)):
                visible.setdefault(kind or default_kind, raw)
    page, gtm = view.page, data.gtm
    published_structured = [
        *((MARKUP, time) for time in _machine_times(view, view.template.published_times)),
        (JSON_LD, data.json_ld.get("datePublished")),
        (META, page.meta("article:published_time", "datePublished")),
        (SCRIPT, data.article.get("publishDate")),
        (SCRIPT, joined(gtm, "publicationDate", "publicationTime")),
    ]
    modified_structured = [
        *((MARKUP, time) for time in _machine_times(view, view.template.modified_times)),
        (JSON_LD, data.json_ld.get("dateModified")),
        (META, page.meta("article:modified_time", "og:updated_time", "dateModified")),
    ]
    loader.add_value("published_at_raw", visible.get("published"))
    loader.add_value("modified_at_raw", visible.get("modified"))
    loader.add_time("published_at", MARKUP, visible.get("published"))
    for source, value in published_structured:
        loader.add_time("published_at", source, value)
    loader.add_time("modified_at", MARKUP, visible.get("modified"))
    for source, value in modified_structured:
        loader.add_time("modified_at", source, value)
    if visible.get("modified"):
        # "Diperbarui" in the minute of publication: the page was not changed since,
        # and the publication time supplies the seconds.
        for source, value in published_structured:
            loader.add_time("modified_at", source, value)


def _add_sections(loader: ArticleLoader, view: _View, data: _StructuredData) -> None:
    crumbs = _breadcrumb(view)
    loader.add_first(
        "channel",
        (SCRIPT, data.channel.get("name")),
        (MARKUP, lambda: crumbs()[0:1]),
        (META, lambda: view.page.meta("article:section2")),
        (JSON_LD, lambda: data.json_ld.get("articleSection")),
    )
    loader.add_first(
        "category",
        (SCRIPT, data.category.get("name")),
        (MARKUP, lambda: crumbs()[1:2]),
        (META, lambda: view.page.meta("article:section3")),
    )
    loader.add_first(
        "tags",
        (MARKUP, lambda: view.all_texts(view.template.tags)),
        (SCRIPT, lambda: (as_text(data.gtm.get("tag")) or "").split("|")),
        (JSON_LD, lambda: [k for k in _keywords(data.json_ld) if ":" not in k]),
        (META, lambda: (view.page.meta("keywords", "news_keywords") or "").split(",")),
    )


def _add_body(loader: ArticleLoader, view: _View, data: _StructuredData, lead: re.Pattern[str]) -> int:
    """One subsection per part, the dateline cut from the first paragraph; returns how many parts the HTML holds.

    Parts not found by the era's selectors (renamed classes) fall back to the densest
    paragraphs of the page; not for a photo article, whose gallery is the article and
    whose text, if any, is in parts of their own.
    """
    parts = next((found for css in view.template.parts if (found := view.select(css))), [])
    if not parts and loader.get_output_value("type") != "photo":
        parts = densest_containers(view.container)
    subsections = []
    for part in parts:
        title = text_of(view.page.first(PART_TITLE, part)) or part.get("data-title")
        subsections.append({"title": title, "paragraphs": paragraphs(part, _NOISE)})
    for subsection, part in zip(subsections, parts, strict=True):
        if subsection["paragraphs"]:
            first = _FIRST_PARAGRAPH(part)
            bold = _LEAD(part)
            # A lead written the Bola.com way: a location icon, then "Jakarta -".
            pattern = _PLACE_ONLY if first and _LOCATION_ICON(first[0]) else lead
            dateline, subsection["paragraphs"][0] = split_dateline(
                subsection["paragraphs"][0], pattern, text_of(bold[0]) if bold else None
            )
            loader.add_value("dateline", dateline)
            break
    loader.add_value("subsections", subsections)
    loader.add_first(
        "page_count",
        (MARKUP, lambda: _announced_parts(view)),
        (SCRIPT, data.page_count),
        (MARKUP, len(parts)),
    )
    return len(parts)


def _announced_parts(view: _View) -> str | None:
    for element in view.select(PAGE_INDEX):
        match = PAGE_INDEX_TEXT.search(text_of(element))
        if match:
            return match["total"]
    return None


def _add_images(loader: ArticleLoader, view: _View) -> None:
    """The images the page shows: a photo article's gallery, or the lead figure and the figures of the parts.

    Nothing is taken from og:image or JSON-LD: a page that shows no image (a video
    page) has none.
    """
    photo_article = loader.get_output_value("type") == "photo"
    figures = view.select(view.template.gallery) if view.template.gallery and photo_article else []
    if not figures and view.template.images:
        figures = view.select(view.template.images)
    for figure in figures:
        loader.add_value("images", _image_of(view.page, figure))


def _image_of(page: Page, figure: Any) -> dict[str, Any]:
    """A figure's image URL (``data-image``, else its ``<img>``) and caption (data attributes, else visible);
    an image in the text is its own figure, captioned by its ``alt``."""
    if figure.tag in ("img", "amp-img"):
        return {"url": image_source(figure), "caption": figure.get("alt")}
    url = figure.get("data-image") or next(filter(None, map(image_source, page.select(_FIGURE_IMAGE, figure))), None)
    caption = (
        figure.get("data-description") or figure.get("data-short-desc") or text_of(page.first(IMAGE_CAPTION, figure))
    )
    return {"url": url, "caption": caption}


def _breadcrumb(view: _View) -> Any:
    """A function giving the breadcrumb's names (without the site's root item), read when first asked."""
    found: list[list[str]] = []

    def names() -> list[str]:
        if not found:
            found.append(_read_breadcrumb(view))
        return found[0]

    return names


_BREADCRUMB_ROOTS = {"home", "liputan6", "liputan6.com", "beranda", "bola.com"}


def _read_breadcrumb(view: _View) -> list[str]:
    for css, attribute in view.template.breadcrumb:
        elements = view.page.select(css)
        names = [(element.get(attribute) if attribute else text_of(element)) or "" for element in elements]
        names = [name.strip() for name in names if name.strip() and name.strip().lower() not in _BREADCRUMB_ROOTS]
        if names:
            return names
    return []


def _amp_gtm(page: Page) -> dict[str, Any]:
    """The GTM variables of an AMP page's analytics configuration, named as in ``window.kmklabs.gtm``."""
    for script in page.select("amp-analytics script"):
        variables = as_object(as_object(parse_json(script.text or "")).get("vars"))
        if "editor" in variables or "type" in variables:
            return {
                "editors": variables.get("editor"),
                "reporters": variables.get("reporter"),
                "type": variables.get("type"),
                "tag": "|".join(part.strip() for part in (as_text(variables.get("tag")) or "").split(",")),
            }
    return {}


def _keywords(json_ld: dict[str, Any]) -> list[str]:
    keywords = json_ld.get("keywords") or []
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if not isinstance(keywords, list):
        return []
    return [keyword.strip() for keyword in keywords if isinstance(keyword, str)]


def _attribute(element: Any, name: str) -> str | None:
    return element.get(name) if element is not None else None


def _machine_times(view: _View, selectors: tuple[str, ...]) -> list[str | None]:
    return [element.get("datetime") for css in selectors for element in view.select(css)]


_TYPE_CACHE_KEY = re.compile(r"(\w+TypeArticle|PhotoGallery|VideoGallery)#")


def _type_in_cache_keys(page: Page, container: Any) -> str | None:
    """The article type the page's cache keys name ("...::TextTypeArticle#2436773...", "PhotoGallery#2437247")."""
    # The article's own element (2015-2016) or its header carries the key: no need to search the page.
    for element in page.select("[data-cache-key*=TypeArticle], [data-cache-key*=Gallery]", container):
        match = _TYPE_CACHE_KEY.search(element.get("data-cache-key") or "")
        if match:
            return match[1]
    return None
