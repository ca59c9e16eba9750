"""``scrapy crawl``, with spider arguments checked before anything starts.

Scrapy's own command would start the engine and then fail inside the spider's
constructor with a traceback; this one prints one line naming the bad argument
and exits with status 2, before even the start-up log.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader

from newscrawl.arguments import ArgumentError


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1:
            return
        try:
            spider_class = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            return  # Scrapy's own command reports an unknown spider.
        check = getattr(spider_class, "parse_arguments", None)
        if check is None:
            return
        try:
            options = check(dict(opts.spargs))
            check_settings = getattr(spider_class, "check_settings", None)
            if check_settings is not None:
                check_settings(options, self.settings)
        except ArgumentError as error:
            print(f"scrapy crawl {args[0]}: error: {error}", file=sys.stderr)
            sys.exit(2)
