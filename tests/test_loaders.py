"""The shared article loader: normalisation every portal relies on."""

from __future__ import annotations

import pytest

from newscrawl.items import ARTICLE_FIELDS, Article, article_schema
from newscrawl.loaders import ArticleLoader, canonical_url, clean_text, split_credit, split_names
from newscrawl.portals.liputan6 import PORTAL
from newscrawl.sources import JSON_LD, MARKUP, META


def load(**context: object) -> ArticleLoader:
    return ArticleLoader(portal=PORTAL, **context)


def test_text_is_whitespace_and_entity_clean() -> None:
    assert (
        clean_text("  Kasus&nbsp;COVID-19\n\t di  <b>dunia</b> &amp; \u200bIndonesia ")
        == "Kasus COVID-19 di dunia & Indonesia"
    )
    assert clean_text(" \xa0 ") is None
    assert clean_text(4464894) == 4464894


def test_canonical_url_has_no_query_or_fragment() -> None:
    assert (
        canonical_url("https://www.liputan6.com/news/read/1/x?utm_source=a&page=2#top")
        == "https://www.liputan6.com/news/read/1/x"
    )
    assert canonical_url("//www.liputan6.com/news/read/1/x") == "https://www.liputan6.com/news/read/1/x"
    assert canonical_url("/news/read/1/x") is None


def test_names_are_split_and_stripped_of_byline_words() -> None:
    assert split_names("Oleh Tommy Kurnia dan Hariz Barak") == ["Tommy Kurnia", "Hariz Barak"]
    assert split_names("Abdillah, Fitri Haryanti Harsono") == ["Abdillah", "Fitri Haryanti Harsono"]


def test_authors_are_unique_in_page_order_and_the_outlet_only_when_no_person() -> None:
    loader = load()
    loader.add_value("authors", ["Liputan6.com", "Tommy Kurnia", "tommy kurnia", "Hariz Barak"])
    assert loader.get_output_value("authors") == ["Tommy Kurnia", "Hariz Barak"]
    loader = load()
    loader.add_value("authors", "Oleh Liputan6.com")
    assert loader.get_output_value("authors") == ["Liputan6.com"]


def test_tags_are_unique_case_insensitively() -> None:
    loader = load()
    loader.add_value("tags", ["#COVID-19", "Hong Kong", "covid-19", " ", "hong kong"])
    assert loader.get_output_value("tags") == ["COVID-19", "Hong Kong"]


def test_dates_take_the_visible_time_and_the_agreeing_seconds() -> None:
    loader = load()
    loader.add_time("published_at", MARKUP, " pada 26 Jun 2020, 13:58 WIB")
    loader.add_time("published_at", META, "2020-06-26T13:58:07+07:00")
    loader.add_value("published_at_raw", " pada 26 Jun 2020, 13:58 WIB")
    item = loader.load_item()
    assert item["published_at"] == "2020-06-26T13:58:07+07:00"
    assert item["published_at_raw"] == "26 Jun 2020, 13:58 WIB"
    assert loader.sources["published_at"] == MARKUP


def test_an_unreadable_visible_date_falls_back_to_structured_data() -> None:
    loader = load()
    loader.add_time("published_at", MARKUP, "kemarin")
    loader.add_time("published_at", JSON_LD, "2020-06-26T06:58:07Z")
    assert loader.load_item()["published_at"] == "2020-06-26T13:58:07+07:00"
    assert loader.sources["published_at"] == JSON_LD


@pytest.mark.parametrize(
    "time",
    [
        "2099-01-01T10:00:00+07:00",  # after the crawl
        "1970-01-01T07:00:00+07:00",  # before any Indonesian news site
        "0001-01-01T00:00:00+07:00",
        "2021-01-23T13:30:00-12:00",  # not an Indonesian zone
        {"@type": "DateTime"},
        ["2021-01-23"],
        20210123,
    ],
)
def test_a_time_that_cannot_be_the_articles_is_not_used(time: object) -> None:
    loader = load()
    loader.add_value("crawled_at", "2024-05-01T00:00:00+00:00")
    loader.add_time("published_at", JSON_LD, time)
    loader.add_time("published_at", META, "2021-01-23T13:30:00+07:00")
    assert loader.load_item()["published_at"] == "2021-01-23T13:30:00+07:00"


def test_a_structured_update_before_publication_is_not_an_update() -> None:
    loader = load()
    loader.add_time("published_at", META, "2021-01-23T13:30:00+07:00")
    loader.add_time("modified_at", META, "2021-01-23T13:11:14+07:00")
    assert loader.load_item()["modified_at"] is None
    # The page's own visible line is what it states, whatever structured data says.
    loader = load()
    loader.add_time("published_at", MARKUP, "23 Jan 2021, 13:30 WIB")
    loader.add_time("modified_at", MARKUP, "23 Jan 2021, 13:30 WIB")
    loader.add_time("modified_at", META, "2021-01-23T13:11:14+07:00")
    assert loader.load_item()["modified_at"] == "2021-01-23T13:30:00+07:00"


def test_credit_is_split_from_a_caption() -> None:
    assert split_credit("Warga di Jakarta, Kamis (7/1/2021). (Liputan6.com/Helmi Fithriansyah)") == (
        "Warga di Jakarta, Kamis (7/1/2021).",
        "Liputan6.com/Helmi Fithriansyah",
    )
    # A "Foto:" label says who took it; the credit is the name.
    assert split_credit("Foto bersama (Foto: Istimewa)") == ("Foto bersama", "Istimewa")
    assert split_credit("Hasil tes [Foto: Instagram Zaskia Adya Mecca]") == ("Hasil tes", "Instagram Zaskia Adya Mecca")
    assert split_credit("Valentino Rossi di tes MotoGP Qatar (AFP)") == ("Valentino Rossi di tes MotoGP Qatar", "AFP")
    assert split_credit("(Photo: Guru8) Ilustrasi charger ponsel terbakar.") == (
        "Ilustrasi charger ponsel terbakar.",
        "Guru8",
    )
    assert split_credit("Suasana sidang kabinet | Setpres") == ("Suasana sidang kabinet", "Setpres")
    # Other credit words are the credit's own.
    assert split_credit("Paket misterius (Sumber: Instagram/evanmarvino)") == (
        "Paket misterius",
        "Sumber: Instagram/evanmarvino",
    )
    # A date in brackets is not a credit.
    assert split_credit("Warga di Jakarta, Kamis (7/1/2021)") == ("Warga di Jakarta, Kamis (7/1/2021)", None)
    assert split_credit(None) == (None, None)


def test_images_are_unique_by_url() -> None:
    loader = load()
    loader.add_value(
        "images",
        [
            {"url": "https://x.test/a.jpg"},
            {"url": "https://x.test/a.jpg", "caption": "A (AP/B)"},
            {"url": "/relative.jpg"},
        ],
    )
    assert loader.get_output_value("images") == [{"url": "https://x.test/a.jpg", "caption": "A", "credit": "AP/B"}]


def test_boilerplate_paragraphs_and_empty_parts_are_left_out() -> None:
    loader = load()
    loader.add_value(
        "subsections",
        [
            {
                "title": None,
                "paragraphs": ["Isi berita.", "Baca Juga", "Advertisement", "2 dari 5 halaman", " ", "Perbesar"],
            },
            {"title": "Saksikan Video Pilihan Berikut Ini:", "paragraphs": ["Saksikan video pilihan di bawah ini:"]},
        ],
    )
    assert loader.get_output_value("subsections") == [{"title": None, "paragraphs": ["Isi berita."]}]


def test_add_first_keeps_the_first_source_that_gives_a_value() -> None:
    loader = load()
    evaluated = []
    loader.add_first(
        "title",
        (JSON_LD, None),
        (META, "  "),
        (JSON_LD, lambda: evaluated.append(1) or "Dari JSON-LD"),
        (MARKUP, lambda: evaluated.append(2) or "Dari h1"),
    )
    assert loader.get_output_value("title") == "Dari JSON-LD"
    assert evaluated == [1]
    assert loader.sources == {"title": JSON_LD}


def test_loaded_item_has_every_contract_key() -> None:
    loader = load()
    loader.add_value(
        "subsections", [{"title": None, "paragraphs": ["Satu."]}, {"title": "Dua", "paragraphs": ["Dua."]}]
    )
    item = loader.load_item()
    assert set(item) == set(ARTICLE_FIELDS)
    assert item["body"] == "Satu.\n\nDua."
    assert item["authors"] == [] and item["page_count"] == 1 and item["modified_at"] is None


def test_item_fields_are_the_schema_properties() -> None:
    schema = article_schema()
    assert set(Article.fields) == set(schema["properties"]) == set(schema["required"])


@pytest.mark.parametrize("value,expected", [("In-Id", "id"), ("id-ID", "id"), ("en", "en"), ("", None)])
def test_language_code(value: str, expected: str | None) -> None:
    loader = load()
    loader.add_value("language", value)
    assert loader.get_output_value("language") == expected
