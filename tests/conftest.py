from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.reactor import install_reactor, is_reactor_installed

from helpers import PROJECT_ROOT
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


@pytest.fixture(autouse=True)
def project_data_untouched() -> Iterator[None]:
    """Every test keeps its stores, archives and logs in its own folder, never in the project's data/ or logs/."""
    before = _project_files()
    yield
    written = _project_files() - before
    assert not written, f"the test wrote into the project directory: {sorted(map(str, written))}"


def _project_files() -> set[Path]:
    return {path for folder in ("data", "logs") for path in (PROJECT_ROOT / folder).rglob("*") if path.is_file()}
