"""The liputan6.com spider: ``scrapy crawl liputan6 -a urls=... -O articles.jsonl``."""

from __future__ import annotations

from newscrawl.portals import liputan6
from newscrawl.spiders.base import ArticleSpider


class Liputan6Spider(ArticleSpider):
    name = "liputan6"
    portal = liputan6
    home_url = liputan6.HOME_URL
