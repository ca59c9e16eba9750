"""liputan6.com: the portal declaration.

Its pages are the KMK platform's (:mod:`newscrawl.portals.kmk`); what is liputan6's
own is here: hosts (www, the mobile site, and the channel subdomains of 2015-2018
such as hot.liputan6.com/read/<id>/<slug>), channels, listings, the "Liputan6.com,
Jakarta -" lead, and the outlet's name in bylines.
"""

from __future__ import annotations

import re

from newscrawl.portal import Listings, Paged, Portal
from newscrawl.portals.kmk import RENDER_WAIT, KmkExtraction

PORTAL = Portal(
    name="liputan6",
    home_url="https://www.liputan6.com",
    domain="liputan6.com",
    # /<channel>/read/<id>/<slug> on www, /read/<id>/<slug> on channel subdomains.
    article_path=re.compile(r"/read/(?P<id>\d+)(?:/|$)"),
    channels=(
        "news",
        "bisnis",
        "global",
        "tekno",
        "hot",
        "showbiz",
        "bola",
        "health",
        "lifestyle",
        "otomotif",
        "citizen6",
        "regional",
        "saham",
        "islami",
        "cek-fakta",
        "crypto",
        "photo",
        "disabilitas",
    ),
    listings=Listings(
        homepage="/",
        sitemaps=("/sitemap-news.xml", "/sitemap.xml"),
        channel_pages=Paged(first="/{channel}", later="/{channel}?page={page}"),
        daily_index=Paged(
            first="/{channel}/indeks/{day:%Y/%m/%d}", later="/{channel}/indeks/{day:%Y/%m/%d}?page={page}"
        ),
    ),
    extract=KmkExtraction(
        portal="liputan6",
        lead=re.compile(r"Liputan6\.com\s*,\s*(?P<place>[^\-\u2013\u2014:]{1,40}?)\s*(?P<sep>[\-\u2013\u2014:])?\s*"),
    ),
    render_wait=RENDER_WAIT,
    mirror_hosts=frozenset({"m.liputan6.com", "liputan6.com"}),
    channel_subdomains=True,
    publisher_names=("Liputan6.com", "Liputan6", "Liputan6 .com"),
    boilerplate=(
        r"(saksikan|simak|tonton)( juga)? video.{0,60}",
        r"#?changemaker.*",
    ),
)
