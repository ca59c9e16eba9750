"""``scrapy crawl liputan6``: liputan6.com, as declared in :mod:`newscrawl.portals.liputan6`."""

from newscrawl.portals import liputan6
from newscrawl.spiders.discovery import PortalSpider


class Liputan6Spider(PortalSpider):
    name = "liputan6"
    portal = liputan6.PORTAL
