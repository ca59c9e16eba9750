"""Extraction never raises on what the web serves (issue 8 §4): the real pages, mutated.

A seeded property-based test (hypothesis, ``derandomize``: the same pages every run)
takes the real pages of tests/pages/liputan6/ and mutates them the way broken and
hostile pages are broken: elements deleted, duplicated, swapped and nested thousands
deep; attribute values and texts replaced by very long strings, numbers, control
characters; JSON-LD and ``window.kmklabs`` values replaced by any JSON value (objects
where text was expected, deep nesting, lone surrogates, dates of year 1, 2099, 3021,
1970, offsets of -12:00, a date line of 1.5 MB); NUL bytes, invalid UTF-8 and
truncation in the bytes.  Each mutated page goes through the spider's ``read``:

- nothing but NotAnArticle escapes it;
- an article it emits (one the completeness check passes) passes the contract
  validation and is sane: its times lie between 1990 and a day after the crawl, in
  +07/+08/+09, modified not before published unless the page's visible line says so,
  and every text can be written as UTF-8;
- no page costs more than a second of CPU time (CPU, not wall-clock, so that a busy
  machine does not fail the test; real pages take a few milliseconds).
"""

from __future__ import annotations

import copy
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from scrapy.exceptions import DropItem

from helpers import PAGES, html_response, project_crawler
from newscrawl.completeness import missing
from newscrawl.items import Article
from newscrawl.page import NotAnArticle
from newscrawl.pipelines import ValidationPipeline
from newscrawl.sources import MARKUP

#: Mutated pages checked per run (CI runs every test).
EXAMPLES = 5000
PAGE_FILES = sorted(PAGES.glob("*.html"))
URL = "https://www.liputan6.com/news/read/5500001/halaman-uji"

# Hostile values ------------------------------------------------------------------

HOSTILE_DATES = [
    "0001-01-01T00:00:00+07:00",
    "2099-12-31T23:59:59+07:00",
    "3021-01-23T13:30:00+07:00",
    "1970-01-01T00:00:00Z",
    "2021-01-23T13:30:00-12:00",
    "2021-01-23T13:30:00+14:00",
    "2021-01-23T13:30:00+05:30",
    "2021-01-23",
    "9999-99-99T99:99:99+99:99",
    "01 Jan 0001, 00:00 WIB",
    "31 Des 2099, 23:59 WIT",
    "Diperbarui 01 Jan 1970, 07:00 WIB",
    "Diterbitkan 23 Jan 2021, 13:30 WIB Diperbarui 22 Jan 2021, 13:30 WIB",
    "pada 29 Feb 2021, 25:61 WITA",
    "Senin, 13 Juli 2020 09.02",
    "2 jam yang lalu",
]


def hostile_text(kind: int, size: int) -> str:
    """A text value a hostile page may hold (XML-safe: lxml takes it as element text)."""
    kinds = [
        lambda: "A" * (size * 50),
        lambda: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ " * (size % 500 + 1),
        lambda: HOSTILE_DATES[size % len(HOSTILE_DATES)],
        lambda: "23 Jan 2021, 13:30 WIB " * 65_000,  # a date line of 1.5 MB
        lambda: "Diterbitkan " + "9" * (size * 10),
        lambda: str(size * 10**size % 10**40),
        lambda: "",
        lambda: " \t\n ",
        lambda: "<b>tag</b> &amp; &#0; &#xD800; &nbsp;",
        lambda: '{"@type": "NewsArticle"}',
        lambda: "javascript:alert(1)",
        lambda: "http://" + "x" * (size * 20) + "/read/1/x",
        lambda: "1 dari 99999 halaman",
    ]
    return kinds[kind % len(kinds)]()


#: Placeholders replaced in the JSON text after encoding: nesting the encoder cannot write.
_DEEP = "__deep_nesting__"


def hostile_json(kind: int, size: int) -> Any:
    """A JSON value a hostile page may write where text (or anything else) was expected."""
    kinds = [
        lambda: {"@type": "DateTime", "@value": HOSTILE_DATES[size % len(HOSTILE_DATES)]},
        lambda: HOSTILE_DATES[size % len(HOSTILE_DATES)],
        lambda: _DEEP,
        lambda: {"name": {"name": ["x", {"name": 1}]}},
        lambda: [None, True, 1.5, "x", [], {}],
        lambda: 1e308,
        lambda: -(10**30),
        lambda: size,
        lambda: True,
        lambda: None,
        lambda: {},
        lambda: [],
        lambda: "\ud800 lone surrogate \udfff",
        lambda: "nul \x00 bell \x07 escape \x1b del \x7f",
        lambda: "x" * (size * 100),
        lambda: hostile_text(size, size),
    ]
    return kinds[kind % len(kinds)]()


def to_json_text(value: Any, depth: int) -> str:
    text = json.dumps(value)
    return text.replace(f'"{_DEEP}"', "[" * depth + "]" * depth)


# Mutations -------------------------------------------------------------------------

# Where mutations aim: anywhere, or where the article's fields live.
TARGETS = [
    "//*",
    "//script",
    "//meta",
    "//h1 | //h2 | //title",
    "//time | //*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'modified')"
    " or contains(@class, 'updated')]",
    "//p | //*[contains(@class, 'article-content-body')]",
    "//a | //*[contains(@class, 'author') or contains(@class, 'credits')]",
    "//figure | //*[@data-image] | //img",
]
_TARGETS = [etree.XPath(path) for path in TARGETS]
_KMK_ASSIGNMENT = re.compile(r"window\.(?:kmklabs|info)\.\w+\s*=\s*")
_DECODER = json.JSONDecoder(strict=False)

OPERATIONS = (
    "delete",
    "duplicate",
    "swap",
    "attribute",
    "text",
    "nest",
    "json_ld",
    "kmklabs",
    "bytes",
    "truncate",
)


@dataclass(frozen=True)
class Mutation:
    operation: str
    target: int
    pick: int
    other: int
    kind: int
    size: int


mutations = st.builds(
    Mutation,
    operation=st.sampled_from(OPERATIONS),
    target=st.integers(0, len(TARGETS) - 1),
    pick=st.integers(0, 2**16),
    other=st.integers(0, 2**16),
    kind=st.integers(0, 63),
    size=st.integers(0, 4000),
)


@cache
def original_tree(page: Path) -> etree._Element:
    return etree.fromstring(page.read_bytes(), etree.HTMLParser(encoding="utf-8"))


def mutate(page: Path, plan: list[Mutation]) -> bytes:
    root = copy.deepcopy(original_tree(page))
    byte_mutations = []
    for mutation in plan:
        if mutation.operation in ("bytes", "truncate"):
            byte_mutations.append(mutation)
        else:
            mutate_tree(root, mutation)
    body = etree.tostring(root, method="html", encoding="utf-8")
    for mutation in byte_mutations:
        body = mutate_bytes(body, mutation)
    return body


def _pick(root: etree._Element, mutation: Mutation, index: int) -> etree._Element | None:
    found = [element for element in _TARGETS[mutation.target](root) if isinstance(element.tag, str)]
    return found[index % len(found)] if found else None


def mutate_tree(root: etree._Element, mutation: Mutation) -> None:
    element = _pick(root, mutation, mutation.pick)
    if element is None:
        return
    parent = element.getparent()
    operation = mutation.operation
    if operation == "delete" and parent is not None:
        parent.remove(element)
    elif operation == "duplicate" and parent is not None:
        for _ in range(1 + mutation.size % 3):
            element.addnext(copy.deepcopy(element))
    elif operation == "swap" and parent is not None:
        other = _pick(root, mutation, mutation.other)
        if other is not None and other is not element and other not in element.iterancestors():
            if element not in other.iterancestors() and other.getparent() is not None:
                placeholder = etree.Element("span")
                element.addprevious(placeholder)
                other.addprevious(element)
                placeholder.addprevious(other)
                placeholder.getparent().remove(placeholder)
    elif operation == "attribute":
        names = list(element.attrib) or ["content", "class", "datetime", "data-image"]
        element.set(names[mutation.other % len(names)], hostile_text(mutation.kind, mutation.size))
    elif operation == "text":
        element.text = hostile_text(mutation.kind, mutation.size)
    elif operation == "nest" and parent is not None:
        # Wrap the element in thousands of containers (lxml's parser keeps 256 levels of them).
        outer = inner = etree.Element("div")
        for _ in range(mutation.size):
            inner = etree.SubElement(inner, "div")
        element.addprevious(outer)
        inner.append(element)
    elif operation == "json_ld":
        for script in root.iter("script"):
            if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
                script.text = mutate_json_text(script.text, 0, mutation)
    elif operation == "kmklabs":
        for script in root.iter("script"):
            if script.text and "window." in script.text:
                script.text = mutate_assignments(script.text, mutation)


def mutate_assignments(script: str, mutation: Mutation) -> str:
    """One ``window.kmklabs.<name> = <value>`` assignment of the script, its value mutated."""
    assignments = list(_KMK_ASSIGNMENT.finditer(script))
    if not assignments:
        return script
    start = assignments[mutation.other % len(assignments)].end()
    return mutate_json_text(script, start, mutation)


def mutate_json_text(text: str, start: int, mutation: Mutation) -> str:
    """The JSON value written at ``text[start:]`` with one of its values (or itself) replaced."""
    try:
        data, end = _DECODER.raw_decode(text, start)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python reads (an earlier mutation)
        return text[:start] + to_json_text(hostile_json(mutation.kind, mutation.size), mutation.size) + text[start:]
    replacement = hostile_json(mutation.kind, mutation.size)
    slots = list(_slots(data))
    if not slots or mutation.pick % 5 == 0:
        data = replacement
    else:
        container, key = slots[mutation.pick % len(slots)]
        container[key] = replacement
    return text[:start] + to_json_text(data, mutation.size) + text[end:]


def _slots(data: Any, depth: int = 0) -> Any:
    """Every (container, key) of a JSON value, date fields first so that they are often picked."""
    if depth > 20:
        return
    if isinstance(data, dict):
        keys = sorted(data, key=lambda key: "date" not in key.lower() and "time" not in key.lower())
        for key in keys:
            yield data, key
            yield from _slots(data[key], depth + 1)
    elif isinstance(data, list):
        for index, entry in enumerate(data[:50]):
            yield data, index
            yield from _slots(entry, depth + 1)


def mutate_bytes(body: bytes, mutation: Mutation) -> bytes:
    position = mutation.pick * len(body) // 2**16
    if mutation.operation == "truncate":
        return body[:position]
    garbage = [
        b"\x00",
        b"\x00" * 1000,
        "\ud800".encode("utf-8", "surrogatepass"),  # a lone surrogate: invalid UTF-8
        b"\xff\xfe\xc3",
        b"\x01\x02\x1b[31m\x7f",
        b"<div>" * 5000,
        b"</div></body></html>",
        b"<![CDATA[",
        b"<!--",
        b"<script>",
    ]
    return body[:position] + garbage[mutation.kind % len(garbage)] + body[position:]


# The properties -------------------------------------------------------------------

OFFSETS = {"+07:00", "+08:00", "+09:00"}
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
#: CPU seconds one page may cost: hundreds of times what a real page costs.
MAX_CPU_SECONDS = 1.0


def check_sane(item: Article) -> None:
    json.dumps(dict(item), ensure_ascii=False).encode("utf-8")  # a feed can write it
    crawled = datetime.fromisoformat(item["crawled_at"])
    times = {}
    for field in ("published_at", "modified_at"):
        value = item[field]
        if value is None:
            continue
        assert value[-6:] in OFFSETS, f"{field} {value}: not a time of an Indonesian zone"
        moment = datetime.fromisoformat(value)
        assert EARLIEST <= moment <= crawled + timedelta(days=1), f"{field} {value}: cannot be the article's"
        times[field] = moment
    # Only the page's date line (markup) may state an update before publication; real pages do.
    if "modified_at" in times and item._sources.get("modified_at") != MARKUP:
        assert times["modified_at"] >= times["published_at"], "structured modified time before publication"


@pytest.mark.fuzz
def test_mutated_real_pages_never_break_extraction() -> None:
    crawler = project_crawler()
    spider = crawler.spider
    validation = ValidationPipeline(crawler)
    checked = []
    slowest = [0.0]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(page=st.sampled_from(PAGE_FILES), plan=st.lists(mutations, min_size=1, max_size=4))
    def check(page: Path, plan: list[Mutation]) -> None:
        response = html_response(mutate(page, plan), url=URL)
        started = time.process_time()
        try:
            item, extracted = spider.read(response)
        except NotAnArticle:
            item = None
        spent = time.process_time() - started
        slowest[0] = max(slowest[0], spent)
        assert spent <= MAX_CPU_SECONDS, f"{page.name}: {spent:.2f} s of CPU"
        checked.append(page)
        if item is None or missing(item, extracted.parts_present):
            return
        try:
            validation.process_item(item)
        except DropItem as invalid:
            raise AssertionError(f"{page.name}: an emitted article breaks the contract: {invalid}") from None
        check_sane(item)

    check()
    print(f"{len(checked)} mutated pages checked; the slowest took {slowest[0]:.3f} s of CPU")
    assert len(checked) >= EXAMPLES
