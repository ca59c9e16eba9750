"""Project commands: ``scrapy crawl`` with checked arguments, ``scrapy reextract``, ``scrapy export``."""
