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
# Each delay is 0.5 to 1.5 times DOWNLOAD_DELAY, so requests do not tick like a clock.
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = False
# No control server in a crawler: Scrapy's telnet console and its remote-control HTTP
# server (2.19) both run code sent to them.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Bounded cost for hostile input (README "Reliability").  A body over 10 MB, also once
# decompressed (a gzip bomb is refused there, cheaply), is cut off and dropped as
# too_large; past 2 MB a warning is logged.  A URL over 2083 characters is never
# requested (url_too_long); a redirect chain over five hops is a loop (redirect_loop).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
URLLENGTH_LIMIT = 2083
REDIRECT_MAX_TIMES = 5
# A 429 or 503 whose Retry-After asks for at most this many seconds is retried after
# that wait; one that asks for more is dropped with its status.
NEWSCRAWL_MAX_RETRY_AFTER = 120
DOWNLOADER_MIDDLEWARES = {
    # First of all: a refused request (too long, redirected off the site) contacts no host.
    "newscrawl.middlewares.RequestGuard": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.RetryAfter": 550,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.middlewares.Decompression": 590,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.middlewares.RobotsTxt": 100,
}
# The guard refuses long URLs with a drop reason; Scrapy's spider middleware would drop them silently.
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None}
EXTENSIONS = {
    "newscrawl.logs.CredentialRedaction": 0,
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.feeds.CheckedFeedExporter": 0,
    # The run's own: field coverage (newscrawl.coverage), progress lines, the page archive.
    "newscrawl.coverage.FieldCoverage": 500,
    "newscrawl.extensions.Progress": 500,
    "newscrawl.archive.PageArchive": 510,
}

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

# The page archive: every article page fetched, kept in gzipped WARC files (one per
# run) so that `scrapy reextract` can read them again with a fixed extractor.
# A relative path is relative to the project directory.
NEWSCRAWL_ARCHIVE_ENABLED = True
NEWSCRAWL_ARCHIVE_DIR = "data/warc"

# Discovery: how deep to page a latest-news listing (stopping earlier at the
# articles the store already has), a daily index page, and how many sub-sitemaps
# of a sitemap index to read.
NEWSCRAWL_MAX_LISTING_PAGES = 10
NEWSCRAWL_MAX_INDEX_PAGES = 50
NEWSCRAWL_MAX_SITEMAPS = 3
# refresh=1 without since/until re-checks, besides what the listings show, the stored
# articles published in this many days before now.
NEWSCRAWL_REFRESH_DAYS = 7

# A run that drops more than this share of its pages has failed (exit status 1).
NEWSCRAWL_MAX_DROP_SHARE = 0.5

# Layout drift: a run whose emitted articles have a key field less often than this
# share has failed (body: of its text articles); runs of fewer articles are not judged.
NEWSCRAWL_FIELD_COVERAGE = {"title": 0.95, "published_at": 0.95, "body": 0.95, "authors": 0.80}
NEWSCRAWL_FIELD_COVERAGE_MIN_ARTICLES = 20

LOG_LEVEL = "INFO"

# A line at INFO level every this many seconds on how far the run is and how long it
# still takes (0: none).
NEWSCRAWL_PROGRESS_INTERVAL = 60

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
