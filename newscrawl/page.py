"""Readers shared by every portal's extraction: structured data and body text.

A portal module says *where* things are (selectors, object names); this module
knows *how* to read the common carriers of article data: ``<meta>`` tags, JSON-LD,
JavaScript objects assigned in inline scripts, and the paragraphs of a body
container.  Everything here tolerates broken markup: a value that cannot be read
is None, never an exception.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any

from lxml import etree
from parsel import Selector

logger = logging.getLogger(__name__)


class NotAnArticle(Exception):
    """The page is not an article the crawler can emit; ``reason`` names why.

    The reason becomes the stats key ``newscrawl/dropped/<reason>``.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason if not detail else f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


#: JSON-LD types that describe an article (schema.org's Article family).
ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "VideoObject"}
)


class PageData:
    """Structured data of one page, each carrier parsed at most once.

    ``script_prefixes`` names the JavaScript prefixes whose assigned values to read,
    e.g. ``("window.kmklabs",)`` reads ``window.kmklabs.article = {...};``.
    """

    def __init__(self, selector: Selector, script_prefixes: Sequence[str] = ()) -> None:
        self.selector = selector
        self.script_prefixes = tuple(script_prefixes)

    @cached_property
    def _metas(self) -> dict[str, str]:
        """Non-empty ``<meta>`` contents by property, name or itemprop; the first of a key wins."""
        metas: dict[str, str] = {}
        for meta in self.selector.xpath("//meta[@content]"):
            content = meta.attrib["content"].strip()
            if not content:
                continue
            for attribute in ("property", "name", "itemprop"):
                key = meta.attrib.get(attribute)
                if key:
                    metas.setdefault(key, content)
        return metas

    def meta(self, *keys: str) -> str | None:
        """The first non-empty ``content`` of ``<meta>`` with one of these property/name/itemprop keys."""
        return next((self._metas[key] for key in keys if key in self._metas), None)

    def link(self, rel: str) -> str | None:
        href = self.selector.xpath("//link[@rel=$rel]/@href", rel=rel).get()
        return href.strip() if href and href.strip() else None

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page, ``@graph`` containers flattened."""
        objects: list[dict[str, Any]] = []
        for text in self.selector.xpath('//script[@type="application/ld+json"]/text()').getall():
            try:
                data = json.loads(text, strict=False)
            except ValueError:
                logger.debug("Unreadable JSON-LD block skipped")
                continue
            objects.extend(_flatten_json_ld(data))
        return objects

    @cached_property
    def article_json_ld(self) -> dict[str, Any]:
        """The page's JSON-LD article object (NewsArticle and kin), or an empty dict."""
        for data in self.json_ld:
            types = data.get("@type")
            types = types if isinstance(types, list) else [types]
            if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                return data
        return {}

    @cached_property
    def _script_values(self) -> dict[str, Any]:
        if not self.script_prefixes:
            return {}
        prefixes = "|".join(re.escape(prefix) for prefix in self.script_prefixes)
        # JSON values (objects, arrays, numbers, strings) and single-quoted strings.
        assignment = re.compile(rf"(?:{prefixes})\.(?P<name>\w+)\s*=\s*(?:'(?P<quoted>[^'\\]*)'|(?=[\[{{\"\d-]))")
        decoder = json.JSONDecoder(strict=False)
        values: dict[str, Any] = {}
        for script in self.selector.xpath("//script[not(@src)]/text()").getall():
            for match in assignment.finditer(script):
                if match["name"] in values:
                    continue
                if match["quoted"] is not None:
                    values[match["name"]] = match["quoted"]
                    continue
                try:
                    values[match["name"]], _ = decoder.raw_decode(script, match.end())
                except ValueError:
                    logger.debug("Unreadable script value %s skipped", match["name"])
        return values

    def script_value(self, name: str) -> Any:
        """The JSON value a script assigns to ``<prefix>.<name>``, or None."""
        return self._script_values.get(name)

    def script_object(self, name: str) -> dict[str, Any]:
        """The JSON object a script assigns to ``<prefix>.<name>``, or an empty dict."""
        value = self.script_value(name)
        return value if isinstance(value, dict) else {}


def _flatten_json_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten_json_ld(entry)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten_json_ld(data["@graph"])
        else:
            yield data


def json_ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD ``author``/``editor`` value: a string, a Person, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [name for entry in value for name in json_ld_names(entry)]
    return []


def json_ld_urls(value: Any) -> list[str]:
    """URLs from a JSON-LD ``image`` value: a string, an ImageObject, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        return [url] if isinstance(url, str) else []
    if isinstance(value, list):
        return [url for entry in value for url in json_ld_urls(entry)]
    return []


# Elements that end a paragraph where they start and where they end.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is never article text.
_SKIPPED_TAGS = frozenset(
    "audio button canvas embed figcaption figure iframe img input noscript object picture script select "
    "source style svg template textarea video".split()
)


def paragraphs(container: Selector, noise: str = "") -> list[str]:
    """The paragraphs of a body container, in document order.

    A paragraph ends at every block element and at every ``<br>``: older pages put
    a whole article in one ``<p>`` with ``<br><br>`` between paragraphs.  Elements
    matching the CSS selector ``noise`` (ads, "Baca Juga" boxes, widgets) are skipped
    with their content.  The text is returned as found, with surrounding whitespace
    stripped; the item loader normalises it.
    """
    root = container.root
    if not isinstance(root, etree._Element):
        return []
    skipped = {match.root for match in container.css(noise)} if noise else set()
    found: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = "".join(pieces).strip()
        if text:
            found.append(text)
        pieces.clear()

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else None
        if event in ("comment", "pi"):
            # A comment's text is not content, but the text after it is.
            if element.tail:
                pieces.append(element.tail)
            continue
        if event == "start":
            if element in skipped or tag in _SKIPPED_TAGS:
                walker.skip_subtree()
                continue
            if tag == "br" or tag in _BLOCK_TAGS:
                flush()
            if element.text:
                pieces.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if element is not root and element.tail:
                pieces.append(element.tail)
    flush()
    return found


def first_text(page: Selector, selectors: Iterable[str]) -> str | None:
    """The text of the first element matched by the first CSS selector that matches one with text."""
    for selector in selectors:
        text = page.css(selector).xpath("normalize-space(.)").get()
        if text:
            return text
    return None


def all_texts(page: Selector, selectors: Iterable[str]) -> list[str]:
    """The texts of every element matched by the first CSS selector that matches any with text."""
    for selector in selectors:
        texts = [text for text in page.css(selector).xpath("normalize-space(.)").getall() if text]
        if texts:
            return texts
    return []


def densest_containers(page: Selector) -> list[Selector]:
    """The body's containers when no known selector finds them: a last resort for a new template.

    The element whose own ``<p>`` children hold the most text is the body, or one part
    of it; the other parts are the elements of the same tag and class that hold
    paragraphs too, in page order.
    """
    root = page.root
    if not isinstance(root, etree._Element):
        return []
    weight: dict[etree._Element, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            weight[parent] = weight.get(parent, 0) + len(paragraph.text_content().strip())
    best = max(weight, key=weight.__getitem__, default=None)
    if best is None or not weight[best]:
        return []
    kin = (best.tag, best.get("class"))
    return [
        Selector(root=element)
        for element, text in weight.items()
        if text and (element.tag, element.get("class")) == kin
    ]


def split_dateline(paragraph: str, pattern: re.Pattern[str], lead: str | None = None) -> tuple[str | None, str]:
    """Separate the dateline from an article's first paragraph: (place, rest of the text).

    ``pattern`` must match a whole dateline such as "Liputan6.com, Jakarta -", with a
    group ``place`` and an optional group ``sep`` for the dash.  ``lead`` is the bold
    text the paragraph opens with, if any: pages write "<b>Liputan6.com, Jakarta</b>
    Sepekan lamanya ..." without a dash, and only the markup says where the dateline
    ends.  Without a lead, a dateline needs its dash.
    """
    text = " ".join(paragraph.split())
    if lead:
        lead = " ".join(lead.split())
        match = pattern.fullmatch(lead)
        if match and text.startswith(lead):
            return match["place"].strip(), text[len(lead) :].lstrip(" -\u2013\u2014:")
    for dash in re.finditer(r"[-\u2013\u2014:]", text[:80]):
        match = pattern.fullmatch(text[: dash.end()])
        if match and match["sep"]:
            return match["place"].strip(), text[dash.end() :].lstrip()
    return None, text
