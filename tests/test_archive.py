"""The page archive: every article page a crawl fetches, kept as a WARC record (newscrawl.archive)."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from warcio.archiveiterator import ArchiveIterator

from helpers import FETCHED, PAGES, crawl_settings, fixture_id, page_response, project_crawler, run_scrapy, warc_file
from localsite import LocalSite, Page
from newscrawl import archive
from newscrawl.archive import ArchiveReader, PageArchive, response_record, warcinfo_record
from newscrawl.store import ArticleStore

GLOBAL = "article-mobile-global-4464894.html"
BISNIS = "article-mobile-bisnis-4289456.html"
HOT = "article-mobile-hot-5043288.html"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_a_crawl_keeps_each_article_page_in_one_warc_file(site: LocalSite, tmp_path: Path) -> None:
    global_url = site.add_fixture("/global/read/4464894/update", GLOBAL)
    # Served compressed: the archive keeps the page as the spider read it, decoded.
    bisnis_bytes = (PAGES / BISNIS).read_bytes()
    bisnis_url = site.add(
        "/bisnis/read/4289456/awasi", Page(gzip.compress(bisnis_bytes), headers={"Content-Encoding": "gzip"})
    )
    missing_url = site.url("/news/read/1/gone")
    output = tmp_path / "articles.jsonl"

    result = run_scrapy(
        "crawl",
        "liputan6",
        "-a",
        f"urls={global_url},{bisnis_url},{missing_url}",
        "-a",
        "render=never",
        "-O",
        str(output),
        *crawl_settings(tmp_path / "store.sqlite3"),
    )

    assert result.returncode == 0, result.stderr
    files = list((tmp_path / "warc").iterdir())
    assert len(files) == 1
    assert re.fullmatch(r"liputan6-\d{8}T\d{6}Z-\d+\.warc\.gz", files[0].name)
    crawled_at = {article["id"]: datetime.fromisoformat(article["crawled_at"]) for article in read_jsonl(output)}
    with files[0].open("rb") as stream:
        records = [
            (record.rec_type, record.rec_headers, record.http_headers, record.content_stream().read())
            for record in ArchiveIterator(stream, check_digests="raise")
        ]
    assert [kind for kind, *_ in records] == ["warcinfo", "response", "response"]  # not the 404
    pages = {headers.get_header("WARC-Target-URI"): (headers, http, body) for _, headers, http, body in records[1:]}
    assert set(pages) == {global_url, bisnis_url}
    for url, fixture, article_id in ((global_url, GLOBAL, "4464894"), (bisnis_url, BISNIS, "4289456")):
        headers, http, body = pages[url]
        assert headers.get_header("Newscrawl-Portal") == "liputan6"
        assert http.get_statuscode() == "200"
        assert body == (PAGES / fixture).read_bytes()
        assert http.get_header("Content-Encoding") is None
        assert http.get_header("Content-Length") == str(len(body))
        assert http.get_header("Content-Type") == "text/html; charset=utf-8"
        # The article's crawled_at is its page's fetch time: the store row and the record meet.
        assert datetime.fromisoformat(headers.get_header("WARC-Date").replace("Z", "+00:00")) == crawled_at[article_id]
    assert "'newscrawl/archive/records': 2" in result.stderr


def test_every_record_is_a_gzip_member_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "pages.warc.gz"
    members = [
        warcinfo_record(path.name),
        *(response_record(page_response(name), "liputan6", FETCHED) for name in (GLOBAL, BISNIS)),
    ]
    path.write_bytes(b"".join(members))

    for member in members:
        whole = zlib.decompressobj(wbits=31)
        assert whole.decompress(member).startswith(b"WARC/1.0\r\n")
        assert whole.eof and not whole.unused_data
    assert [page.url for page in ArchiveReader(path).pages()] == ["http://127.0.0.1/page"] * 2


@pytest.mark.parametrize("cut", ["in the body", "in the headers"])
def test_a_cut_short_warc_is_read_up_to_the_cut_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, cut: str
) -> None:
    path, records = warc_file(tmp_path, GLOBAL, BISNIS, HOT)
    last = len(records[-1])
    with path.open("r+b") as stream:  # a run killed while writing its last record
        stream.truncate(path.stat().st_size - (last // 2 if cut == "in the body" else last - 30))

    reader = ArchiveReader(path)
    with caplog.at_level(logging.WARNING, logger="newscrawl.archive"):
        pages = list(reader.pages())
        responses = list(reader.responses(pages))

    assert [page.url for page in pages] == [f"http://127.0.0.1/read/{fixture_id(page)}/x" for page in (GLOBAL, BISNIS)]
    assert [response.body for _, response in responses] == [
        (PAGES / GLOBAL).read_bytes(),
        (PAGES / BISNIS).read_bytes(),
    ]
    assert reader.unreadable == 1
    [warning] = [record.getMessage() for record in caplog.records]
    assert warning.startswith(f"Skipped {path} at offset ")


def test_a_damaged_file_is_skipped_with_a_warning_and_the_next_one_is_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-damaged.warc.gz").write_bytes(b"this is no WARC file, whatever its name says")
    warc_file(tmp_path, GLOBAL)

    reader = ArchiveReader(tmp_path)
    with caplog.at_level(logging.WARNING, logger="newscrawl.archive"):
        pages = list(reader.pages())

    assert [page.url for page in pages] == [f"http://127.0.0.1/read/{fixture_id(GLOBAL)}/x"]
    assert reader.unreadable == 1
    assert "a-damaged.warc.gz at offset 0" in caplog.text


def test_a_page_reads_back_as_the_spider_received_it(tmp_path: Path) -> None:
    url = "http://127.0.0.1:8080/global/read/4464894/update"
    body = (PAGES / GLOBAL).read_bytes()
    headers = {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked", "X-Cache": "HIT"}
    rendered = HtmlResponse(url, body=body, headers=headers, request=Request(url), flags=["playwright"])
    path = tmp_path / "bola-20240301T020304Z-1.warc.gz"
    path.write_bytes(response_record(rendered, "bola", FETCHED))

    reader = ArchiveReader(path)
    [page] = reader.pages()
    [(_, response)] = reader.responses([page])

    assert (page.portal, page.url, page.fetched_at) == ("bola", url, FETCHED)
    assert response.body == body
    assert response.status == 200
    assert response.flags == ["playwright"]  # read as a rendered page again
    assert response.headers.get("X-Cache") == b"HIT"
    assert response.headers.get("Transfer-Encoding") is None  # the kept body is not chunked
    assert response.meta == {"article": True, "fetched_at": "2024-03-01T02:03:04+00:00"}


def test_a_failed_write_leaves_no_partial_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crawler = project_crawler(NEWSCRAWL_ARCHIVE_DIR=str(tmp_path))
    extension = PageArchive.from_crawler(crawler)
    extension.spider_opened(crawler.spider)
    responses = [
        page_response(fixture, url=f"http://127.0.0.1/read/{n}/x") for n, fixture in enumerate((GLOBAL, BISNIS, HOT))
    ]
    for response in responses:
        response.request.meta["article"] = True
    real_write = os.write

    def disk_full(fd: int, data: memoryview) -> int:
        real_write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    extension.response_received(responses[0], responses[0].request)
    extension.written()
    monkeypatch.setattr(archive.os, "write", disk_full)
    extension.response_received(responses[1], responses[1].request)
    extension.written()
    monkeypatch.setattr(archive.os, "write", real_write)
    extension.response_received(responses[2], responses[2].request)
    extension.spider_closed()

    reader = ArchiveReader(tmp_path)
    assert [page.url for page in reader.pages()] == ["http://127.0.0.1/read/0/x", "http://127.0.0.1/read/2/x"]
    assert reader.unreadable == 0
    assert crawler.stats.get_value("newscrawl/archive/errors") == 1
    assert crawler.stats.get_value("newscrawl/archive/records") == 2


def test_with_the_archive_off_nothing_is_written(site: LocalSite, tmp_path: Path) -> None:
    url = site.add_fixture("/global/read/4464894/update", GLOBAL)
    settings = [*crawl_settings(tmp_path / "store.sqlite3"), "-s", "NEWSCRAWL_ARCHIVE_ENABLED=False"]

    result = run_scrapy("crawl", "liputan6", "-a", f"urls={url}", "-a", "render=never", *settings)

    assert result.returncode == 0, result.stderr
    assert (
        result.stderr.strip().splitlines()[-1]
        == "liputan6: 1 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["store.sqlite3", "store.sqlite3.lock"]


def test_an_unwritable_archive_loses_no_article_and_fails_the_run(site: LocalSite, tmp_path: Path) -> None:
    url = site.add_fixture("/global/read/4464894/update", GLOBAL)
    (tmp_path / "blocker").write_text("a file where the archive's directory should be")
    store = tmp_path / "store.sqlite3"
    output = tmp_path / "articles.jsonl"
    settings = [*crawl_settings(store), "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path / 'blocker' / 'warc'}"]

    result = run_scrapy("crawl", "liputan6", "-a", f"urls={url}", "-a", "render=never", "-O", str(output), *settings)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "liputan6: crawl FAILED (the archive failed 1 time): 1 new, 0 updated, 0 unchanged, 0 known, 0 dropped"
    )
    assert f"Could not archive {url} in {tmp_path / 'blocker' / 'warc'}/liputan6-" in result.stderr
    assert "'newscrawl/archive/errors': 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert [article["id"] for article in read_jsonl(output)] == ["4464894"]
    with ArticleStore.open(store) as opened:
        assert [article["id"] for article in opened.articles()] == ["4464894"]
