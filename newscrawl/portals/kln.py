"""The KLN platform (merdeka.com): how its article pages carry each field, whatever the portal's skin.

KapanLagi Network runs merdeka.com, bola.net, kapanlagi.com, dream.co.id and
otosia.com on one publishing system.  What this module takes to be the platform's:

- the data object ``window.kly`` (``gtm``, ``channel``, ``category``, ``article``,
  ``multiplePageCount``), written as JSON on 2020 pages and as minified JavaScript
  literals on 2021 pages (:func:`newscrawl.page.read_js_value` reads both); no JSON-LD;
- an article of several pages served whole in one response, its later pages
  ``div.paging-content[data-paging_num]`` titled by ``h2.title-dt-paging``, each page
  closed by a counter ``div.detail-body__break`` ("1 dari 2 halaman") whose M is one
  less than the number of pages, so the page count is ``kly.multiplePageCount``;
- a visible "Reporter : Name" line, and no editor shown anywhere but ``kly.gtm.editors``;
- image caption lines "Title. ©2020 Source" (a bare "2020 Source" names only the
  source), in-text images ``<p><img></p>`` followed by a centred caption paragraph, or
  ``div.imagecontent`` followed by a source line ``div.imageinfo``;
- the editor's initials closing the text: "(mdk/hrs)", "[ray]";
- channel and category names in ``kly`` as lower-case slugs ("peristiwa", "cek-fakta"),
  which the records show as the site displays them ("Peristiwa", "Cek Fakta").

A portal module declares its skin: template eras (:class:`KlnTemplate`, selectors of
its own class names), its lead ("Merdeka.com - "), and hands its pages to
:class:`KlnExtraction`.  Which markup is the platform's and which the portal's was
judged from merdeka.com alone (no page of another KLN site was at hand): classes
without merdeka's ``mdk`` prefix count as the platform's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree

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
    paragraphs,
    read_js_value,
    split_dateline,
    text_of,
)
from newscrawl.portals import kly
from newscrawl.sources import FIXED, MARKUP, META, SCRIPT, URL

#: ``kly.pageType`` of an article page; every other page type (home, channel, tag pages) is a listing.
ARTICLE_PAGE_TYPE = "ReadPage"
#: Types of ``kly.gtm.authors`` that are authors.
AUTHOR_TYPES = {"author", "penulis", "reporter", "writer"}
#: Elements inside a body part that are never article text, on every KLN page (compound selectors).
PLATFORM_NOISE = (
    # A later page's title (the part's title) and, on 2021 pages, the later pages nested in the first.
    "h2.title-dt-paging",
    "div.paging-content",
    "div.detail-body__break",
    # "Baca juga:" link lists.
    "p.dont-display",
    "div.imagecontent",
    "div.imageinfo",
    "[id^=div-gpt-ad]",
    "[id^=div-revive-ad]",
    "div.article-ad",
    "div#gplus_recommendation",
)
#: Caption lines of in-text images: the centred paragraph after ``<p><img></p>``, the line after ``div.imagecontent``.
IN_TEXT_CAPTION_LINES = ("p[style*=center]", "div.imageinfo")
#: Caption lines that name only the image's source.
SOURCE_LINES = ElementMatcher(("div.imageinfo",))

_PART_TITLE = etree.XPath("./h2[contains(concat(' ', normalize-space(@class), ' '), ' title-dt-paging ')]")
# The editor's initials closing an article: "(mdk/hrs)", "[ray]".
_CLOSING_MARK = re.compile(r"\s*(?:\(\s*[a-z]{2,6}\s*/\s*[a-z]{2,6}\s*\)|\[\s*[a-z]{2,6}\s*\])\s*$")
_COPYRIGHT = re.compile(r"(?P<caption>.*?)\s*©\s*(?:(?:19|20)\d\d\b\s*)?(?P<credit>.*)", re.DOTALL)
_BARE_COPYRIGHT = re.compile(r"(?:19|20)\d\d\s+(?P<credit>\S.*)", re.DOTALL)


@dataclass(frozen=True)
class KlnTemplate(Template):
    """Where one era of a KLN portal's skin shows each visible field (CSS selectors, in order of preference)."""

    title: tuple[str, ...] = ()
    #: The person links of the "Reporter : Name" line.
    byline: tuple[str, ...] = ()
    #: Visible date lines, "PERISTIWA | 6 Agustus 2020 08:21": the date is what follows the last bar.
    date_lines: tuple[str, ...] = ()
    #: Breadcrumb links, the site's root first; looked up on the whole page.
    breadcrumb: str | None = None
    tags: tuple[str, ...] = ()
    #: One element per page of the article.
    parts: tuple[str, ...] = ()
    #: The article's images in page order: elements that hold an ``<img>``, or the ``<img>`` of a paragraph.
    figures: str | None = None
    #: The skin's caption lines, inside an image's element or right after it (compound selectors).
    caption_lines: tuple[str, ...] = ()
    #: The skin's elements inside a part that are never article text (compound selectors).
    noise: tuple[str, ...] = ()


@dataclass(frozen=True)
class KlnExtraction:
    """The extraction of one KLN portal: its name, its lead ("Merdeka.com -", with an optional
    ``place`` group and a ``sep`` group for the dash) and its templates, the fallback last."""

    portal: str
    lead: re.Pattern[str]
    templates: tuple[KlnTemplate, ...]
    fallback: KlnTemplate

    def __call__(self, page: Page, loader: ArticleLoader) -> Extracted:
        """Fill ``loader`` from an article page; raise NotAnArticle for any other page."""
        data = _KlyData(page)
        if data.page_type and data.page_type != ARTICLE_PAGE_TYPE:
            raise NotAnArticle("not_article", f"a {data.page_type}")
        if page.meta("og:type") == "website":
            raise NotAnArticle("not_article", "og:type is website")
        template, container = detect(page, self.templates, self.fallback)
        view = _View(page, template, container)

        loader.add_first("portal", (FIXED, self.portal))
        _add_identity(loader, page, data)
        _add_headline(loader, view, data)
        # The images first: their caption lines are not article text.
        figures = _figures(view, data)
        parts = _add_body(loader, view, data, self.lead, {figure.line for figure in figures if figure.line is not None})
        _add_credits(loader, view, data)
        _add_dates(loader, view, data)
        _add_sections(loader, view, data)
        for figure in figures:
            loader.add_value("images", figure.image)
        # <html lang="en"> is the template's default on every page, whatever the language: not read.
        loader.add_first("language", (META, page.meta("language", "content-language")), (FIXED, "id"))
        return Extracted(template=template.name, parts_present=parts)


class _KlyData:
    """``window.kly``: JSON on 2020 pages, minified JavaScript literals on 2021 pages."""

    def __init__(self, page: Page) -> None:
        scripts = page.scripts(("window.kly",), literal=read_js_value)
        self.page_type = as_text(scripts.get("pageType"))
        self.article = as_object(scripts.get("article"))
        self.gtm = as_object(scripts.get("gtm"))
        self.channel = as_object(scripts.get("channel"))
        self.category = as_object(scripts.get("category"))
        self.page_count = scripts.get("multiplePageCount")


@dataclass(frozen=True)
class _View:
    """The page as one template era sees it: its selectors, evaluated inside its container."""

    page: Page
    template: KlnTemplate
    container: Any

    def select(self, css: str) -> list[Any]:
        return self.page.select(css, self.container)

    def first_text(self, selectors: tuple[str, ...]) -> str | None:
        return self.page.first_text(selectors, self.container)

    def all_texts(self, selectors: tuple[str, ...]) -> list[str]:
        return self.page.all_texts(selectors, self.container)


def _add_identity(loader: ArticleLoader, page: Page, data: _KlyData) -> None:
    portal = loader.context["portal"]
    # og:url first: on photo pages the canonical link cuts the photographer's slug short,
    # and on video pages it names video.<domain>, a host of its own.
    loader.add_first(
        "url",
        (META, lambda: portal.canonical_url(page.meta("og:url"))),
        (META, lambda: portal.canonical_url(page.link("canonical"))),
        (URL, portal.canonical_url(page.url)),
    )
    # Text article URLs carry no id: it is in kly.
    loader.add_first(
        "id",
        (SCRIPT, data.article.get("id")),
        (SCRIPT, data.gtm.get("articleId")),
        (URL, lambda: portal.article_id(loader.get_output_value("url") or "")),
        (URL, lambda: portal.article_id(page.url)),
    )
    if not loader.get_collected_values("id"):
        raise NotAnArticle("not_article", "no article id")
    loader.add_first(
        "type",
        (SCRIPT, kly.article_type(as_text(data.article.get("type")) or as_text(data.gtm.get("type")))),
        (FIXED, "text"),
    )


def _add_headline(loader: ArticleLoader, view: _View, data: _KlyData) -> None:
    # og:title adds the site's name (" | merdeka.com") and on photo pages a "Foto | " prefix.
    loader.add_first(
        "title",
        (MARKUP, lambda: view.first_text(view.template.title)),
        (SCRIPT, data.article.get("title")),
        (META, lambda: _without_site_name(view.page)),
    )
    # Mobile meta descriptions append the tags to the summary.
    loader.add_first(
        "description",
        (SCRIPT, data.article.get("shortDescription")),
        (META, lambda: view.page.meta("description", "og:description")),
    )


def _add_body(
    loader: ArticleLoader, view: _View, data: _KlyData, lead: re.Pattern[str], caption_lines: set[Any]
) -> int:
    """One subsection per page of the article, the lead cut from the first paragraph and the editor's
    initials from the last; returns how many pages the HTML holds.

    Parts not found by the era's selectors fall back to the densest paragraphs of the
    page, except on a photo page, whose text (if any) is in a part of its own.
    """
    parts = next((found for css in view.template.parts if (found := view.select(css))), [])
    if not parts and loader.get_output_value("type") != "photo":
        parts = densest_containers(view.container)
    noise = _noise(view.template.noise)

    def is_noise(element: Any) -> bool:
        return noise(element) or element in caption_lines

    subsections = []
    for part in parts:
        title = next((text for text in map(text_of, _PART_TITLE(part)) if text), None)
        subsections.append({"title": title, "paragraphs": paragraphs(part, is_noise)})
    texts = [subsection["paragraphs"] for subsection in subsections if subsection["paragraphs"]]
    if texts:
        dateline, texts[0][0] = split_dateline(texts[0][0], lead)
        loader.add_value("dateline", dateline)
        closing = _CLOSING_MARK.sub("", texts[-1][-1])
        if closing.strip():
            texts[-1][-1] = closing
        else:
            texts[-1].pop()
    loader.add_value("subsections", subsections)
    # Not the "N dari M halaman" counter: its M is one less than the number of pages.
    loader.add_first("page_count", (SCRIPT, data.page_count), (MARKUP, len(parts)))
    return len(parts)


def _add_credits(loader: ArticleLoader, view: _View, data: _KlyData) -> None:
    """Authors as the "Reporter :" line names them; editors from ``kly.gtm.editors``, the only place
    that names them, less anyone the page credits as author.

    A reporter line that names only the outlet (the house account "Merdeka") yields to a
    person credited in the text, if any.
    """
    named = view.all_texts(view.template.byline)
    outlet = {name.casefold() for name in loader.context["portal"].publisher_names}
    if named and all(name.casefold() in outlet for name in named):
        texts = [text for part in loader.get_collected_values("subsections") for text in part["paragraphs"]]
        named += credited_in_text(texts)
    gtm_authors = as_object(data.gtm.get("authors"))
    author_type = (as_text(gtm_authors.get("type")) or "author").lower()
    loader.add_first(
        "authors",
        (MARKUP, named),
        (SCRIPT, gtm_authors.get("names") if author_type in AUTHOR_TYPES else None),
        (SCRIPT, data.gtm.get("reporters")),
        (META, lambda: view.page.meta("author")),
    )
    authors = {name.casefold() for name in loader.get_output_value("authors") or ()}
    editors = [name for name in kly.names(data.gtm.get("editors")) if name.casefold() not in authors]
    loader.add_first("editors", (SCRIPT, editors))


def _add_dates(loader: ArticleLoader, view: _View, data: _KlyData) -> None:
    """The visible date line first (to the minute, no zone: the home zone), structured data after.

    ``meta name=pubdate`` is not read: it labels the WIB time "GMT".  The modified time
    is only ever structured (the pages show none); the portal's ``offset_fixes`` read
    the 2021 pages' "-07:00" as the +07:00 it means.
    """
    visible = next(
        (date for css in view.template.date_lines for element in view.select(css) if (date := _date_of(element))),
        None,
    )
    page, gtm = view.page, data.gtm
    loader.add_value("published_at_raw", visible)
    loader.add_time("published_at", MARKUP, visible)
    loader.add_time("published_at", SCRIPT, joined(gtm, "publicationDate", "publicationTime"))
    loader.add_time("published_at", SCRIPT, data.article.get("publishDate"))
    loader.add_time("published_at", META, page.meta("article:published_time"))
    loader.add_time("modified_at", META, page.meta("article:modified_time", "og:updated_time"))


def _date_of(line: Any) -> str | None:
    """ "PERISTIWA » BANYUWANGI | 5 Agustus 2020 19:32" -> "5 Agustus 2020 19:32"."""
    return text_of(line).rsplit("|", 1)[-1].strip() or None


def _add_sections(loader: ArticleLoader, view: _View, data: _KlyData) -> None:
    template = view.template
    loader.add_first(
        "channel",
        (SCRIPT, _displayed(data.channel.get("name"))),
        (MARKUP, lambda: view.page.all_texts((template.breadcrumb,))[1:2] if template.breadcrumb else None),
        (META, lambda: view.page.meta("article:section2")),
    )
    loader.add_first(
        "category",
        (SCRIPT, _displayed(data.category.get("name"))),
        (META, lambda: view.page.meta("article:section3")),
    )
    loader.add_first(
        "tags",
        (MARKUP, lambda: view.all_texts(template.tags)),
        (SCRIPT, lambda: (as_text(data.gtm.get("tag")) or "").split("|")),
    )


@dataclass(frozen=True)
class _Figure:
    image: dict[str, Any]
    #: The caption line's element, which is not article text; None when the image has none.
    line: Any


def _figures(view: _View, data: _KlyData) -> list[_Figure]:
    """The images the page shows, lead image first, each with the caption line that goes with it.

    Nothing is taken from og:image: a page that shows no image (a video page) has none.
    """
    if not view.template.figures:
        return []
    lines = _caption_lines(view.template.caption_lines)
    photographers = kly.names(data.gtm.get("photographers"))
    figures = []
    for element in view.select(view.template.figures):
        if element.tag == "img":
            # An image written into the text: its caption line is the paragraph after its own.
            url, line = image_source(element), _line_after(element.getparent(), lines)
        else:
            url = next(filter(None, map(image_source, element.iter("img"))), None)
            inside = [found for found in lines.find(element) if found is not element]
            line = inside[0] if inside else _line_after(element, lines)
        caption, credit = _read_caption_line(line, photographers)
        figures.append(_Figure({"url": url, "caption": caption, "credit": credit}, line))
    return figures


def _line_after(holder: Any, lines: ElementMatcher) -> Any:
    """The element right after an image's holder, if it is a caption line."""
    if holder is None:
        return None
    following = next((element for element in holder.itersiblings() if isinstance(element.tag, str)), None)
    return following if following is not None and lines(following) else None


def _read_caption_line(line: Any, photographers: list[str]) -> tuple[str | None, str | None]:
    """A caption line as (caption, credit): "Title. ©2020 Source", a bare "2020 Source", a source
    line, or "Title. Source" where the source is a photographer ``kly.gtm`` names."""
    if line is None:
        return None, None
    text = _CLOSING_MARK.sub("", text_of(line)).strip()
    if not text:
        return None, None
    if SOURCE_LINES(line):
        return None, text
    match = _COPYRIGHT.fullmatch(text) or _BARE_COPYRIGHT.fullmatch(text)
    if match:
        return match.groupdict().get("caption") or None, match["credit"] or None
    for name in photographers:
        caption = text[: -len(name)].rstrip()
        if text.casefold().endswith(name.casefold()) and caption.endswith("."):
            return caption, text[-len(name) :]
    return text, None


@cache
def _noise(skin: tuple[str, ...]) -> ElementMatcher:
    return ElementMatcher(PLATFORM_NOISE + skin)


@cache
def _caption_lines(skin: tuple[str, ...]) -> ElementMatcher:
    return ElementMatcher(skin + IN_TEXT_CAPTION_LINES)


def _displayed(slug: Any) -> str | None:
    """A lower-case slug as the site displays the name: "cek-fakta" -> "Cek Fakta"; other names as they are."""
    name = as_text(slug)
    if name and name.islower():
        return name.replace("-", " ").title()
    return name


def _without_site_name(page: Page) -> str | None:
    title, site = page.meta("og:title"), page.meta("og:site_name")
    if title and site:
        return title.removesuffix(f" | {site}")
    return title
