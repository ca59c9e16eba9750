"""The project's settings module: each setting is written once (a second assignment silently wins)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from newscrawl import settings


def test_every_setting_is_assigned_once() -> None:
    tree = ast.parse(Path(settings.__file__).read_text("utf-8"))
    names = Counter(
        target.id
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
    )
    assert [name for name, count in names.items() if count > 1] == []


def test_the_guarding_extensions_are_enabled() -> None:
    assert settings.EXTENSIONS["newscrawl.logs.CredentialRedaction"] is not None
    assert settings.EXTENSIONS["newscrawl.feeds.CheckedFeedExporter"] is not None
    assert settings.EXTENSIONS["scrapy.extensions.feedexport.FeedExporter"] is None
