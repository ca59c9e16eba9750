"""``scrapy crawl merdeka``: merdeka.com, as declared in :mod:`newscrawl.portals.merdeka`."""

from newscrawl.portals import merdeka
from newscrawl.spiders.discovery import PortalSpider


class MerdekaSpider(PortalSpider):
    name = "merdeka"
    portal = merdeka.PORTAL
