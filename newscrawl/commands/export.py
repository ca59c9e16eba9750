"""``scrapy export``: the store, a slice of it, or its changes since a cursor, as JSON Lines or CSV.

Rows stream from SQLite to the output one at a time, so a store of a million
articles exports in constant memory.  A regular file is written under a temporary
name, flushed to disk and renamed when complete: an interrupted or failed export
leaves no half file behind, and never replaces the store itself.

Consumers that must see every stored change once use ``--cursor FILE``: the store
numbers each change (``seq``), the export writes the changes after the number in
FILE, and FILE moves on only once the output is completely on disk.  A killed
export leaves the cursor where it was, so the next one writes the same changes
again; each record carries its ``seq``, with which a consumer skips one it has
already applied.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scrapy.commands import ScrapyCommand
from scrapy.exporters import BaseItemExporter, JsonLinesItemExporter

from newscrawl.commands import CommandError, add_slice_options, slice_of
from newscrawl.exporters import ArticleCsvItemExporter
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.runs import EXIT_FAILED, EXIT_USAGE
from newscrawl.store import ArticleStore, StoreError, store_path

FORMATS = ("jsonl", "csv")
EXTENSIONS = {".jsonl": "jsonl", ".csv": "csv"}


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Export stored articles (or the changes since a cursor) to JSON Lines or CSV"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", default="-", help="file to write, - for stdout (default)")
        parser.add_argument("--format", choices=FORMATS, help="jsonl or csv (default: from the file name, else jsonl)")
        add_slice_options(parser)
        parser.add_argument("--store", metavar="PATH", help="the SQLite store (default: NEWSCRAWL_STORE_PATH)")
        parser.add_argument(
            "--after", metavar="SEQ", help="the changes numbered after SEQ, every version, in the order stored"
        )
        parser.add_argument(
            "--cursor", metavar="FILE", help="the changes after the number in FILE (none: all); FILE then moves on"
        )
        parser.add_argument(
            "--snapshot", metavar="FILE", help="copy the whole store into FILE, a read-only SQLite file"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            if args:
                raise CommandError(f"unexpected argument {args[0]!r}", EXIT_USAGE)
            summary = export(opts, default_store=store_path(self.settings))
        except CommandError as error:
            print(f"scrapy export: error: {error}", file=sys.stderr)
            self.exitcode = error.code
            return
        print(f"scrapy export: {summary}", file=sys.stderr)


def export(opts: argparse.Namespace, default_store: Path | None) -> str:
    """Do what the options ask; the summary line, or CommandError."""
    if opts.snapshot is not None:
        return _snapshot(opts, default_store)
    if not opts.output:
        raise CommandError("output: the file name is empty (give a file, or - for stdout)", EXIT_USAGE)
    chosen = slice_of(opts)
    if opts.after is not None and opts.cursor is not None:
        raise CommandError("give --after or --cursor, not both (the cursor holds where to start)", EXIT_USAGE)
    after = _sequence_number(opts.after, "after", EXIT_USAGE) if opts.after is not None else None
    store_file = _store_file(opts.store, default_store)
    # The store named as the output is the worse mistake: say that, not that .sqlite3 is no export format.
    target = Target.of(opts.output, store_file)
    output_format = _output_format(opts.output, opts.format)
    cursor = Cursor(Path(opts.cursor)) if opts.cursor is not None else None
    if cursor is not None:
        cursor.check_writable()
        after = cursor.read()

    store = _open(store_file)
    try:
        if after is None:
            # closing: a write that fails leaves no cursor open on the store being closed.
            with closing(store.articles(**chosen.filters())) as records:
                count = target.write(lambda stream: _export_records(records, stream, output_format, ARTICLE_FIELDS))
            return f"{count} articles written to {opts.output}"
        with store.reading():
            through = store.last_seq()
            if after > through:
                raise CommandError(
                    f"seq {after} is beyond the store's last change ({through}): is it from another store?"
                )
            changes = store.changes(after, through, **chosen.filters())
            with closing(changes):
                records = ({"seq": change.seq, **change.article} for change in changes)
                fields = ("seq", *ARTICLE_FIELDS)
                count = target.write(lambda stream: _export_records(records, stream, output_format, fields))
    finally:
        store.close()
    summary = f"{count} changes written to {opts.output}, seq {after + 1}..{through}"
    if after == through:
        summary = f"{count} changes written to {opts.output}: none after seq {after}"
    if cursor is not None:
        cursor.advance(through)
        summary += f"; cursor {cursor.path} at {through}"
    return summary


def _export_records(
    records: Iterable[dict[str, Any]], stream: IO[bytes], output_format: str, fields: Iterable[str]
) -> int:
    """Write the records with the project's exporter for the format (the one ``scrapy crawl -O`` uses)."""
    exporter_class: type[BaseItemExporter] = ArticleCsvItemExporter if output_format == "csv" else JsonLinesItemExporter
    exporter = exporter_class(stream, fields_to_export=list(fields), encoding="utf-8")
    exporter.start_exporting()
    count = 0
    for record in records:
        exporter.export_item(record)
        count += 1
    exporter.finish_exporting()
    return count


def _output_format(output: str, chosen: str | None) -> str:
    if chosen:
        return chosen
    suffix = Path(output).suffix.lower() if output != "-" else ""
    if not suffix:
        return "jsonl"
    if suffix not in EXTENSIONS:
        raise CommandError(
            f"output: unknown extension {suffix!r} of {output!r}; known: {', '.join(EXTENSIONS)} (or give --format)",
            EXIT_USAGE,
        )
    return EXTENSIONS[suffix]


def _sequence_number(text: str, name: str, code: int) -> int:
    if not text.strip().isdigit():
        raise CommandError(f"{name}: {text.strip()!r} is not a change number (0, 1, 2, ...)", code)
    return int(text)


def _store_file(given: str | None, default: Path | None) -> Path:
    path = Path(given) if given else default
    if path is None or not path.exists():
        raise CommandError(f"no article store at {str(path)!r}; crawl first or give --store")
    return path


def _open(path: Path) -> ArticleStore:
    try:
        return ArticleStore.open_for_reading(path)
    except StoreError as error:
        raise CommandError(str(error)) from None


def _snapshot(opts: argparse.Namespace, default_store: Path | None) -> str:
    others = [
        name for name in ("since", "until", "channel", "portal", "after", "cursor", "format") if getattr(opts, name)
    ]
    if others or opts.output != "-":
        given = [f"--{name}" for name in others] + (["-o"] if opts.output != "-" else [])
        raise CommandError(f"snapshot: copies the whole store, without {', '.join(given)}", EXIT_USAGE)
    if not opts.snapshot:
        raise CommandError("snapshot: the file name is empty", EXIT_USAGE)
    store_file = _store_file(opts.store, default_store)
    target = Target.of(opts.snapshot, store_file)
    if target.through:
        raise CommandError(f"snapshot: {opts.snapshot!r} is not a regular file; a snapshot is a database file")
    store = _open(store_file)
    try:
        target.replace_with(store.snapshot)
    finally:
        store.close()
    return f"snapshot of {store_file} written to {opts.snapshot} (read-only, no -wal file needed)"


@dataclass(frozen=True)
class Target:
    """Where the output goes: stdout, a pipe or device written through, or a regular file replaced whole."""

    name: str
    path: Path | None  # None: stdout
    through: bool  # a FIFO or character device: written as it is, not replaced

    @classmethod
    def of(cls, output: str, store: Path) -> Target:
        """Check the output against the store and the file system before anything is read or written."""
        if output == "-":
            return cls(output, None, through=True)
        path = Path(os.path.realpath(output))  # through symlinks: the file they name is written
        try:
            status = path.stat()
        except FileNotFoundError:
            if not path.parent.is_dir():
                raise CommandError(f"cannot write {output!r}: no such directory {str(path.parent)!r}") from None
            return cls(output, path, through=False)
        except OSError as error:
            raise CommandError(f"cannot write {output!r}: {error.strerror}") from None
        if _same_file(status, store):
            raise CommandError(f"refusing to write {output!r}: it is the article store {str(store)!r}")
        if stat.S_ISDIR(status.st_mode):
            raise CommandError(f"cannot write {output!r}: it is a directory")
        if stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode):
            return cls(output, path, through=True)
        if not stat.S_ISREG(status.st_mode):
            raise CommandError(f"refusing to write {output!r}: not a regular file, a FIFO or a character device")
        return cls(output, path, through=False)

    def write(self, produce: Callable[[IO[bytes]], int]) -> int:
        """Write the output with ``produce`` and make it durable; CommandError (and no partial file) if that fails."""
        try:
            if self.path is None:
                return _write_through(sys.stdout.buffer, produce)
            if self.through:
                with open(self.path, "wb") as stream:
                    return _write_through(stream, produce)
            count = 0

            def write_file(partial: Path) -> None:
                nonlocal count
                with open(partial, "xb") as stream:
                    count = produce(stream)
                    stream.flush()
                    os.fsync(stream.fileno())

            self.replace_with(write_file)
            return count
        except BrokenPipeError:
            # Python would complain again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise CommandError(f"cannot write {self.name!r}: the reader closed it (broken pipe)") from None
        except OSError as error:
            raise CommandError(f"cannot write {self.name!r}: {error.strerror or error}") from None

    def replace_with(self, make: Callable[[Path], None]) -> None:
        """Make the file under a temporary name beside it, then rename it over the target."""
        assert self.path is not None
        partial = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.partial")
        try:
            make(partial)
            os.replace(partial, self.path)
            _sync_directory(self.path.parent)
        except OSError as error:
            raise CommandError(f"cannot write {self.name!r}: {error.strerror or error}") from None
        except Exception as error:
            raise CommandError(f"cannot write {self.name!r}: {error}") from None
        finally:
            partial.unlink(missing_ok=True)


def _write_through(stream: IO[bytes], produce: Callable[[IO[bytes]], int]) -> int:
    count = produce(stream)
    stream.flush()
    try:
        os.fsync(stream.fileno())
    except io.UnsupportedOperation:
        pass  # a stream without a file descriptor (captured output): nothing to sync
    except OSError as error:
        # A pipe, a terminal or /dev/null cannot be synced, and need not be.
        if error.errno not in (errno.EINVAL, errno.EOPNOTSUPP):
            raise
    return count


def _same_file(status: os.stat_result, store: Path) -> bool:
    """Whether this file is the store or one of its journals, by identity (also through links)."""
    for name in (str(store), f"{store}-wal", f"{store}-shm", f"{store}-journal"):
        try:
            other = os.stat(name)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino):
            return True
    return False


def _sync_directory(directory: Path) -> None:
    """Make a rename in the directory durable."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Cursor:
    """A file holding the number of the last change a consumer has been given."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def check_writable(self) -> None:
        directory = self.path.parent
        if not directory.is_dir():
            raise CommandError(f"cursor: no such directory {str(directory)!r}")
        if self.path.is_dir():
            raise CommandError(f"cursor: {str(self.path)!r} is a directory")

    def read(self) -> int:
        """The number in the file; 0 (from the start) when there is no file yet."""
        try:
            text = self.path.read_text("ascii")
        except FileNotFoundError:
            return 0
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cursor: cannot read {str(self.path)!r}: {error}") from None
        return _sequence_number(text, f"cursor {str(self.path)!r}", EXIT_FAILED)

    def advance(self, seq: int) -> None:
        """Replace the file with the new number, durably, in one rename."""
        partial = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.partial")
        try:
            with open(partial, "x", encoding="ascii") as stream:
                stream.write(f"{seq}\n")
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(partial, self.path)
            _sync_directory(self.path.parent)
        except OSError as error:
            raise CommandError(f"cursor: cannot write {str(self.path)!r}: {error.strerror or error}") from None
        finally:
            partial.unlink(missing_ok=True)
