"""Credentials never reach the log.

A URL may carry a user name and password (``http://user:secret@host/``): a given
URL, a link of a listing, a redirect.  Scrapy writes request URLs into many of its
own lines ("Crawled (200) <GET ...>", retries, errors), and so do the spider's drops.
Rather than guard each of them, every log record of the process has the user
information of its URLs replaced by ``***`` when it is made (a log record factory:
it sees every record, whatever logger or handler, also those Scrapy's own handlers
are installed after).
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from scrapy.crawler import Crawler

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s@<>\"']+@")


def redact(text: str) -> str:
    """The text with the user information of every URL in it replaced: ``http://***@host/``."""
    return _USERINFO.sub(r"\1***@", text) if "@" in text else text


def _redacting(make_record: Any) -> Any:
    def make_redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        message = record.getMessage()
        if "@" in message:
            record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return record

    make_redacted_record.redacts_credentials = True  # type: ignore[attr-defined]
    return make_redacted_record


def install() -> None:
    """Redact every log record made from now on in this process (once, however often called)."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "redacts_credentials", False):
        logging.setLogRecordFactory(_redacting(factory))


class CredentialRedaction:
    """The extension that installs the redaction as a crawl starts (``EXTENSIONS``)."""

    def __init__(self) -> None:
        install()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CredentialRedaction:
        return cls()
