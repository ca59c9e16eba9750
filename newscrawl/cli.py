"""``newscrawl``: the project's scrapy commands from any directory.

``scrapy export`` finds the project's settings through the ``scrapy.cfg`` of the
directory it runs in; an analyst's notebook or a cron job elsewhere has none.
``newscrawl export --store /srv/news.sqlite3 -o x.jsonl`` is ``scrapy export`` with
the project's settings named in the environment instead.
"""

from __future__ import annotations

import os

from scrapy.cmdline import execute

SETTINGS_MODULE = "newscrawl.settings"


def main() -> None:
    """Run scrapy's command line with newscrawl's settings (an explicit SCRAPY_SETTINGS_MODULE wins)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    execute()
