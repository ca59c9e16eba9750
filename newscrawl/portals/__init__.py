"""Extraction rules, one module per portal.

A portal module exposes ``PORTAL`` (its name), ``LOADER_CONTEXT`` (what the shared
loader needs to know about it) and ``extract(response, loader)``, which fills an
``ArticleLoader`` from an article page or raises ``NotAnArticle``.
"""
