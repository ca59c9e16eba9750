"""What a complete article has, for every portal: the check that decides between emitting an
article, rendering its page in a browser, and dropping it as ``incomplete``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def missing(item: Mapping[str, Any], parts_present: int | None) -> list[str]:
    """What a complete article has and this one lacks; empty when it is complete.

    Every article has a title and a publication date.  A text article has body text;
    a photo article has photos (its gallery is the article, its text optional); a
    video article's player is not in the page's HTML, so it needs no more.  A page
    that announces more parts ("3 dari 5 halaman": ``page_count``) than its HTML holds
    (``parts_present``, counted with or without text, as parts without paragraphs are
    rightly left out of ``subsections``) is missing the rest; None, for an extraction
    that does not count its parts, skips that check.
    """
    lacks = []
    if not item.get("title"):
        lacks.append("no title")
    if not item.get("published_at"):
        lacks.append("no date")
    if item.get("type") == "text" and not item.get("body"):
        lacks.append("no body text")
    if item.get("type") == "photo" and not item.get("images"):
        lacks.append("no photo")
    page_count = item.get("page_count") or 1
    if parts_present is not None and page_count > 1 and parts_present < page_count:
        lacks.append(f"{parts_present} of {page_count} parts")
    return lacks
