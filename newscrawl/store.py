"""The SQLite store: one row per article, its history, a full-text index, crawl state.

An analyst's database and the cron crawler's memory are the same file:

- ``articles``: one row per (portal, id), every contract field (lists and
  subsections as JSON text), ``first_seen``, ``last_seen`` and a content hash;
- ``article_versions``: every version an article had before its content changed,
  so nothing an analyst saw is ever lost;
- ``articles_fts``: an FTS5 index over title, description and body, kept in step
  with ``articles`` by triggers, diacritics-insensitive;
- ``runs``: one row per crawl, for the cron summary;
- ``article_fingerprints``: each article's text fingerprint for ``scrapy similar``,
  computed when first asked for and kept with the content hash it was computed from;
- ``store_sequence``: the last change number.  Every stored change (a new article,
  a changed one) gets the next number in ``seq``, and keeps it when it becomes an
  older version: consumers read "every change after N" (:meth:`ArticleStore.changes`)
  instead of trusting a feed file that a killed crawl may not have written.

The file is opened in WAL mode and written in batches: a killed process leaves a
database whose committed rows are whole.  Its schema version is checked at open:
an older database is migrated, a newer or foreign one is refused, never touched;
so is a damaged one (``PRAGMA quick_check``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from scrapy.settings import BaseSettings
from scrapy.utils.conf import closest_scrapy_cfg

from newscrawl import similar
from newscrawl.dates import local_day
from newscrawl.items import ARTICLE_FIELDS

#: Identifies a newscrawl database in the SQLite header ("ncrw").
APPLICATION_ID = 0x6E637277

_JSON_FIELDS = ("authors", "editors", "tags", "subsections", "images")
#: Columns derived from another field: the store computes published_utc, the record carries published_day.
_DERIVED = ("published_utc", "published_day")
# What an article says; a new crawl time or URL alone is not a new version.  A value
# derived from another field adds nothing, and leaving it out keeps the hashes of
# rows stored before the contract listed it comparable.
_CONTENT_FIELDS = tuple(field for field in ARTICLE_FIELDS if field not in ("url", "crawled_at", *_DERIVED))
_COLUMNS = tuple(dict.fromkeys(ARTICLE_FIELDS + _DERIVED + ("first_seen", "last_seen", "content_hash", "seq")))

_ARTICLE_COLUMNS_SQL = """
    url TEXT NOT NULL, id TEXT NOT NULL, portal TEXT NOT NULL, type TEXT NOT NULL,
    title TEXT NOT NULL, description TEXT, authors TEXT NOT NULL, editors TEXT NOT NULL,
    published_at TEXT NOT NULL, published_at_raw TEXT, modified_at TEXT, modified_at_raw TEXT,
    channel TEXT, category TEXT, tags TEXT NOT NULL, dateline TEXT, subsections TEXT NOT NULL,
    body TEXT NOT NULL, images TEXT NOT NULL, page_count INTEGER NOT NULL, language TEXT,
    crawled_at TEXT NOT NULL, published_utc TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, content_hash TEXT NOT NULL
"""

#: The schema, as the steps that build it; a database at version N has run the first N.
MIGRATIONS: tuple[str, ...] = (
    # 1: articles and their earlier versions.
    f"""
    CREATE TABLE articles ({_ARTICLE_COLUMNS_SQL}, PRIMARY KEY (portal, id));
    CREATE INDEX articles_published ON articles (published_utc);
    CREATE INDEX articles_channel ON articles (channel, published_utc);
    CREATE TABLE article_versions ({_ARTICLE_COLUMNS_SQL},
        version INTEGER NOT NULL, superseded_at TEXT NOT NULL,
        PRIMARY KEY (portal, id, version));
    """,
    # 2: full-text search over title, description and body.
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, description, body,
        content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, description, body)
        VALUES (new.rowid, new.title, new.description, new.body);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, description, body)
        VALUES ('delete', old.rowid, old.title, old.description, old.body);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, description, body ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, description, body)
        VALUES ('delete', old.rowid, old.title, old.description, old.body);
        INSERT INTO articles_fts (rowid, title, description, body)
        VALUES (new.rowid, new.title, new.description, new.body);
    END;
    INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    """,
    # 3: one row per crawl run.
    """
    CREATE TABLE runs (
        started_at TEXT NOT NULL, finished_at TEXT, spider TEXT NOT NULL,
        outcome TEXT, new INTEGER, updated INTEGER, unchanged INTEGER, dropped INTEGER);
    """,
    # 4: articles looked up by URL, for portals whose article URLs carry no id (merdeka.com).
    """
    CREATE INDEX articles_url ON articles (portal, url);
    """,
    # 5: the run history for cron: the arguments (JSON, credentials redacted), duration in
    # seconds, exit status, why it failed, drops by reason (JSON), article links listed and
    # listed articles already stored ("known").  Runs refused before crawling have outcome
    # 'busy' (exit 75) or 'bad_argument' (exit 2).
    """
    ALTER TABLE runs ADD COLUMN arguments TEXT;
    ALTER TABLE runs ADD COLUMN duration REAL;
    ALTER TABLE runs ADD COLUMN exit_status INTEGER;
    ALTER TABLE runs ADD COLUMN failure TEXT;
    ALTER TABLE runs ADD COLUMN drops TEXT;
    ALTER TABLE runs ADD COLUMN listed INTEGER;
    ALTER TABLE runs ADD COLUMN known INTEGER;
    """,
    # 6: the publication day in Asia/Jakarta, which analysts group by.
    """
    ALTER TABLE articles ADD COLUMN published_day TEXT;
    ALTER TABLE article_versions ADD COLUMN published_day TEXT;
    UPDATE articles SET published_day = newscrawl_local_day(published_at);
    UPDATE article_versions SET published_day = newscrawl_local_day(published_at);
    CREATE INDEX articles_day ON articles (published_day);
    """,
    # 7: a change number for every stored version.  A row's crawled_at is when its
    # content was stored (seeing it again unchanged moves only last_seen), so the
    # rows already stored are numbered in that order, an article's versions before
    # its current row.
    """
    ALTER TABLE articles ADD COLUMN seq INTEGER;
    ALTER TABLE article_versions ADD COLUMN seq INTEGER;
    CREATE TEMP TABLE change_order AS
        SELECT source, row, ROW_NUMBER() OVER (ORDER BY julianday(stored_at), portal, id, version) AS seq
        FROM (SELECT 'current' AS source, rowid AS row, crawled_at AS stored_at, portal, id, 1e18 AS version
              FROM articles
              UNION ALL
              SELECT 'version', rowid, crawled_at, portal, id, version FROM article_versions);
    CREATE UNIQUE INDEX temp.change_order_row ON change_order (source, row);
    UPDATE articles SET seq = (SELECT seq FROM change_order WHERE source = 'current' AND row = articles.rowid);
    UPDATE article_versions
        SET seq = (SELECT seq FROM change_order WHERE source = 'version' AND row = article_versions.rowid);
    DROP TABLE temp.change_order;
    CREATE UNIQUE INDEX articles_seq ON articles (seq);
    CREATE UNIQUE INDEX article_versions_seq ON article_versions (seq);
    CREATE TABLE store_sequence (last INTEGER NOT NULL);
    INSERT INTO store_sequence
        SELECT MAX(COALESCE((SELECT MAX(seq) FROM articles), 0), COALESCE((SELECT MAX(seq) FROM article_versions), 0));
    """,
    # 8: each article's text fingerprint (newscrawl.similar), kept with the content hash
    # it was computed from; NULL for a text too short to have one.
    """
    CREATE TABLE article_fingerprints (
        portal TEXT NOT NULL, id TEXT NOT NULL, content_hash TEXT NOT NULL, fingerprint BLOB,
        PRIMARY KEY (portal, id)) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

SaveOutcome = Literal["new", "updated", "unchanged"]


class StoreError(Exception):
    """The store cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class KnownArticle:
    """What the store remembers of an article, for deciding whether to fetch it again."""

    url: str
    published_at: str
    modified_at: str | None
    content_hash: str
    last_seen: str

    @property
    def changed_at(self) -> datetime:
        """The article's latest stated time, published or modified."""
        return max(datetime.fromisoformat(t) for t in (self.published_at, self.modified_at) if t)


def store_path(settings: BaseSettings) -> Path | None:
    """Where the store lives (``NEWSCRAWL_STORE_PATH``, relative to the project directory), or None when it is off."""
    path = settings.get("NEWSCRAWL_STORE_PATH")
    if not settings.getbool("NEWSCRAWL_STORE_ENABLED") or not path:
        return None
    path = Path(path).expanduser()
    if not path.is_absolute():
        project_cfg = closest_scrapy_cfg()
        path = (Path(project_cfg).parent if project_cfg else Path.cwd()) / path
    return path


def content_hash(article: dict[str, Any]) -> str:
    """A hash of what the article says; equal hashes mean nothing to store again."""
    content = {field: article.get(field) for field in _CONTENT_FIELDS}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _utc(timestamp: str) -> str:
    return datetime.fromisoformat(timestamp).astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Change:
    """One stored change: a version of an article, numbered in the order the store received it."""

    seq: int
    article: dict[str, Any]


#: What a search hit tells of its article.
_HIT_FIELDS = ("url", "id", "portal", "title", "published_at", "published_day", "channel")


@dataclass(frozen=True)
class SearchHit:
    """An article found by :meth:`ArticleStore.search`: its bm25 score (lower is better) and a snippet."""

    score: float
    snippet: str
    article: dict[str, Any]


class ArticleStore:
    """An open store.  Writes are batched: call :meth:`commit` (or :meth:`close`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.pending = 0
        self._has_vocabulary = False

    @classmethod
    def open(cls, path: str | Path, verify: bool = True) -> ArticleStore:
        """Open (creating or migrating) the store at ``path``; StoreError if it is not ours or is damaged.

        ``verify`` runs ``PRAGMA quick_check`` first (about 1.5 ms per MiB of store, see README): a
        damaged file is refused before anything is written into it.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the store {str(path)!r}: {error}") from None
        try:
            _prepare(connection, path, verify=verify)
        except sqlite3.OperationalError as error:  # e.g. no right to create the -wal journal
            connection.close()
            raise StoreError(f"cannot open the store {str(path)!r}: {error}") from None
        except sqlite3.DatabaseError as error:
            connection.close()
            raise StoreError(_unusable(path, error)) from None
        except StoreError:
            connection.close()
            raise
        return cls(connection, path)

    @classmethod
    def open_for_reading(cls, path: str | Path) -> ArticleStore:
        """Open an existing store only to read it, also when the file or its folder is read-only.

        A WAL database opened read-only needs its ``-wal`` and ``-shm`` files, which the
        last connection to close deletes, and which a reader without write access to the
        folder cannot create ("attempt to write a readonly database").  Without a ``-wal``
        file every committed row is in the main file, so it is then read as immutable.
        A store of an older schema is migrated when it can be written, refused otherwise.
        """
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"no article store at {str(path)!r}")
        uri = f"file:{quote(str(path.resolve()))}"
        try:
            connection = _reader(f"{uri}?mode=ro")
        except sqlite3.OperationalError as error:
            if Path(f"{path.resolve()}-wal").exists():
                raise StoreError(f"cannot read the store {str(path)!r}: {error}") from None
            try:
                connection = _reader(f"{uri}?immutable=1")
            except sqlite3.DatabaseError as error:
                raise StoreError(_unusable(path, error)) from None
        except sqlite3.DatabaseError as error:
            raise StoreError(_unusable(path, error)) from None
        try:
            version = _check(connection, path, verify=True)
        except sqlite3.DatabaseError as error:
            connection.close()
            raise StoreError(_unusable(path, error)) from None
        except StoreError:
            connection.close()
            raise
        if version == SCHEMA_VERSION:
            return cls(connection, path)
        connection.close()
        if not os.access(path, os.W_OK):
            raise StoreError(
                f"{str(path)!r} has schema version {version}, older than this newscrawl's ({SCHEMA_VERSION}),"
                " and is read-only here: a crawl upgrades it"
            )
        return cls.open(path, verify=False)

    def save(self, article: dict[str, Any]) -> SaveOutcome:
        """Store an article: insert it, note that it was seen again, or keep its old version and replace it."""
        digest = content_hash(article)
        seen = article["crawled_at"]
        self._begin()
        row = self.connection.execute(
            "SELECT content_hash, first_seen FROM articles WHERE portal = ? AND id = ?",
            (article["portal"], article["id"]),
        ).fetchone()
        if row is None:
            values = self._row(article, digest, first_seen=seen, seq=self._next_seq())
            placeholders = ", ".join("?" for _ in _COLUMNS)
            self.connection.execute(f"INSERT INTO articles ({', '.join(_COLUMNS)}) VALUES ({placeholders})", values)
            outcome: SaveOutcome = "new"
        elif row[0] == digest:
            self.connection.execute(
                "UPDATE articles SET last_seen = ?, url = ? WHERE portal = ? AND id = ?",
                (seen, article["url"], article["portal"], article["id"]),
            )
            outcome = "unchanged"
        else:
            self._keep_version(article["portal"], article["id"], superseded_at=seen)
            values = self._row(article, digest, first_seen=row[1], seq=self._next_seq())
            assignments = ", ".join(f"{column} = ?" for column in _COLUMNS)
            self.connection.execute(
                f"UPDATE articles SET {assignments} WHERE portal = ? AND id = ?",
                (*values, article["portal"], article["id"]),
            )
            outcome = "updated"
        self.pending += 1
        return outcome

    def _next_seq(self) -> int:
        self.connection.execute("UPDATE store_sequence SET last = last + 1")
        return self.connection.execute("SELECT last FROM store_sequence").fetchone()[0]

    def _row(self, article: dict[str, Any], digest: str, first_seen: str, seq: int) -> tuple[Any, ...]:
        values = {
            field: json.dumps(article[field], ensure_ascii=False) if field in _JSON_FIELDS else article.get(field)
            for field in ARTICLE_FIELDS
        }
        values.update(
            published_utc=_utc(article["published_at"]),
            first_seen=first_seen,
            last_seen=article["crawled_at"],
            content_hash=digest,
            seq=seq,
        )
        return tuple(values[column] for column in _COLUMNS)

    def _keep_version(self, portal: str, article_id: str, superseded_at: str) -> None:
        columns = ", ".join(_COLUMNS)
        self.connection.execute(
            f"""INSERT INTO article_versions ({columns}, version, superseded_at)
                SELECT {columns},
                       (SELECT COUNT(*) + 1 FROM article_versions WHERE portal = ? AND id = ?), ?
                FROM articles WHERE portal = ? AND id = ?""",
            (portal, article_id, superseded_at, portal, article_id),
        )

    def known(self, portal: str, keys: Iterable[str]) -> dict[str, KnownArticle]:
        """What the store remembers of these articles (committed or not), by key: an article id, or
        the URL of an article whose URL carries no id (see ``Portal.article_key``)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, KnownArticle] = {}
        columns = "id, url, published_at, modified_at, content_hash, last_seen"
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            # Two searches, one per index: an OR of both would scan the portal's rows.
            rows = self.connection.execute(
                f"""SELECT {columns} FROM articles WHERE portal = ? AND id IN ({marks})
                    UNION ALL SELECT {columns} FROM articles WHERE portal = ? AND url IN ({marks})""",
                (portal, *chunk, portal, *chunk),
            )
            keyed = set(chunk)
            for article_id, url, *rest in rows:
                article = KnownArticle(url, *rest)
                for key in (article_id, url):
                    if key in keyed:
                        found[key] = article
        return found

    def latest_published(self, portal: str) -> datetime | None:
        """When the newest stored article of the portal was published."""
        row = self.connection.execute("SELECT MAX(published_utc) FROM articles WHERE portal = ?", (portal,)).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def articles(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        channels: Iterable[str] = (),
        portal: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stored articles in publication order, one at a time (constant memory), as contract records.

        ``since`` is inclusive and ``until`` exclusive; channels match case-insensitively.
        """
        where, parameters = _filters(since, until, channels, portal)
        query = f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles {where} ORDER BY published_utc, portal, id"
        for row in self._stream(query, parameters):
            yield _record(row)

    def search(
        self,
        match: str,
        limit: int,
        since: datetime | None = None,
        until: datetime | None = None,
        channels: Iterable[str] = (),
        portal: str | None = None,
    ) -> list[SearchHit]:
        """The best ``limit`` articles for an FTS5 query, best first, each with a snippet ([marked] words).

        Ranked by bm25 with a word in the title worth ten in the body and one in the
        description three: a headline says what an article is about.
        """
        where, parameters = _filters(since, until, channels, portal)
        where = f"AND {where[len('WHERE ') :]}" if where else ""
        rows = self.connection.execute(
            f"""SELECT bm25(articles_fts, 10.0, 3.0, 1.0) AS score,
                       snippet(articles_fts, -1, '[', ']', '…', 16),
                       {", ".join(f"a.{field}" for field in _HIT_FIELDS)}
                FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                WHERE articles_fts MATCH ? {where}
                ORDER BY score LIMIT ?""",
            [match, *parameters, limit],
        )
        return [SearchHit(score, snippet, dict(zip(_HIT_FIELDS, rest, strict=True))) for score, snippet, *rest in rows]

    def terms_starting_with(self, prefix: str) -> list[str]:
        """The indexed words (lowercase, without diacritics) that start with ``prefix``."""
        if not self._has_vocabulary:
            # A temporary table: it also works on a store opened read-only.
            self.connection.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_terms USING fts5vocab(main, articles_fts, 'row')"
            )
            self._has_vocabulary = True
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.connection.execute(
            "SELECT term FROM temp.articles_terms WHERE term >= ? AND term < ?", (prefix, upper)
        )
        return [row[0] for row in rows]

    def last_seq(self) -> int:
        """The number of the latest stored change (0 for an empty store)."""
        return self.connection.execute("SELECT last FROM store_sequence").fetchone()[0]

    def changes(
        self,
        after: int,
        through: int,
        since: datetime | None = None,
        until: datetime | None = None,
        channels: Iterable[str] = (),
        portal: str | None = None,
    ) -> Iterator[Change]:
        """Every change numbered ``after`` < seq <= ``through``, in that order, current and older versions alike.

        Call it inside a read transaction that also read ``through`` (:meth:`reading`), so
        that a crawl committing meanwhile adds nothing between the two.
        """
        where, parameters = _filters(since, until, channels, portal)
        where = f"{where} AND" if where else "WHERE"
        columns = ", ".join(("seq",) + ARTICLE_FIELDS)
        query = f"""SELECT {columns} FROM articles {where} seq > ? AND seq <= ?
                    UNION ALL
                    SELECT {columns} FROM article_versions {where} seq > ? AND seq <= ?
                    ORDER BY seq"""
        for seq, *row in self._stream(query, [*parameters, after, through, *parameters, after, through]):
            yield Change(seq, _record(row))

    def reading(self) -> _ReadTransaction:
        """A read transaction: every query in it sees the store as it was when it began."""
        return _ReadTransaction(self.connection)

    def _stream(self, query: str, parameters: list[Any]) -> Iterator[tuple[Any, ...]]:
        # A cursor of its own: the rows stream from SQLite as they are read.
        cursor = self.connection.cursor()
        try:
            yield from cursor.execute(query, parameters)
        finally:
            cursor.close()

    def fingerprints(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        channels: Iterable[str] = (),
        portal: str | None = None,
    ) -> Iterator[tuple[tuple[str, str], bytes]]:
        """The text fingerprints of the stored articles, as ((portal, id), fingerprint).

        A fingerprint is computed the first time it is asked for, and again once the
        article's content changed; it is kept in ``article_fingerprints``.  Articles too
        short to have one are left out.
        """
        where, parameters = _filters(since, until, channels, portal)
        stale = f"""SELECT a.portal, a.id, a.content_hash, a.title, a.body
                    FROM (SELECT portal, id, content_hash, title, body FROM articles {where}) a
                    LEFT JOIN article_fingerprints f ON f.portal = a.portal AND f.id = a.id
                    WHERE f.content_hash IS NOT a.content_hash"""
        computed = [
            (article_portal, article_id, digest, similar.fingerprint(title, body))
            for article_portal, article_id, digest, title, body in self.connection.execute(stale, parameters)
        ]
        if computed:
            self._begin()
            self.connection.executemany("INSERT OR REPLACE INTO article_fingerprints VALUES (?, ?, ?, ?)", computed)
            self.commit()
        stored = f"""SELECT a.portal, a.id, f.fingerprint
                     FROM (SELECT portal, id FROM articles {where}) a
                     JOIN article_fingerprints f ON f.portal = a.portal AND f.id = a.id
                     WHERE f.fingerprint IS NOT NULL"""
        for article_portal, article_id, fingerprint in self._stream(stored, parameters):
            yield (article_portal, article_id), fingerprint

    def summaries(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """What a list of found articles shows of each (url, id, portal, title, published_at, published_day,
        channel), by (portal, id)."""
        found = {}
        for key in keys:
            row = self.connection.execute(
                f"SELECT {', '.join(_HIT_FIELDS)} FROM articles WHERE portal = ? AND id = ?", key
            ).fetchone()
            if row is not None:
                found[key] = dict(zip(_HIT_FIELDS, row, strict=True))
        return found

    def prune_versions(self, superseded_before: datetime) -> int:
        """Delete the older versions superseded before this time; the current rows are never touched."""
        self._begin()
        deleted = self.connection.execute(
            "DELETE FROM article_versions WHERE julianday(superseded_at) < julianday(?)",
            (superseded_before.astimezone(timezone.utc).isoformat(timespec="seconds"),),
        ).rowcount
        self.commit()
        return deleted

    def snapshot(self, target: Path) -> None:
        """Copy the store into ``target`` with SQLite's backup API, as one self-contained file.

        The copy is consistent (a crawl may write meanwhile), in DELETE journal mode (no
        ``-wal``/``-shm`` files: a read-only user opens it as it is) and read-only.
        """
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            self.connection.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        os.chmod(target, 0o444)

    def record_run(
        self,
        spider: str,
        started_at: str,
        finished_at: str,
        outcome: str,
        counts: dict[str, int],
        details: dict[str, Any] | None = None,
    ) -> None:
        """One row of the run history.  ``counts``: new, updated, unchanged, dropped, listed, known;
        ``details``: arguments and drops (dicts, stored as JSON), duration, exit_status, failure."""
        details = details or {}
        as_json = {
            name: json.dumps(details[name], ensure_ascii=False) for name in ("arguments", "drops") if name in details
        }
        self._begin()
        self.connection.execute(
            """INSERT INTO runs (started_at, finished_at, spider, outcome, new, updated, unchanged, dropped,
                                 arguments, duration, exit_status, failure, drops, listed, known)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                started_at,
                finished_at,
                spider,
                outcome,
                counts.get("new", 0),
                counts.get("updated", 0),
                counts.get("unchanged", 0),
                counts.get("dropped", 0),
                as_json.get("arguments"),
                details.get("duration"),
                details.get("exit_status"),
                details.get("failure"),
                as_json.get("drops"),
                counts.get("listed", 0),
                counts.get("known", 0),
            ),
        )
        self.pending += 1

    def _begin(self) -> None:
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")
        self.pending = 0

    def close(self) -> None:
        self.commit()
        self.connection.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _ReadTransaction:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN")

    def __exit__(self, *exc: object) -> None:
        self.connection.execute("COMMIT")


def _filters(
    since: datetime | None, until: datetime | None, channels: Iterable[str], portal: str | None
) -> tuple[str, list[Any]]:
    """A WHERE clause (or "") and its parameters for a publication window, channels and a portal."""
    conditions, parameters = [], []
    if since is not None:
        conditions.append("published_utc >= ?")
        parameters.append(since.astimezone(timezone.utc).isoformat(timespec="seconds"))
    if until is not None:
        conditions.append("published_utc < ?")
        parameters.append(until.astimezone(timezone.utc).isoformat(timespec="seconds"))
    channels = [channel.casefold() for channel in channels]
    if channels:
        conditions.append(f"lower(channel) IN ({', '.join('?' for _ in channels)})")
        parameters.extend(channels)
    if portal:
        conditions.append("portal = ?")
        parameters.append(portal)
    return (f"WHERE {' AND '.join(conditions)}" if conditions else ""), parameters


def _record(row: Iterable[Any]) -> dict[str, Any]:
    """A stored row's contract fields as the article record."""
    return {
        field: json.loads(value) if field in _JSON_FIELDS else value
        for field, value in zip(ARTICLE_FIELDS, row, strict=True)
    }


def _unusable(path: Path, error: sqlite3.Error) -> str:
    return f"{str(path)!r} is not a usable SQLite database ({error}); refusing to touch it"


def _reader(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        # Opening is lazy: the first read is where a WAL file that cannot be set up fails.
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _check(connection: sqlite3.Connection, path: Path, verify: bool) -> int:
    """Check that the database is ours, not newer than this code and whole; its schema version."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    has_tables = connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] > 0
    if application_id != APPLICATION_ID and (has_tables or application_id != 0):
        raise StoreError(f"{str(path)!r} is not a newscrawl database; refusing to touch it")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{str(path)!r} has schema version {version}, newer than this newscrawl knows ({SCHEMA_VERSION});"
            " upgrade newscrawl"
        )
    if verify and has_tables:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
        if rows != ["ok"]:
            problems = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
            raise StoreError(
                f"{str(path)!r} is damaged (PRAGMA quick_check: {problems[0]}); refusing to touch it:"
                " restore a backup, or recover its rows with the sqlite3 shell's .recover"
            )
    return version


def _prepare(connection: sqlite3.Connection, path: Path, verify: bool) -> None:
    """Check the database and set it up for writing, migrating an older one."""
    version = _check(connection, path, verify)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.create_function("newscrawl_local_day", 1, local_day, deterministic=True)
    if version < SCHEMA_VERSION:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for step in MIGRATIONS[version:]:
                for statement in _statements(step):
                    connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """The statements of a migration step, split where SQLite says one is complete."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [statement for statement in statements if statement.strip(" ;\n")]
