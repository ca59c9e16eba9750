"""Pages that need a browser: rendering through scrapy-playwright, only where it helps.

Portals move article text, dates and parts behind JavaScript.  Reading only the
static HTML then yields empty or partial articles; rendering every page is slow and
heavy.  The spider argument ``render`` chooses:

- ``never``: static HTML only (the default when the ``browser`` extra is missing);
- ``auto``: the static page is extracted first, and only a page that fails the
  completeness check (:mod:`newscrawl.completeness`) is fetched again through the
  browser (the default when the extra is installed);
- ``always``: every article page through the browser.

The browser is scrapy-playwright's download handler driving a headless Chromium:
this module picks the Chromium, writes scrapy-playwright's settings and builds its
requests.  It knows no portal: the portal says what to wait for (a CSS selector of
its body text).

scrapy-playwright is an optional dependency, so it is imported only where a
browser is actually used.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawl.arguments import ArgumentError

logger = logging.getLogger(__name__)

MODES = ("never", "auto", "always")

#: Setting and environment variable naming the Chromium to launch (the setting wins).
BROWSER_PATH = "NEWSCRAWL_BROWSER_PATH"
#: System browsers looked up on PATH when Playwright's own Chromium is not installed.
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Without the background-networking flags Chromium keeps calling home (updates,
# sync, field trials) next to every crawl; --no-sandbox lets it run as root in CI.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Resource types a rendered page never loads: none of them carries article text.
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
INSTALL_HINT = (
    "install the extra with pip install -e '.[browser]' and a Chromium with "
    "apt-get install chromium or playwright install chromium"
)

# Meta keys Scrapy's middlewares write while downloading a request (latency, retries,
# redirects, cache); the browser's fetch of the same request starts without them.
DOWNLOAD_STATE_KEYS = frozenset(
    {
        "download_latency",
        "retry_times",
        "redirect_times",
        "redirect_ttl",
        "redirect_urls",
        "redirect_reasons",
        "cache_timestamp",
        "_dont_cache",
        "_auth_proxy",
        "_scheme_proxy",
    }
)


class NoBrowser(Exception):
    """No Chromium can be driven; the message says why."""


def extra_installed() -> bool:
    """Whether the ``browser`` extra (scrapy-playwright) can be imported."""
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError:
        return False
    return True


def parse_mode(name: str, value: str | None) -> str:
    """The render mode of a spider argument; raises ArgumentError naming the argument.

    ``always`` without the extra fails here, before anything is fetched; whether a
    browser exists is checked with the run's settings (:func:`check_browser`).
    """
    if not value:
        return "auto" if extra_installed() else "never"
    mode = value.strip()
    if mode not in MODES:
        raise ArgumentError(f"{name}: {value!r} is not one of {', '.join(MODES)}")
    if mode == "always" and not extra_installed():
        raise ArgumentError(f"{name}: 'always' needs a browser and scrapy-playwright is not installed: {INSTALL_HINT}")
    return mode


def find_browser(settings: BaseSettings) -> str:
    """The Chromium to launch; raises NoBrowser saying why there is none.

    An explicit ``NEWSCRAWL_BROWSER_PATH`` (setting, else environment variable) is
    used or fails as given: a user who names a browser does not want another one.
    Otherwise Playwright's own Chromium, otherwise a system one on PATH.
    """
    if not extra_installed():
        raise NoBrowser("scrapy-playwright is not installed")
    explicit = settings.get(BROWSER_PATH) or os.environ.get(BROWSER_PATH)
    if explicit:
        path = shutil.which(explicit)
        if not path:
            raise NoBrowser(f"{BROWSER_PATH} {explicit!r} is not an executable file")
        return path
    own = _playwright_chromium()
    if own:
        return own
    for name in SYSTEM_BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise NoBrowser("no Chromium was found")


@cache
def _playwright_chromium() -> str | None:
    """Playwright's own Chromium, if ``playwright install chromium`` put it in place.

    Only Playwright knows where its browsers live, and its sync API refuses to run
    inside the crawl's event loop, so it is asked from a thread of its own.  Asked
    once per process: ``scrapy crawl`` checks before the crawl and again when the
    spider starts.
    """

    def ask() -> str:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            return playwright.chromium.executable_path

    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            path = pool.submit(ask).result()
        except Exception:  # noqa: BLE001 - a broken Playwright install just means: look elsewhere
            logger.debug("Playwright could not name its Chromium", exc_info=True)
            return None
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def check_browser(mode: str, settings: BaseSettings) -> None:
    """``render=always`` must have a browser: ArgumentError otherwise, before anything is fetched."""
    if mode == "always":
        try:
            find_browser(settings)
        except NoBrowser as error:
            raise _always_without(error) from None


def _always_without(error: NoBrowser) -> ArgumentError:
    return ArgumentError(f"render: 'always' needs a browser and {error}: {INSTALL_HINT}")


def is_rendered(response: Response) -> bool:
    """Whether the page came through the browser; such a page is never rendered again.

    scrapy-playwright flags every response it makes.
    """
    return "playwright" in response.flags


def abort_request(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: a rendered page loads no images, fonts or media."""
    return request.resource_type in BLOCKED_RESOURCES


async def wait_for_article(page: Any, selector: str, timeout_ms: float) -> None:
    """Wait until the article body shows, for at most ``timeout_ms``.

    A body that never shows is not a download error: the page is read as it is,
    and the completeness check says what it lacks.
    """
    from playwright.async_api import TimeoutError as PlaywrightTimeoutError

    try:
        await page.wait_for_selector(selector, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        logger.debug("No %r after %d ms on %s", selector, timeout_ms, page.url)


class Rendering:
    """The render mode of one crawl, its browser and its budget of browser pages.

    Built in the spider's ``from_crawler``: spider arguments are known there and the
    crawler's settings are still open for scrapy-playwright's.
    """

    def __init__(self, mode: str, wait_for: str, timeout: float, max_pages: int) -> None:
        self.mode = mode
        self.wait_for = wait_for
        self.timeout = timeout
        self.max_pages = max_pages
        self.pages = 0
        self._cap_reported = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, mode: str, wait_for: str) -> Rendering:
        """Choose the browser and configure scrapy-playwright for ``mode``.

        ``auto`` without a browser warns once and goes on statically (mode ``never``).
        """
        settings = crawler.settings
        if mode != "never":
            try:
                browser = find_browser(settings)
            except NoBrowser as error:
                if mode == "always":
                    raise _always_without(error) from None
                logger.warning(
                    "render=auto has no browser (%s); pages are read statically only. To render them, %s.",
                    error,
                    INSTALL_HINT,
                )
                mode = "never"
            else:
                configure(settings, browser)
                logger.info("render=%s with the browser %s", mode, browser)
        return cls(
            mode,
            wait_for,
            timeout=settings.getfloat("NEWSCRAWL_RENDER_TIMEOUT"),
            max_pages=settings.getint("NEWSCRAWL_RENDER_MAX_PAGES"),
        )

    def start_request(self, request: Request) -> Request:
        """An article request as the mode wants it: through the browser under ``always``."""
        if self.mode == "always" and self._take_page():
            return self._rendered(request)
        return request

    def fallback(self, response: Response) -> Request | None:
        """The browser request for a static page that failed the completeness check, if any.

        None under ``never``, for a page that was already rendered, and once the
        budget of browser pages is spent.
        """
        if self.mode == "never" or is_rendered(response) or not self._take_page():
            return None
        return self._rendered(response.request)

    def _take_page(self) -> bool:
        if self.max_pages and self.pages >= self.max_pages:
            if not self._cap_reported:
                logger.warning(
                    "NEWSCRAWL_RENDER_MAX_PAGES=%d browser pages reached; further pages are read statically only",
                    self.max_pages,
                )
                self._cap_reported = True
            return False
        self.pages += 1
        return True

    def _rendered(self, request: Request) -> Request:
        from scrapy_playwright.page import PageMethod

        meta = {
            **{key: value for key, value in request.meta.items() if key not in DOWNLOAD_STATE_KEYS},
            "playwright": True,
            # The article is waited for explicitly; the page's own "load" (ads,
            # trackers) is not worth waiting for first.
            "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded"},
            "playwright_page_methods": [PageMethod(wait_for_article, self.wait_for, self.timeout * 1000)],
        }
        # The static fetch of the same URL already passed the duplicate filter.
        return request.replace(meta=meta, dont_filter=True)


def configure(settings: BaseSettings, browser: str) -> None:
    """Route http(s) through scrapy-playwright, launching ``browser`` headless.

    Written at spider priority, so a ``-s`` given for any of them wins;
    PLAYWRIGHT_LAUNCH_OPTIONS given by the user are merged over these, its
    ``args`` added to the flags here.
    """
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    # scrapy-playwright fetches requests without its meta key as Scrapy would.
    handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": handler, "https": handler}
    _set_dict(settings, "DOWNLOAD_HANDLERS", handlers)
    given = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    launch = {"headless": True, "executable_path": browser, **given, "args": [*LAUNCH_ARGS, *given.get("args", [])]}
    _set_dict(settings, "PLAYWRIGHT_LAUNCH_OPTIONS", launch)
    settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", priority="spider")
    # One context, so the page limit of that context is the limit of pages open at once
    # (per scheme: Scrapy makes one handler for http and one for https).
    settings.set("PLAYWRIGHT_MAX_CONTEXTS", 1, priority="spider")
    settings.set("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", settings.getint("NEWSCRAWL_RENDER_CONCURRENCY"), priority="spider")
    settings.set("PLAYWRIGHT_ABORT_REQUEST", f"{__name__}.abort_request", priority="spider")
    timeout_ms = settings.getfloat("DOWNLOAD_TIMEOUT") * 1000
    settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", timeout_ms, priority="spider")


def _set_dict(settings: BaseSettings, name: str, value: dict[str, Any]) -> None:
    """Set a merged dict setting, at the priority of what the user gave if that is higher."""
    priority = max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["spider"])
    settings.set(name, value, priority=priority)
