"""Fixtures of the source library's tests: a local web server, and the desk's hooks stood in."""

from __future__ import annotations

import pytest

from tests.sources import hooks
from tests.sources.pages import serving, standard_routes


@pytest.fixture
def pages(settings):
    """The base URL of a local server with the standard test pages; loopback allowed."""
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = True
    settings.SOURCES_FETCH_TIMEOUT = 1.0
    with serving(standard_routes()) as base_url:
        yield base_url


@pytest.fixture
def fake_layer(settings):
    """The reader shows the marks a test puts in the returned list."""
    settings.SOURCE_READER_LAYERS = ["tests.sources.hooks.layer"]
    hooks.MARKS.clear()
    yield hooks.MARKS
    hooks.MARKS.clear()
