"""The benchmark: every cost of newscrawl as a ratio to a baseline measured in the same run.

The machine is shared, so an absolute number says little on its own; each row puts
newscrawl next to a baseline that met the same load at the same time: lxml's parse and
trafilatura for extraction, a bare Scrapy spider for the crawl, a plain SQLite loop for
the export, ``render=never`` for the start-up of ``render=auto``.  Crawls run in child
processes against the mirror (:mod:`benchmarks.mirror`), itself a process of its own,
and are measured from outside: wall time, and CPU time and peak RSS of the child.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import lxml
import lxml.etree
import lxml.html
import scrapy
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings

from benchmarks.mirror import PAGES, TEMPLATES, Mirror, MirrorArticle, original_of
from newscrawl import rendering
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.spiders.liputan6 import Liputan6Spider

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "benchmarks" / "results" / "latest.json"
BARE_SPIDER = "benchmarks/bare_spider.py"

# Politeness is for real sites: every crawl of the local mirror runs with the same overrides.
CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "True",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "WARNING",
    # The mirror is on 127.0.0.1: no proxy from the environment may stand in between.
    "HTTPPROXY_ENABLED": "False",
}
# A browser that render=auto starts stays on 127.0.0.1, whatever a page's scripts ask for.
OFFLINE_BROWSER = {
    "proxy": {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"},
    "args": ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
}
# Extraction timings are short: each page is timed this many times per --repeat.
EXTRACTION_PASSES_PER_REPEAT = 5


class BenchmarkError(Exception):
    """A measurement could not be made or would be wrong; the message says which, in one line."""


# Extraction -----------------------------------------------------------------------


@cache
def _liputan6_spider() -> Liputan6Spider:
    return Liputan6Spider()


def newscrawl_extract(body: bytes, url: str) -> Mapping[str, Any]:
    """newscrawl's whole extraction of one page, the parse included.

    The one place that knows how newscrawl is called: adjust it when the spider's API changes.
    """
    response = HtmlResponse(
        url=url, body=body, headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url)
    )
    return _liputan6_spider().extract(response)


def lxml_parse(body: bytes, url: str) -> object:
    return lxml.html.fromstring(body)


def trafilatura_extractor() -> Callable[[bytes, str], object] | None:
    """trafilatura's extraction with metadata, or None when it is not installed (it is optional)."""
    try:
        import trafilatura
    except ImportError:
        return None

    def extract(body: bytes, url: str) -> object:
        # trafilatura is given text, as its own fetch_url returns it; the decoding is not timed.
        return trafilatura.extract(body.decode("utf-8"), url=url, with_metadata=True)

    return extract


def measure_extraction(repeat: int) -> dict[str, Any]:
    """ms per page of each extractor over the real article pages: per page the median of its timings, then the mean."""
    pages = {template.file: ((PAGES / template.file).read_bytes(), original_of(template).url) for template in TEMPLATES}
    extractors: dict[str, Callable[[bytes, str], object] | None] = {
        "lxml": lxml_parse,
        "newscrawl": newscrawl_extract,
        "trafilatura": trafilatura_extractor(),
    }
    timings: dict[str, dict[str, list[float]]] = {name: {page: [] for page in pages} for name in extractors}
    # First calls load dateparser's languages and trafilatura's tables: not a per-page cost.
    for extract in filter(None, extractors.values()):
        for body, url in pages.values():
            extract(body, url)
    for _ in range(repeat * EXTRACTION_PASSES_PER_REPEAT):
        for page, (body, url) in pages.items():
            for name, extract in extractors.items():
                if extract is not None:
                    started = time.perf_counter()
                    extract(body, url)
                    timings[name][page].append((time.perf_counter() - started) * 1000)
    per_page = {page: {f"{name}_ms": _median_or_none(timings[name][page]) for name in extractors} for page in pages}
    means = {
        name: (statistics.fmean(statistics.median(t) for t in timings[name].values()) if extractors[name] else None)
        for name in extractors
    }
    return {
        "pages": list(pages),
        "passes": repeat * EXTRACTION_PASSES_PER_REPEAT,
        "lxml_ms": means["lxml"],
        "newscrawl_ms": means["newscrawl"],
        "trafilatura_ms": means["trafilatura"],
        "newscrawl_over_lxml": _ratio(means["newscrawl"], means["lxml"]),
        "newscrawl_over_trafilatura": _ratio(means["newscrawl"], means["trafilatura"]),
        "per_page": per_page,
    }


def check_mirror(articles: int) -> None:
    """The mirror's articles must extract to their own id, URL, title and dates, or the crawl measures nonsense.

    Checked: the first article of each template and the last ones, whose dates moved furthest.
    """
    site = Mirror(articles)
    for number in sorted({*range(min(len(TEMPLATES), articles)), *range(max(0, articles - len(TEMPLATES)), articles)}):
        article = MirrorArticle(number)
        status, page, _ = site.respond(article.path)
        item = newscrawl_extract(page, "http://127.0.0.1" + article.path)
        expected = article.expected()
        url, url_end = item.get("url") or "", expected["url_path_end"] or ""
        found = {
            "id": item.get("id"),
            "url_path_end": url_end if url.endswith(url_end) else url,
            "title": item.get("title"),
            "published_at": item.get("published_at"),
            "modified_at": item.get("modified_at"),
        }
        wrong = [f"{key} {found[key]!r} (expected {value!r})" for key, value in expected.items() if found[key] != value]
        if status != 200 or wrong:
            raise BenchmarkError(
                f"mirror article {number} ({article.template.file}) extracts wrong: {'; '.join(wrong)}"
            )


# Child processes ------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    """What one child process cost: wall seconds, CPU seconds (user + system) and peak RSS."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float


def run_scrapy(args: list[str], log: Path, stdout: int | None = subprocess.DEVNULL) -> ChildRun:
    """``scrapy <args>`` from the project directory, measured by wait4 (this child's own rusage)."""
    with log.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=ROOT, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        last = (log.read_text("utf-8", errors="replace").strip().splitlines() or ["no output"])[-1]
        raise BenchmarkError(f"scrapy {' '.join(args[:2])} exited with status {process.returncode}: {last}")
    # Linux gives ru_maxrss in KiB, macOS in bytes.
    rss_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return ChildRun(wall, usage.ru_utime + usage.ru_stime, rss_bytes / 2**20)


def setting_options(settings: Mapping[str, str]) -> list[str]:
    return [option for name, value in settings.items() for option in ("-s", f"{name}={value}")]


class MirrorServer:
    """The mirror in a process of its own (``python -m benchmarks serve``), so it never competes for the crawl's GIL."""

    def __init__(self, articles: int) -> None:
        self.articles = articles
        # The mirror's counters are asked for directly, never through a proxy from the environment.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __enter__(self) -> MirrorServer:
        command = [sys.executable, "-m", "benchmarks", "serve", "--articles", str(self.articles)]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.root = self.process.stdout.readline().strip()
        if not self.root.startswith("http://127.0.0.1:"):
            self.process.kill()
            raise BenchmarkError(f"the mirror did not start (it said {self.root!r})")
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def url(self, number: int) -> str:
        return self.root + MirrorArticle(number).path

    def urls_file(self, articles: int, folder: Path) -> Path:
        path = folder / f"urls-{articles}.txt"
        path.write_text("".join(self.url(number) + "\n" for number in range(articles)), encoding="utf-8")
        return path

    def stats(self) -> dict[str, Any]:
        with self._opener.open(self.root + "/_stats", timeout=30) as answer:
            return json.load(answer)


# Crawls ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Crawl:
    """One crawl of ``articles`` mirror articles: its cost, and the mirror's CPU while it ran."""

    kind: str
    articles: int
    run: ChildRun
    server_cpu_s: float

    @property
    def pages_per_s(self) -> float:
        return self.articles / self.run.wall_s

    @property
    def cpu_ms_per_article(self) -> float:
        return self.run.cpu_s * 1000 / self.articles


CRAWL_KINDS = ("bare", "full_store", "full_no_store")


def crawl(kind: str, server: MirrorServer, articles: int, folder: Path) -> Crawl:
    """One crawl of the first ``articles`` mirror articles; checks that every page was fetched (and stored)."""
    urls_file = server.urls_file(articles, folder)
    output, store = folder / f"{kind}-{articles}.jsonl", folder / f"{kind}-{articles}.sqlite3"
    output.unlink(missing_ok=True)
    for leftover in folder.glob(f"{store.name}*"):
        leftover.unlink()
    if kind == "bare":
        args = ["runspider", BARE_SPIDER, "-a", f"urls_file={urls_file}"]
    else:
        args = ["crawl", "liputan6", "-a", f"urls_file={urls_file}", "-a", "render=never", "-O", str(output)]
        args += ["-s", f"NEWSCRAWL_ARCHIVE_DIR={folder / 'warc'}"]  # the archive's cost counts; its files stay here
        args += (
            ["-s", f"NEWSCRAWL_STORE_PATH={store}"] if kind == "full_store" else ["-s", "NEWSCRAWL_STORE_ENABLED=False"]
        )
    before = server.stats()
    run = run_scrapy([*args, *setting_options(CRAWL_SETTINGS)], folder / f"{kind}-{articles}.log")
    after = server.stats()
    fetched = after["answered"].get("articles", 0) - before["answered"].get("articles", 0)
    missing = after["answered"].get("not_found", 0) - before["answered"].get("not_found", 0)
    if fetched != articles or missing:
        raise BenchmarkError(f"{kind} crawl fetched {fetched} of {articles} mirror articles ({missing} not found)")
    if kind != "bare":
        ids = {json.loads(line)["id"] for line in output.read_text("utf-8").splitlines()}
        if len(ids) != articles:
            raise BenchmarkError(f"{kind} crawl emitted {len(ids)} distinct articles of {articles}")
    if kind == "full_store":
        with sqlite3.connect(store) as connection:
            stored = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        if stored != articles:
            raise BenchmarkError(f"the store holds {stored} articles of {articles} crawled")
    return Crawl(kind, articles, run, after["cpu_seconds"] - before["cpu_seconds"])


def summarize_crawls(crawls: list[Crawl]) -> dict[str, Any]:
    """Medians over the runs of one kind and size."""
    return {
        "articles": crawls[0].articles,
        "runs": len(crawls),
        "pages_per_s": statistics.median(c.pages_per_s for c in crawls),
        "cpu_ms_per_article": statistics.median(c.cpu_ms_per_article for c in crawls),
        "peak_rss_mb": statistics.median(c.run.peak_rss_mb for c in crawls),
        "wall_s": statistics.median(c.run.wall_s for c in crawls),
    }


def measure_crawls(
    server: MirrorServer, articles: int, repeat: int, folder: Path
) -> tuple[dict[str, Any], list[Crawl]]:
    """The three crawls of N articles, interleaved so that a change of the machine's load hits all of them alike."""
    runs: dict[str, list[Crawl]] = {kind: [] for kind in CRAWL_KINDS}
    for round_number in range(repeat):
        for kind in CRAWL_KINDS:
            progress(f"crawl {kind} of {articles} articles ({round_number + 1}/{repeat})")
            runs[kind].append(crawl(kind, server, articles, folder))
    summary = {kind: summarize_crawls(crawls) for kind, crawls in runs.items()}
    bare = summary["bare"]
    for kind in ("full_store", "full_no_store"):
        summary[kind]["pages_per_s_over_bare"] = summary[kind]["pages_per_s"] / bare["pages_per_s"]
        summary[kind]["cpu_over_bare"] = summary[kind]["cpu_ms_per_article"] / bare["cpu_ms_per_article"]
    return summary, [c for crawls in runs.values() for c in crawls]


def measure_tenfold(server: MirrorServer, articles: int, folder: Path) -> tuple[dict[str, Any], list[Crawl]]:
    """One bare crawl and one full crawl (store on) of 10 x N articles: how memory and speed scale."""
    crawls = []
    for kind in ("bare", "full_store"):
        progress(f"crawl {kind} of {articles} articles (10 x N)")
        crawls.append(crawl(kind, server, articles, folder))
    bare, full = (summarize_crawls([c]) for c in crawls)
    full["pages_per_s_over_bare"] = full["pages_per_s"] / bare["pages_per_s"]
    full["cpu_over_bare"] = full["cpu_ms_per_article"] / bare["cpu_ms_per_article"]
    return {"bare": bare, "full_store": full}, crawls


def memory_summary(at_n: dict[str, Any], at_10n: dict[str, Any] | None) -> dict[str, Any]:
    def sizes(crawls: dict[str, Any] | None) -> dict[str, Any] | None:
        if crawls is None:
            return None
        bare, full = crawls["bare"]["peak_rss_mb"], crawls["full_store"]["peak_rss_mb"]
        return {"articles": crawls["bare"]["articles"], "bare_mb": bare, "full_mb": full, "full_over_bare": full / bare}

    n, n10 = sizes(at_n), sizes(at_10n)
    return {
        "n": n,
        "10n": n10,
        "bare_10n_over_n": n10["bare_mb"] / n["bare_mb"] if n10 and n else None,
        "full_10n_over_n": n10["full_mb"] / n["full_mb"] if n10 and n else None,
    }


def server_summary(crawls: list[Crawl]) -> dict[str, Any]:
    """The mirror's own cost: if its busy share stays far below 1, it did not hold any crawl back."""
    pages = sum(c.articles for c in crawls)
    return {
        "cpu_ms_per_page": sum(c.server_cpu_s for c in crawls) * 1000 / pages,
        "busy_share_max": max(c.server_cpu_s / c.run.wall_s for c in crawls),
        "busy_share_bare": max(c.server_cpu_s / c.run.wall_s for c in crawls if c.kind == "bare"),
    }


# Export ---------------------------------------------------------------------------


def bare_export(store: Path) -> int:
    """The baseline of ``scrapy export``: the same rows by plain SQLite, one json.dumps each, to /dev/null."""
    rows = 0
    connection = sqlite3.connect(store)
    try:
        cursor = connection.execute(
            f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles ORDER BY published_utc, portal, id"
        )
        with open(os.devnull, "w", encoding="utf-8") as sink:
            for row in cursor:
                sink.write(json.dumps(dict(zip(ARTICLE_FIELDS, row, strict=True)), ensure_ascii=False) + "\n")
                rows += 1
    finally:
        connection.close()
    return rows


def measure_export(store: Path, rows: int, repeat: int, folder: Path) -> dict[str, Any]:
    """rows/s of ``scrapy export`` net of its start-up (an export of no rows), against the bare loop."""
    progress(f"export of {rows} stored articles")
    startup, full, bare = [], [], []
    for _ in range(repeat):
        startup.append(
            run_scrapy(
                ["export", "--store", str(store), "--since", "2100-01-01", "-o", "-"], folder / "export0.log"
            ).wall_s
        )
        full.append(run_scrapy(["export", "--store", str(store), "-o", "-"], folder / "export.log").wall_s)
        written = (folder / "export.log").read_text("utf-8").strip()
        if f"{rows} articles written" not in written:
            raise BenchmarkError(f"scrapy export did not write {rows} articles: {written[-200:]}")
        started = time.perf_counter()
        if bare_export(store) != rows:
            raise BenchmarkError("the bare export loop did not read every stored article")
        bare.append(time.perf_counter() - started)
    startup_s, full_s, bare_s = (statistics.median(values) for values in (startup, full, bare))
    net = full_s - startup_s
    # Too few rows for their time to show above the start-up's own noise: no rate.
    export_rows_s = rows / net if net > 0.01 else None
    bare_rows_s = rows / bare_s
    return {
        "rows": rows,
        "startup_s": startup_s,
        "wall_s": full_s,
        "export_rows_per_s": export_rows_s,
        "bare_rows_per_s": bare_rows_s,
        "export_over_bare": _ratio(export_rows_s, bare_rows_s),
    }


# render=auto ----------------------------------------------------------------------


def measure_render_startup(server: MirrorServer, repeat: int, folder: Path) -> dict[str, Any]:
    """Wall time of a one-article crawl under render=auto (no page needs the browser) and render=never."""
    try:
        browser: str | None = rendering.find_browser(Settings())
    except rendering.NoBrowser:
        browser = None
    walls: dict[str, list[float]] = {"never": [], "auto": []}
    settings = {**CRAWL_SETTINGS, "NEWSCRAWL_STORE_ENABLED": "False", "NEWSCRAWL_ARCHIVE_DIR": str(folder / "warc")}
    settings["PLAYWRIGHT_LAUNCH_OPTIONS"] = json.dumps(OFFLINE_BROWSER)
    for round_number in range(repeat):
        for mode in walls:
            progress(f"render={mode} start-up ({round_number + 1}/{repeat})")
            args = ["crawl", "liputan6", "-a", f"urls={server.url(0)}", "-a", f"render={mode}"]
            args += ["-O", str(folder / f"render-{mode}.jsonl")]
            walls[mode].append(run_scrapy([*args, *setting_options(settings)], folder / f"render-{mode}.log").wall_s)
    never, auto = (statistics.median(walls[mode]) for mode in ("never", "auto"))
    return {
        "browser": browser,
        "extra_installed": rendering.extra_installed(),
        "never_s": never,
        "auto_s": auto,
        "auto_over_never": auto / never,
    }


# The machine ----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import trafilatura

        trafilatura_version: str | None = trafilatura.__version__
    except ImportError:
        trafilatura_version = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "scrapy": scrapy.__version__,
        "lxml": lxml.__version__,
        "libxml2": ".".join(map(str, lxml.etree.LIBXML_VERSION)),
        "trafilatura": trafilatura_version,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "load_average_at_start": list(os.getloadavg()),
    }


# The table ------------------------------------------------------------------------


def table_rows(results: dict[str, Any]) -> list[dict[str, str]]:
    """The rows of the table: newscrawl's value, its baseline's, and newscrawl ÷ baseline.

    Every row is always there, so tables of different runs line up; what was not
    measured says why.
    """
    extraction, crawls, tenfold = results["extraction"], results["crawl"], results["crawl_10x"]
    memory, export, render = results["memory"], results["export"], results["render_startup"]
    full, no_store, bare = crawls["full_store"], crawls["full_no_store"], crawls["bare"]
    trafilatura_ms = extraction["trafilatura_ms"] if extraction["trafilatura_ms"] is not None else "not installed"
    rows: list[tuple[str, object, object]] = [
        (
            "extraction ms/page: newscrawl vs lxml.html.fromstring (parse only)",
            extraction["newscrawl_ms"],
            extraction["lxml_ms"],
        ),
        (
            "extraction ms/page: newscrawl vs trafilatura extract(with_metadata=True)",
            extraction["newscrawl_ms"],
            trafilatura_ms,
        ),
        ("crawl N: pages/s (wall), full crawl store on vs bare spider", full["pages_per_s"], bare["pages_per_s"]),
        (
            "crawl N: pages/s (wall), full crawl store off vs bare spider",
            no_store["pages_per_s"],
            bare["pages_per_s"],
        ),
        (
            "crawl N: CPU ms/article, full crawl store on vs bare spider",
            full["cpu_ms_per_article"],
            bare["cpu_ms_per_article"],
        ),
        (
            "crawl N: CPU ms/article, full crawl store off vs bare spider",
            no_store["cpu_ms_per_article"],
            bare["cpu_ms_per_article"],
        ),
        (
            "crawl N: peak RSS MB, full crawl (store on) vs bare spider",
            memory["n"]["full_mb"],
            memory["n"]["bare_mb"],
        ),
    ]
    if tenfold is None:
        skipped = "skipped (--skip-10x)"
        rows += [
            ("crawl 10×N: pages/s (wall), full crawl store on vs bare spider", skipped, skipped),
            ("crawl 10×N: peak RSS MB, full crawl (store on) vs bare spider", skipped, skipped),
            ("peak RSS 10×N ÷ N: full crawl vs bare spider", skipped, skipped),
        ]
    else:
        full10, bare10 = tenfold["full_store"], tenfold["bare"]
        rows += [
            (
                "crawl 10×N: pages/s (wall), full crawl store on vs bare spider",
                full10["pages_per_s"],
                bare10["pages_per_s"],
            ),
            (
                "crawl 10×N: peak RSS MB, full crawl (store on) vs bare spider",
                memory["10n"]["full_mb"],
                memory["10n"]["bare_mb"],
            ),
            ("peak RSS 10×N ÷ N: full crawl vs bare spider", memory["full_10n_over_n"], memory["bare_10n_over_n"]),
        ]
    export_rate = export["export_rows_per_s"] if export["export_rows_per_s"] is not None else "too few rows"
    no_browser = "" if render["browser"] else " (no browser found: auto reads statically)"
    server = results["mirror_server"]
    rows += [
        (
            "scrapy export of the largest crawl's store: rows/s (net of start-up) vs SQLite + json.dumps loop",
            export_rate,
            export["bare_rows_per_s"],
        ),
        ("scrapy export start-up s (no rows)", export["startup_s"], None),
        (
            f"start-up s, one-article crawl: render=auto vs render=never{no_browser}",
            render["auto_s"],
            render["never_s"],
        ),
        (
            "mirror server: CPU ms/page; busy share during the bare crawl",
            server["cpu_ms_per_page"],
            f"{server['busy_share_bare']:.0%} busy",
        ),
    ]
    return [
        {
            "measurement": label,
            "newscrawl": _format(value),
            "baseline": _format(baseline),
            "ratio": _format_ratio(value, baseline),
        }
        for label, value, baseline in rows
    ]


def render_table(results: dict[str, Any]) -> str:
    info, settings = results["machine"], results["settings"]
    lines = [
        f"Machine: {info['cpu']}, {info['cores']} cores; {info['system']}; Python {info['python']}, "
        f"Scrapy {info['scrapy']}, lxml {info['lxml']} (libxml2 {info['libxml2']}), "
        f"trafilatura {info['trafilatura'] or 'not installed'}; {info['date']}; "
        f"load average {info['load_average_at_start'][0]:.2f} at start",
        f"N = {settings['articles']} articles, 10×N = {settings['articles_10x'] or 'skipped'}; medians of "
        f"{settings['repeat']} run(s) at N; ratio = newscrawl ÷ baseline",
        "",
        "| measurement | newscrawl | baseline | ratio |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {row['measurement']} | {row['newscrawl']} | {row['baseline']} | {row['ratio']} |"
        for row in results["table"]
    ]
    return "\n".join(lines)


def _format(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    assert isinstance(value, (int, float))
    return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"


def _format_ratio(value: object, baseline: object) -> str:
    if isinstance(value, (int, float)) and isinstance(baseline, (int, float)) and baseline:
        return f"{value / baseline:.2f}×"
    return "—"


def _ratio(value: float | None, baseline: float | None) -> float | None:
    return value / baseline if value is not None and baseline else None


def _median_or_none(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def progress(message: str) -> None:
    print(f"[benchmark] {message}", file=sys.stderr, flush=True)


# The whole run --------------------------------------------------------------------


def benchmark(articles: int, skip_10x: bool, repeat: int) -> dict[str, Any]:
    tenfold = None if skip_10x else 10 * articles
    largest = tenfold or articles
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {"articles": articles, "articles_10x": tenfold, "repeat": repeat, "crawl_settings": CRAWL_SETTINGS},
    }
    progress("checking the mirror's articles")
    check_mirror(largest)
    progress("extraction over the real pages")
    results["extraction"] = measure_extraction(repeat)
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as temporary, MirrorServer(largest) as server:
        folder = Path(temporary)
        results["crawl"], crawls = measure_crawls(server, articles, repeat, folder)
        results["crawl_10x"], tenfold_crawls = measure_tenfold(server, tenfold, folder) if tenfold else (None, [])
        results["memory"] = memory_summary(results["crawl"], results["crawl_10x"])
        results["mirror_server"] = server_summary(crawls + tenfold_crawls)
        store = folder / f"full_store-{largest}.sqlite3"
        results["export"] = measure_export(store, largest, repeat, folder)
        results["render_startup"] = measure_render_startup(server, repeat, folder)
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    results["table"] = table_rows(results)
    return results


def main(articles: int, skip_10x: bool, repeat: int, json_path: Path) -> int:
    try:
        results = benchmark(articles, skip_10x, repeat)
    except BenchmarkError as error:
        print(f"benchmark: error: {error}", file=sys.stderr)
        return 1
    text = json.dumps(results, indent=2, ensure_ascii=False)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(text + "\n", encoding="utf-8")
    print(render_table(results))
    print()
    print(text)
    return 0
