"""The page archive: every fetched article page kept as a WARC record, for re-extraction without re-fetching.

A fix to an extractor helps only pages fetched after it, unless the pages are kept.
:class:`PageArchive` writes each article page a crawl receives (status 200, static or
rendered in the browser) as a WARC ``response`` record, into one gzipped WARC file per
run: ``<NEWSCRAWL_ARCHIVE_DIR>/<portal>-<UTC start>-<pid>.warc.gz``.  ``scrapy
reextract`` (:mod:`newscrawl.reextract`) reads them back with :class:`ArchiveReader`.

It is an extension on the ``response_received`` signal rather than a downloader
middleware: it sees each response exactly as the spider's callback gets it (after
decompression, redirects and the browser), whatever the order of the middlewares, and
it cannot alter or lose a response.

WARC (ISO 28500) is the web archives' own format, so the files are not newscrawl's
alone: web-archiving tools read them too.  Each record carries, beyond the standard
fields:

- ``Newscrawl-Portal``: the portal whose extraction reads the page, also when the page
  came from a mirror (``base_url``, 127.0.0.1);
- ``Newscrawl-Rendered: true`` on a page read from the browser: its body is the
  rendered document, not the bytes the server sent.

Scrapy hands over the body decoded, so the HTTP headers are kept as received except
``Content-Encoding`` and ``Transfer-Encoding``, which are dropped, and
``Content-Length``, which states the kept body.

Crash safety: every record is its own gzip member, built in memory and appended whole;
a killed run leaves at most a cut-short last record, which the reader skips with a
warning.

Compressing a page costs as much CPU as extracting it, so records are built and
written by one thread of the archive's own (zlib works without the interpreter lock,
so the crawl's core stays free), in the order the pages came; the run's end waits for
the last one.  Compression is gzip level 3: over the test pages it takes a quarter of
the time of level 9 (warcio's default) for files 12 % larger.

A record that cannot be written (a full disk) is logged and counted
(``newscrawl/archive/errors``); the crawl goes on and the article is stored as usual.
"""

from __future__ import annotations

import io
import logging
import os
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from itertools import groupby
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import BaseSettings
from scrapy.utils.conf import closest_scrapy_cfg
from warcio.archiveiterator import WARCIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from newscrawl import outcomes, rendering

logger = logging.getLogger(__name__)

PORTAL_HEADER = "Newscrawl-Portal"
RENDERED_HEADER = "Newscrawl-Rendered"
#: The flag scrapy-playwright gives a rendered response (see newscrawl.rendering.is_rendered).
RENDERED_FLAG = "playwright"
#: Request meta key: when the page was fetched (ISO 8601, UTC, seconds), the article's ``crawled_at``.
FETCHED_AT = "fetched_at"
#: Headers about the transfer, not the kept body: Scrapy has already undone them.
TRANSFER_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
SUFFIX = ".warc.gz"
GZIP_LEVEL = 3


def archive_dir(settings: BaseSettings) -> Path:
    """Where WARC files are (``NEWSCRAWL_ARCHIVE_DIR``; a relative path is relative to the project directory)."""
    path = Path(settings.get("NEWSCRAWL_ARCHIVE_DIR")).expanduser()
    if not path.is_absolute():
        project_cfg = closest_scrapy_cfg()
        path = (Path(project_cfg).parent if project_cfg else Path.cwd()) / path
    return path


# Writing ----------------------------------------------------------------------


class PageArchive:
    """Writes every article page of a run (status 200) into the run's WARC file.

    The file is created with the run's first article page, so a run that fetches
    none leaves no file.  Stats: ``newscrawl/archive/records``, ``.../bytes``
    (compressed), ``.../errors``.
    """

    def __init__(self, crawler: Crawler, directory: Path) -> None:
        self.crawler = crawler
        self.directory = directory
        self.path: Path | None = None
        self.portal = ""
        self._fd: int | None = None
        self._damaged = False
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscrawl-archive")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageArchive:
        if not crawler.settings.getbool("NEWSCRAWL_ARCHIVE_ENABLED"):
            raise NotConfigured("the page archive is off (NEWSCRAWL_ARCHIVE_ENABLED)")
        return cls(crawler, archive_dir(crawler.settings))

    def spider_opened(self, spider: Any) -> None:
        portal = getattr(spider, "portal", None)
        self.portal = portal.name if portal is not None else spider.name
        started = datetime.now(timezone.utc)
        self.path = self.directory / f"{self.portal}-{started:%Y%m%dT%H%M%SZ}-{os.getpid()}{SUFFIX}"

    def response_received(self, response: Response, request: Request) -> None:
        if response.status != 200 or not request.meta.get("article"):
            return
        fetched_at = datetime.now(timezone.utc).replace(microsecond=0)
        # The article read from this page says it was crawled when the page was
        # fetched: its store row and this record then meet at one time.
        request.meta[FETCHED_AT] = fetched_at.isoformat()
        self._writer.submit(self._archive, response, fetched_at)

    def _archive(self, response: Response, fetched_at: datetime) -> None:
        """Build and append one page's record (in the archive's thread)."""
        stats = self.crawler.stats
        try:
            record = response_record(response, self.portal, fetched_at)
            self._append(record)
        except OSError as error:
            stats.inc_value(outcomes.ARCHIVE_ERRORS)
            logger.error("Could not archive %s in %s: %s", response.url, self.path, error)
            return
        stats.inc_value(outcomes.ARCHIVE_RECORDS)
        stats.inc_value(outcomes.ARCHIVE_BYTES, len(record))

    def _append(self, record: bytes) -> None:
        """Append one whole record, or nothing: a failed write is cut off again."""
        assert self.path is not None, "named in spider_opened"
        if self._damaged:
            raise OSError(f"{self.path} ends in a partial record that could not be removed; it is not written to")
        if self._fd is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        end = os.lseek(self._fd, 0, os.SEEK_END)
        if end == 0:
            record = warcinfo_record(self.path.name) + record
        try:
            _write_all(self._fd, record)
        except OSError:
            try:
                os.ftruncate(self._fd, end)
            except OSError:
                self._damaged = True
            raise

    def written(self) -> None:
        """Wait until every page received so far is in the file (or counted as an error)."""
        self._writer.submit(lambda: None).result()

    def spider_closed(self) -> None:
        self._writer.shutdown(wait=True)
        if self._fd is None:
            return
        try:
            os.fsync(self._fd)
        except OSError as error:
            self.crawler.stats.inc_value(outcomes.ARCHIVE_ERRORS)
            logger.error("Could not archive the pages in %s: %s", self.path, error)
        finally:
            os.close(self._fd)
            self._fd = None
        records = self.crawler.stats.get_value(outcomes.ARCHIVE_RECORDS, 0)
        logger.info("Archived %d article pages in %s", records, self.path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def response_record(response: Response, portal: str, fetched_at: datetime) -> bytes:
    """A response as one gzipped WARC ``response`` record (one gzip member)."""
    body = response.body
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in response.headers.items()
        for value in values
        if name.lower() not in TRANSFER_HEADERS
    ]
    headers.append(("Content-Length", str(len(body))))
    protocol = response.protocol if response.protocol and response.protocol.startswith("HTTP/") else "HTTP/1.1"
    http_headers = StatusAndHeaders(f"{response.status} {_reason(response.status)}", headers, protocol=protocol)
    warc_headers = {"WARC-Date": datetime_to_iso_date(fetched_at), PORTAL_HEADER: portal}
    if rendering.is_rendered(response):
        warc_headers[RENDERED_HEADER] = "true"
    if response.ip_address is not None:
        warc_headers["WARC-IP-Address"] = str(response.ip_address)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    record = writer.create_warc_record(
        response.url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    writer.write_record(record)
    return _gzip_member(buffer.getvalue())


def warcinfo_record(filename: str) -> bytes:
    """The record that opens a WARC file: what wrote it, and how."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    info = {
        "software": "newscrawl (Scrapy, warcio)",
        "format": "WARC File Format 1.0",
        "description": "article pages as the crawler received them; bodies decoded",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    return _gzip_member(buffer.getvalue())


def _gzip_member(record: bytes) -> bytes:
    """One record as one gzip member, as WARC readers expect of a .warc.gz file."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(record) + compressor.flush()


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# Reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class KeptPage:
    """An article page in the archive: where its record is, and what its headers say."""

    path: Path
    offset: int
    url: str
    portal: str
    fetched_at: datetime


class ArchiveReader:
    """Reads the kept article pages of a WARC file, or of every ``*.warc.gz`` under a directory.

    Records that cannot be read (cut short by a killed run, damaged, failing their
    digest) are skipped with a warning and counted in :attr:`unreadable`; reading goes
    on with the next record or file, never with a traceback.
    """

    def __init__(self, location: Path) -> None:
        self.files = [location] if location.is_file() else sorted(location.rglob("*" + SUFFIX))
        self.unreadable = 0

    def pages(self, since: datetime | None = None, portals: Iterable[str] | None = None) -> Iterator[KeptPage]:
        """Every whole article page, in file order; ``since`` skips pages fetched before it, unread."""
        wanted = set(portals) if portals is not None else None
        for path in self.files:
            for offset, record in self._records(path):
                headers = record.rec_headers
                portal = headers.get_header(PORTAL_HEADER)
                if record.rec_type != "response" or not portal or (wanted is not None and portal not in wanted):
                    continue
                fetched_at = _warc_date(headers.get_header("WARC-Date"))
                if fetched_at is None or (since is not None and fetched_at < since):
                    continue
                if self._body(path, offset, record) is not None:
                    yield KeptPage(path, offset, headers.get_header("WARC-Target-URI"), portal, fetched_at)

    def responses(self, pages: Iterable[KeptPage]) -> Iterator[tuple[KeptPage, Response]]:
        """The pages as responses, as the spider received them; each file is opened once."""
        ordered = sorted(pages, key=lambda page: (page.path, page.offset))
        for path, group in groupby(ordered, key=lambda page: page.path):
            try:
                stream = path.open("rb")
            except OSError as error:
                self._skip(path, 0, f"cannot open it: {error}")
                continue
            with stream:
                for page in group:
                    response = self._response(stream, page)
                    if response is not None:
                        yield page, response

    def _response(self, stream: io.BufferedReader, page: KeptPage) -> Response | None:
        stream.seek(page.offset)
        try:
            record = next(iter(WARCIterator(stream, check_digests=True)))
        except Exception as error:  # noqa: BLE001 - a damaged file must not stop the run
            self._skip(page.path, page.offset, f"unreadable ({type(error).__name__}: {error})")
            return None
        body = self._body(page.path, page.offset, record)
        if body is None:
            return None
        headers = Headers(record.http_headers.headers)
        rendered = record.rec_headers.get_header(RENDERED_HEADER) == "true"
        meta = {"article": True, FETCHED_AT: page.fetched_at.isoformat()}
        response_class = responsetypes.from_args(headers=headers, url=page.url, body=body)
        return response_class(
            url=page.url,
            status=int(record.http_headers.get_statuscode()),
            headers=headers,
            body=body,
            request=Request(page.url, meta=meta),
            flags=[RENDERED_FLAG] if rendered else [],
        )

    def _records(self, path: Path) -> Iterator[tuple[int, ArcWarcRecord]]:
        """The records of a file with their offsets; a damaged rest of the file is skipped with a warning."""
        try:
            stream = path.open("rb")
            size = os.fstat(stream.fileno()).st_size
        except OSError as error:
            self._skip(path, 0, f"cannot open it: {error}")
            return
        with stream:
            records = WARCIterator(stream, check_digests=True)
            offset = 0
            try:
                for record in records:
                    offset = records.offset
                    yield offset, record
                    offset = records.get_record_offset() + records.get_record_length()
            except Exception as error:  # noqa: BLE001 - a damaged file must not stop the run
                self._skip(path, offset, f"unreadable from here on ({type(error).__name__}: {error})")
                return
            if offset < size:
                self._skip(
                    path, offset, f"its last {size - offset} bytes are no whole record (a run killed while writing)"
                )

    def _body(self, path: Path, offset: int, record: ArcWarcRecord) -> bytes | None:
        """The record's HTTP body, or None (with a warning) when the record is cut short or fails its digest."""
        body = record.raw_stream.read()
        if record.raw_stream.limit:
            self._skip(path, offset, "the record is cut short (a run killed while writing it)")
            return None
        if record.digest_checker is not None and record.digest_checker.passed is False:
            self._skip(path, offset, f"the record fails its digest ({'; '.join(record.digest_checker.problems)})")
            return None
        return body

    def _skip(self, path: Path, offset: int, why: str) -> None:
        self.unreadable += 1
        logger.warning("Skipped %s at offset %d: %s", path, offset, why)


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return iso_date_to_datetime(value).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
