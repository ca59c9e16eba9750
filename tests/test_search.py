"""``scrapy search``: safe queries, ranked hits with snippets, other forms of Indonesian words, filters."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from helpers import run_scrapy
from newscrawl.commands import CommandError
from newscrawl.commands import search as search_command
from newscrawl.commands.search import compile_query
from newscrawl.store import ArticleStore
from records import record

pytest.importorskip("Sastrawi", reason="the search extra (PySastrawi) is part of the test extra")

# The articles searched: a fixed set, so that a fixture page added later changes no expectation.
PAGES = [
    "article-desktop-2015-news-2254252",
    "article-desktop-2016-tekno-2436773",
    "article-mobile-bisnis-4289456",
    "article-mobile-global-4464894",
    "article-mobile-hot-5043288",
]
GOVERNMENT = record(
    "article-desktop-2016-tekno-2436773",
    id="9000001",
    title="Pemerintah Terbitkan Aturan Baru Cek-Fakta",
    description=None,
    subsections=[{"title": None, "paragraphs": ["Pemerintahan daerah memerintahkan tim cek-fakta bekerja."]}],
    body="Pemerintahan daerah memerintahkan tim cek-fakta bekerja.",
    channel="News",
    published_at="2024-03-01T00:10:00+07:00",
)


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "store.sqlite3"
    with ArticleStore.open(path) as store:
        for page in PAGES:
            store.save(record(page))
        store.save(GOVERNMENT)
    return path


def search(store_file: Path, text: str, *options: str) -> list[str]:
    """The ids found, best first."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--since")
    parser.add_argument("--until")
    parser.add_argument("--channel")
    parser.add_argument("--portal")
    parser.add_argument("--limit", default="20")
    parser.add_argument("--store")
    opts = parser.parse_args(["--store", str(store_file), *options])
    hits, _ = search_command.search(text, opts, default_store=None)
    return [hit.article["id"] for hit in hits]


def test_words_with_hyphens_are_words_not_syntax(store_file: Path) -> None:
    assert "4464894" in search(store_file, "COVID-19")
    assert search(store_file, "cek-fakta") == ["9000001"]
    assert search(store_file, "tim (cek") == ["9000001"]
    assert search(store_file, '"tim cek') == ["9000001"]  # an unclosed quote closes at the end


def test_other_forms_of_a_root_are_found(store_file: Path) -> None:
    assert search(store_file, "sahabat") == ["4289456"]  # bersahabat
    found = search(store_file, "perintah")  # pemerintah, pemerintahan, memerintahkan
    assert found[0] == "9000001" and "4289456" in found  # "pemerintah" in the mall article too
    assert search(store_file, '"perintah"') == []
    assert search(store_file, "temu") == ["5043288"]  # ditemukan, temui, temukan
    assert search(store_file, "kirim") == ["5043288"]  # kiriman
    # A quoted word is that word only.
    assert search(store_file, '"sahabat"') == []
    assert search(store_file, '"bersahabat"') == ["4289456"]


def test_operators(store_file: Path) -> None:
    assert set(search(store_file, "bersahabat OR blusukan")) == {"4289456", "2254252"}
    assert search(store_file, "COVID-19 -pengunjung") == ["4464894"]
    assert search(store_file, '"cek fakta" bekerja') == ["9000001"]
    assert search(store_file, "perbelanja*") == ["4289456"]
    assert search(store_file, "bersahabat or") == []  # "or" in lowercase is a word


def test_a_hit_in_the_title_ranks_first(store_file: Path) -> None:
    # Both mention aturan-forms; the one with the word in its title comes first.
    assert search(store_file, "aturan")[0] == "9000001"


def test_filters(store_file: Path) -> None:
    assert search(store_file, "COVID-19", "--channel", "global") == ["4464894"]
    assert search(store_file, "COVID-19", "--since", "2021-01-01", "--until", "2021-12-31") == ["4464894"]
    # Jakarta days, as export: 00:10 WIB on 1 March is 1 March.
    assert search(store_file, "perintah", "--since", "2024-03-01", "--until", "2024-03-01") == ["9000001"]
    assert search(store_file, "perintah", "--until", "2024-02-29", "--since", "2024-02-29") == []
    assert len(search(store_file, "yang", "--limit", "2")) == 2


def test_queries_that_find_nothing_to_search_are_refused() -> None:
    def never(prefix: str) -> list[str]:
        raise AssertionError("no vocabulary needed")

    with pytest.raises(CommandError, match="^give words to find$"):
        compile_query(" ... ", never, None)
    with pytest.raises(CommandError, match="^give at least one word to find"):
        compile_query("-hoaks", never, None)
    expression = compile_query('COVID-19 "cek fakta" -x OR', never, None).expression
    assert expression == '("COVID-19") AND ("cek fakta") NOT "x"'


def test_the_command_prints_a_table_or_json_lines(store_file: Path) -> None:
    table = run_scrapy("search", "--store", str(store_file), "perintah")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0] == "  1. 2024-03-01  News  Pemerintah Terbitkan Aturan Baru Cek-Fakta"
    assert "[Pemerintah]" in lines[1] or "[Pemerintahan]" in lines[1]
    assert lines[2].strip() == GOVERNMENT["url"]
    assert table.stderr.strip().splitlines() == [
        "scrapy search: 3 results (forms searched: perintah: memerintahkan, pemerintah, pemerintahan, perintah)"
    ]

    as_json = run_scrapy("search", "--store", str(store_file), "--json", "sahabat")
    (hit,) = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert (hit["rank"], hit["id"], hit["published_day"]) == (1, "4289456", "2020-06-26")
    assert "[bersahabat]" in hit["snippet"]

    bad = run_scrapy("search", "--store", str(store_file), "--limit", "0", "x")
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "scrapy search: error: limit: '0' is not a positive whole number",
    )
