"""Project commands: ``scrapy crawl`` with checked arguments, ``scrapy reextract``, ``scrapy export``,
``scrapy search``, ``scrapy similar``, ``scrapy prune`` and ``scrapy browse``."""
