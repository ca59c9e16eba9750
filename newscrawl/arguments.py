"""Spider arguments (``-a name=value``): declared once, typed, checked before anything is fetched.

:class:`CrawlArguments` is the parameter model every portal spider shares, in the
form of the Scrapy ecosystem's typed spider parameters (scrapy-spider-metadata, on
pydantic): ``scrapy crawl <portal> -h`` lists it, tools read its JSON Schema, and
the spider receives the values converted (``spider.args``).  Checks that need the
portal (its channels, its home zone) are made by :func:`check`, which the crawl
command runs first.

Every problem raises :class:`ArgumentError` with a one-line message that starts with
the argument's name; ``scrapy crawl`` prints it and exits with status 2.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from w3lib.url import safe_url_string

from newscrawl.dates import DEFAULT_TIMEZONE
from newscrawl.portal import Portal

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
#: A URL of a line of a file is read up to this length; past it, the line is no URL.
_MAX_URL = 2083


class ArgumentError(ValueError):
    """A spider argument that cannot be used; the message names the argument."""


RenderMode = Literal["never", "auto", "always"]


class CrawlArguments(BaseModel):
    """The arguments of every portal spider (all optional; none given means: discover the latest articles)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    urls: list[str] = Field(
        default_factory=list,
        description="comma-separated article URLs to fetch, whatever their host (a local mirror works)",
    )
    urls_file: str | None = Field(
        default=None, description="a text file with one article URL a line; blank lines and # comments are skipped"
    )
    base_url: str | None = Field(
        default=None,
        description="replaces the portal's site root for every URL the spider builds itself, e.g. http://127.0.0.1:8080",
    )
    since: str | None = Field(
        default=None,
        description="backfill from this date (YYYY-MM-DD, a whole day in the portal's zone) or ISO time, included",
    )
    until: str | None = Field(
        default=None, description="backfill up to this date (its whole day) or ISO time, excluded; needs since"
    )
    channels: list[str] = Field(default_factory=list, description="comma-separated channels of the portal")
    max_articles: int | None = Field(
        default=None, ge=1, description="stop after emitting this many articles, the newest first"
    )
    refresh: bool = Field(default=False, description="1: fetch again the stored articles of the window")
    render: RenderMode | None = Field(
        default=None,
        description="never, auto or always: when a page goes through a browser (default: auto with the browser extra)",
    )

    @field_validator("urls", mode="before")
    @classmethod
    def _urls(cls, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
            if not value:
                raise ValueError("no URL given")
        return [http_url(part) for part in value]

    @field_validator("base_url", mode="before")
    @classmethod
    def _base_url(cls, value: Any) -> str | None:
        if value is None:
            return None
        url = http_url(value)
        if "?" in url or "#" in url:
            raise ValueError(f"{value!r} must not have a query or fragment")
        return url.rstrip("/")

    @field_validator("since", "until", mode="before")
    @classmethod
    def _bound(cls, value: Any) -> str | None:
        if value is None:
            return None
        value = str(value).strip()
        time_bound(value, ZoneInfo("UTC"))  # the form is checked here, the zone applied by the portal
        return value

    @field_validator("channels", mode="before")
    @classmethod
    def _channels(cls, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [part.strip().lower() for part in value.split(",") if part.strip()]
            if not value:
                raise ValueError("no channel given")
        return list(dict.fromkeys(value))

    @field_validator("max_articles", mode="before")
    @classmethod
    def _max_articles(cls, value: Any) -> Any:
        if value is None:
            return None
        if not re.fullmatch(r"\s*\d+\s*", str(value)) or int(value) < 1:
            raise ValueError(f"{value!r} is not a positive whole number")
        return int(value)

    @field_validator("refresh", mode="before")
    @classmethod
    def _refresh(cls, value: Any) -> bool:
        lowered = str(value).strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{value!r} is not 1 or 0")

    @field_validator("render", mode="before")
    @classmethod
    def _render(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() not in ("never", "auto", "always"):
            raise ValueError(f"{value!r} is not one of never, auto, always")
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> CrawlArguments:
        if self.until and not self.since:
            raise ValueError("until: give since as well (a backfill needs both ends)")
        given = bool(self.urls or self.urls_file)
        for name in ("since", "until", "channels", "refresh"):
            if given and getattr(self, name):
                raise ValueError(
                    f"{name}: cannot be combined with urls/urls_file (given articles are fetched as they are)"
                )
        return self

    @property
    def backfill(self) -> bool:
        return self.since is not None


def parse(kwargs: dict[str, Any], model: type[CrawlArguments] = CrawlArguments) -> CrawlArguments:
    """The arguments as given with ``-a``, validated; ArgumentError naming the first bad one."""
    try:
        return model(**kwargs)
    except ValidationError as error:
        raise ArgumentError(_one_line(error, model)) from None


def check(arguments: CrawlArguments, portal: Portal) -> None:
    """The checks that need the portal: its channels, and a window in its home zone."""
    unknown = [name for name in arguments.channels if name not in portal.channels]
    if unknown:
        raise ArgumentError(f"channels: unknown {', '.join(map(repr, unknown))}; known: {', '.join(portal.channels)}")
    window(arguments, portal)


def window(arguments: CrawlArguments, portal: Portal) -> tuple[datetime | None, datetime | None]:
    """The crawl's ``since``/``until`` window in the portal's home zone (see :func:`time_window`)."""
    return time_window(arguments.since, arguments.until, portal.timezone)


def time_window(
    since: str | None, until: str | None, timezone: str = DEFAULT_TIMEZONE
) -> tuple[datetime | None, datetime | None]:
    """``since`` (inclusive) and ``until`` (exclusive, a date's whole day) in ``timezone``, checked to be in order."""
    zone = ZoneInfo(timezone)
    try:
        start = time_bound(since, zone) if since else None
    except ValueError as error:
        raise ArgumentError(f"since: {error}") from None
    try:
        stop = time_bound(until, zone, end=True) if until else None
    except ValueError as error:
        raise ArgumentError(f"until: {error}") from None
    if start and stop and start >= stop:
        raise ArgumentError(f"until: {until!r} is not after since {since!r}")
    return start, stop


def given_urls(arguments: CrawlArguments) -> list[str]:
    """The article URLs of ``urls`` and ``urls_file``, in that order."""
    urls = list(arguments.urls)
    if arguments.urls_file:
        urls += urls_from_file(arguments.urls_file)
    return urls


def http_url(value: Any) -> str:
    value = str(value).strip()
    if not _HTTP_URL.match(value):
        raise ValueError(f"{value!r} is not an absolute http(s) URL")
    try:
        return safe_url_string(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a valid URL (bad host or port)") from None


def urls_from_file(path: str) -> list[str]:
    """One URL a line; blank lines and lines starting with # are skipped.

    Only a regular file is read (a FIFO would hang the run).  An error names the line
    by its number and never echoes it: a URL may carry credentials.
    """
    name = "urls_file"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ArgumentError(f"{name}: {path!r} is not a regular file")
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not a UTF-8 text file"
        raise ArgumentError(f"{name}: cannot read {path!r}: {reason}") from None
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                urls.append(http_url(line[: _MAX_URL + 1]))
            except ValueError:
                raise ArgumentError(f"{name}: line {number} of {path!r} is not an absolute http(s) URL") from None
    if not urls:
        raise ArgumentError(f"{name}: {path!r} holds no URL")
    return urls


def time_bound(value: str, zone: ZoneInfo, end: bool = False) -> datetime:
    """A window bound from a date ("2023-10-01") or an ISO time ("2023-10-01T06:00+07:00").

    A date names a whole day in ``zone``: as a start it is that day's first moment, as
    an end (``end=True``) the first moment of the next day, so that a window ending on
    a date excludes nothing of that day.  A time without a zone is read in ``zone``.
    """
    value = value.strip()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None:
        start = datetime.combine(day, time(0), tzinfo=zone)
        return start + timedelta(days=1) if end else start
    try:
        moment = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1:] in "zZ" and value else value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD) or an ISO time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _one_line(error: ValidationError, model: type[CrawlArguments]) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    if first["type"] == "extra_forbidden":
        known = tuple(model.model_fields)
        return f"{name}: unknown argument{_nearest(name, known)}; known: {', '.join(known)}"
    message = str(first["msg"]).removeprefix("Value error, ")
    if not name:  # a model-level check names its argument itself
        return message
    return f"{name}: {message}"


def _nearest(name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]}?)" if close else ""
