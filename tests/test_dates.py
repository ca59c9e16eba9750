"""Dates as Indonesian news pages write them (newscrawl.dates)."""

from __future__ import annotations

import pytest

from newscrawl.dates import date_label, isoformat, labelled_dates, parse_datetime, reconcile, strip_label

ABBREVIATED_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
FULL_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def iso(text: str) -> str | None:
    moment = parse_datetime(text)
    return isoformat(moment) if moment else None


@pytest.mark.parametrize("month_number,month", list(enumerate(ABBREVIATED_MONTHS, start=1)))
def test_abbreviated_month_names(month_number: int, month: str) -> None:
    assert iso(f"pada 7 {month} 2021, 13:30 WIB") == f"2021-{month_number:02d}-07T13:30:00+07:00"


@pytest.mark.parametrize("month_number,month", list(enumerate(FULL_MONTHS, start=1)))
def test_full_month_names(month_number: int, month: str) -> None:
    assert iso(f"Diterbitkan 28 {month} 2025, 10:42 WIB") == f"2025-{month_number:02d}-28T10:42:00+07:00"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Diterbitkan 29 Oktober 2025, 10:42 WIB", "2025-10-29T10:42:00+07:00"),
        ("Diperbarui 16 Agu 2022, 09:20 WIB", "2022-08-16T09:20:00+07:00"),
        ("Diperbaharui 29 Okt 2025, 13:00 WIB", "2025-10-29T13:00:00+07:00"),
        (" pada 23 Jan 2021, 13:30 WIB", "2021-01-23T13:30:00+07:00"),
        ("on 16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),
        ("Sabtu, 23 Januari 2021 13.30 WIB", "2021-01-23T13:30:00+07:00"),
    ],
)
def test_labels_are_read_past(text: str, expected: str) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3 Jul 2023, 10:42 WIB", "2023-07-03T10:42:00+07:00"),
        ("3 Jul 2023, 10:42 WITA", "2023-07-03T10:42:00+08:00"),
        ("3 Jul 2023, 10:42 WIT", "2023-07-03T10:42:00+09:00"),
        ("3 Jul 2023, 10:42", "2023-07-03T10:42:00+07:00"),
    ],
)
def test_zone_the_page_names_is_kept_and_no_zone_is_jakarta(text: str, expected: str) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2021-01-23T13:11:14+07:00", "2021-01-23T13:11:14+07:00"),
        ("2016-02-16T02:10:56Z", "2016-02-16T09:10:56+07:00"),
        ("2016-02-16 09:10:56", "2016-02-16T09:10:56+07:00"),
        ("2023-07-03T10:42:00+08:00", "2023-07-03T10:42:00+08:00"),
    ],
)
def test_structured_times(text: str, expected: str) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize("text", ["", "Diperbarui", "kemarin", "2 jam yang lalu", "Jan 2021", "bukan tanggal"])
def test_text_without_a_complete_date_is_none(text: str) -> None:
    assert parse_datetime(text) is None


def test_labels() -> None:
    assert strip_label("Diperbarui 23 Jan 2021, 13:30 WIB") == "23 Jan 2021, 13:30 WIB"
    assert strip_label(" pada 23 Jan 2021, 13:30 WIB") == "23 Jan 2021, 13:30 WIB"
    assert strip_label("Diterbitkan pada 3 Mei 2024") == "3 Mei 2024"
    assert date_label("Diterbitkan 29 Oktober 2025") == "published"
    assert date_label("pada 23 Jan 2021") == "published"
    assert date_label("Diperbarui 23 Jan 2021") == "modified"
    assert date_label("Diperbaharui 29 Okt 2025") == "modified"
    assert date_label("23 Jan 2021") is None


def test_a_line_with_two_dates_is_split_by_label() -> None:
    line = "Diterbitkan 29 Okt 2025, 10:42 WIB Diperbaharui 29 Okt 2025, 13:00 WIB"
    assert labelled_dates(line) == [
        ("published", "Diterbitkan 29 Okt 2025, 10:42 WIB"),
        ("modified", "Diperbaharui 29 Okt 2025, 13:00 WIB"),
    ]
    assert labelled_dates("03 Jun 2020, 10:15 WIB") == [(None, "03 Jun 2020, 10:15 WIB")]


def test_structured_data_adds_seconds_only_where_it_agrees_to_the_minute() -> None:
    visible = parse_datetime("26 Jun 2020, 13:58 WIB")
    assert isoformat(reconcile([visible, parse_datetime("2020-06-26T13:58:52+07:00")])) == "2020-06-26T13:58:52+07:00"
    # The visible "Diperbarui" line wins over structured data that disagrees.
    visible = parse_datetime("23 Jan 2021, 13:30 WIB")
    assert isoformat(reconcile([visible, parse_datetime("2021-01-23T13:11:14+07:00")])) == "2021-01-23T13:30:00+07:00"
    # Agreement is on the instant: a UTC time agrees with the same minute in WIB.
    visible = parse_datetime("16 Feb 2016 at 09:10 WIB")
    assert isoformat(reconcile([visible, parse_datetime("2016-02-16T02:10:56Z")])) == "2016-02-16T09:10:56+07:00"
    assert reconcile([None, parse_datetime("2016-02-16T02:10:56Z")]) == parse_datetime("2016-02-16T02:10:56Z")
    assert reconcile([None, None]) is None
