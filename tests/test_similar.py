"""Near-duplicates: fingerprints of the same story match, of different stories do not."""

from __future__ import annotations

from helpers import PAGES_ROOT, extract, page_response
from newscrawl.similar import near_duplicates, signature, similarity


def fingerprint(portal: str, page: str) -> tuple[dict, bytes]:
    item = extract(page_response(PAGES_ROOT / portal / page), portal)
    return item, signature(item["title"], item["body"])


def test_two_pages_of_one_story_match_and_pages_of_two_stories_do_not() -> None:
    # The desktop and the mobile page of the same bola.com article: one story, two templates.
    _, desktop = fingerprint("bola", "article-desktop-2020-e-sports-4320646.html")
    _, mobile = fingerprint("bola", "article-mobile-2020-e-sports-4320646.html")
    _, other = fingerprint("liputan6", "article-mobile-global-4464894.html")
    assert similarity(desktop, mobile) > 0.9
    assert similarity(desktop, other) < 0.1


def test_a_story_syndicated_to_another_portal_is_found_across_portals() -> None:
    story, original = fingerprint("bola", "article-desktop-2020-e-sports-4320646.html")
    # The same text on liputan6, lightly edited: another headline, a closing line added.
    syndicated = signature("Adidas Gandeng Ninja Lagi", story["body"] + "\n\nSimak berita lainnya di Bola.com.")
    _, unrelated = fingerprint("liputan6", "article-mobile-global-4464894.html")
    _, repost = fingerprint("bola", "article-mobile-2020-e-sports-4320646.html")
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
    assert signature(None, "") is None
    assert signature("Dua kata", "") is None
