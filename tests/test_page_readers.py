"""Shared page readers: structured data, body paragraphs, datelines."""

from __future__ import annotations

import re

from newscrawl.page import (
    ElementMatcher,
    Page,
    as_text,
    credited_in_text,
    json_ld_names,
    paragraphs,
    read_js_value,
    split_dateline,
)

DATELINE = re.compile(r"Liputan6\.com\s*,\s*(?P<place>[^\-\u2013\u2014:]{1,40}?)\s*(?P<sep>[\-\u2013\u2014:])?\s*")


def page(html: str) -> Page:
    return Page("http://127.0.0.1/page", html.encode("utf-8"))


def test_paragraphs_end_at_blocks_and_line_breaks_and_skip_noise() -> None:
    document = page(
        """<div id="body">
        <p><b>Liputan6.com, Jakarta -</b> Satu<br><br>Dua <!-- komentar --> lanjut</p>
        <div class="ad"><p>Advertisement</p></div>
        Teks lepas
        <p>Tiga <a href="#">tautan</a> dan <script>var x = 1;</script>akhir.</p>
        <figure><figcaption>Keterangan foto</figcaption></figure>
        <ul><li>Butir</li></ul>
        </div>"""
    )
    body = document.first("#body")
    assert paragraphs(body, ElementMatcher((".ad",))) == [
        "Liputan6.com, Jakarta - Satu",
        "Dua  lanjut",
        "Teks lepas",
        "Tiga tautan dan akhir.",
        "Butir",
    ]


def test_script_objects_and_json_ld() -> None:
    document = page(
        """<html><head>
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
    )
    scripts = document.scripts(("window.kmklabs",))
    assert document.article_json_ld["headline"] == "H"
    assert scripts["article"] == {"id": 5043288, "title": "T"}
    assert scripts["pageType"] == "ReadPage"
    assert scripts["multiplePageCount"] == 4
    assert "missing" not in scripts
    assert document.meta("og:title") == "Judul"
    assert document.meta("description") is None


def test_readers_take_any_json_value() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    document = page(
        f"""<html><head><script type="application/ld+json">{nested}</script>
        <script type="application/ld+json">{{"@type": "NewsArticle", "headline": {{"a": 1}},
            "author": [[[{{"name": 7}}]]],
            "datePublished": {{"@type": "DateTime", "@value": "2021-01-23T13:30:00+07:00"}}}}
        </script>
        <script>window.kmklabs.pageType = {{"a": 1}}; window.kmklabs.gtm = {nested};</script></head></html>"""
    )
    assert document.article_json_ld["headline"] == {"a": 1}
    assert as_text(document.article_json_ld["headline"]) is None
    assert as_text(document.article_json_ld["datePublished"]) == "2021-01-23T13:30:00+07:00"
    assert json_ld_names(document.article_json_ld["author"]) == ["7"]
    scripts = document.scripts(("window.kmklabs",))
    assert scripts["pageType"] == {"a": 1} and "gtm" not in scripts


def test_pages_lxml_cannot_parse_are_empty_not_errors() -> None:
    for body in (b"", b"   ", b"\x00\x01<<>>", "\ud800".encode("utf-8", "surrogatepass")):
        document = Page("http://127.0.0.1/page", body)
        assert document.root.tag == "html"
        assert document.select("h1") == [] and document.json_ld == []


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


def test_a_table_row_is_one_paragraph_of_its_cells() -> None:
    document = page(
        """<div id="body"><p>Harga:</p><table><tbody>
        <tr><td rowspan="2"><div>FOOTBALL</div></td><td> LIGHTSPEED</td><td>Rp.749.800</td></tr>
        <tr><td>THUNDER BOLT</td><td>Rp.579.800</td></tr></tbody></table><p>Selesai.</p></div>"""
    )
    assert paragraphs(document.first("#body")) == [
        "Harga:",
        "FOOTBALL |  LIGHTSPEED | Rp.749.800",
        "THUNDER BOLT | Rp.579.800",
        "Selesai.",
    ]


def test_a_widget_inside_a_sentence_does_not_split_it() -> None:
    document = page(
        """<div id="body"><p>Keputusan atas <span class="vlink"><span>pemberlakuan PSBB
        <figure><figcaption>ready</figcaption></figure></span></span> secara ketat.</p>
        <div>Satu</div><figure><figcaption>Foto</figcaption></figure><div>Dua</div></div>"""
    )
    assert [" ".join(p.split()) for p in paragraphs(document.first("#body"))] == [
        "Keputusan atas pemberlakuan PSBB secara ketat.",
        "Satu",
        "Dua",
    ]


def test_persons_credited_in_the_closing_lines() -> None:
    assert credited_in_text(["Isi berita.", "Reporter : Rizka Nur Laily M", "Sumber : Merdeka"]) == [
        "Rizka Nur Laily M"
    ]
    assert credited_in_text(["Isi berita yang panjang. (Anisha Saktian Putri/Fimela.com)"]) == ["Anisha Saktian Putri"]
    assert credited_in_text(["Isi berita.", "Penutup tanpa nama."]) == []


def test_minified_javascript_literals() -> None:
    """2021 merdeka pages write window.kly as minified JavaScript, which a JSON reader refuses."""
    document = page(
        """<html><head><script>window.kly={},window.kly.env="production",window.kly.gtm={articleId:"1316916",
        authors:{type:"author",names:'Denny Marhendri'},tag:"Jateng|Tren",enabled:!0},window.kly.multiplePageCount=4,
        window.kly.article={id:"1316916",verifyAge:!1,publishDate:"2021-06-10 18:50:00"};</script></head></html>"""
    )
    assert document.scripts(("window.kly",)) == {"env": "production", "multiplePageCount": 4}
    scripts = document.scripts(("window.kly",), literal=read_js_value)
    assert scripts["gtm"]["authors"] == {"type": "author", "names": "Denny Marhendri"}
    assert scripts["article"]["id"] == "1316916" and scripts["multiplePageCount"] == 4
    # Minified booleans are not evaluated: they come back as their text.
    assert scripts["gtm"]["enabled"] == "!0"


def test_the_javascript_reader_takes_json_and_refuses_what_it_cannot_read() -> None:
    assert read_js_value('x = {"id": "1", "n": [1, 2]};', 4) == {"id": "1", "n": [1, 2]}
    assert read_js_value("x = 'Dekstop';", 4) == "Dekstop"
    assert read_js_value('x = {id: "1", title: "unterminated', 4) is None
    assert read_js_value("x = " + "{a:" * 100_000, 4) is None
    assert read_js_value("x = new MDKPWA();", 4) is None


def test_a_dateline_without_a_place() -> None:
    merdeka = re.compile(r"Merdeka\.com\s*(?:,\s*(?P<place>[^\-:]{1,40}?))?\s*(?P<sep>[\-:])\s*")
    assert split_dateline("Merdeka.com - Menpora RI memberikan arahan.", merdeka) == (
        None,
        "Menpora RI memberikan arahan.",
    )


def test_a_part_nested_in_another_is_read_on_its_own() -> None:
    """2021 merdeka pages nest the later pages of an article inside the first one."""
    document = page(
        """<div class="part" id="first"><p>Satu</p>
        <div class="part later" id="second"><p>Dua</p></div></div>"""
    )
    later = ElementMatcher(("div.later",))
    assert paragraphs(document.first("#first"), later) == ["Satu"]
    assert paragraphs(document.first("#second"), later) == ["Dua"]
