"""Spider arguments (``-a name=value``), checked before anything is fetched.

Every parser raises :class:`ArgumentError` with a one-line message that starts with
the argument's name; ``scrapy crawl`` prints it and exits with status 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from w3lib.url import safe_url_string

from newscrawl.dates import DEFAULT_TIMEZONE

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


class ArgumentError(ValueError):
    """A spider argument that cannot be used; the message names the argument."""


def http_url(name: str, value: str) -> str:
    value = value.strip()
    if not _HTTP_URL.match(value):
        raise ArgumentError(f"{name}: {value!r} is not an absolute http(s) URL")
    return safe_url_string(value)


def url_list(name: str, value: str) -> list[str]:
    """Comma-separated URLs."""
    urls = [http_url(name, part) for part in value.split(",") if part.strip()]
    if not urls:
        raise ArgumentError(f"{name}: no URL given")
    return urls


def urls_from_file(name: str, value: str) -> list[str]:
    """One URL a line; blank lines and lines starting with # are skipped."""
    try:
        lines = Path(value).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not a UTF-8 text file"
        raise ArgumentError(f"{name}: cannot read {value!r}: {reason}") from None
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                urls.append(http_url(name, line))
            except ArgumentError as error:
                raise ArgumentError(f"{error} (line {number})") from None
    if not urls:
        raise ArgumentError(f"{name}: {value!r} holds no URL")
    return urls


def site_root(name: str, value: str) -> str:
    """A site root such as http://127.0.0.1:8080, without a trailing slash."""
    url = http_url(name, value)
    if "?" in url or "#" in url:
        raise ArgumentError(f"{name}: {value!r} must not have a query or fragment")
    return url.rstrip("/")


def positive_int(name: str, value: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentError(f"{name}: {value!r} is not a positive whole number")
    return number


def flag(name: str, value: str) -> bool:
    """1/0, true/false, yes/no."""
    lowered = str(value).strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ArgumentError(f"{name}: {value!r} is not 1 or 0")


def choices(name: str, value: str, known: Iterable[str]) -> list[str]:
    """Comma-separated names, each one of ``known``."""
    known = list(known)
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [part for part in names if part not in known]
    if unknown or not names:
        raise ArgumentError(f"{name}: unknown {', '.join(map(repr, unknown)) or 'value'}; known: {', '.join(known)}")
    return list(dict.fromkeys(names))


def time_bound(name: str, value: str, end: bool = False, default_timezone: str = DEFAULT_TIMEZONE) -> datetime:
    """A window bound from a date ("2023-10-01") or an ISO time ("2023-10-01T06:00+07:00").

    A date names a whole day in the portal's zone: as a start it is that day's first
    moment, as an end (``end=True``) the first moment of the next day, so that a
    window ending on a date excludes nothing of that day.  A time without a zone is
    read in ``default_timezone``.
    """
    value = value.strip()
    zone = ZoneInfo(default_timezone)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None:
        start = datetime.combine(day, time(0), tzinfo=zone)
        return start + timedelta(days=1) if end else start
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ArgumentError(f"{name}: {value!r} is not a date (YYYY-MM-DD) or an ISO time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def time_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """``since`` (inclusive) and ``until`` (exclusive, whole day for a date), checked to be in order."""
    start = time_bound("since", since) if since else None
    stop = time_bound("until", until, end=True) if until else None
    if start and stop and start >= stop:
        raise ArgumentError(f"until: {until!r} is not after since {since!r}")
    return start, stop
