"""Dates as Indonesian news pages write them, for every portal.

Pages show times like "Diterbitkan 29 Oktober 2025, 10:42 WIB", "pada 23 Jan 2021,
13:30 WIB" or "Diperbarui 16 Agu 2022, 09:20 WIB"; structured data gives ISO
strings such as "2021-01-23T13:30:00+07:00" or "2016-02-16T02:10:56Z".  This module
turns both into timezone-aware datetimes, keeping the offset of the zone the page
names (WIB +07:00, WITA +08:00, WIT +09:00) and reading a time with no zone in the
portal's home zone.

dateparser reads every form a page may use, at about a millisecond a call.  The
forms the sites actually print ("DD Month YYYY, HH:MM", ISO) take a fast path that
gives exactly dateparser's result (``tests/test_dates.py`` compares the two on every
form in the fixtures); anything else still goes to dateparser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any, Literal
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

#: No Indonesian news portal published online before this: an earlier date is not the article's.
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
#: A date this far after the crawl is not the article's either (clocks and zones differ by hours, not days).
FUTURE_TOLERANCE = timedelta(days=1)
#: The longest text that can still be one date with its label and weekday; longer text is
#: never handed to dateparser, whose cost grows with the text (a 1.5 MB line took 37 s).
MAX_DATE_TEXT = 80

_PUBLISHED_LABELS = ("diterbitkan", "dipublikasikan", "dipublikasi", "terbit", "published", "pada", "on")
_MODIFIED_LABELS = ("diperbaharui", "diperbarui", "diupdate", "pembaruan", "updated", "update")
_LABEL = re.compile(
    r"^\s*(?P<label>" + "|".join(_MODIFIED_LABELS + _PUBLISHED_LABELS) + r")\b\s*(?:pada\b|on\b)?[\s:,\-]*",
    re.IGNORECASE,
)
_ANY_LABEL = re.compile(r"\b(?:" + "|".join(_MODIFIED_LABELS + _PUBLISHED_LABELS) + r")\b", re.IGNORECASE)

DateKind = Literal["published", "modified"]

# The fast path: the month names and day names dateparser knows for Indonesian and English.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "jan januari january",
            "feb februari february pebruari",
            "mar maret march",
            "apr april",
            "mei may",
            "jun juni june",
            "jul juli july",
            "agu agt agustus aug august",
            "sep sept september",
            "okt oktober oct october",
            "nov november nopember",
            "des desember dec december",
        ),
        start=1,
    )
    for name in names.split()
}
_WEEKDAYS = frozenset(
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun".split()
)
_DAY_MONTH_YEAR = re.compile(
    r"^(?:(?P<weekday>[a-z']+),?\s+)?(?P<day>\d{1,2})\s+(?P<month>[a-z]+)\s+(?P<year>\d{4})"
    r"(?:(?:\s*,\s*|\s+at\s+|\s+pukul\s+|\s+)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$",
    re.IGNORECASE,
)


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


def parse_datetime(text: Any, default_timezone: str = DEFAULT_TIMEZONE) -> datetime | None:
    """Parse a visible Indonesian date or an ISO string into an aware datetime.

    Returns None when the value holds no complete date (also for any value that is not
    text).  A named zone (WIB, WITA, WIT, or an ISO offset) wins; otherwise the time
    is read in ``default_timezone``.
    """
    if not isinstance(text, str):
        return None
    text = strip_label(" ".join(text.split()))
    if not text or len(text) > MAX_DATE_TEXT:
        return None
    zone: tzinfo = ZoneInfo(default_timezone)
    iso = _ISO.match(text)
    if iso:
        return _iso_datetime(iso, zone)
    zone_match = _ZONE.search(text)
    if zone_match:
        zone = ZONE_OFFSETS[zone_match[1].upper()]
        text = " ".join(_ZONE.sub(" ", text).split())
    naive = _day_month_year(text)
    if naive is None:
        naive = parse_with_dateparser(text)
    return naive.replace(tzinfo=zone) if naive else None


def parse_with_dateparser(text: str) -> datetime | None:
    """dateparser's reading of a zone-less date text, as naive local time (the slow, general path)."""
    try:
        return _parser().get_date_data(text).date_obj
    except (ValueError, OverflowError):
        return None


def _iso_datetime(match: re.Match[str], zone: tzinfo) -> datetime | None:
    # Python 3.10's fromisoformat reads neither "Z" nor "+0700": normalise first.
    offset = match["zone"]
    if offset:
        offset = "+00:00" if offset.upper() == "Z" else offset[:3] + ":" + offset[-2:]
    try:
        moment = datetime.fromisoformat(f"{match['date']}T{match['time'] or '00:00'}{offset or ''}")
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _day_month_year(text: str) -> datetime | None:
    """ "23 Jan 2021, 13:30", "Senin, 13 Juli 2020 09.02", "16 Feb 2016 at 09:10" -> naive datetime."""
    match = _DAY_MONTH_YEAR.match(text)
    if not match:
        return None
    month = _MONTHS.get(match["month"].lower())
    if month is None or (match["weekday"] and match["weekday"].lower() not in _WEEKDAYS):
        return None
    try:
        return datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
        )
    except ValueError:
        return None


def plausible(moment: datetime | None, now: datetime, offsets: Iterable[timedelta] | None = None) -> bool:
    """Whether a time can be an article's: not before 1990, not more than a day after ``now``,
    and (when ``offsets`` is given) in one of the portal's zones or in UTC."""
    if moment is None:
        return False
    try:
        if not EARLIEST <= moment <= now + FUTURE_TOLERANCE:
            return False
    except OverflowError:
        return False
    if offsets is None:
        return True
    offset = moment.utcoffset()
    return offset == timedelta(0) or offset in set(offsets)


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
        other = other.astimezone(stated.tzinfo)
        if other.replace(second=0, microsecond=0) == minute:
            return other.replace(microsecond=0)
    return stated.replace(microsecond=0)


def isoformat(moment: datetime, default_timezone: str = DEFAULT_TIMEZONE) -> str:
    """ISO 8601 to the second; a UTC time is shown in the portal's home zone."""
    if moment.utcoffset() == timedelta(0):
        moment = moment.astimezone(ZoneInfo(default_timezone))
    offset = moment.utcoffset()
    # A fixed offset prints as "+07:00" whatever zone object carries it.
    return moment.astimezone(timezone(offset)).isoformat(timespec="seconds")


def local_day(moment: datetime | str, zone: str = DEFAULT_TIMEZONE) -> str:
    """The calendar day of a time in ``zone`` ("2024-03-01" for 00:10 WIB that day, 17:10 UTC the day before).

    Analysts count articles per day as the portal's readers saw them; a UTC day
    would put what was published before 07:00 WIB on the day before.
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(ZoneInfo(zone)).date().isoformat()
