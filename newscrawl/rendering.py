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

Nothing of the browser starts before a page needs it.  Most ``auto`` crawls render
no page at all, yet scrapy-playwright, installed as the http(s) download handler,
starts Playwright's driver (a node process) when the engine starts, and asking
Playwright where its own Chromium is starts that driver too.  So http(s) go through
:class:`RenderingDownloadHandler`: Scrapy's own HTTP handler for every request but
those marked for the browser, the first of which looks the browser up
(:meth:`Rendering.browser`, once per crawl) and creates and starts scrapy-playwright's
handler.  Neither Scrapy nor scrapy-playwright has a setting that defers the driver
or picks a handler per request; replacing the http(s) handler, as Scrapy documents,
is where that choice can be made.  scrapy-playwright starts itself on the ``engine_started``
signal, long past by then: :func:`start_playwright` starts it as that signal would,
through a private method, the only private thing used here.

``render=always`` still refuses to start without a browser, and asks cheaply
(:func:`check_browser`): a browser named or on PATH settles it, and Playwright is
asked only when there is neither.  Finding Playwright's browser on disk without its
driver was left alone: only the cache folder is documented, while the folders in it,
the executable's place in them and the build each Playwright release needs are
Playwright's own and have changed between releases.  Which browser is launched is
decided at the first browser page, in the order :func:`find_browser` gives.

This needs Scrapy's coroutine download handlers (Scrapy 2.14) and a scrapy-playwright
that runs on them (0.0.45).  scrapy-playwright is an optional dependency, so it is
imported only where a browser is actually used.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.reactor import verify_installed_reactor

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
    Otherwise Playwright's own Chromium, the build its driver is made for, otherwise
    a system one on PATH.
    """
    if not extra_installed():
        raise NoBrowser("scrapy-playwright is not installed")
    path = _named_browser(settings) or _playwright_chromium() or _system_browser()
    if not path:
        raise NoBrowser("no Chromium was found")
    return path


def browser_exists(settings: BaseSettings) -> None:
    """Raise NoBrowser, as :func:`find_browser` would, unless some Chromium can be driven.

    Whether, not which: a browser named or on PATH answers it at once, and
    Playwright, whose driver takes a noticeable part of a second to start, is asked
    only when there is neither.
    """
    if not extra_installed():
        raise NoBrowser("scrapy-playwright is not installed")
    if not (_named_browser(settings) or _system_browser() or _playwright_chromium()):
        raise NoBrowser("no Chromium was found")


def _named_browser(settings: BaseSettings) -> str | None:
    """The browser ``NEWSCRAWL_BROWSER_PATH`` names, None if unset; NoBrowser if it names no executable."""
    explicit = settings.get(BROWSER_PATH) or os.environ.get(BROWSER_PATH)
    if not explicit:
        return None
    path = shutil.which(explicit)
    if not path:
        raise NoBrowser(f"{BROWSER_PATH} {explicit!r} is not an executable file")
    return path


def _system_browser() -> str | None:
    for name in SYSTEM_BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


@cache
def _playwright_chromium() -> str | None:
    """Playwright's own Chromium, if ``playwright install chromium`` put it in place.

    Only Playwright knows where its browsers live, and its sync API refuses to run
    inside the crawl's event loop, so it is asked from a thread of its own.  Asked once per
    process: under ``render=always`` without a system browser, ``scrapy crawl``
    checks before the crawl, again when the spider starts, and looks at the first
    browser page.
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
            browser_exists(settings)
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
    crawler's settings are still open for scrapy-playwright's.  The browser itself is
    looked up when the first page needs it (:meth:`browser`).
    """

    def __init__(self, mode: str, wait_for: str, timeout: float, max_pages: int, settings: BaseSettings) -> None:
        self.mode = mode
        self.wait_for = wait_for
        self.timeout = timeout
        self.max_pages = max_pages
        self.settings = settings
        self.pages = 0
        self._cap_reported = False
        self._browser: str | None = None
        self._no_browser: NoBrowser | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, mode: str, wait_for: str) -> Rendering:
        """Configure scrapy-playwright for ``mode``; under ``always``, make sure a browser exists.

        ``auto`` without a browser (or without the extra) finds out at the first page
        that needs one (:meth:`fallback`).
        """
        settings = crawler.settings
        if mode == "always":
            try:
                browser_exists(settings)
            except NoBrowser as error:
                raise _always_without(error) from None
        if mode != "never" and extra_installed():
            configure(settings)
        return cls(
            mode,
            wait_for,
            timeout=settings.getfloat("NEWSCRAWL_RENDER_TIMEOUT"),
            max_pages=settings.getint("NEWSCRAWL_RENDER_MAX_PAGES"),
            settings=settings,
        )

    def browser(self) -> str:
        """The Chromium of this crawl, looked up at the first call only; raises NoBrowser."""
        if self._browser is None and self._no_browser is None:
            try:
                self._browser = find_browser(self.settings)
            except NoBrowser as error:
                self._no_browser = error
            else:
                logger.info("render=%s with the browser %s", self.mode, self._browser)
        if self._no_browser is not None:
            raise self._no_browser
        assert self._browser is not None
        return self._browser

    def start_request(self, request: Request) -> Request:
        """An article request as the mode wants it: through the browser under ``always``."""
        if self.mode == "always" and self._take_page():
            return self._rendered(request)
        return request

    def fallback(self, response: Response) -> Request | None:
        """The browser request for a static page that failed the completeness check, if any.

        None under ``never``, for a page that was already rendered, without a browser
        (warned once, after which the crawl goes on as ``never``), and once the budget
        of browser pages is spent.
        """
        if self.mode == "never" or is_rendered(response) or not self._has_browser() or not self._take_page():
            return None
        return self._rendered(response.request)

    def _has_browser(self) -> bool:
        try:
            self.browser()
        except NoBrowser as error:
            logger.warning(
                "render=%s has no browser (%s); pages are read statically only. To render them, %s.",
                self.mode,
                error,
                INSTALL_HINT,
            )
            self.mode = "never"
            return False
        return True

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


class RenderingDownloadHandler(BaseDownloadHandler):
    """http(s) of a crawl that may render: Scrapy's own HTTP download, and for requests
    marked ``playwright`` scrapy-playwright's, started on the first of them.

    The spider's :class:`Rendering` names the browser.  Scrapy makes one handler per
    scheme: a crawl that renders both http and https pages starts a browser for each,
    as it does with scrapy-playwright's handler installed directly.
    """

    def __init__(self, crawler: Crawler) -> None:
        # scrapy-playwright needs the asyncio reactor: a crawl set up with another
        # one fails at start, as it does with scrapy-playwright's handler, not at its
        # first browser page.
        verify_installed_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
        super().__init__(crawler)
        self._static = build_from_crawler(HTTP11DownloadHandler, crawler)
        self._browser: Any = None
        # Pages that need the browser at the same time start it once.
        self._starting = asyncio.Lock()

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await self._static.download_request(request)
        browser = await self._browser_handler()
        return await browser.download_request(request)

    async def _browser_handler(self) -> Any:
        async with self._starting:
            if self._browser is None:
                renderer: Rendering = self.crawler.spider.renderer
                self._browser = await start_playwright(self.crawler, renderer.browser())
        return self._browser

    async def close(self) -> None:
        await self._static.close()
        if self._browser is not None:
            await self._browser.close()


async def start_playwright(crawler: Crawler, browser: str) -> Any:
    """scrapy-playwright's download handler for ``crawler``, launching ``browser``, started.

    The handler starts itself on ``engine_started``, which has long passed when the
    first page needs the browser; it is started here through the private method that
    signal calls, which every scrapy-playwright this project allows (0.0.45 to 0.0.48
    read) has, returning a Deferred.  The crawl's settings are frozen by now, so the
    browser goes into the handler's launch options, read when it launches the
    browser; a PLAYWRIGHT_LAUNCH_OPTIONS ``executable_path`` of the user's wins.
    """
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    handler = build_from_crawler(ScrapyPlaywrightDownloadHandler, crawler)
    handler.config.launch_options.setdefault("executable_path", browser)
    await maybe_deferred_to_future(handler._engine_started())
    return handler


def configure(settings: BaseSettings) -> None:
    """Route http(s) through :class:`RenderingDownloadHandler`, with scrapy-playwright set up for a headless Chromium.

    Written at spider priority, so a ``-s`` given for any of them wins;
    PLAYWRIGHT_LAUNCH_OPTIONS given by the user are merged over these, its
    ``args`` added to the flags here.  The browser's path is added when it is
    launched (:func:`start_playwright`).
    """
    handler = f"{__name__}.{RenderingDownloadHandler.__name__}"
    handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": handler, "https": handler}
    _set_dict(settings, "DOWNLOAD_HANDLERS", handlers)
    given = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    launch = {"headless": True, **given, "args": [*LAUNCH_ARGS, *given.get("args", [])]}
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
