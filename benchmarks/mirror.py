"""A local mirror of liputan6.com for the benchmark: any number of distinct articles made from the real pages.

Article ``n`` is the real page ``TEMPLATES[n % len(TEMPLATES)]`` (from tests/pages/liputan6)
with its id, slug, title and dates rewritten everywhere the page states them: og:url,
canonical, JSON-LD, the ``window.kmklabs``/``window.info`` objects, the visible date
lines.  Its id is ``FIRST_ID + n`` and its days move ``n // len(TEMPLATES)`` days back, so
every article is its own and the crawler meets the site's genuine markup of five
templates, not one page served N times.

Pages are assembled from pre-split pieces of each template, so serving a page costs
tens of microseconds and the server stays far from being the bottleneck of a crawl
(the benchmark reports its CPU share to show it).  The server runs in a process of its
own: ``python -m benchmarks serve --articles N`` prints its root URL, then serves
``/robots.txt`` (everything allowed), the articles at ``/<channel>/read/<id>/<slug>``,
and ``/_stats`` (requests answered and the server's own CPU seconds, as JSON).
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import resource
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

PAGES = Path(__file__).resolve().parent.parent / "tests" / "pages" / "liputan6"
FIRST_ID = 7_000_000

INDONESIAN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Template:
    """A real article page and what the mirror needs to know to rewrite it."""

    file: str
    channel: str
    # The language of the page's visible date lines: a page writing "18 Jun 2015 at 06:25"
    # must get "18 Aug 2015", not "18 Agu 2015", or the date no longer parses.
    months: tuple[str, ...]


TEMPLATES = (
    Template("article-desktop-2015-news-2254252.html", "news", ENGLISH_MONTHS),
    Template("article-desktop-2016-tekno-2436773.html", "tekno", ENGLISH_MONTHS),
    Template("article-mobile-bisnis-4289456.html", "bisnis", INDONESIAN_MONTHS),
    Template("article-mobile-global-4464894.html", "global", INDONESIAN_MONTHS),
    Template("article-mobile-hot-5043288.html", "hot", INDONESIAN_MONTHS),
)

# The encodings a title takes in a page: text, attribute, JSON (with or without \u escapes and \/).
TITLE_ENCODINGS = (
    lambda text: text,
    lambda text: html.escape(text, quote=True),
    lambda text: html.escape(text, quote=False),
    lambda text: json.dumps(text)[1:-1],
    lambda text: json.dumps(text, ensure_ascii=False)[1:-1],
    lambda text: json.dumps(text)[1:-1].replace("/", "\\/"),
)


@dataclass(frozen=True)
class MirrorArticle:
    """Article ``number`` of the mirror: which template it is made from, and its new id, slug, title and days."""

    number: int

    @property
    def template(self) -> Template:
        return TEMPLATES[self.number % len(TEMPLATES)]

    @property
    def id(self) -> str:
        return str(FIRST_ID + self.number)

    @property
    def days_back(self) -> int:
        return self.number // len(TEMPLATES)

    @property
    def path(self) -> str:
        original = original_of(self.template)
        return f"/{self.template.channel}/read/{self.id}/{original.slug}-{self.id}"

    def expected(self) -> dict[str, str | None]:
        """What the extraction of this page must give: the original's values, rewritten."""
        original = original_of(self.template)
        shift = timedelta(days=-self.days_back)
        return {
            "id": self.id,
            "url_path_end": f"/read/{self.id}/{original.slug}-{self.id}",
            "title": f"{original.title} ({self.id})",
            "published_at": _shifted(original.published_at, shift),
            "modified_at": _shifted(original.modified_at, shift),
        }


@dataclass(frozen=True)
class Original:
    """The values of a template page that the mirror rewrites, from the expected record beside it."""

    url: str
    id: str
    slug: str
    title: str
    published_at: str
    modified_at: str | None

    def days(self) -> set[date]:
        """The article's own days, as the page states them: local and UTC, published and modified."""
        days = set()
        for stamp in (self.published_at, self.modified_at):
            if stamp:
                moment = datetime.fromisoformat(stamp)
                days |= {moment.date(), moment.astimezone(timezone.utc).date()}
        return days


@cache
def original_of(template: Template) -> Original:
    # The expected record was written by reading the page, so it names exactly what the page states.
    record = json.loads((PAGES / template.file).with_suffix(".json").read_text("utf-8"))
    return Original(
        url=record["url"],
        id=record["id"],
        slug=urlsplit(record["url"]).path.rstrip("/").rsplit("/", 1)[1],
        title=record["title"],
        published_at=record["published_at"],
        modified_at=record["modified_at"],
    )


def _shifted(stamp: str | None, shift: timedelta) -> str | None:
    return (datetime.fromisoformat(stamp) + shift).isoformat() if stamp else None


def _day_changes(day: date, new_day: date, months: tuple[str, ...]) -> dict[str, str]:
    """A day as pages write it (ISO, "09 Jul 2020", "9 Jul 2020"), each form with the new day in the same form."""

    def written(moment: date, padded: bool) -> str:
        return f"{moment.day:{'02d' if padded else 'd'}} {months[moment.month - 1]} {moment.year}"

    changes = {day.isoformat(): new_day.isoformat(), written(day, True): written(new_day, True)}
    if day.day < 10:
        changes[written(day, False)] = written(new_day, False)
    return changes


def replacements(article: MirrorArticle) -> dict[str, str]:
    """Every string of the template page that this article states differently, with its new value."""
    template, original = article.template, original_of(article.template)
    new_title = f"{original.title} ({article.id})"
    changes = {original.id: article.id, original.slug: f"{original.slug}-{article.id}"}
    for encode in TITLE_ENCODINGS:
        changes[encode(original.title)] = encode(new_title)
    shift = timedelta(days=-article.days_back)
    for day in original.days():
        changes.update(_day_changes(day, day + shift, template.months))
    return changes


class CompiledPage:
    """A template split at every string an article rewrites: a page is a join of pieces, not a search."""

    def __init__(self, template: Template) -> None:
        self.template = template
        text = (PAGES / template.file).read_text("utf-8")
        keys = sorted(replacements(MirrorArticle(TEMPLATES.index(template))), key=len, reverse=True)
        original_id = original_of(template).id
        # The id only as a whole number: 4464894 inside 14464894 is another number.
        pattern = re.compile(
            "|".join(rf"(?<!\d){re.escape(key)}(?!\d)" if key == original_id else re.escape(key) for key in keys)
        )
        self.literals: list[bytes] = []
        self.slots: list[str] = []
        position = 0
        for match in pattern.finditer(text):
            self.literals.append(text[position : match.start()].encode("utf-8"))
            self.slots.append(match.group(0))
            position = match.end()
        self.tail = text[position:].encode("utf-8")

    def render(self, article: MirrorArticle) -> bytes:
        values = {key: value.encode("utf-8") for key, value in replacements(article).items()}
        pieces = []
        for literal, slot in zip(self.literals, self.slots, strict=True):
            pieces.append(literal)
            pieces.append(values[slot])
        pieces.append(self.tail)
        return b"".join(pieces)


class Mirror:
    """The mirrored site: ``articles`` article pages and a robots.txt that allows everything."""

    ROBOTS = b"User-agent: *\nAllow: /\n"

    def __init__(self, articles: int) -> None:
        self.articles = articles
        self.pages = {template: CompiledPage(template) for template in TEMPLATES}
        self.answered: Counter[str] = Counter()

    def article_at(self, path: str) -> MirrorArticle | None:
        segments = path.split("/")
        if len(segments) != 5 or segments[2] != "read" or not segments[3].isdigit():
            return None
        article = MirrorArticle(int(segments[3]) - FIRST_ID)
        if not 0 <= article.number < self.articles or article.path != path:
            return None
        return article

    def respond(self, target: str) -> tuple[int, bytes, str]:
        """Status, body and content type for a request target."""
        path = urlsplit(target).path
        if path == "/_stats":  # the benchmark's question, not a page: not counted
            return 200, json.dumps(self.stats()).encode(), "application/json"
        if path == "/robots.txt":
            self.answered["robots"] += 1
            return 200, self.ROBOTS, "text/plain"
        article = self.article_at(path)
        if article is None:
            self.answered["not_found"] += 1
            return 404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html; charset=utf-8"
        self.answered["articles"] += 1
        return 200, self.pages[article.template].render(article), "text/html; charset=utf-8"

    def stats(self) -> dict[str, object]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "answered": dict(self.answered),
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
        }


REASONS = {200: b"OK", 404: b"Not Found", 400: b"Bad Request"}


async def _serve_connection(mirror: Mirror, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """HTTP/1.1 with keep-alive, GET only: all a crawler of this mirror sends."""
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            request_line, _, header_block = head.partition(b"\r\n")
            parts = request_line.split()
            if len(parts) != 3 or parts[0] != b"GET":
                status, body, content_type = 400, b"", "text/plain"
                keep_alive = False
            else:
                status, body, content_type = mirror.respond(parts[1].decode("latin-1"))
                keep_alive = parts[2] == b"HTTP/1.1" and b"connection: close" not in header_block.lower()
            writer.write(
                b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: %s\r\n\r\n"
                % (status, REASONS[status], content_type.encode(), len(body), b"keep-alive" if keep_alive else b"close")
            )
            writer.write(body)
            await writer.drain()
            if not keep_alive:
                return
    finally:
        writer.close()


async def serve(articles: int, port: int = 0) -> None:
    """Serve the mirror on 127.0.0.1 until killed; the first line on stdout is its root URL."""
    mirror = Mirror(articles)
    server = await asyncio.start_server(
        lambda reader, writer: _serve_connection(mirror, reader, writer), "127.0.0.1", port, backlog=1024
    )
    host, bound_port = server.sockets[0].getsockname()[:2]
    print(f"http://{host}:{bound_port}", flush=True)
    async with server:
        await server.serve_forever()


def main(articles: int, port: int = 0) -> None:
    try:
        asyncio.run(serve(articles, port))
    except KeyboardInterrupt:
        sys.exit(0)
