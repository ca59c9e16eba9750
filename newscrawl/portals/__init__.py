"""The portals newscrawl knows, by name: one declaration each (:class:`newscrawl.portal.Portal`).

To add a portal: declare it in a module of this package, add it to ``PORTALS`` and
give it a spider in ``newscrawl/spiders/`` (see README, "Adding a portal").
"""

from __future__ import annotations

from newscrawl.portal import Portal
from newscrawl.portals import bola, liputan6, merdeka

PORTALS: dict[str, Portal] = {portal.name: portal for portal in (liputan6.PORTAL, bola.PORTAL, merdeka.PORTAL)}
