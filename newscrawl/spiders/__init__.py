"""Spiders: one per portal, on the shared behaviour of ``base.ArticleSpider``."""
