"""Project commands: ``scrapy crawl`` with checked arguments, ``scrapy export``."""
