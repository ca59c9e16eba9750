"""bola.com: the portal declaration.

bola.com runs on the KMK platform of liputan6.com (:mod:`newscrawl.portals.kmk`):
the same templates, structured data and quirks.  What is bola's own is here: hosts,
channels, listings (channel pages of one page each, daily indexes; no public sitemap
is known), the "Bola.com, Jakarta -" lead and the outlet's name in bylines.
"""

from __future__ import annotations

import re

from newscrawl.portal import Listings, Paged, Portal
from newscrawl.portals.kmk import RENDER_WAIT, KmkExtraction

PORTAL = Portal(
    name="bola",
    home_url="https://www.bola.com",
    domain="bola.com",
    article_path=re.compile(r"/read/(?P<id>\d+)(?:/|$)"),
    channels=("indonesia", "inggris", "spanyol", "dunia", "moto-gp", "nba", "e-sports", "ragam"),
    listings=Listings(
        homepage="/",
        # A channel page shows about two days of articles, with no further pages.
        channel_pages=Paged(first="/{channel}"),
        daily_index=Paged(
            first="/{channel}/indeks/{day:%Y/%m/%d}", later="/{channel}/indeks/{day:%Y/%m/%d}?page={page}"
        ),
    ),
    extract=KmkExtraction(
        portal="bola",
        lead=re.compile(r"Bola\.com\s*,\s*(?P<place>[^\-\u2013\u2014:]{1,40}?)\s*(?P<sep>[\-\u2013\u2014:])?\s*"),
    ),
    render_wait=RENDER_WAIT,
    mirror_hosts=frozenset({"m.bola.com", "bola.com"}),
    publisher_names=("Bola.com", "Bola.com Tim", "Tim Bola.com"),
    boilerplate=(r"(saksikan|simak|tonton)( juga)? video.{0,60}",),
)
