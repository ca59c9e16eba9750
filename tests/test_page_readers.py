"""Shared page readers: structured data, body paragraphs, datelines."""

from __future__ import annotations

import re

from parsel import Selector

from newscrawl.page import PageData, paragraphs, split_dateline

DATELINE = re.compile(r"Liputan6\.com\s*,\s*(?P<place>[^\-\u2013\u2014:]{1,40}?)\s*(?P<sep>[\-\u2013\u2014:])?\s*")


def test_paragraphs_end_at_blocks_and_line_breaks_and_skip_noise() -> None:
    body = Selector(
        text="""<div id="body">
        <p><b>Liputan6.com, Jakarta -</b> Satu<br><br>Dua <!-- komentar --> lanjut</p>
        <div class="ad"><p>Advertisement</p></div>
        Teks lepas
        <p>Tiga <a href="#">tautan</a> dan <script>var x = 1;</script>akhir.</p>
        <figure><figcaption>Keterangan foto</figcaption></figure>
        <ul><li>Butir</li></ul>
        </div>"""
    ).css("#body")[0]
    assert paragraphs(body, ".ad") == [
        "Liputan6.com, Jakarta - Satu",
        "Dua  lanjut",
        "Teks lepas",
        "Tiga tautan dan akhir.",
        "Butir",
    ]


def test_script_objects_and_json_ld() -> None:
    page = PageData(
        Selector(
            text="""<html><head>
            <script type="application/ld+json">
                {"@graph": [{"@type": "WebSite"}, {"@type": ["NewsArticle"], "headline": "H"}]}
            </script>
            <script type="application/ld+json">{not json</script>
            <script>window.kmklabs = {}; window.kmklabs.pageType = 'ReadPage';
            window.kmklabs.article = {
                "id": 5043288, "title": "T"
            };
            window.kmklabs.multiplePageCount = 4;</script>
            <meta property="og:title" content=" Judul "><meta name="description" content="">
            </head></html>"""
        ),
        ("window.kmklabs",),
    )
    assert page.article_json_ld["headline"] == "H"
    assert page.script_object("article") == {"id": 5043288, "title": "T"}
    assert page.script_value("pageType") == "ReadPage"
    assert page.script_value("multiplePageCount") == 4
    assert page.script_object("missing") == {}
    assert page.meta("og:title") == "Judul"
    assert page.meta("description") is None


def test_dateline_with_dash_and_with_bold_lead_only() -> None:
    assert split_dateline("Liputan6.com, Jakarta - Kasus COVID-19 naik.", DATELINE) == (
        "Jakarta",
        "Kasus COVID-19 naik.",
    )
    assert split_dateline(
        "Liputan6.com, Jakarta Sepekan lamanya mal dibuka.", DATELINE, lead="Liputan6.com, Jakarta"
    ) == (
        "Jakarta",
        "Sepekan lamanya mal dibuka.",
    )
    # Without a dash or a bold lead, the end of the place is unknown: no dateline.
    assert split_dateline("Liputan6.com, Jakarta Sepekan lamanya.", DATELINE) == (
        None,
        "Liputan6.com, Jakarta Sepekan lamanya.",
    )
    assert split_dateline("Kasus naik.", DATELINE) == (None, "Kasus naik.")
