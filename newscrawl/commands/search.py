"""``scrapy search "..."``: the stored articles that best match some words, with the words marked in a snippet.

What a query can say (everything else is a word to find, never FTS5 syntax, so
``COVID-19``, ``cek-fakta`` or ``(`` cannot break a search):

- ``banjir jakarta``: articles with both words;
- ``"cek fakta"``: the words as a phrase, exactly as written (no other forms);
- ``banjir OR longsor``: either word (``OR`` in capitals; a lowercase "or" is a word);
- ``-hoaks`` or ``-"cek fakta"``: without this word or phrase;
- ``vaksin*``: words starting with "vaksin".

Indonesian builds words from a root with prefixes and suffixes (sahabat,
bersahabat, persahabatan; perintah, pemerintah, memerintahkan), so an unquoted
word also finds the other forms of its root that the store's articles contain:
the root is found with the Sastrawi stemmer (the ``search`` extra), and the
index's own vocabulary is read for the words that root can form (prefix + root,
with the first letter a meN-/peN- prefix swallows dropped, + any suffix); those
whose root is the same are added to the query, as words of the ordinary index.
Nothing is computed when an article is saved, and the index is not larger: the
README gives the measurements against stemming at save time, trigram and prefix
indexes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newscrawl.commands import CommandError, add_slice_options, slice_of
from newscrawl.runs import EXIT_USAGE
from newscrawl.store import ArticleStore, SearchHit, StoreError, store_path

# Prefixes a root takes, alone or stacked (di-per-, ke-ber-, pe-ng-, ...).  Reading the
# vocabulary for one more prefix costs a B-tree seek; a form is added only when the
# stemmer gives it the same root, so a prefix too many finds nothing wrong.
_OUTER = ("", "di", "ke", "se", "ter", "ber", "per", "memper", "diper", "mem", "pem")
_INNER = (
    *("", "ber", "be", "per", "pe", "ter", "se", "ke"),
    *("me", "mem", "men", "meng", "meny", "menge", "pem", "pen", "peng", "peny", "penge"),
)
PREFIXES = tuple(dict.fromkeys(outer + inner for outer in _OUTER for inner in _INNER))
# meN- and peN- swallow the first letter of a root that starts with k, p, s or t:
# kirim -> mengirim, perintah -> pemerintah, sapu -> menyapu, tulis -> menulis.
_NASAL_ENDINGS = ("m", "n", "ng", "ny")
_SWALLOWED = "kpst"
_MIN_STEMMED_LENGTH = 3

_TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<negw>-?)(?P<word>[^\s"]+)')


@dataclass
class Query:
    """A user's query, as the FTS5 expression that finds it and the word forms each word was widened to."""

    expression: str
    forms: dict[str, list[str]] = field(default_factory=dict)


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return '[options] "words to find"'

    def short_desc(self) -> str:
        return "Search the stored articles: ranked, with the matching words marked in a snippet"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_slice_options(parser)
        parser.add_argument("--limit", metavar="N", default="20", help="at most N results (default 20)")
        parser.add_argument("--json", action="store_true", help="JSON Lines, one result a line, instead of a table")
        parser.add_argument("--store", metavar="PATH", help="the SQLite store (default: NEWSCRAWL_STORE_PATH)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            hits, query = search(" ".join(args), opts, default_store=store_path(self.settings))
        except CommandError as error:
            print(f"scrapy search: error: {error}", file=sys.stderr)
            self.exitcode = error.code
            return
        for number, hit in enumerate(hits, 1):
            print(_as_json(number, hit) if opts.json else _as_text(number, hit))
        widened = "; ".join(f"{word}: {', '.join(forms)}" for word, forms in query.forms.items() if forms != [word])
        print(
            f"scrapy search: {len(hits)} result{'' if len(hits) == 1 else 's'}"
            + (f" (forms searched: {widened})" if widened else ""),
            file=sys.stderr,
        )


def search(text: str, opts: argparse.Namespace, default_store: Path | None) -> tuple[list[SearchHit], Query]:
    """Run the search the options ask for: the hits, best first, and the query as it was searched."""
    chosen = slice_of(opts)
    if not opts.limit.isdigit() or int(opts.limit) < 1:
        raise CommandError(f"limit: {opts.limit!r} is not a positive whole number", EXIT_USAGE)
    path = Path(opts.store) if opts.store else default_store
    if path is None or not path.exists():
        raise CommandError(f"no article store at {str(path)!r}; crawl first or give --store")
    try:
        store = ArticleStore.open_for_reading(path)
    except StoreError as error:
        raise CommandError(str(error)) from None
    try:
        query = compile_query(text, store.terms_starting_with, stemmer())
        hits = store.search(query.expression, int(opts.limit), **chosen.filters())
    finally:
        store.close()
    return hits, query


def compile_query(
    text: str, terms_starting_with: Callable[[str], list[str]], stem: Callable[[str], str] | None
) -> Query:
    """The FTS5 expression of a user's query; every word and phrase in it is an FTS5 string.

    ``stem`` gives a word's root (None: words are matched as written); ``terms_starting_with``
    lists the index's words with a prefix.
    """
    query = Query("")
    required: list[list[str]] = []  # groups joined by AND, the items of a group by OR
    excluded: list[str] = []
    joining = False
    for match in _TOKEN.finditer(text):
        if match["word"] == "OR" and not match["negw"]:
            joining = bool(required)
            continue
        if match["phrase"] is not None:
            item, negative = _string(match["phrase"]), bool(match["neg"])
        else:
            item, negative = _word(match["word"], query, terms_starting_with, stem), bool(match["negw"])
        if item is None:
            continue
        if negative:
            excluded.append(item)
        elif joining:
            required[-1].append(item)
        else:
            required.append([item])
        joining = False
    if not required:
        raise CommandError(
            "give at least one word to find (a -word only excludes)" if excluded else "give words to find", EXIT_USAGE
        )
    expression = " AND ".join(f"({' OR '.join(group)})" for group in required)
    query.expression = expression + "".join(f" NOT {item}" for item in excluded)
    return query


def _string(text: str) -> str | None:
    """Text (which never holds a quote: quotes delimit tokens) as an FTS5 string; None when it has no word."""
    if not any(character.isalnum() for character in text):
        return None
    return f'"{text}"'


def _word(
    word: str, query: Query, terms_starting_with: Callable[[str], list[str]], stem: Callable[[str], str] | None
) -> str | None:
    if word.endswith("*"):
        string = _string(word.rstrip("*"))
        return f"{string} *" if string else None
    folded = fold(word)
    if stem is None or not folded.isalpha() or len(folded) < _MIN_STEMMED_LENGTH:
        return _string(word)
    forms = word_forms(folded, terms_starting_with, stem)
    query.forms[word] = forms
    return "(" + " OR ".join(f'"{form}"' for form in forms) + ")"


def word_forms(word: str, terms_starting_with: Callable[[str], list[str]], stem: Callable[[str], str]) -> list[str]:
    """The word and the indexed words with the same root, sorted."""
    root = stem(word)
    bases = [root]
    if len(root) > _MIN_STEMMED_LENGTH and root[0] in _SWALLOWED:
        bases.append(root[1:])
    candidates = set()
    for prefix in PREFIXES:
        for base in bases:
            if base is root or prefix.endswith(_NASAL_ENDINGS):
                candidates.update(terms_starting_with(prefix + base))
    return sorted({word} | {candidate for candidate in candidates if stem(candidate) == root})


def fold(word: str) -> str:
    """A word as the index keeps it: lowercase, without diacritics (unicode61 remove_diacritics 2)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@cache
def stemmer() -> Callable[[str], str] | None:
    """Sastrawi's Indonesian stemmer (dictionary-based, with a cache), or None without the ``search`` extra."""
    try:
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    except ImportError:
        print(
            "scrapy search: note: words are matched as written; install the search extra"
            " (pip install 'newscrawl[search]') to find their other forms too",
            file=sys.stderr,
        )
        return None
    return StemmerFactory().create_stemmer().stem


def _as_text(number: int, hit: SearchHit) -> str:
    article = hit.article
    snippet = " ".join(hit.snippet.split())
    return (
        f"{number:>3}. {article['published_day']}  {article['channel'] or '-'}  {article['title']}\n"
        f"     {snippet}\n"
        f"     {article['url']}"
    )


def _as_json(number: int, hit: SearchHit) -> str:
    return json.dumps({"rank": number, "score": hit.score, "snippet": hit.snippet, **hit.article}, ensure_ascii=False)
