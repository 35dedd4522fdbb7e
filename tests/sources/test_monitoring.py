"""Watched sources: fetched again when due by the periodic task; a changed text becomes a new
version and the editors watching it are told; an unchanged one or a failed fetch is noted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sources.documents import read_fetched
from sources.fetching import fetch
from sources.importing import import_source
from sources.models import Watch
from sources.monitoring import check_due_sources, start_watching
from tests.sources.pages import page, serving

FIRST = "Statement on the crossings\nThe crossings reopen on Monday, the ministry said today."
SECOND = "Statement on the crossings\nThe crossings reopen on Tuesday, the ministry said today."


@pytest.fixture
def site(settings):
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = True
    settings.SOURCES_FETCH_TIMEOUT = 1.0
    routes = {"/statement": page(FIRST, "text/plain; charset=utf-8")}
    with serving(routes) as base:
        yield base, routes


@pytest.fixture
def watched(site, editor, mailoutbox, django_capture_on_commit_callbacks):
    base, routes = site
    prepared = read_fetched(fetch(f"{base}/statement"))
    source = import_source(
        text=prepared.text, metadata=prepared.metadata, imported_from=prepared.imported_from
    )
    with django_capture_on_commit_callbacks(execute=True):
        watch = start_watching(source, editor, every_hours=6)
    return source, watch, routes


def due(watch):
    Watch.objects.filter(pk=watch.pk).update(next_check_at=timezone.now() - timedelta(minutes=1))


def test_a_changed_page_becomes_a_new_version_and_watchers_are_told(
    watched, mailoutbox, django_capture_on_commit_callbacks
):
    source, watch, routes = watched
    assert check_due_sources() == 0  # not due yet
    routes["/statement"] = page(SECOND, "text/plain; charset=utf-8")
    due(watch)
    with django_capture_on_commit_callbacks(execute=True):
        assert check_due_sources() == 1
    source.refresh_from_db()
    assert source.current_version.number == 2
    assert "Tuesday" in source.current_version.text
    assert source.current_version.original.name.endswith("/statement")
    watch.refresh_from_db()
    assert watch.last_outcome == "Changed: saved as version 2."
    assert watch.next_check_at > timezone.now() + timedelta(hours=5)
    assert len(mailoutbox) == 1 and "version 2" in mailoutbox[0].subject


def test_an_unchanged_page_or_a_failed_fetch_is_only_noted(watched, mailoutbox):
    source, watch, routes = watched
    due(watch)
    check_due_sources()
    watch.refresh_from_db()
    assert watch.last_outcome == "Unchanged."
    del routes["/statement"]
    due(watch)
    check_due_sources()
    watch.refresh_from_db()
    assert watch.last_outcome.startswith("Could not be checked:") and "404" in watch.last_outcome
    source.refresh_from_db()
    assert source.current_version.number == 1 and not mailoutbox


def test_editors_watch_and_stop_watching_from_the_reader(watched, as_user, editor, editor2):
    source, watch, _ = watched
    client = as_user(editor2)
    page_html = client.get(source.get_absolute_url()).content.decode()
    assert "Watch for changes" in page_html
    client.post(reverse("sources:watch", args=[source.pk]), {"every_hours": "12"})
    watch.refresh_from_db()
    assert set(watch.watchers.all()) == {editor, editor2} and watch.every_hours == 12
    assert "Stop watching" in client.get(source.get_absolute_url()).content.decode()
    client.post(reverse("sources:unwatch", args=[source.pk]))
    as_user(editor).post(reverse("sources:unwatch", args=[source.pk]))
    assert not Watch.objects.exists()


def test_a_source_without_a_web_address_cannot_be_watched(source, as_user, editor):
    response = as_user(editor).post(
        reverse("sources:watch", args=[source.pk]), {"every_hours": "24"}, follow=True
    )
    assert "Only a source with a web address can be watched." in response.content.decode()
    assert not Watch.objects.exists()
