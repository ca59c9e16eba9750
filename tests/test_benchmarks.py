"""The benchmark (``python -m benchmarks run``) runs end to end on a tiny mirror.

A smoke test: it checks that every row of the table is printed and that the JSON has
every key, never what a timing is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import PROJECT_ROOT

ROWS = (
    "extraction ms/page: newscrawl vs lxml.html.fromstring (parse only)",
    "extraction ms/page: newscrawl vs trafilatura extract(with_metadata=True)",
    "crawl N: pages/s (wall), full crawl store on vs bare spider",
    "crawl N: pages/s (wall), full crawl store off vs bare spider",
    "crawl N: CPU ms/article, full crawl store on vs bare spider",
    "crawl N: CPU ms/article, full crawl store off vs bare spider",
    "crawl N: peak RSS MB, full crawl (store on) vs bare spider",
    "crawl 10×N: pages/s (wall), full crawl store on vs bare spider",
    "crawl 10×N: peak RSS MB, full crawl (store on) vs bare spider",
    "peak RSS 10×N ÷ N: full crawl vs bare spider",
    "scrapy export of the largest crawl's store: rows/s (net of start-up) vs SQLite + json.dumps loop",
    "scrapy export start-up s (no rows)",
    "start-up s, one-article crawl: render=auto vs render=never",
    "mirror server: CPU ms/page; busy share during the bare crawl",
)
KEYS = {
    "machine": ("cpu", "cores", "python", "scrapy", "lxml", "trafilatura", "date"),
    "settings": ("articles", "articles_10x", "repeat", "crawl_settings"),
    "extraction": (
        "lxml_ms",
        "newscrawl_ms",
        "trafilatura_ms",
        "newscrawl_over_lxml",
        "newscrawl_over_trafilatura",
        "per_page",
    ),
    "crawl": ("bare", "full_store", "full_no_store"),
    "crawl_10x": ("bare", "full_store"),
    "memory": ("n", "10n", "bare_10n_over_n", "full_10n_over_n"),
    "export": ("rows", "startup_s", "export_rows_per_s", "bare_rows_per_s", "export_over_bare"),
    "render_startup": ("browser", "never_s", "auto_s", "auto_over_never"),
    "mirror_server": ("cpu_ms_per_page", "busy_share_max", "busy_share_bare"),
}
CRAWL_KEYS = ("articles", "pages_per_s", "cpu_ms_per_article", "peak_rss_mb", "wall_s")


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def test_benchmark_prints_every_row_and_the_json(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    project_data = files_under(PROJECT_ROOT / "data")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "run", "--articles", "20", "--repeat", "1", "--json", str(output)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    table, _, printed_json = result.stdout.partition("\n{")
    lines = table.splitlines()
    for row in ROWS:
        matching = [line for line in lines if line.startswith(f"| {row}")]
        assert len(matching) == 1, row
        cells = [cell.strip() for cell in matching[0].strip("|").split("|")]
        assert len(cells) == 4 and all(cells), matching[0]
    results = json.loads(output.read_text("utf-8"))
    assert json.loads("{" + printed_json) == results
    for section, keys in KEYS.items():
        assert set(keys) <= set(results[section]), section
    for crawl in (*results["crawl"].values(), *results["crawl_10x"].values()):
        assert set(CRAWL_KEYS) <= set(crawl)
    assert results["settings"]["articles"] == 20 and results["settings"]["articles_10x"] == 200
    assert results["crawl_10x"]["full_store"]["articles"] == 200
    assert [row["measurement"] for row in results["table"]] == [
        line.strip("| ").split(" | ")[0] for line in lines if line.startswith("| ") and "---" not in line
    ][1:]
    assert "Traceback" not in result.stderr
    assert files_under(PROJECT_ROOT / "data") == project_data  # stores and archives stay in the run's own folder


def test_a_bad_option_is_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "run", "--articles", "0"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "python -m benchmarks run: error: --articles and --repeat must be at least 1"
    ]
