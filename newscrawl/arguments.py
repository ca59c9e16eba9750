"""Spider arguments (``-a name=value``), checked before anything is fetched.

Every parser raises :class:`ArgumentError` with a one-line message that starts with
the argument's name; ``scrapy crawl`` prints it and exits with status 2.
"""

from __future__ import annotations

import re
from pathlib import Path

from w3lib.url import safe_url_string

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
