"""Templates and layers: the desktop templates no public real page shows, and
extraction that survives the loss of one layer (structured data or visible markup).

The desktop pages of 2019 and 2025 are constructed from the markup catalogue (see
tests/pages/liputan6/README.md); their expected values are read from those pages.
"""

from __future__ import annotations

import re

import pytest

from helpers import PAGES, extract, html_response, page_response


def test_desktop_readpage_template() -> None:
    item = extract(page_response("constructed-desktop-readpage-2019.html"))
    assert item["url"] == "https://www.liputan6.com/news/read/4101234/pemkot-uji-coba-bus-listrik-di-jalur-wisata"
    assert item["id"] == "4101234"
    assert item["type"] == "text"
    assert item["title"] == "Pemkot Uji Coba Bus Listrik di Jalur Wisata"
    assert item["description"] == "Uji coba bus listrik berlangsung dua pekan di jalur wisata kota."
    assert item["authors"] == ["Dian Kurniawan", "Sri Wahyuni"]
    assert item["editors"] == ["Rinaldo"]
    # <time datetime="2019-11-05 08:15:31">05 Nov 2019, 08:15 WIB</time>
    assert item["published_at"] == "2019-11-05T08:15:31+07:00"
    assert item["published_at_raw"] == "05 Nov 2019, 08:15 WIB"
    assert item["modified_at"] == "2019-11-05T10:02:11+07:00"
    assert item["modified_at_raw"] == "05 Nov 2019, 10:02 WIB"
    assert (item["channel"], item["category"]) == ("News", "Peristiwa")
    assert item["tags"] == ["bus listrik", "Surabaya", "transportasi umum"]
    assert item["dateline"] == "Surabaya"
    assert item["subsections"] == [
        {
            "title": None,
            "paragraphs": [
                "Pemerintah Kota Surabaya menguji coba bus listrik di jalur wisata kota selama dua pekan mulai Senin (4/11/2019).",
                "Bus berkapasitas 40 penumpang itu melayani rute Tugu Pahlawan & Kota Tua setiap 30 menit.",
                '"Kami ingin tahu seberapa besar minat warga," kata Kepala Dinas Perhubungan.',
            ],
        },
        {
            "title": "Tanggapan Warga",
            "paragraphs": [
                "Warga menyambut baik uji coba tersebut.",
                "Sebagian berharap rute diperpanjang hingga pinggiran kota.",
            ],
        },
    ]
    assert [image["caption"] for image in item["images"]] == [
        "Bus listrik melintas di Jalan Tunjungan, Surabaya, Senin (4/11/2019).",
        "Penumpang menunggu bus listrik di halte Tugu Pahlawan.",
    ]
    assert item["images"][0]["credit"] == "Liputan6.com/Dian Kurniawan"
    assert item["page_count"] == 2
    assert item["language"] == "id"


def test_desktop_template_of_2025() -> None:
    item = extract(page_response("constructed-desktop-2025.html"))
    # og:url carries tracking parameters and a fragment; the canonical URL does not.
    assert item["url"] == "https://www.liputan6.com/bisnis/read/6212345/harga-cabai-rawit-turun-jelang-akhir-tahun"
    assert item["id"] == "6212345"
    assert item["title"] == "Harga Cabai Rawit Turun Jelang Akhir Tahun"
    assert item["description"] == "Harga cabai rawit di pasar induk turun hingga 20 persen."
    assert item["authors"] == ["Arthur Gideon"]
    assert item["editors"] == ["Nurmayanti"]
    # "Diterbitkan 29 Oktober 2025, 10:42 WIB", seconds from article:published_time.
    assert item["published_at"] == "2025-10-29T10:42:05+07:00"
    assert item["published_at_raw"] == "29 Oktober 2025, 10:42 WIB"
    # "Diperbaharui 29 Okt 2025, 13:00 WIB" (split by HTML comments); the meta tag
    # claims 09:58:40, before publication, and loses.
    assert item["modified_at"] == "2025-10-29T13:00:00+07:00"
    assert item["modified_at_raw"] == "29 Okt 2025, 13:00 WIB"
    assert (item["channel"], item["category"]) == ("Bisnis", "Ekonomi")
    # "Cabai" repeats "cabai": one tag.
    assert item["tags"] == ["cabai", "harga pangan"]
    assert item["dateline"] == "Jakarta"
    assert item["subsections"] == [
        {
            "title": None,
            "paragraphs": [
                "Harga cabai rawit di Pasar Induk Kramat Jati turun hingga 20 persen dalam sepekan terakhir.",
                "Pedagang menyebut pasokan dari sentra produksi di Jawa Tengah melimpah.",
                "Kementerian Perdagangan memperkirakan harga stabil hingga akhir tahun.",
            ],
        }
    ]
    assert item["images"] == [
        {
            "url": "https://cdn1-production-images-kly.akamaized.net/xyz=/640x360/smart/kly-media-production/medias/5550001/original/cabai.jpg",
            "caption": "Pedagang menata cabai rawit di Pasar Induk Kramat Jati, Jakarta.",
            "credit": "merdeka.com/Iqbal S Nugroho",
        }
    ]
    assert item["page_count"] == 1
    assert item["language"] == "id"


def _without(html: str, *patterns: str) -> str:
    for pattern in patterns:
        html, count = re.subn(pattern, "", html, flags=re.DOTALL)
        assert count, f"pattern {pattern!r} removed nothing"
    return html


STRUCTURED_DATA = (
    r'<script[^>]*type="application/ld\+json"[^>]*>.*?</script>',
    r"<meta (?:property|name)=\"(?:og|article|dable|adx):[^>]*>",
    r'<meta name="(?:description|keywords|title)"[^>]*>',
    r"<link rel=\"canonical\"[^>]*>",
    r"window\.kmklabs\.(?:gtm|article|channel|category|visitor) = \{.*?\};",
)


@pytest.mark.parametrize("fixture", ["article-mobile-global-4464894.html", "article-mobile-hot-5043288.html"])
def test_visible_page_alone_gives_the_article(fixture: str) -> None:
    """With JSON-LD, meta tags and kmklabs objects gone, the visible page still gives every field."""
    full = extract(page_response(fixture))
    html = _without((PAGES / fixture).read_text("utf-8"), *STRUCTURED_DATA)
    bare = extract(
        html_response(html, url="https://m.liputan6.com" + re.search(r"/\w+/read/\d+/[\w-]+", full["url"])[0])
    )
    for field in (
        "id",
        "title",
        "authors",
        "tags",
        "dateline",
        "subsections",
        "images",
        "page_count",
        "published_at_raw",
    ):
        assert bare[field] == full[field], field
    assert bare["url"] == full["url"]
    assert bare["channel"] == full["channel"]
    # Without structured data there are no seconds to add.
    assert bare["published_at"] == full["published_at"][:17] + "00+07:00"


def test_structured_data_alone_gives_the_article() -> None:
    """With the visible header gone (a redesign), structured data still gives title, byline and dates."""
    fixture = "article-mobile-global-4464894.html"
    html = _without(
        (PAGES / fixture).read_text("utf-8"),
        r'<div class="article-header" data-component="mobile:article-header".*?</div>\s*</div>',
        r'<ul class="breadcrumb".*?</ul>',
    )
    item = extract(html_response(html))
    assert item["title"] == "Update 23 Januari 2021: 98 Juta Kasus COVID-19 di Dunia, Akan Tembus 100 Juta?"
    assert item["authors"] == ["Tommy Kurnia"]
    assert item["published_at"] == "2021-01-23T13:30:00+07:00"
    assert item["published_at_raw"] is None
    # Only the structured modified time is left, and it is earlier than publication
    # (13:11:14 before 13:30): not an update of this article.
    assert item["modified_at"] is None
    assert (item["channel"], item["category"]) == ("Global", "Internasional")


@pytest.mark.parametrize(
    "fixture",
    ["article-mobile-global-4464894.html", "article-mobile-hot-5043288.html", "constructed-desktop-readpage-2019.html"],
)
def test_a_renamed_body_still_gives_the_text(fixture: str) -> None:
    """A redesign that renames the body's classes: the paragraphs are found by their density."""
    html = (PAGES / fixture).read_text("utf-8")
    full = extract(html_response(html))
    renamed = html.replace("article-content-body", "story-body").replace('itemprop="articleBody"', "")
    item = extract(html_response(renamed))
    assert item["body"] == full["body"]
    assert item["dateline"] == full["dateline"]
    assert [len(part["paragraphs"]) for part in item["subsections"]] == [
        len(part["paragraphs"]) for part in full["subsections"]
    ]


PROMO = "Ayo berdonasi untuk korban banjir, klik tautan ini."


def _with_promo(block: str) -> str:
    html = (PAGES / "article-desktop-2020-news-4264729.html").read_text("utf-8")
    marker = '<div class="article-content-body__item-content" data-component-name="desktop:read-page:article-content-body:section:text">'
    assert marker in html
    return html.replace(marker, marker + block, 1)


def test_an_editorial_promo_line_is_article_text_only_as_a_paragraph_of_the_article() -> None:
    """The page decides: a promo written as a paragraph of the body is text the article shows;
    the same words inside an embedded widget are furniture."""
    as_paragraph = extract(html_response(_with_promo(f"<p>{PROMO}</p>")))
    assert PROMO in as_paragraph["subsections"][0]["paragraphs"]
    in_widget = extract(
        html_response(
            _with_promo(
                f'<div class="article-content-body__item-embedded"><p>{PROMO}</p><iframe src="x"></iframe></div>'
            )
        )
    )
    assert PROMO not in in_widget["body"]
