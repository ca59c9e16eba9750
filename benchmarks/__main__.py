"""``python -m benchmarks run`` measures newscrawl; ``python -m benchmarks serve`` runs the mirror alone."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import mirror, run

DEFAULT_ARTICLES = 2000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    bench = commands.add_parser("run", help="run every measurement and print the table and the JSON")
    bench.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, metavar="N", help="mirror articles crawled")
    bench.add_argument("--skip-10x", action="store_true", help="skip the crawls of 10 x N articles (peak memory)")
    bench.add_argument("--repeat", type=int, default=3, metavar="R", help="runs of each measurement; medians count")
    bench.add_argument("--json", type=Path, default=run.DEFAULT_JSON, metavar="PATH", help="where to write the JSON")
    serve = commands.add_parser("serve", help="serve the mirror on 127.0.0.1 until interrupted")
    serve.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, metavar="N")
    serve.add_argument("--port", type=int, default=0, help="0: any free port (the URL is printed)")
    options = parser.parse_args(argv)
    if options.command == "serve":
        mirror.main(options.articles, options.port)
        return 0
    if options.articles < 1 or options.repeat < 1:
        print("python -m benchmarks run: error: --articles and --repeat must be at least 1", file=sys.stderr)
        return 2
    return run.main(options.articles, skip_10x=options.skip_10x, repeat=options.repeat, json_path=options.json)


if __name__ == "__main__":
    sys.exit(main())
