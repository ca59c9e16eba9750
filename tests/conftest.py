from __future__ import annotations

from collections.abc import Iterator

import pytest
from scrapy.utils.reactor import install_reactor, is_reactor_installed

from localsite import LocalSite

# Tests that build a crawler in this process (scrapy.utils.test.get_crawler) need a reactor
# installed first: the one crawls use.
if not is_reactor_installed():
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """A web site on 127.0.0.1 that the test fills with pages."""
    with LocalSite() as local_site:
        yield local_site
