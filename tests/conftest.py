from __future__ import annotations

from collections.abc import Iterator

import pytest

from localsite import LocalSite


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """A web site on 127.0.0.1 that the test fills with pages."""
    with LocalSite() as local_site:
        yield local_site
