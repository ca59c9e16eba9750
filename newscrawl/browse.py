"""The store in a web browser: Datasette with newscrawl's titles, facets, search and a chart.

``scrapy browse`` (:mod:`newscrawl.commands.browse`) serves the store with the
``browse`` extra: Datasette, and datasette-dashboards for the chart.  Everything
newscrawl adds is here:

- the view ``browse_articles``: one row per article with the columns people scan
  (no body or image lists), and the article's day in Jakarta, which is the day the
  site, the crawl windows and ``scrapy export`` count in;
- Datasette metadata: titles and descriptions, facets by portal, channel and local
  day, full-text search of the view through the store's ``articles_fts`` index, and a
  dashboard with the articles per local day per channel.

The view is written into the store (it is the one thing browsing writes); analysts
may query it with any SQLite tool as well.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

#: The name of the browsing view in the store.
VIEW = "browse_articles"

#: The days the chart shows: the latest ones of the store.
CHART_DAYS = 90

VIEW_SQL = f"""CREATE VIEW {VIEW} AS
SELECT rowid AS rowid, title, published_day, channel, portal, url, published_at, category,
       type, authors, tags, description, id, modified_at, published_utc, first_seen, last_seen
FROM articles"""

# The latest CHART_DAYS days of the store (Jakarta days, indexed), counted per channel.
CHART_SQL = f"""SELECT published_day AS day, coalesce(channel, '(no channel)') AS channel, count(*) AS articles
FROM articles
WHERE published_day > (SELECT date(max(published_day), '-{CHART_DAYS} days') FROM articles)
GROUP BY day, channel ORDER BY day, channel"""

#: Datasette settings for a local tool on a store of up to millions of articles:
#: facets and the chart scan the whole table, which takes longer than Datasette's
#: defaults allow; the chart needs a row per day and channel.
SETTINGS = {
    "sql_time_limit_ms": 10_000,
    "facet_time_limit_ms": 5_000,
    "max_returned_rows": 5_000,
}


def install_view(connection: sqlite3.Connection) -> bool:
    """Create the browsing view, or replace it when its definition changed; whether it was written."""
    row = connection.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", (VIEW,)).fetchone()
    if row is not None and row[0] == VIEW_SQL:
        return False
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(f"DROP VIEW IF EXISTS {VIEW}")
        connection.execute(VIEW_SQL)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return True


def has_view(path: Path) -> bool:
    """Whether the store has the browsing view, read without writing anything (also from a read-only file)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        row = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?", (VIEW,)).fetchone()
    finally:
        connection.close()
    return row is not None


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for a store served under the name ``database`` (the file name without suffix)."""
    return {
        "title": "newscrawl: Indonesian news articles",
        "description": (
            "Articles crawled from Indonesian news portals, one row per article. Days are days in Jakarta (WIB, UTC+7)."
        ),
        "databases": {
            database: {
                "description": "The newscrawl store.",
                "tables": {
                    VIEW: {
                        "title": "Articles",
                        "description": (
                            "One row per article, newest first. Search searches titles, summaries and body text; "
                            "published_day is the day in Jakarta. The whole record is in the table articles."
                        ),
                        "sort_desc": "published_utc",
                        "facets": ["portal", "channel", "published_day"],
                        "fts_table": "articles_fts",
                        "fts_pk": "rowid",
                        "label_column": "title",
                    },
                    "articles": {
                        "title": "Article records",
                        "description": (
                            "Every field of the article contract (lists as JSON), with when the crawler "
                            "first and last saw the article."
                        ),
                        "sort_desc": "published_utc",
                        "facets": ["portal", "channel"],
                    },
                    "article_versions": {
                        "title": "Earlier versions",
                        "description": "What an article said before the portal changed it, with when it was replaced.",
                    },
                    "runs": {"title": "Crawl runs", "description": "One row per crawl, with its outcome and counts."},
                },
            }
        },
        "plugins": {
            "datasette-dashboards": {
                "articles": {
                    "title": "Articles per day",
                    "description": f"Articles per day in Jakarta and per channel, the latest {CHART_DAYS} days.",
                    "charts": {
                        "per-day": {
                            "title": "Articles per day and channel",
                            "db": database,
                            "query": CHART_SQL,
                            "library": "vega-lite",
                            "display": {
                                "mark": {"type": "bar", "tooltip": True},
                                "encoding": {
                                    "x": {"field": "day", "type": "ordinal", "title": "day (Jakarta)"},
                                    "y": {
                                        "field": "articles",
                                        "type": "quantitative",
                                        "aggregate": "sum",
                                        "title": "articles",
                                    },
                                    "color": {"field": "channel", "type": "nominal"},
                                },
                            },
                        }
                    },
                }
            }
        },
    }


def serve(path: Path, host: str, port: int, immutable: bool) -> None:
    """Serve the store with Datasette until interrupted; needs the ``browse`` extra.

    A live store is opened read-only and shows what the crawler commits while it is
    served; ``immutable`` is for a file nothing writes to any more (a copy, a
    read-only snapshot): SQLite then takes no locks, and ignores the write-ahead
    log, so articles not yet checkpointed into the file are not shown.
    """
    import uvicorn
    from datasette.app import Datasette

    files = [] if immutable else [str(path)]
    datasette = Datasette(
        files, immutables=[str(path)] if immutable else [], metadata=metadata(path.stem), settings=SETTINGS
    )
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on")
