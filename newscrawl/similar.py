"""Near-duplicate articles: the same story on several portals.

Portals syndicate: a bola.com story reappears on liputan6.com, a merdeka story on
its regional editions, lightly edited.  Every stored article gets a text fingerprint,
a MinHash signature of the 3-word shingles of its title and body (datasketch, whose
Jaccard estimate is what "the same story, lightly edited" means: most of the text's
word sequences are shared).  Candidate pairs are found with locality-sensitive
hashing (datasketch's MinHashLSH over the stored signatures), and each candidate is
kept when its estimated Jaccard similarity reaches the threshold.

Fingerprints are computed when asked (``scrapy similar``), not while crawling: at about
a millisecond an article they would cost the crawl a fifth of reading the page.  The
store keeps each with the content hash it was computed from (``article_fingerprints``),
so an article is fingerprinted once, and again only when its text changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHash, MinHashLSH

#: Permutations of the signature: 64 estimate a Jaccard similarity to within about ±0.06.
PERMUTATIONS = 64
#: Words per shingle: three-word sequences tell a rewritten story from a shared one.
SHINGLE = 3
#: Stories sharing at least this share of their shingles are the same story.
THRESHOLD = 0.5

_WORD = re.compile(r"\w+")


def fingerprint(title: str | None, body: str | None) -> bytes | None:
    """The fingerprint of an article's text, or None for a text too short to have one."""
    words = _WORD.findall(f"{title or ''} {body or ''}".lower())
    shingles = {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    if not shingles:
        return None
    minhash = MinHash(num_perm=PERMUTATIONS)
    minhash.update_batch(list(shingles))
    lean = LeanMinHash(minhash)
    buffer = bytearray(lean.bytesize())
    lean.serialize(buffer)
    return bytes(buffer)


def _minhash(fingerprint: bytes) -> LeanMinHash:
    return LeanMinHash.deserialize(fingerprint)


def similarity(first: bytes, second: bytes) -> float:
    """The estimated Jaccard similarity of two articles' shingles."""
    return float(_minhash(first).jaccard(_minhash(second)))


@dataclass(frozen=True)
class Pair:
    """Two articles, identified as (portal, id), that tell the same story."""

    first: tuple[str, str]
    second: tuple[str, str]
    similarity: float


def near_duplicates(
    fingerprints: Iterable[tuple[tuple[str, str], bytes]], threshold: float = THRESHOLD, across_portals: bool = True
) -> Iterator[Pair]:
    """Pairs of articles whose fingerprints say they share a story, most similar first.

    ``across_portals`` keeps only pairs of different portals (syndication); without it
    a portal's own reposts are found too.
    """
    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    signatures: dict[tuple[str, str], LeanMinHash] = {}
    for key, fingerprint in fingerprints:
        minhash = _minhash(fingerprint)
        signatures[key] = minhash
        index.insert(key, minhash)
    pairs = set()
    for key, minhash in signatures.items():
        for other in index.query(minhash):
            if other != key and (not across_portals or other[0] != key[0]):
                pairs.add(tuple(sorted((key, other))))
    found = [Pair(a, b, float(signatures[a].jaccard(signatures[b]))) for a, b in pairs]
    yield from sorted((pair for pair in found if pair.similarity >= threshold), key=lambda p: -p.similarity)
