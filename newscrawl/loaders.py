"""The article loader: all normalisation of extracted values happens here.

A portal's extraction module only *finds* values (selectors, structured data) and
adds them to an ``ArticleLoader`` in order of preference; the processors below turn
them into the contract's form: whitespace and HTML entities, names and tags
de-duplicated, dates parsed (through ``newscrawl.dates``), image captions split
from their credits, boilerplate paragraphs dropped.

Portal-specific knowledge reaches the processors through the loader context:

``default_timezone``
    zone of a time that names none (default Asia/Jakarta);
``publisher_names``
    bylines that name the outlet rather than a person ("Liputan6.com"), kept only
    when the page names no person;
``boilerplate``
    extra regular expressions for paragraphs that are never article text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader
from w3lib.html import remove_tags, replace_entities
from w3lib.url import safe_url_string, url_query_cleaner

from newscrawl import dates
from newscrawl.items import Article

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060\ufeff]")

#: Paragraphs that are page furniture on Indonesian news sites, whatever the portal.
BOILERPLATE = (
    r"baca( juga)?\s*:?",
    r"(advertisement|iklan|sponsored)",
    r"scroll (down )?to (continue|resume)( with content)?",
    r"lanjutkan membaca.*",
    r"perbesar",
    r"\d+ dari \d+ halaman",
    r"(halaman|page) \d+( dari \d+)?",
    r"(selanjutnya|sebelumnya|next|prev(ious)?)\s*[»›>]*",
)

_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*\((?P<credit>[^()]*(?:/|foto|photo|sumber|dok|istimewa|credit)[^()]*)\)\s*\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_DATE_ONLY = re.compile(r"^[\d/.\- ]+$")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\||&|\bdan\b|\band\b)\s*", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^(?:oleh|by|penulis|reporter|editor|penyunting)\s*:?\s+", re.IGNORECASE)


def clean_text(value: Any) -> Any:
    """Collapse whitespace, decode HTML entities, drop tags and invisible characters.

    Non-string values pass through; a blank string becomes None, which the loader drops.
    """
    if not isinstance(value, str):
        return value
    if "<" in value:
        value = remove_tags(value)
    value = _INVISIBLE.sub("", replace_entities(value))
    value = " ".join(value.split())
    return value or None


def absolute_url(value: str) -> str | None:
    """A well-formed http(s) URL, or None."""
    value = value.strip()
    if value.startswith("//"):
        value = "https:" + value
    if not re.match(r"^https?://[^\s/?#]+", value):
        return None
    return safe_url_string(value)


def canonical_url(value: str) -> str | None:
    """An absolute URL without query or fragment: tracking parameters are never part of an article's identity."""
    url = absolute_url(value)
    return url_query_cleaner(url, ()) if url else None


def split_names(value: str) -> list[str]:
    """ "Oleh A, B dan C" -> ["A", "B", "C"]."""
    value = _BYLINE_PREFIX.sub("", value)
    return [name for name in _NAME_SEPARATORS.split(value) if name]


def unique(values: Iterable[Any]) -> list[Any]:
    """Values in first-seen order, compared case-insensitively for strings."""
    seen: set[Any] = set()
    kept = []
    for value in values:
        key = value.casefold() if isinstance(value, str) else value
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def people_only(names: list[str], loader_context: dict[str, Any]) -> list[str]:
    """Drop the outlet's own name from a byline when the page also names a person."""
    publishers = {name.casefold() for name in loader_context.get("publisher_names", ())}
    people = [name for name in names if name.casefold() not in publishers]
    return people or names


def to_datetime(value: Any, loader_context: dict[str, Any]) -> Any:
    if not isinstance(value, str):
        return value
    return dates.parse_datetime(value, loader_context.get("default_timezone", dates.DEFAULT_TIMEZONE))


def stated_time(values: list[Any], loader_context: dict[str, Any]) -> str | None:
    """See :func:`newscrawl.dates.reconcile`: the first value is what the page states."""
    moment = dates.reconcile(values)
    if moment is None:
        return None
    return dates.isoformat(moment, loader_context.get("default_timezone", dates.DEFAULT_TIMEZONE))


@cache
def _boilerplate(portal_patterns: tuple[str, ...]) -> re.Pattern[str]:
    patterns = BOILERPLATE + portal_patterns
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def clean_subsection(value: dict[str, Any], loader_context: dict[str, Any]) -> dict[str, Any] | None:
    """``{"title", "paragraphs"}`` with clean text; None when no paragraph is left."""
    noise = _boilerplate(tuple(loader_context.get("boilerplate", ())))
    paragraphs = []
    for paragraph in value.get("paragraphs") or ():
        text = clean_text(paragraph)
        if text and not noise.fullmatch(text):
            paragraphs.append(text)
    if not paragraphs:
        return None
    return {"title": clean_text(value.get("title")), "paragraphs": paragraphs}


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """ "Warga ... (Liputan6.com/Helmi Fithriansyah)" -> caption, "Liputan6.com/Helmi Fithriansyah"."""
    if not caption:
        return None, None
    match = _CREDIT.match(caption)
    if not match or _DATE_ONLY.match(match["credit"]):
        return caption, None
    return clean_text(match["caption"]), clean_text(match["credit"])


def clean_image(value: dict[str, Any]) -> dict[str, Any] | None:
    """``{"url", "caption", "credit"}``; the credit is split off the caption unless given."""
    url = absolute_url(value.get("url") or "")
    if not url:
        return None
    caption = clean_text(value.get("caption"))
    credit = clean_text(value.get("credit"))
    if credit is None:
        caption, credit = split_credit(caption)
    return {"url": url, "caption": caption, "credit": credit}


def unique_images(images: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per image URL; a later duplicate may fill in a missing caption."""
    by_url: dict[str, dict[str, Any]] = {}
    for image in images:
        kept = by_url.setdefault(image["url"], image)
        if kept is not image and not kept["caption"] and image["caption"]:
            kept.update(caption=image["caption"], credit=image["credit"])
    return list(by_url.values())


def positive_int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if number >= 1 else None


# ISO 639 codes withdrawn in 1989 that pages still send ("In-Id" for Indonesian).
_WITHDRAWN_LANGUAGE_CODES = {"in": "id", "iw": "he", "ji": "yi"}


def language_code(value: str) -> str | None:
    """ "In-Id", "id_ID", "id" -> "id"."""
    match = re.match(r"^\s*([A-Za-z]{2,3})(?![A-Za-z])", value)
    if not match:
        return None
    code = match[1].lower()
    return _WITHDRAWN_LANGUAGE_CODES.get(code, code)


def article_type(value: str) -> str | None:
    return value if value in ("text", "photo", "video") else None


class ArticleLoader(ItemLoader):
    """Loads an :class:`~newscrawl.items.Article`; add values in order of preference."""

    default_item_class = Article
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    url_in = MapCompose(clean_text, canonical_url)
    id_in = MapCompose(str, clean_text)
    type_in = MapCompose(clean_text, article_type)

    authors_in = MapCompose(clean_text, split_names, clean_text)
    authors_out = Compose(unique, people_only)
    editors_in = MapCompose(clean_text, split_names, clean_text)
    editors_out = Compose(unique, people_only)
    tags_in = MapCompose(clean_text, lambda tag: tag.lstrip("#").strip() or None)
    tags_out = Compose(unique)

    published_at_in = MapCompose(clean_text, to_datetime)
    published_at_out = Compose(stated_time)
    modified_at_in = MapCompose(clean_text, to_datetime)
    modified_at_out = Compose(stated_time)
    published_at_raw_in = MapCompose(clean_text, dates.strip_label, clean_text)
    modified_at_raw_in = MapCompose(clean_text, dates.strip_label, clean_text)

    subsections_in = MapCompose(clean_subsection)
    subsections_out = Identity()
    images_in = MapCompose(clean_image)
    images_out = Compose(unique_images)
    page_count_in = MapCompose(positive_int)
    language_in = MapCompose(clean_text, language_code)

    def add_first(self, field_name: str, *candidates: Any) -> None:
        """Add the first candidate that yields a value after the field's input processor.

        This is how extraction layers its sources: structured data, then the visible
        page, then fallbacks; a later source is only consulted when the earlier ones
        give nothing.  A candidate may be a callable, evaluated only when reached.
        """
        for candidate in candidates:
            value = candidate() if isinstance(candidate, Callable) else candidate
            self.add_value(field_name, value)
            if self.get_collected_values(field_name):
                return

    def load_item(self) -> Article:
        """The item with every contract key present and ``body`` built from the subsections."""
        item = super().load_item()
        for name, field in Article.fields.items():
            if name not in item:
                default = field.get("default")
                item[name] = list(default) if isinstance(default, list) else default
        item["body"] = "\n\n".join(p for part in item["subsections"] for p in part["paragraphs"])
        return item
