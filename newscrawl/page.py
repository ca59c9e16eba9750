"""One fetched page, parsed once, and the readers every portal's extraction shares.

A portal's extraction module says *where* things are (CSS selectors, object names);
this module knows *how* to read the common carriers of article data: ``<meta>``
tags, JSON-LD, JavaScript values assigned in inline scripts, and the paragraphs of a
body container.

It is on the hot path of every crawl, so it does little work per page: the page is
parsed once from its bytes; JSON-LD and script values are read with one regular
expression pass over the source, not by walking the tree; CSS selectors are
compiled to XPath once per process and evaluated on lxml directly; a set of
selectors that only has to say "is this element one of them" (body noise, template
markers) is an :class:`ElementMatcher`, answered in Python from the element's class
tokens as a walk meets it.

Everything here tolerates what the web serves: any JSON value where text was
expected, broken or hostile JSON, markup lxml cannot parse.  A value that cannot be
read is None (or empty), never an exception.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

import chompjs
import cssselect
from cssselect import GenericTranslator
from lxml import etree
from scrapy.http import TextResponse

logger = logging.getLogger(__name__)


class NotAnArticle(Exception):
    """The page is not an article the crawler can emit; ``reason`` names why (a drop reason)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason if not detail else f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


#: JSON-LD types that describe an article (schema.org's Article family).
ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "VideoObject"}
)
#: How deep the readers follow nested JSON: real pages stay far below; hostile ones would exhaust the stack.
MAX_JSON_DEPTH = 40

_ASSIGNMENT = re.compile(r"(?P<name>\w+)\s*=\s*")
_translator = GenericTranslator()


@cache
def compiled(css: str) -> etree.XPath:
    """A CSS selector as a compiled XPath over an element and its descendants (cached for the process)."""
    return etree.XPath(_translator.css_to_xpath(css, prefix="descendant-or-self::"))


class ElementMatcher:
    """Whether an element matches any of a set of compound CSS selectors, decided in Python.

    Noise lists and template markers are tested on every element a walk meets; an
    XPath predicate OR-ing thirty class tests costs more per element than the whole
    walk.  Here an element's class tokens are looked up in a dict of the selectors
    that name them, and only those few are checked in full.  Selectors are parsed
    by cssselect; combinators and pseudo-classes are refused (a compound selector
    is all a test on one element can answer).
    """

    def __init__(self, selectors: Iterable[str]) -> None:
        self.selectors = tuple(selectors)
        self._by_class: dict[str, list[_Compound]] = {}
        self._without_class: list[_Compound] = []

        for selector in self.selectors:
            for parsed in cssselect.parse(selector):
                compound = _Compound.of(parsed.parsed_tree, selector)
                if compound.classes:
                    self._by_class.setdefault(min(compound.classes), []).append(compound)
                else:
                    self._without_class.append(compound)
        self._by_attribute: dict[str, list[_Compound]] = {}
        self._untyped: list[_Compound] = []
        for compound in self._without_class:
            if compound.attributes:
                self._by_attribute.setdefault(compound.attributes[0][0], []).append(compound)
            else:
                self._untyped.append(compound)
        self.tags = frozenset(compound.tag for compound in self._compounds())
        #: The tags an element must have to match (None: any tag can).
        self.only_tags: frozenset[str] | None = None if None in self.tags else frozenset(self.tags)

    def _compounds(self) -> Iterator[_Compound]:
        for compounds in self._by_class.values():
            yield from compounds
        yield from self._without_class

    def __call__(self, element: Any) -> bool:
        if not isinstance(element.tag, str):
            return False
        classes = element.get("class")
        if classes:
            tokens = classes.split()
            for token in tokens:
                for compound in self._by_class.get(token, ()):
                    if compound.matches(element, tokens):
                        return True
        else:
            tokens = []
        for attribute, compounds in self._by_attribute.items():
            if element.get(attribute) is not None:
                for compound in compounds:
                    if compound.matches(element, tokens):
                        return True
        return any(compound.matches(element, tokens) for compound in self._untyped)

    def find(self, root: Any) -> list[Any]:
        """The elements under ``root`` (itself included) that match, in document order.

        A cheap XPath (tag and substring tests, no string building) finds the few
        candidates; the matcher decides.
        """
        return [element for element in self._candidates(root) if self(element)]

    @cached_property
    def _candidates(self) -> etree.XPath:
        by_tag: dict[str, list[str]] = {}
        for compound in self._compounds():
            conditions = [f"contains(@class, '{name}')" for name in sorted(compound.classes)]
            conditions += [f"@{name}" for name, _, _ in compound.attributes]
            by_tag.setdefault(compound.tag or "*", []).append(" and ".join(conditions) or "true()")
        # One path per tag: a walk that tests only one tag's elements is cheap, one over every element is not.
        paths = [
            f"descendant-or-self::{tag}[{' or '.join(f'({test})' for test in tests)}]" for tag, tests in by_tag.items()
        ]
        return etree.XPath(" | ".join(paths))


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    classes: frozenset[str]
    attributes: tuple[tuple[str, str, str], ...]  # (name, operator, value)

    @classmethod
    def of(cls, tree: Any, selector: str) -> _Compound:
        tag, classes, attributes = None, set(), []
        while not isinstance(tree, cssselect.parser.Element):
            if isinstance(tree, cssselect.parser.Class):
                classes.add(tree.class_name)
            elif isinstance(tree, cssselect.parser.Hash):
                attributes.append(("id", "=", tree.id))
            elif isinstance(tree, cssselect.parser.Attrib):
                value = getattr(tree.value, "value", tree.value)
                attributes.append((tree.attrib, tree.operator, value or ""))
            else:
                raise ValueError(f"{selector!r}: only compound selectors can be tested on one element")
            tree = tree.selector
        if tree.element and tree.element != "*":
            tag = tree.element.lower()
        return cls(tag, frozenset(classes), tuple(attributes))

    def matches(self, element: Any, tokens: list[str]) -> bool:
        if self.tag is not None and element.tag != self.tag:
            return False
        if len(self.classes) > 1 and not self.classes.issubset(tokens):
            return False
        for name, operator, expected in self.attributes:
            value = element.get(name)
            if value is None or not _ATTRIBUTE_TESTS[operator](value, expected):
                return False
        return True


_ATTRIBUTE_TESTS: dict[str, Callable[[str, str], bool]] = {
    "exists": lambda value, expected: True,
    "=": lambda value, expected: value == expected,
    "^=": lambda value, expected: bool(expected) and value.startswith(expected),
    "$=": lambda value, expected: bool(expected) and value.endswith(expected),
    "*=": lambda value, expected: bool(expected) and expected in value,
    "~=": lambda value, expected: expected in value.split(),
    "|=": lambda value, expected: value == expected or value.startswith(expected + "-"),
    "!=": lambda value, expected: value != expected,
}


def text_of(element: Any) -> str:
    """The element's text with whitespace collapsed, as a reader sees it (comments excluded)."""
    if not isinstance(element, etree._Element):
        return ""
    return " ".join(_STRING(element).split())


_STRING = etree.XPath("string(.)")


def as_text(value: Any) -> str | None:
    """A JSON value where text is expected: strings as they are, numbers as text, JSON-LD
    ``{"@value": ...}`` unwrapped, anything else (objects, lists, booleans) None."""
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else None


def as_object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_json(text: str) -> Any:
    """JSON text as Python, or None when it is broken or nests deeper than the decoder can follow."""
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


_DECODER = json.JSONDecoder(strict=False)
_QUOTED = re.compile(r"'([^'\\]*)'")


def read_json_value(text: str, start: int) -> Any:
    """The JSON value (or single-quoted string) written at ``text[start:]``, or None."""
    if text.startswith("'", start):
        quoted = _QUOTED.match(text, start)
        return quoted[1] if quoted else None
    try:
        return _DECODER.raw_decode(text, start)[0]
    except (ValueError, RecursionError):
        return None


def read_js_value(text: str, start: int) -> Any:
    """The JavaScript value written at ``text[start:]``: an object or array literal as minified
    scripts write it (``{id:"1",verifyAge:!1}``: unquoted keys, single quotes), read by chompjs;
    a plain string or number as JSON.  None when it cannot be read.

    chompjs turns the literal into JSON text and does not evaluate expressions: a
    minified boolean (``!0``, ``!1``) comes back as the text ``"!0"``, so readers of
    such pages rely on the strings and objects, not on booleans.
    """
    if not text.startswith(("{", "["), start):
        return read_json_value(text, start)
    try:
        return chompjs.parse_js_object(text[start:])
    except (ValueError, RecursionError):
        return None


class Page:
    """An HTML page parsed once, with its structured data read at most once each."""

    def __init__(self, url: str, body: bytes, encoding: str = "utf-8") -> None:
        self.url = url
        self.body = body
        self.encoding = encoding
        self._scripts: dict[tuple[Any, ...], dict[str, Any]] = {}

    @classmethod
    def from_response(cls, response: TextResponse) -> Page:
        return cls(response.url, response.body, response.encoding)

    @cached_property
    def text(self) -> str:
        return self.body.decode(self.encoding, errors="replace")

    @cached_property
    def root(self) -> etree._Element:
        """The parsed document; an empty ``<html>`` for a body lxml finds no element in."""
        body = self.body.replace(b"\x00", b"") if b"\x00" in self.body else self.body
        if _KEEPS_INVALID_BYTES and not _decodes(body, self.encoding):
            # Bytes invalid in the page's encoding (a lone surrogate): libxml2 before 2.10 keeps
            # them, and lxml raises UnicodeDecodeError when an attribute holding them is read.
            body = body.decode(self.encoding, errors="replace").encode(self.encoding, errors="replace")
        root = None
        try:
            root = etree.fromstring(body, parser=_html_parser(self.encoding))
        except (LookupError, ValueError, etree.ParserError):
            # An encoding libxml2 does not know by this name: parse the decoded text.
            try:
                root = etree.fromstring(self.text.encode("utf-8"), parser=_html_parser("utf-8"))
            except (ValueError, etree.ParserError):
                root = None
        return root if root is not None else etree.Element("html")

    # Selectors ---------------------------------------------------------------

    def select(self, css: str, scope: Any = None) -> list[Any]:
        """Elements matching a CSS selector in ``scope`` (an element; the whole page by default)."""
        return compiled(css)(self.root if scope is None else scope)

    def first(self, css: str, scope: Any = None) -> Any:
        found = self.select(css, scope)
        return found[0] if found else None

    def first_text(self, selectors: Iterable[str], scope: Any = None) -> str | None:
        """The text of the first element, with text, of the first selector that matches one."""
        for css in selectors:
            for element in self.select(css, scope):
                text = text_of(element)
                if text:
                    return text
        return None

    def all_texts(self, selectors: Iterable[str], scope: Any = None) -> list[str]:
        """The texts of every element matched by the first selector that matches any with text."""
        for css in selectors:
            texts = [text for text in map(text_of, self.select(css, scope)) if text]
            if texts:
                return texts
        return []

    # Head -----------------------------------------------------------------------

    @cached_property
    def _metas(self) -> dict[str, str]:
        """Non-empty ``<meta>`` contents by property, name or itemprop; the first of a key wins."""
        metas: dict[str, str] = {}
        for meta in self._elements["meta"]:
            content = (meta.get("content") or "").strip()
            if not content:
                continue
            for attribute in ("property", "name", "itemprop"):
                key = meta.get(attribute)
                if key:
                    metas.setdefault(key, content)
        return metas

    def meta(self, *keys: str) -> str | None:
        """The first non-empty ``content`` of ``<meta>`` with one of these property/name/itemprop keys."""
        return next((self._metas[key] for key in keys if key in self._metas), None)

    def link(self, rel: str) -> str | None:
        for link in self._elements["link"]:
            if link.get("rel") == rel and (link.get("href") or "").strip():
                return link.get("href").strip()
        return None

    # Structured data ------------------------------------------------------------

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page, ``@graph`` containers flattened."""
        objects: list[dict[str, Any]] = []
        for script in self._elements["script"]:
            if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
                objects.extend(_flatten_json_ld(parse_json(script.text)))
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

    def scripts(self, prefixes: Sequence[str], literal: Callable[[str, int], Any] = read_json_value) -> dict[str, Any]:
        """The values inline scripts assign to ``<prefix>.<name>``, by name; the first assignment wins.

        ``("window.kmklabs",)`` reads ``window.kmklabs.article = {...};`` as ``"article"``.
        ``literal`` reads one value from a text at a position: JSON (and single-quoted
        strings) by default; for pages that write JavaScript literals, :func:`read_js_value`.
        """
        key = (tuple(prefixes), literal)
        if key not in self._scripts:
            values: dict[str, Any] = {}
            for script in self._inline_scripts:
                for prefix in prefixes:
                    position = script.find(prefix + ".")
                    while position >= 0:
                        match = _ASSIGNMENT.match(script, position + len(prefix) + 1)
                        if match and match["name"] not in values:
                            value = literal(script, match.end())
                            if value is not None:
                                values[match["name"]] = value
                        position = script.find(prefix + ".", position + 1)
            self._scripts[key] = values
        return self._scripts[key]

    @cached_property
    def _inline_scripts(self) -> list[str]:
        return [script.text for script in self._elements["script"] if script.text and script.get("src") is None]

    @cached_property
    def _elements(self) -> dict[str, list[Any]]:
        """The page's meta, link and script elements, in document order, found in one walk of the tree."""
        found: dict[str, list[Any]] = {"meta": [], "link": [], "script": []}
        for element in self.root.iter("meta", "link", "script"):
            found[element.tag].append(element)
        return found


#: Whether libxml2 keeps bytes invalid in the page's encoding; 2.10 and later replace them.
#: Checking costs a decode of the whole page, a tenth of parsing it.
_KEEPS_INVALID_BYTES = etree.LIBXML_VERSION < (2, 10)


def _decodes(body: bytes, encoding: str) -> bool:
    """Whether the bytes are valid in the encoding (an encoding Python does not know counts as valid)."""
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    except LookupError:
        return True
    return True


@lru_cache(maxsize=16)
def _html_parser(encoding: str) -> etree.HTMLParser:
    # lxml's plain HTML parser: lxml.html's would look up a Python element class for
    # every element a reader touches, which costs more than the reading.
    return etree.HTMLParser(encoding=encoding, recover=True, collect_ids=False)


def _flatten_json_ld(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(data, list):
        for entry in data:
            yield from _flatten_json_ld(entry, depth + 1)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten_json_ld(data["@graph"], depth + 1)
        else:
            yield data


# A lazily loaded image's src until a script swaps in its data-src.
_PLACEHOLDER = re.compile(r"/blank\.(?:png|gif)$|^data:", re.IGNORECASE)


def image_source(image: Any) -> str | None:
    """An image's address: its lazy-loading ``data-src`` or its ``src``, never a placeholder."""
    urls = (image.get("data-src"), image.get("src"))
    return next((url for url in urls if url and not _PLACEHOLDER.search(url)), None)


def joined(data: dict[str, Any], *keys: str) -> str | None:
    """The texts of these keys joined by a space ("2021-01-23" "13:30:00"), if every one is text."""
    values = [as_text(data.get(key)) for key in keys]
    return " ".join(values) if all(values) else None


def json_ld_names(value: Any, depth: int = 0) -> list[str]:
    """Names from a JSON-LD ``author``/``editor`` value: a string, a Person, or a list of them."""
    if isinstance(value, list):
        if depth > MAX_JSON_DEPTH:
            return []
        return [name for entry in value[:50] for name in json_ld_names(entry, depth + 1)]
    if isinstance(value, dict):
        value = value.get("name")
    name = as_text(value)
    return [name] if name else []


def json_ld_urls(value: Any, depth: int = 0) -> list[str]:
    """URLs from a JSON-LD ``image`` value: a string, an ImageObject, or a list of them."""
    if isinstance(value, list):
        if depth > MAX_JSON_DEPTH:
            return []
        return [url for entry in value[:50] for url in json_ld_urls(entry, depth + 1)]
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    url = as_text(value)
    return [url] if url else []


# Elements that end a paragraph where they start and where they end.  A table row is one
# paragraph, its cells joined by " | " (a price list reads "FOOTBALL | LIGHTSPEED | Rp.749.800").
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody tfoot thead tr ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_CELL_SEPARATOR = " | "
# Elements whose content is never article text.
_SKIPPED_TAGS = frozenset(
    "audio button canvas embed figcaption figure iframe img input noscript object picture script select "
    "source style svg template textarea video".split()
)


def paragraphs(container: Any, noise: Callable[[Any], bool] | None = None) -> list[str]:
    """The paragraphs of a body container, in document order.

    A paragraph ends at every block element and at every ``<br>``: older pages put
    a whole article in one ``<p>`` with ``<br><br>`` between paragraphs.  A table row
    is one paragraph of its cells.  Elements
    ``noise`` matches (ads, "Baca Juga" boxes, widgets; an :class:`ElementMatcher` or any
    test of an element) are skipped with their content; the container itself is never
    noise, so a part may be read whose kind is noise inside another part.
    The text is returned as found, with surrounding whitespace stripped; the item
    loader normalises it.
    """
    if not isinstance(container, etree._Element):
        return []
    found: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = "".join(pieces).strip()
        if text:
            found.append(text)
        pieces.clear()

    inline: set[Any] = set()
    rows = 0  # table rows open around the walk: inside one, only the row ends a paragraph
    walker = etree.iterwalk(container, events=("start", "end", "comment", "pi"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else None
        if event in ("comment", "pi"):
            # A comment's text is not content, but the text after it is.
            if element.tail:
                pieces.append(element.tail)
            continue
        if event == "start":
            if element is not container and (tag in _SKIPPED_TAGS or (noise is not None and noise(element))):
                # Skipped with its content.  Inside inline markup (a widget injected into a
                # sentence) the text around it goes on; between blocks it ends a paragraph.
                parent = element.getparent()
                if parent is not None and parent.tag not in _BLOCK_TAGS:
                    inline.add(element)
                walker.skip_subtree()
                continue
            if tag == "tr":
                rows += 1
            if tag == "tr" or (not rows and (tag == "br" or tag in _BLOCK_TAGS)):
                flush()
            elif tag in _CELL_TAGS and "".join(pieces).strip():
                pieces.append(_CELL_SEPARATOR)
            if element.text:
                pieces.append(element.text)
        else:
            if tag == "tr":
                rows -= 1
            if tag in _BLOCK_TAGS and element not in inline and (tag == "tr" or not rows):
                flush()
            if element is not container and element.tail:
                pieces.append(element.tail)
    flush()
    return found


def densest_containers(root: Any) -> list[Any]:
    """The body's containers when no known selector finds them: a last resort for a new template.

    The element whose own ``<p>`` children hold the most text is the body, or one part
    of it; the other parts are the elements of the same tag and class that hold
    paragraphs too, in page order.
    """
    if not isinstance(root, etree._Element):
        return []
    weight: dict[Any, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            weight[parent] = weight.get(parent, 0) + len(text_of(paragraph))
    best = max(weight, key=weight.__getitem__, default=None)
    if best is None or not weight[best]:
        return []
    kin = (best.tag, best.get("class"))
    return [element for element, text in weight.items() if text and (element.tag, element.get("class")) == kin]


_TEXT_CREDIT_LINE = re.compile(r"(?:reporter|penulis|wartawan)\s*:\s*(?P<names>[^:]{2,80})", re.IGNORECASE)
_TEXT_CREDIT_CLOSING = re.compile(r"\((?P<names>[A-Z][^()/]{1,60})/[\w.-]+\.(?:com|co\.id|id|net)\)\s*$")


def credited_in_text(texts: list[str]) -> list[str]:
    """Persons an article credits in its closing lines: "Reporter: Name", "Penulis: Name", or a
    closing "(Name/Fimela.com)"; for articles whose byline names only the outlet."""
    for text in reversed(texts[-3:]):
        text = " ".join(text.split())
        match = _TEXT_CREDIT_LINE.fullmatch(text) or _TEXT_CREDIT_CLOSING.search(text)
        if match:
            return [match["names"].strip()]
    return []


def split_dateline(paragraph: str, pattern: re.Pattern[str], lead: str | None = None) -> tuple[str | None, str]:
    """Separate the dateline from an article's first paragraph: (place, rest of the text).

    ``pattern`` must match a whole dateline such as "Liputan6.com, Jakarta -", with a
    group ``place`` (which may match nothing: "Merdeka.com -" names no place) and an
    optional group ``sep`` for the dash.  ``lead`` is the bold
    text the paragraph opens with, if any: pages write "<b>Liputan6.com, Jakarta</b>
    Sepekan lamanya ..." without a dash, and only the markup says where the dateline
    ends.  Without a lead, a dateline needs its dash.
    """
    text = " ".join(paragraph.split())
    if lead:
        lead = " ".join(lead.split())
        match = pattern.fullmatch(lead)
        if match and text.startswith(lead):
            return _place(match), text[len(lead) :].lstrip(" -\u2013\u2014:")
    for dash in re.finditer(r"[-\u2013\u2014:]", text[:80]):
        match = pattern.fullmatch(text[: dash.end()])
        if match and match["sep"]:
            return _place(match), text[dash.end() :].lstrip()
    return None, text


def _place(dateline: re.Match[str]) -> str | None:
    return (dateline["place"] or "").strip() or None
