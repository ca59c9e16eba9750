"""The article item: the one record every portal emits.

The contract itself (types, formats, which keys must be non-empty) is the JSON
Schema shipped in ``newscrawl/schema/article.schema.json``; this class lists the
same keys so that item loaders and exporters know them.  ``default`` is what a
key holds when the page does not give it: every key is always present in the
output, so analysts get the same columns from every record.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import scrapy


class Article(scrapy.Item):
    url = scrapy.Field(default=None)
    id = scrapy.Field(default=None)
    portal = scrapy.Field(default=None)
    type = scrapy.Field(default="text")
    title = scrapy.Field(default=None)
    description = scrapy.Field(default=None)
    authors = scrapy.Field(default=[])
    editors = scrapy.Field(default=[])
    published_at = scrapy.Field(default=None)
    published_day = scrapy.Field(default=None)
    published_at_raw = scrapy.Field(default=None)
    modified_at = scrapy.Field(default=None)
    modified_at_raw = scrapy.Field(default=None)
    channel = scrapy.Field(default=None)
    category = scrapy.Field(default=None)
    tags = scrapy.Field(default=[])
    dateline = scrapy.Field(default=None)
    subsections = scrapy.Field(default=[])
    body = scrapy.Field(default="")
    images = scrapy.Field(default=[])
    page_count = scrapy.Field(default=1)
    language = scrapy.Field(default=None)
    crawled_at = scrapy.Field(default=None)


@cache
def article_schema() -> dict[str, Any]:
    """The JSON Schema of the article contract, as shipped in the package."""
    text = resources.files("newscrawl").joinpath("schema/article.schema.json").read_text("utf-8")
    return json.loads(text)


#: The contract's keys in their documented order (feeds and the store use it).
#: ``Article.fields`` is alphabetical (Scrapy sorts it), so the order comes from
#: the schema's ``required`` list.
ARTICLE_FIELDS: tuple[str, ...] = tuple(article_schema()["required"])
