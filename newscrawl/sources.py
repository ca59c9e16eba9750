"""Where a field's value came from, as counted per run under ``newscrawl/field/<field>/<source>``.

When a site changes its layout, a field's visible source stops answering and a
fallback (or nothing) takes over; these names make that shift visible in the stats.
"""

#: The visible page: headings, bylines, date lines, body markup.
MARKUP = "markup"
#: JSON-LD structured data (schema.org NewsArticle and kin).
JSON_LD = "json_ld"
#: ``<meta>`` and ``<link>`` tags of the head (og:, article:, name=...).
META = "meta"
#: Data objects assigned in the page's inline scripts (``window.kmklabs``, ``window.kly``).
SCRIPT = "script"
#: The page's own address.
URL = "url"
#: A value the portal always has (its name, its language) or the contract's default.
FIXED = "fixed"

ALL = (MARKUP, JSON_LD, META, SCRIPT, URL, FIXED)
