"""The baseline crawl: Scrapy fetching the same article URLs and doing nothing with the pages.

Run by the benchmark as ``scrapy runspider benchmarks/bare_spider.py -a urls_file=FILE``
from the project directory, with the project's settings and the same overrides as the
full crawl, so the difference between the two is what newscrawl adds: extraction,
validation, de-duplication, storage and the feed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"
    # No item pipelines: the bare spider yields nothing, and the project's store must not open.
    custom_settings = {"ITEM_PIPELINES": {}}

    def __init__(self, urls_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_file = urls_file

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for line in Path(self.urls_file).read_text("utf-8").splitlines():
            if line.strip():
                yield scrapy.Request(line.strip(), callback=self.parse, dont_filter=True)

    def parse(self, response: Response) -> None:
        pass
