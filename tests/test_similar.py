"""Near-duplicates: fingerprints of the same story match, of different stories do not."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from helpers import PAGES_ROOT, extract, page_response, run_scrapy
from newscrawl.similar import fingerprint, near_duplicates, similarity
from newscrawl.store import ArticleStore


def page_fingerprint(portal: str, page: str) -> tuple[dict, bytes]:
    item = extract(page_response(PAGES_ROOT / portal / page), portal)
    return item, fingerprint(item["title"], item["body"])


def test_two_pages_of_one_story_match_and_pages_of_two_stories_do_not() -> None:
    # The desktop and the mobile page of the same bola.com article: one story, two templates.
    _, desktop = page_fingerprint("bola", "article-desktop-2020-e-sports-4320646.html")
    _, mobile = page_fingerprint("bola", "article-mobile-2020-e-sports-4320646.html")
    _, other = page_fingerprint("liputan6", "article-mobile-global-4464894.html")
    assert similarity(desktop, mobile) > 0.9
    assert similarity(desktop, other) < 0.1


def test_a_story_syndicated_to_another_portal_is_found_across_portals() -> None:
    story, original = page_fingerprint("bola", "article-desktop-2020-e-sports-4320646.html")
    # The same text on liputan6, lightly edited: another headline, a closing line added.
    syndicated = fingerprint("Adidas Gandeng Ninja Lagi", story["body"] + "\n\nSimak berita lainnya di Bola.com.")
    _, unrelated = page_fingerprint("liputan6", "article-mobile-global-4464894.html")
    _, repost = page_fingerprint("bola", "article-mobile-2020-e-sports-4320646.html")
    fingerprints = [
        (("bola", "4320646"), original),
        (("liputan6", "9000001"), syndicated),
        (("liputan6", "4464894"), unrelated),
        (("bola", "9000002"), repost),
    ]
    pairs = list(near_duplicates(fingerprints))
    # Both bola.com copies of the story pair with the liputan6 one; the unrelated article with none.
    assert {(pair.first, pair.second) for pair in pairs} == {
        (("bola", "4320646"), ("liputan6", "9000001")),
        (("bola", "9000002"), ("liputan6", "9000001")),
    }
    assert all(pair.similarity > 0.8 for pair in pairs)
    # Within one portal, reposts are found when asked.
    same_portal = {(pair.first, pair.second) for pair in near_duplicates(fingerprints, across_portals=False)}
    assert (("bola", "4320646"), ("bola", "9000002")) in same_portal


def test_an_article_without_text_has_no_fingerprint() -> None:
    assert fingerprint(None, "") is None
    assert fingerprint("Dua kata", "") is None


# scrapy similar ---------------------------------------------------------------------


def stored_story(tmp_path: Path) -> tuple[Path, dict]:
    """A store holding a bola.com story, its copy on liputan6, a repost on bola.com, and an unrelated article."""
    story, _ = page_fingerprint("bola", "article-desktop-2020-e-sports-4320646.html")
    repost, _ = page_fingerprint("bola", "article-mobile-2020-e-sports-4320646.html")
    unrelated, _ = page_fingerprint("liputan6", "article-mobile-global-4464894.html")
    syndicated = {
        **story,
        "portal": "liputan6",
        "id": "9000001",
        "url": "https://www.liputan6.com/tekno/read/9000001/adidas-gandeng-ninja-lagi",
        "title": "Adidas Gandeng Ninja Lagi",
        "body": story["body"] + "\n\nSimak berita lainnya di Bola.com.",
    }
    path = tmp_path / "store.sqlite3"
    with ArticleStore.open(path) as store:
        for article in (story, {**repost, "id": "9000002"}, unrelated, syndicated):
            store.save(dict(article))
        store.commit()
    return path, syndicated


def similar(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_scrapy("similar", "--store", str(path), *options)


def test_scrapy_similar_pairs_the_story_across_portals(tmp_path: Path) -> None:
    path, _ = stored_story(tmp_path)
    result = similar(path, "--json")
    assert result.returncode == 0, result.stderr
    pairs = [json.loads(line) for line in result.stdout.splitlines()]
    found = {
        (pair["first"]["portal"], pair["first"]["id"], pair["second"]["portal"], pair["second"]["id"]) for pair in pairs
    }
    assert found == {("bola", "4320646", "liputan6", "9000001"), ("bola", "9000002", "liputan6", "9000001")}
    assert all(pair["similarity"] >= 0.8 for pair in pairs)
    assert pairs[0]["second"]["url"] == "https://www.liputan6.com/tekno/read/9000001/adidas-gandeng-ninja-lagi"
    assert result.stderr.strip() == "scrapy similar: 2 pairs"
    # A portal's own repost, when asked for.
    within = similar(path, "--json", "--within-portals", "--portal", "bola")
    assert {
        (p["first"]["portal"], p["first"]["id"], p["second"]["portal"], p["second"]["id"])
        for p in map(json.loads, within.stdout.splitlines())
    } == {("bola", "4320646", "bola", "9000002")}


def test_fingerprints_are_kept_and_follow_a_changed_text(tmp_path: Path) -> None:
    path, syndicated = stored_story(tmp_path)
    assert similar(path).returncode == 0
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT COUNT(*) FROM article_fingerprints").fetchone() == (4,)
    # liputan6 rewrote its copy: a story of its own now.
    unrelated, _ = page_fingerprint("liputan6", "article-mobile-global-4464894.html")
    with ArticleStore.open(path) as store:
        store.save({**syndicated, "body": unrelated["body"], "crawled_at": "2030-01-01T00:00:00+00:00"})
        store.commit()
    result = similar(path, "--json")
    assert (result.returncode, result.stdout) == (0, "")  # the old fingerprint would still pair it
    with sqlite3.connect(path) as database:
        stale = database.execute(
            "SELECT COUNT(*) FROM articles a JOIN article_fingerprints f USING (portal, id)"
            " WHERE f.content_hash != a.content_hash"
        ).fetchone()
    assert stale == (0,)


@pytest.mark.parametrize(
    "options,message",
    [
        (("--threshold", "2"), "scrapy similar: error: threshold: '2' is not a share between 0 and 1, e.g. 0.5"),
        (("--since", "kemarin"), "scrapy similar: error: since: "),
        (("--portal", "bola"), "scrapy similar: error: portal: the articles of one portal pair only with each other"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path: Path, options: tuple[str, ...], message: str) -> None:
    path, _ = stored_story(tmp_path)
    result = similar(path, *options)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert result.stderr.startswith(message)


def test_no_store_is_a_one_line_error(tmp_path: Path) -> None:
    result = similar(tmp_path / "none.sqlite3")
    assert result.returncode == 1
    assert result.stderr == f"scrapy similar: error: no article store at {str(tmp_path / 'none.sqlite3')!r}\n"


def test_a_store_another_process_is_writing_is_a_one_line_error(tmp_path: Path) -> None:
    path, _ = stored_story(tmp_path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # as a crawl's open batch holds it
    try:
        result = run_scrapy("similar", "--store", str(path))  # waits out the busy timeout (5 s)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 1
    assert result.stderr.startswith(f"scrapy similar: error: cannot keep the fingerprints in {str(path)!r}: ")
    assert result.stderr.count("\n") == 1
