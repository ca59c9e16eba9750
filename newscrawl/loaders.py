"""The article loader: all normalisation of extracted values happens here.

A portal's extraction module only *finds* values (selectors, structured data) and
adds them to an ``ArticleLoader`` in order of preference, each with the kind of
source it came from (:mod:`newscrawl.sources`); the processors below turn them into
the contract's form: whitespace and HTML entities, names and tags de-duplicated,
dates parsed and judged (through :mod:`newscrawl.dates`), image captions split from
their credits, boilerplate paragraphs dropped.  The loader remembers which source
gave each field, for the run's field-coverage stats.

What a processor needs to know about the portal comes from the loader context
``portal`` (a :class:`newscrawl.portal.Portal`): its home zone and the zone offsets
its times may carry, the names of the outlet (a byline that names no person), and
its boilerplate paragraphs.  Without a portal the defaults of an Indonesian site apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader
from w3lib.html import remove_tags, replace_entities
from w3lib.url import safe_url_string, url_query_cleaner

from newscrawl import dates
from newscrawl.items import Article
from newscrawl.sources import MARKUP

# Invisible characters, and lone surrogates (JSON text may escape them, "\ud800"; no UTF-8 can write them).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060\ufeff\ud800-\udfff]")

#: Paragraphs that are page furniture on Indonesian news sites, whatever the portal.
BOILERPLATE = (
    r"baca( juga)?\s*:?",
    r"(advertisement|iklan|sponsored)",
    r"scroll (down )?to (continue|resume)( with content)?",
    r"lanjutkan membaca.*",
    r"perbesar",
    r"selengkapnya",
    r"\d+\s*/\s*\d+",
    r"\d+ dari \d+ halaman",
    r"(halaman|page) \d+( dari \d+)?",
    r"(selanjutnya|sebelumnya|next|prev(ious)?)\s*[»›>]*",
)

# A caption's closing credit: "(Liputan6.com/Name)", "(Foto: X)", "[Foto: X]", "(AFP)", "(AFP Photo/Name)".
_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*[(\[](?P<credit>[^()\[\]]*(?:/|foto|photo|sumber|dok|istimewa|credit|\bAFP\b|\bAP\b|"
    r"\bReuters\b|\bAntara\b)[^()\[\]]*)[)\]]\s*\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
# ... or an opening one: "(Photo: Guru8) Ilustrasi charger ponsel terbakar."
_LEADING_CREDIT = re.compile(r"^[(\[](?P<credit>(?:foto|photo)\s*:[^()\[\]]*)[)\]]\s*(?P<caption>.+)$", re.IGNORECASE)
# ... or any bracket after the caption's last sentence: "... Rabu (15/8/2018). (Twitter Lechia Gdansk)".
_SENTENCE_CREDIT = re.compile(r"^(?P<caption>.*[.!?])\s*[(\[](?P<credit>[^()\[\]]{2,60})[)\]]\s*$", re.DOTALL)
# ... or a labelled one in the text: "Ilustrasi Masjid Credit: pexels.com/David".
_LABELLED_CREDIT = re.compile(r"^(?P<caption>.*?)\s*\bcredits?\s*:\s*(?P<credit>\S.{0,80})$", re.IGNORECASE)
# ... or a closing source named in one word: "(iStock)", "(wallpapersource.co)", "(AFC)" -- but not "(kanan)".
_NAMED_CREDIT = re.compile(r"^(?P<caption>.*?)\s*[(\[](?P<credit>\S*[A-Z.]\S*)[)\]]\s*\.?\s*$")
# ... or a trailing source after a bar: "Suasana sidang | Antara".
_BAR_CREDIT = re.compile(r"^(?P<caption>.+?)\s+\|\s+(?P<credit>[^|]{2,60})$")
# Labels that say "photo by": the credit is the name after them.
_PHOTO_LABEL = re.compile(r"^(?:foto|photo)(?:\s+by)?\s*:\s*|^photo by\s+", re.IGNORECASE)
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
    if "&" in value:
        value = replace_entities(value)
    value = " ".join(_INVISIBLE.sub("", value).split())
    return value or None


def only_text(value: Any) -> str | None:
    """Numbers become text (a JSON id), everything else that is not text (objects, lists) is dropped."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else None


def absolute_url(value: Any) -> str | None:
    """A well-formed http(s) URL, or None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.startswith("//"):
        value = "https:" + value
    if not re.match(r"^https?://[^\s/?#]+", value):
        return None
    try:
        return safe_url_string(value)
    except ValueError:
        return None


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
    portal = loader_context.get("portal")
    publishers = {name.casefold() for name in (portal.publisher_names if portal else ())}
    people = [name for name in names if name.casefold() not in publishers]
    return people or names


def _home_timezone(loader_context: dict[str, Any]) -> str:
    portal = loader_context.get("portal")
    return portal.timezone if portal else dates.DEFAULT_TIMEZONE


@cache
def _boilerplate(portal_patterns: tuple[str, ...]) -> re.Pattern[str]:
    patterns = BOILERPLATE + portal_patterns
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def clean_subsection(value: Any, loader_context: dict[str, Any]) -> dict[str, Any] | None:
    """``{"title", "paragraphs"}`` with clean text; None when no paragraph is left."""
    if not isinstance(value, dict):
        return None
    portal = loader_context.get("portal")
    noise = _boilerplate(tuple(portal.boilerplate) if portal else ())
    paragraphs = []
    for paragraph in value.get("paragraphs") or ():
        text = clean_text(only_text(paragraph))
        if text and not noise.fullmatch(text):
            paragraphs.append(text)
    if not paragraphs:
        return None
    return {"title": clean_text(only_text(value.get("title"))), "paragraphs": paragraphs}


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """ "Warga ... (Liputan6.com/Helmi Fithriansyah)" -> caption, "Liputan6.com/Helmi Fithriansyah".

    Also "(Foto: X)", "[Foto: X]", "(AFP)", "(iStock)", a leading "(Photo: X) ...", "...
    Credit: X" and "... | Source"; a "Foto:"/"Photo:" label is dropped (the credit
    names who took it), other words such as "Sumber:" or "Dok." are kept.
    """
    if not caption:
        return None, None
    match = None
    for pattern in (_CREDIT, _LEADING_CREDIT, _NAMED_CREDIT, _SENTENCE_CREDIT, _LABELLED_CREDIT, _BAR_CREDIT):
        match = pattern.match(caption)
        if match and not _DATE_ONLY.match(match["credit"]):
            break
        match = None
    if not match:
        return caption, None
    credit = clean_text(_PHOTO_LABEL.sub("", match["credit"].strip()))
    return clean_text(match["caption"]), credit


def clean_image(value: Any) -> dict[str, Any] | None:
    """``{"url", "caption", "credit"}``; the credit is split off the caption unless given."""
    if not isinstance(value, dict):
        return None
    url = absolute_url(value.get("url"))
    if not url:
        return None
    caption = clean_text(only_text(value.get("caption")))
    credit = clean_text(only_text(value.get("credit")))
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
    return number if 1 <= number <= 10_000 else None


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


_INPUT_PROCESSORS: dict[tuple[type, type, str], Callable[..., Any]] = {}
_OUTPUT_PROCESSORS: dict[tuple[type, type, str], Callable[..., Any]] = {}


class ArticleLoader(ItemLoader):
    """Loads an :class:`~newscrawl.items.Article`; add values in order of preference.

    Every value comes with its source (:mod:`newscrawl.sources`); ``sources`` maps each
    loaded field to the source of its value.  Times are added with :meth:`add_time`
    and judged together in :meth:`load_item`.
    """

    default_item_class = Article
    default_input_processor = MapCompose(only_text, clean_text)
    default_output_processor = TakeFirst()

    url_in = MapCompose(only_text, clean_text, canonical_url)
    id_in = MapCompose(only_text, clean_text)
    type_in = MapCompose(only_text, clean_text, article_type)

    authors_in = MapCompose(only_text, clean_text, split_names, clean_text)
    authors_out = Compose(unique, people_only)
    editors_in = MapCompose(only_text, clean_text, split_names, clean_text)
    editors_out = Compose(unique, people_only)
    tags_in = MapCompose(only_text, clean_text, lambda tag: tag.lstrip("#").strip() or None)
    tags_out = Compose(unique)

    published_at_raw_in = MapCompose(only_text, clean_text, dates.strip_label, clean_text)
    modified_at_raw_in = MapCompose(only_text, clean_text, dates.strip_label, clean_text)

    subsections_in = MapCompose(clean_subsection)
    subsections_out = Identity()
    images_in = MapCompose(clean_image)
    images_out = Compose(unique_images)
    page_count_in = MapCompose(positive_int)
    language_in = MapCompose(only_text, clean_text, language_code)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources: dict[str, str] = {}
        self._times: dict[str, list[tuple[str, Any]]] = {"published_at": [], "modified_at": []}

    # itemloaders looks a field's processors up (loader attribute, item field, default) for
    # every value added, a tenth of an extraction; the loader class and its item class fix
    # them, so each is looked up once.
    def get_input_processor(self, field_name: str) -> Callable[..., Any]:
        key = (type(self), type(self.item), field_name)
        if key not in _INPUT_PROCESSORS:
            _INPUT_PROCESSORS[key] = super().get_input_processor(field_name)
        return _INPUT_PROCESSORS[key]

    def get_output_processor(self, field_name: str) -> Callable[..., Any]:
        key = (type(self), type(self.item), field_name)
        if key not in _OUTPUT_PROCESSORS:
            _OUTPUT_PROCESSORS[key] = super().get_output_processor(field_name)
        return _OUTPUT_PROCESSORS[key]

    def add_value(self, field_name: str | None, value: Any, *processors: Callable[..., Any], **kw: Any) -> None:
        """Scrapy's ``add_value``, noting ``source=`` (a keyword) as the field's source if it is its first value."""
        source = kw.pop("source", MARKUP)
        super().add_value(field_name, value, *processors, **kw)
        if field_name is not None and field_name not in self.sources and self.get_collected_values(field_name):
            self.sources[field_name] = source

    def add_first(self, field_name: str, *candidates: tuple[str, Any]) -> None:
        """Add the first ``(source, value)`` candidate that yields a value after the field's input processor.

        This is how extraction layers its sources: structured data, then the visible
        page, then fallbacks; a later source is only consulted when the earlier ones
        give nothing.  A value may be a callable, evaluated only when reached.
        """
        for source, candidate in candidates:
            value = candidate() if callable(candidate) else candidate
            self.add_value(field_name, value, source=source)
            if self.get_collected_values(field_name):
                return

    def add_time(self, field_name: str, source: str, value: Any) -> None:
        """A candidate for ``published_at`` or ``modified_at``; the first that parses is what the page states."""
        self._times[field_name].append((source, value))

    def load_item(self) -> Article:
        """The item with every contract key present, ``body`` built from the subsections, the times judged and dated."""
        item = super().load_item()
        for name, field in Article.fields.items():
            if name not in item:
                default = field.get("default")
                item[name] = list(default) if isinstance(default, list) else default
        item["body"] = "\n\n".join(p for part in item["subsections"] for p in part["paragraphs"])
        self._load_times(item)
        # Not a field of the record: where each value came from, for newscrawl.coverage.
        item._sources = dict(self.sources)
        return item

    def _load_times(self, item: Article) -> None:
        """``published_at`` and ``modified_at`` from the time candidates.

        A candidate counts only if it can be this article's time (see
        :func:`newscrawl.dates.plausible`); the first that does is what the page
        states and a later one that agrees to the minute adds the seconds.  Unless the
        page states its update time visibly, a structured modified time earlier than
        publication is not used: such pages carry the article's scheduling time, not
        an update.
        """
        portal = self.context.get("portal")
        home = _home_timezone(self.context)
        now = _parsed(item.get("crawled_at")) or datetime.now(timezone.utc)
        offsets = [timedelta(hours=hours) for hours in portal.zone_offsets] if portal else None
        chosen: dict[str, datetime | None] = {}
        for field in ("published_at", "modified_at"):
            candidates = []
            for source, value in self._times[field]:
                moment = self._time_of(value, home, portal)
                if not dates.plausible(moment, now, offsets):
                    continue
                published = chosen.get("published_at")
                structured = source != MARKUP and self.sources.get(field) != MARKUP
                if field == "modified_at" and structured and published and moment < published:
                    continue
                candidates.append(moment)
                self.sources.setdefault(field, source)
            chosen[field] = dates.reconcile(candidates)
            item[field] = dates.isoformat(chosen[field], home) if chosen[field] else None
        published = chosen["published_at"]
        item["published_day"] = dates.local_day(published, home) if published else None

    @staticmethod
    def _time_of(value: Any, home: str, portal: Any) -> datetime | None:
        if isinstance(value, datetime):
            return value
        value = clean_text(only_text(value))
        moment = dates.parse_datetime(value, home) if isinstance(value, str) else None
        return portal.corrected_time(moment) if portal and moment else moment


def _parsed(timestamp: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(timestamp) if isinstance(timestamp, str) else None
    except ValueError:
        return None
