"""The library's search is bounded: each word is one more condition on every source's text, so a
search of 100,000 words is refused before any query is built."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.models import SourceQuerySet

pytestmark = pytest.mark.django_db


def test_searching_sources_with_100000_words_is_refused_not_run(as_user, editor, monkeypatch):
    searched = []
    monkeypatch.setattr(SourceQuerySet, "search", lambda qs, words: searched.append(words) or qs)
    response = as_user(editor).get(reverse("sources:list"), {"q": "word " * 100_000})
    assert response.status_code in {200, 400}
    assert searched == []
    as_user(editor).get(reverse("sources:list"), {"q": "crossings"})
    assert searched == ["crossings"]
