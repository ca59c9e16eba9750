"""Conventions of KapanLagi Youniverse's sites, whatever their platform.

KLY runs liputan6.com and bola.com on its KMK platform (:mod:`newscrawl.portals.kmk`)
and merdeka.com (with bola.net, kapanlagi, dream, otosia) on its KLN platform
(:mod:`newscrawl.portals.kln`).  Both platforms describe an article in the same
analytics data (``gtm``: article types, name lists), read here once.
"""

from __future__ import annotations

from typing import Any

from newscrawl.loaders import split_names
from newscrawl.page import as_text


def article_type(name: str | None) -> str | None:
    """KLY's article types ("TextTypeArticle", "PhotoGallery", "VideoGallery") as the contract's."""
    if not name:
        return None
    name = name.lower()
    if "photo" in name or "foto" in name:
        return "photo"
    if "video" in name:
        return "video"
    return "text" if "text" in name or "article" in name else None


def names(value: Any) -> list[str]:
    """The names of a gtm value: a list of names, or one text of names ("A, B dan C")."""
    if isinstance(value, list):
        return [name for name in map(as_text, value) if name]
    text = as_text(value)
    return split_names(text) if text else []
