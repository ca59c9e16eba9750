"""Dates as Indonesian news pages write them, for every portal.

Pages show times like "Diterbitkan 29 Oktober 2025, 10:42 WIB", "pada 23 Jan 2021,
13:30 WIB" or "Diperbarui 16 Agu 2022, 09:20 WIB"; structured data gives ISO
strings such as "2021-01-23T13:30:00+07:00" or "2016-02-16T02:10:56Z".  This module
turns both into timezone-aware datetimes, keeping the offset of the zone the page
names (WIB +07:00, WITA +08:00, WIT +09:00) and reading a time with no zone as
Asia/Jakarta.  Month names and abbreviations (Jan..Des, Agu, Okt, Mei, full names)
are dateparser's business, not ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

DEFAULT_TIMEZONE = "Asia/Jakarta"

#: Indonesia's three zones; none observes daylight saving, so fixed offsets are exact.
ZONE_OFFSETS = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
}
_ZONE = re.compile(r"\b(WITA|WIB|WIT)\b", re.IGNORECASE)

_PUBLISHED_LABELS = ("diterbitkan", "dipublikasikan", "dipublikasi", "terbit", "published", "pada", "on")
_MODIFIED_LABELS = ("diperbaharui", "diperbarui", "diupdate", "pembaruan", "updated", "update")
_LABEL = re.compile(
    r"^\s*(?P<label>" + "|".join(_MODIFIED_LABELS + _PUBLISHED_LABELS) + r")\b\s*(?:pada\b|on\b)?[\s:,\-]*",
    re.IGNORECASE,
)

DateKind = Literal["published", "modified"]


_ANY_LABEL = re.compile(r"\b(?:" + "|".join(_MODIFIED_LABELS + _PUBLISHED_LABELS) + r")\b", re.IGNORECASE)


def labelled_dates(text: str) -> list[tuple[DateKind | None, str]]:
    """Split a date line into its dates, each with the kind its label names.

    "Diterbitkan 29 Okt 2025, 10:42 WIB Diperbarui 29 Okt 2025, 13:00 WIB" gives a
    published and a modified date; an unlabelled "03 Jun 2020, 10:15 WIB" gives one
    date of unknown kind.  The texts keep their labels (see :func:`strip_label`).
    """
    text = " ".join(text.split())
    starts = [match.start() for match in _ANY_LABEL.finditer(text)]
    # "Diterbitkan pada ..." is one label, not two dates.
    starts = [start for i, start in enumerate(starts) if i == 0 or strip_label(text[starts[i - 1] : start])]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    pieces = [text[start:end].strip() for start, end in zip(starts, starts[1:] + [len(text)], strict=True)]
    return [(date_label(piece), piece) for piece in pieces if strip_label(piece)]


def strip_label(text: str) -> str:
    """The date text without its leading label: "Diperbarui 23 Jan 2021, 13:30 WIB" -> "23 Jan 2021, 13:30 WIB"."""
    return _LABEL.sub("", text, count=1).strip()


def date_label(text: str) -> DateKind | None:
    """Which date a labelled text states: "Diterbitkan ..." is published, "Diperbarui ..." modified."""
    match = _LABEL.match(text)
    if not match:
        return None
    return "modified" if match["label"].lower() in _MODIFIED_LABELS else "published"


@cache
def _parser() -> DateDataParser:
    # Only absolute dates: a relative "2 jam yang lalu" depends on when we read it,
    # which is not what the page states.
    return DateDataParser(
        languages=["id", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def parse_datetime(text: str | None, default_timezone: str = DEFAULT_TIMEZONE) -> datetime | None:
    """Parse a visible Indonesian date or an ISO string into an aware datetime.

    Returns None when the text holds no complete date.  A named zone (WIB, WITA, WIT,
    or an ISO offset) wins; otherwise the time is read in ``default_timezone``.
    """
    if not text:
        return None
    text = strip_label(" ".join(text.split()))
    if not text:
        return None
    default_zone: tzinfo = ZoneInfo(default_timezone)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=default_zone)

    zone_match = _ZONE.search(text)
    zone = ZONE_OFFSETS[zone_match[1].upper()] if zone_match else default_zone
    naive = _parser().get_date_data(_ZONE.sub(" ", text)).date_obj
    if naive is None:
        return None
    return naive.replace(tzinfo=zone)


def reconcile(candidates: Iterable[datetime | None]) -> datetime | None:
    """The time the page states, refined to the second by a source that agrees.

    The first candidate is what the page states (the visible line, where the page has
    one); a later candidate that agrees with it to the minute may add the seconds the
    visible line leaves out.  A later candidate that disagrees is ignored: structured
    data is known to lag behind the visible "Diperbarui" line.  The result keeps the
    first candidate's offset.
    """
    dated = [candidate for candidate in candidates if candidate is not None]
    if not dated:
        return None
    stated = dated[0]
    minute = stated.replace(second=0, microsecond=0)
    for other in dated[1:]:
        if other.astimezone(stated.tzinfo).replace(second=0, microsecond=0) == minute:
            return other.astimezone(stated.tzinfo).replace(microsecond=0)
    return stated.replace(microsecond=0)


def isoformat(moment: datetime, default_timezone: str = DEFAULT_TIMEZONE) -> str:
    """ISO 8601 to the second; a UTC time is shown in the portal's home zone."""
    if moment.utcoffset() == timedelta(0):
        moment = moment.astimezone(ZoneInfo(default_timezone))
    offset = moment.utcoffset()
    # A fixed offset prints as "+07:00" whatever zone object carries it.
    return moment.astimezone(timezone(offset)).isoformat(timespec="seconds")
