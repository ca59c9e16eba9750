"""Project commands: ``scrapy crawl`` with checked arguments, ``reextract``, ``export``, ``search``,
``similar``, ``prune`` and ``browse``."""
