"""What every portal's extraction shares: template eras and what an extraction reports.

Sites redesign their article pages every few years, and old articles keep the
template of their time.  A portal module therefore declares one template per era:
an element only that era's pages have (its ``marker``, which is also the container
that holds the article), and where each visible field sits inside it.  The era is
detected once per page, in one walk of the tree (:func:`detect`); afterwards only
that era's selectors run, inside its container.  A page of no known era (a redesign
the crawler has not seen) gets the portal's fallback template, whose selectors are
those of every era, over the whole page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from newscrawl.page import ElementMatcher, Page


@dataclass(frozen=True)
class Template:
    """One template era: its name (for stats and logs), its marker (a compound CSS selector of an
    element only that era's pages have) and, when the marker is not itself the article's container,
    the container (a compound selector of an ancestor of the marker)."""

    name: str
    marker: str
    container: str | None = None


@dataclass(frozen=True)
class Extracted:
    """What an extraction tells the crawler beyond the item: the template it read, and how many
    body parts the page's HTML holds (with or without text; None when the portal does not count
    them), which the completeness check compares with the parts the page announces."""

    template: str
    parts_present: int | None


def detect(page: Page, templates: tuple[Template, ...], fallback: Template) -> tuple[Template, Any]:
    """The page's template era and its container: the first template, in the order given,
    whose marker the page has; else ``fallback`` with the whole page as container."""
    found = _matcher(tuple(template.marker for template in templates)).find(page.root)
    for template in templates:
        is_marker = _matcher((template.marker,))
        for element in found:
            if is_marker(element):
                return template, _container(element, template.container) if template.container else element
    return fallback, page.root


@cache
def _matcher(selectors: tuple[str, ...]) -> ElementMatcher:
    return ElementMatcher(selectors)


def _container(marker: Any, container: str) -> Any:
    is_container = _matcher((container,))
    ancestors = (element for element in marker.iterancestors() if is_container(element))
    return next(ancestors, marker.getroottree().getroot())
