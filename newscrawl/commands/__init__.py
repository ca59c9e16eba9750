"""Project commands: ``scrapy crawl`` with checked arguments, ``reextract``, ``export``, ``search``,
``similar``, ``prune`` and ``browse``; and what the commands that read the store share."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscrawl.arguments import ArgumentError, time_window
from newscrawl.runs import EXIT_FAILED, EXIT_USAGE


class CommandError(Exception):
    """A command cannot do what it was asked; the message says why in one line, ``code`` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Slice:
    """Which stored articles a command reads: a publication window in Jakarta time, channels, a portal."""

    since: datetime | None
    until: datetime | None
    channels: list[str]
    portal: str | None

    def filters(self) -> dict[str, Any]:
        """As the keyword arguments of the store's readers (``articles``, ``changes``, ``search``, ...)."""
        return {"since": self.since, "until": self.until, "channels": self.channels, "portal": self.portal}


def add_slice_options(parser: argparse.ArgumentParser) -> None:
    """The options of :class:`Slice`, the same in every command that reads the store."""
    parser.add_argument("--since", metavar="DATE", help="published on or after (YYYY-MM-DD or ISO time)")
    parser.add_argument("--until", metavar="DATE", help="published before the end of this day (or before this time)")
    parser.add_argument("--channel", metavar="NAMES", help="comma-separated channels, e.g. Bisnis,Global")
    parser.add_argument("--portal", metavar="NAME", help="only this portal, e.g. liputan6")


def slice_of(opts: argparse.Namespace) -> Slice:
    """The slice the options ask for; CommandError (exit status 2) for a bad date."""
    try:
        since, until = time_window(opts.since, opts.until)
    except ArgumentError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    channels = [name.strip() for name in (opts.channel or "").split(",") if name.strip()]
    return Slice(since, until, channels, opts.portal)
