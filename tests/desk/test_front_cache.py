"""What a front cache may keep of the public pages, and the purges a decision sends it (#33).

A fake purger records every purge, so the tests check the keys each decision sends, after
commit only, and that a purge that fails never fails the decision.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from desk.public import purging
from desk.publishing.states import Action
from desk.publishing.workflow import perform

PURGES: list[list[str]] = []


class RecordingPurger:
    def purge(self, keys):
        PURGES.append(sorted(keys))


class FailingPurger:
    def purge(self, keys):
        PURGES.append(sorted(keys))
        raise OSError("the front cache did not answer")


@pytest.fixture
def purges(settings):
    settings.FRONT_CACHE_PURGER = f"{__name__}.RecordingPurger"
    settings.FRONT_CACHE_SECONDS = 86400
    PURGES.clear()
    yield PURGES
    PURGES.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def public_urls(briefing, item) -> list[str]:
    slug, pk = briefing.slug, item.pk
    return [
        "/briefings/",
        f"/briefings/{slug}/",
        f"/briefings/{slug}/?view=topic",
        f"/briefings/{slug}/timeline/",
        f"/briefings/{slug}/items/{pk}/",
        f"/briefings/{slug}/items/{pk}/card/",
        f"/briefings/{slug}/items/{pk}/card.png",
        f"/briefings/{slug}/items/{pk}/citation.json",
        f"/briefings/{slug}/items/{pk}/citation.ris",
        f"/briefings/{slug}/items/{pk}/citation.bib",
        f"/briefings/{slug}/feed/",
        reverse("briefings:corrections_feed", args=[slug]),
        f"/briefings/{slug}.md",
        "/sitemap.xml",
        "/briefings/oembed/?url=" + f"http://testserver/briefings/{slug}/items/{pk}/",
    ]


def test_every_public_answer_says_what_shared_caches_may_keep_and_names_its_keys(
    purges, published, briefing
):
    for url in public_urls(briefing, published):
        response = Client().get(url)
        assert response.status_code == 200, url
        control = response["Cache-Control"]
        assert control.startswith("public, "), url
        assert "s-maxage=86400" in control and "stale-if-error=" in control, url
        assert "stale-while-revalidate=" in control, url
        assert "must-revalidate" not in control, url  # it would forbid serving stale on error
        keys = response["Surrogate-Key"].split()
        assert "public" in keys, url
        assert not response.cookies and "Set-Cookie" not in response.headers, url
        if f"/{briefing.slug}" in url and "oembed" not in url:
            assert f"briefing:{briefing.slug}" in keys, url
        if f"/items/{published.pk}/" in url and "oembed" not in url:
            assert f"item:{published.pk}" in keys, url


def test_without_a_purger_shared_caches_ask_again_every_time(published, briefing):
    response = Client().get(f"/briefings/{briefing.slug}/")
    assert "s-maxage=0" in response["Cache-Control"]
    assert "stale-while-revalidate" not in response["Cache-Control"]


def test_a_page_is_kept_no_longer_than_the_next_scheduled_publication(
    purges, published, excerpt_in, briefing, reviewer
):
    scheduled = excerpt_in("scheduled", publish_at=timezone.now() + dt.timedelta(minutes=10))
    assert scheduled.status == "scheduled"
    control = Client().get(f"/briefings/{briefing.slug}/")["Cache-Control"]
    seconds = int(control.split("s-maxage=")[1].split(",")[0])
    assert 0 < seconds <= 600


def test_answers_for_someone_signed_in_are_private(as_user, editor, reviewer, published, briefing):
    for user in (editor, reviewer):
        client = as_user(user)
        for url in [
            f"/briefings/{briefing.slug}/",
            f"/briefings/{briefing.slug}/items/{published.pk}/",
            "/desk/",
            "/sources/",
            "/desk/review/",
        ]:
            response = client.get(url)
            assert response["Cache-Control"] == "private, no-store", url
            assert "Surrogate-Key" not in response, url


def test_an_answer_that_sets_a_cookie_is_private():
    response = Client().get(reverse("login"))
    assert response.cookies  # the CSRF token of the sign-in form
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_publishing_purges_exactly_the_items_pages_and_its_briefings(
    purges, committed, submitted, reviewer, briefing
):
    with committed():
        approved = perform(submitted, Action.APPROVE, reviewer)
    assert purges == [sorted(["briefings", f"briefing:{briefing.slug}", f"item:{approved.pk}"])]
    purges.clear()
    with committed():
        perform(approved, Action.PUBLISH, reviewer)
    assert purges == [sorted(["briefings", f"briefing:{briefing.slug}", f"item:{approved.pk}"])]


def test_withdrawing_purges_the_item_and_its_briefing(
    purges, committed, published, reviewer, briefing
):
    with committed():
        perform(published, Action.WITHDRAW, reviewer, comment="Wrong source.")
    assert purges == [sorted(["briefings", f"briefing:{briefing.slug}", f"item:{published.pk}"])]


def test_a_decision_rolled_back_purges_nothing(purges, submitted, reviewer):
    # No commit (the test's transaction is rolled back): nothing reaches the front cache.
    perform(submitted, Action.APPROVE, reviewer)
    assert purges == []


def test_a_draft_purges_only_its_own_item(purges, committed, draft, editor):
    # A decision readers cannot see yet still names only this item's pages, never the site.
    with committed():
        perform(draft, Action.SUBMIT, editor)
    assert all("public" not in keys for keys in purges)


def test_a_briefing_edited_purges_every_public_page(purges, committed, published, briefing):
    with committed():
        briefing.description = "What changed at the border."
        briefing.save()
    assert ["public"] in purges


def test_a_failing_purge_never_fails_the_decision_and_is_tried_again(
    settings, committed, submitted, reviewer, as_user
):
    settings.FRONT_CACHE_PURGER = f"{__name__}.FailingPurger"
    PURGES.clear()
    client = as_user(reviewer)
    page = client.get(reverse("desk:excerpt", args=[submitted.pk]))
    assert page.status_code == 200
    with committed():
        approved = perform(submitted, Action.APPROVE, reviewer)
    assert approved.status == "approved"
    # The first attempt and every retry (the test queue runs them at once), then given up.
    assert len(PURGES) == purging.PURGE_ATTEMPTS
    PURGES.clear()


def test_the_http_purger_sends_the_keys_in_one_header(settings, monkeypatch):
    sent = []

    class Answer:
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    class Opener:
        def open(self, request, timeout):
            sent.append((request.full_url, request.get_method(), request.headers, timeout))
            return Answer()

    monkeypatch.setattr(purging, "_opener", lambda: Opener())
    settings.FRONT_CACHE_PURGE_URLS = ["http://127.0.0.1:6081/", "http://127.0.0.2:6081/"]
    purging.HttpPurger().purge(["item:4", "briefing:the-border"])
    assert [(url, method) for url, method, _, _ in sent] == [
        ("http://127.0.0.1:6081/", "PURGE"),
        ("http://127.0.0.2:6081/", "PURGE"),
    ]
    assert all(h == {"Xkey-purge": "item:4 briefing:the-border"} for _, _, h, _ in sent)
    settings.FRONT_CACHE_PURGE_URLS = ["file:///etc/passwd"]
    with pytest.raises(ValueError):
        purging.HttpPurger().purge(["public"])


@pytest.mark.parametrize(
    ("purger", "urls", "error"),
    [
        ("no.such.Purger", [], "public.E011"),
        ("desk.public.front_cache.keys_for", [], "public.E012"),
        ("desk.public.purging.HttpPurger", [], "public.E013"),
        ("desk.public.purging.HttpPurger", ["ftp://x/"], "public.E014"),
    ],
)
def test_a_purger_that_cannot_work_fails_the_check(settings, purger, urls, error):
    settings.FRONT_CACHE_PURGER = purger
    settings.FRONT_CACHE_PURGE_URLS = urls
    with pytest.raises(Exception, match=error):
        call_command("check", fail_level="ERROR")


@pytest.fixture
def linked(editor, reviewer, briefing):
    """A published item linking an actor, an event and a topic, as its readers' copy shows."""
    from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt, publish

    actor = ActorFactory(name="Anna Nowak")
    event = EventFactory(title="Talks in Vilnius")
    topic = TopicFactory(name="Energy")
    item = publish(
        make_excerpt(
            editor=editor, briefing=briefing, actors=[actor], events=[event], topics=[topic]
        ),
        editor=editor,
        reviewer=reviewer,
    )
    return item, actor, event, topic


def test_an_item_page_names_the_records_its_readers_copy_shows(purges, linked, briefing):
    item, actor, event, topic = linked
    keys = Client().get(f"/briefings/{briefing.slug}/items/{item.pk}/")["Surrogate-Key"].split()
    assert {
        "public",
        f"briefing:{briefing.slug}",
        f"item:{item.pk}",
        f"source:{item.source_id}",
        f"actor:{actor.pk}",
        f"event:{event.pk}",
        f"topic:{topic.slug}",
    } == set(keys)
    # Kept with the page: the next reader's copy, from the public cache, names them too.
    again = Client().get(f"/briefings/{briefing.slug}/items/{item.pk}/")["Surrogate-Key"].split()
    assert again == keys


def test_an_item_page_names_what_readers_saw_not_the_live_records(purges, linked, briefing):
    item, actor, event, topic = linked
    topic.slug = "power"
    topic.save()
    keys = Client().get(f"/briefings/{briefing.slug}/items/{item.pk}/")["Surrogate-Key"].split()
    assert "topic:energy" in keys and "topic:power" not in keys


def test_a_filtered_briefing_page_names_its_filters_records_not_each_items(
    purges, linked, briefing
):
    item, actor, event, topic = linked
    page = f"/briefings/{briefing.slug}/"
    assert set(Client().get(page)["Surrogate-Key"].split()) == {
        "public",
        f"briefing:{briefing.slug}",
    }
    for query, key in [
        ("?actor=anna nowak", f"actor:{actor.pk}"),
        (f"?event={event.pk}", f"event:{event.pk}"),
        (f"?topic={topic.slug}", f"topic:{topic.slug}"),
        (f"?source={item.source_id}", f"source:{item.source_id}"),
    ]:
        response = Client().get(page + query)
        assert response.status_code == 200, query
        keys = response["Surrogate-Key"].split()
        assert set(keys) == {"public", f"briefing:{briefing.slug}", key}, query
    # A name nobody's copy holds names no actor.
    keys = Client().get(page + "?actor=Nobody")["Surrogate-Key"].split()
    assert set(keys) == {"public", f"briefing:{briefing.slug}"}


def test_an_item_linking_many_records_keeps_its_header_bounded(purges, editor, reviewer, briefing):
    from desk.public.front_cache import MAX_RECORD_KEYS
    from tests.factories import ActorFactory, make_excerpt, publish

    actors = [ActorFactory(name=f"Actor {n}") for n in range(MAX_RECORD_KEYS + 10)]
    item = publish(
        make_excerpt(editor=editor, briefing=briefing, actors=actors),
        editor=editor,
        reviewer=reviewer,
    )
    keys = Client().get(f"/briefings/{briefing.slug}/items/{item.pk}/")["Surrogate-Key"].split()
    # The item's own key stays: a carry into it purges the page by that key.
    assert f"item:{item.pk}" in keys
    assert len(keys) <= MAX_RECORD_KEYS + 3


def test_carrying_an_actors_new_name_purges_the_actor_and_its_items_pages(
    purges, committed, linked, briefing, reviewer
):
    from desk.readers_copy import carry, changed_items

    item, actor, event, topic = linked
    actor.name = "Anna Nowak-Kowalska"
    actor.save()
    purges.clear()
    with committed():
        assert carry(changed_items(), reviewer, "Her name as she now writes it.") == 1
    purged = {key for keys in purges for key in keys}
    assert purged == {
        f"item:{item.pk}",
        f"briefing:{briefing.slug}",
        "briefings",
        f"actor:{actor.pk}",
    }


def test_carrying_a_retitled_source_purges_the_source_not_the_other_records(
    purges, committed, linked, briefing, reviewer
):
    from desk.readers_copy import carry, changed_items

    item, actor, event, topic = linked
    source = item.source
    source.title = "A better title"
    source.save()
    purges.clear()
    with committed():
        assert carry(changed_items(), reviewer, "The title as published.") == 1
    purged = {key for keys in purges for key in keys}
    assert f"source:{item.source_id}" in purged
    assert not {f"actor:{actor.pk}", f"event:{event.pk}", f"topic:{topic.slug}"} & purged
