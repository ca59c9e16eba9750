"""``scrapy crawl bola``: bola.com, as declared in :mod:`newscrawl.portals.bola`."""

from newscrawl.portals import bola
from newscrawl.spiders.discovery import PortalSpider


class BolaSpider(PortalSpider):
    name = "bola"
    portal = bola.PORTAL
