"""Downloader middlewares that keep a crawl on its site and its cost bounded.

Scrapy refuses a URL over ``URLLENGTH_LIMIT``, a redirect chain over
``REDIRECT_MAX_TIMES`` and a body over ``DOWNLOAD_MAXSIZE`` (also once
decompressed), but silently or with a generic error.  Here each refusal becomes a
:class:`Refused` with its own drop reason (:mod:`newscrawl.outcomes`), which the
spider counts and logs like any other drop.  A redirect off the site is refused
before the other host is requested, and a ``Retry-After`` on 429/503 is honoured
up to ``NEWSCRAWL_MAX_RETRY_AFTER`` seconds.  Every request waiting for a site's
robots.txt is judged by it (:class:`RobotsTxt`).
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)

# Request meta keys of the size watch: the announced length and the bytes received so far.
_ANNOUNCED = "newscrawl_announced_size"
_RECEIVED = "newscrawl_received_size"


class Refused(IgnoreRequest):
    """A request the crawler will not complete; ``reason`` is its drop reason."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason} ({detail})")
        self.reason = reason
        self.detail = detail


class RequestGuard:
    """Refuses a URL over ``URLLENGTH_LIMIT`` and a redirect off the site before they are requested,
    names a download cut off at ``DOWNLOAD_MAXSIZE`` ``too_large``, and turns a URL's
    ``user:password@`` into an HTTP basic ``Authorization`` header.

    It runs first of the downloader middlewares, before robots.txt is asked: a refused
    host is never contacted at all.  Whether a redirect stays on the site is the
    spider's call (``stays_on_site(requested_url, new_url)``).  The size is watched
    through Scrapy's ``headers_received``/``bytes_received`` signals, because the
    download handler's own cancellation carries no reason (and its exception type
    differs between Scrapy versions).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.url_limit = crawler.settings.getint("URLLENGTH_LIMIT")
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        crawler.signals.connect(self._headers_received, signal=signals.headers_received)
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequestGuard:
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> Request | None:
        url, authorization = split_credentials(request.url)
        if authorization:
            # Asked again without them: the URL that is fetched and logged carries no secret.
            headers = request.headers.copy()
            headers["Authorization"] = authorization
            return request.replace(url=url, headers=headers)
        if self.url_limit and len(request.url) > self.url_limit:
            raise Refused("url_too_long", f"{len(request.url)} characters, over URLLENGTH_LIMIT {self.url_limit}")
        redirected_from = request.meta.get("redirect_urls")
        stays_on_site = getattr(self.crawler.spider, "stays_on_site", None)
        if redirected_from and stays_on_site is not None and not stays_on_site(redirected_from[0], request.url):
            raise Refused("offsite_redirect", f"redirected to {request.url}")

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        max_size = request.meta.get("download_maxsize", self.max_size)
        size = max(request.meta.get(_ANNOUNCED, 0), request.meta.get(_RECEIVED, 0))
        if max_size and size > max_size:  # the download handler cut it off
            raise Refused("too_large", f"{size} bytes or more, over DOWNLOAD_MAXSIZE {max_size}")

    def _headers_received(self, headers: Any, body_length: int, request: Request, spider: Any = None) -> None:
        # An unknown length comes as Twisted's UNKNOWN_LENGTH, a string.
        request.meta[_ANNOUNCED] = body_length if isinstance(body_length, int) else 0
        request.meta[_RECEIVED] = 0
        self._watch(request)

    def _bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        request.meta[_RECEIVED] = request.meta.get(_RECEIVED, 0) + len(data)
        self._watch(request)

    def _watch(self, request: Request) -> None:
        max_size = request.meta.get("download_maxsize", self.max_size)
        if max_size and max(request.meta[_ANNOUNCED], request.meta[_RECEIVED]) > max_size:
            # The download is cut off; asking again would cost as much for the same refusal.
            request.meta["dont_retry"] = True


class Decompression(HttpCompressionMiddleware):
    """Scrapy's decompression, whose refusal of a body over ``DOWNLOAD_MAXSIZE`` once decompressed
    (a gzip bomb: it stops decompressing there) is named ``too_large``."""

    def process_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().process_response(request, response, *args, **kwargs)
        except IgnoreRequest as refused:
            # Decompression refuses nothing else.
            raise Refused("too_large", f"decompressed over DOWNLOAD_MAXSIZE: {refused}") from refused


class RetryAfter(RetryMiddleware):
    """Scrapy's retries, waiting as long as a 429 or 503 response's ``Retry-After`` asks.

    Up to ``NEWSCRAWL_MAX_RETRY_AFTER`` seconds the retry waits (in the reactor's
    clock: other downloads go on); a site that asks for longer is not retried, and
    the page is dropped with its status as without the header.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWSCRAWL_MAX_RETRY_AFTER")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfter:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        wait = retry_after(response) if response.status in (429, 503) else None
        if wait is None or request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return super().process_response(request, response, *([spider] if spider is not None else []))
        if wait > self.max_wait:
            logger.info(
                "Not retrying %s: the site asks to wait %d s, over NEWSCRAWL_MAX_RETRY_AFTER (%d s)",
                request.url,
                wait,
                self.max_wait,
            )
            return response
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} with Retry-After {wait:g} s",
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
        )
        if retry is None:
            return response
        from twisted.internet import reactor  # the one Scrapy installed; importing it earlier would install another

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry


def split_credentials(url: str) -> tuple[str, str | None]:
    """A URL without its ``user:password@``, and them as an HTTP basic ``Authorization`` value.

    That is what the credentials of an http(s) URL mean; Scrapy's downloader cannot
    fetch a URL that carries them, and a URL without them shows no secret in a log line.
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
    return urlunsplit(parts._replace(netloc=host)), f"Basic {token}"


def retry_after(response: Response) -> float | None:
    """The seconds a response's ``Retry-After`` asks to wait (a number or an HTTP date), or None."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


class RobotsTxt(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request that waits for the file judged by it.

    Since Scrapy made ``robot_parser`` a coroutine (2.14), the requests that
    arrive while a site's robots.txt is being fetched all await the same Deferred, and
    Twisted hands its result to the first of them only: the others get None and go out
    unchecked.  A crawl's first listings (homepage, sitemaps, channel pages) start
    together, so some of them ignored robots.txt.  Here each waiting request awaits a
    Deferred of its own, as before 2.14.
    """

    async def robot_parser(self, request: Request) -> Any:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        own: Deferred[Any] = Deferred()

        def share(result: Any) -> Any:
            own.callback(result)
            return result  # for the next request waiting

        pending.addCallback(share)
        return await maybe_deferred_to_future(own)
