"""Scrapy settings of newscrawl: polite to the sites, exports in the article contract.

Every value can be changed per run with ``-s NAME=VALUE``.
"""

from newscrawl.items import ARTICLE_FIELDS

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# Politeness: say who we are, obey robots.txt, never hammer a site.
USER_AGENT = "newscrawl/0.1 (research crawler of Indonesian news; Scrapy)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Feeds (-O articles.jsonl): UTF-8 text, every contract key in contract order.
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(ARTICLE_FIELDS)
# CSV feeds as scrapy export writes them: lists and objects as JSON cells (newscrawl/exporters.py).
FEED_EXPORTERS = {"csv": "newscrawl.exporters.ArticleCsvItemExporter"}

# Validate against the contract, drop duplicates within the run, store.
ITEM_PIPELINES = {
    "newscrawl.pipelines.ValidationPipeline": 100,
    "newscrawl.pipelines.DedupPipeline": 200,
    "newscrawl.pipelines.StorePipeline": 300,
}
LOG_FORMATTER = "newscrawl.pipelines.NewscrawlLogFormatter"

# The SQLite store: articles, their versions, full-text index and crawl state.
# A relative path is relative to the project directory (the one with scrapy.cfg).
NEWSCRAWL_STORE_ENABLED = True
NEWSCRAWL_STORE_PATH = "data/newscrawl.sqlite3"
NEWSCRAWL_STORE_BATCH_SIZE = 100
NEWSCRAWL_STORE_COMMIT_INTERVAL = 10.0

# Discovery: how deep to page a latest-news listing (stopping earlier at the
# articles the store already has), a daily index page, and how many sub-sitemaps
# of a sitemap index to read.
NEWSCRAWL_MAX_LISTING_PAGES = 10
NEWSCRAWL_MAX_INDEX_PAGES = 50
NEWSCRAWL_MAX_SITEMAPS = 3

# A run that drops more than this share of its pages has failed (exit status 1).
NEWSCRAWL_MAX_DROP_SHARE = 0.5

LOG_LEVEL = "INFO"

# Rendering in a browser (-a render=never|auto|always; the `browser` extra, see
# newscrawl/rendering.py).  A browser page costs far more than a static fetch, so
# the browser is bounded on its own, next to the limits above.
# Browser pages per run at most (0: no cap); past it pages are read statically only.
NEWSCRAWL_RENDER_MAX_PAGES = 1000
# Browser pages open at once.
NEWSCRAWL_RENDER_CONCURRENCY = 2
# Seconds a rendered page may take to show its article body before it is read as it is.
NEWSCRAWL_RENDER_TIMEOUT = 15
# The Chromium to launch; unset, Playwright's own, else chromium/google-chrome on PATH.
# The environment variable of the same name serves when this is unset.
NEWSCRAWL_BROWSER_PATH = None
