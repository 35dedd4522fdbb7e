"""What readers get: grouping, filters by any spelling, search, feeds, exports, caching."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.publishing.states import Action
from desk.publishing.workflow import perform
from events.models import ActorAlias
from tests.factories import (
    ActorFactory,
    EventFactory,
    TopicFactory,
    make_excerpt,
    make_source,
    start_correction,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(excerpt, editor, reviewer, **extra):
    for action, user in [
        (Action.SUBMIT, editor),
        (Action.APPROVE, reviewer),
        (Action.PUBLISH, reviewer),
    ]:
        excerpt = perform(excerpt, action, user, **extra)
    return excerpt


@pytest.fixture
def desk_items(editor, reviewer, briefing):
    source = make_source(
        text="Kuźnica reopened on Monday.\nSanctions on potash were lifted.\nTroops came in winter.",
        title="Border piece",
        author="A. Writer",
    )
    lukashenka = ActorFactory(name="Alyaksandr Lukashenka")
    ActorAlias.objects.create(actor=lukashenka, name="Lukashenko")
    borders, sanctions = TopicFactory(name="borders"), TopicFactory(name="sanctions")
    early, late = (
        EventFactory(title="Winter deployment", date="2021-24"),
        EventFactory(title="Reopening", date="2025-11-17"),
    )
    first = publish(
        make_excerpt(editor=editor, source=source, briefing=briefing, quote="Kuźnica reopened on Monday",
                     topics=[borders], events=[late], annotation="Border news."),
        editor, reviewer,
    )  # fmt: skip
    second = publish(
        make_excerpt(editor=editor, source=source, briefing=briefing, quote="Sanctions on potash were lifted",
                     topics=[sanctions], actors=[lukashenka], events=[early], annotation="Money matters."),
        editor, reviewer,
    )  # fmt: skip
    return first, second


def test_filter_by_actor_matches_any_spelling(client, desk_items, briefing):
    for spelling in ["Lukashenko", "alyaksandr lukashenka", "LUKASHENKO "]:
        response = client.get(briefing.get_absolute_url(), {"actor": spelling})
        items = list(response.context["page"].object_list)
        assert [i.pk for i in items] == [desk_items[1].pk], spelling


def test_search_finds_words_without_accents(client, desk_items, briefing):
    response = client.get(briefing.get_absolute_url(), {"q": "kuznica"})
    assert [i.pk for i in response.context["page"].object_list] == [desk_items[0].pk]


def test_search_covers_annotations_and_source_titles(client, desk_items, briefing):
    assert (
        len(client.get(briefing.get_absolute_url(), {"q": "money"}).context["page"].object_list)
        == 1
    )
    assert (
        len(
            client.get(briefing.get_absolute_url(), {"q": "border piece"})
            .context["page"]
            .object_list
        )
        == 2
    )


def test_empty_results_say_so_and_offer_to_clear(client, desk_items, briefing):
    html = client.get(briefing.get_absolute_url(), {"q": "nothing-like-this"}).content.decode()
    assert "No published item matches these filters" in html
    assert "Clear the filters" in html


def test_group_by_topic_and_along_the_timeline(client, desk_items, briefing):
    by_topic = client.get(briefing.get_absolute_url(), {"group": "topic"}).context["groups"]
    assert [title for title, _ in by_topic] == ["borders", "sanctions"]
    timeline = client.get(briefing.get_absolute_url(), {"group": "timeline"}).context["groups"]
    assert [i.pk for i in timeline[0][1]] == [
        desk_items[1].pk,
        desk_items[0].pk,
    ]  # winter 2021 first


def test_briefing_timeline_shows_linked_events_with_precision(client, desk_items, briefing):
    html = client.get(reverse("briefings:timeline", args=[briefing.slug])).content.decode()
    assert "winter 2021–22" in html and "17 November 2025" in html
    assert html.index("Winter deployment") < html.index("Reopening")


def test_items_feed_is_valid_atom_with_the_items(client, desk_items, briefing):
    response = client.get(reverse("briefings:feed", args=[briefing.slug]))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for tag in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag


def test_corrections_are_shown_on_the_item_the_briefing_and_the_feed(
    client, desk_items, briefing, editor, reviewer
):
    item = start_correction(
        desk_items[0], editor=editor, annotation="Border news, with the right day."
    )
    item = perform(item, Action.SUBMIT, editor)
    item = perform(
        item,
        Action.APPROVE,
        reviewer,
        correction_note="The crossing reopened on Monday, not Sunday.",
    )
    perform(item, Action.PUBLISH, reviewer)
    page = client.get(reverse("briefings:item", args=[briefing.slug, item.pk])).content.decode()
    assert "Corrected on" in page and "not Sunday" in page and "with the right day" in page
    assert "not Sunday" in client.get(briefing.get_absolute_url()).content.decode()
    feed = ET.fromstring(
        client.get(reverse("briefings:corrections_feed", args=[briefing.slug])).content
    )
    assert "not Sunday" in feed.find(f"{ATOM}entry/{ATOM}title").text


def test_approving_a_correction_needs_a_note(desk_items, editor, reviewer, briefing):
    from desk.publishing.workflow import TransitionRefused

    item = start_correction(desk_items[0], editor=editor, annotation="Changed.")
    item = perform(item, Action.SUBMIT, editor)
    with pytest.raises(TransitionRefused, match="correction note"):
        perform(item, Action.APPROVE, reviewer)


def test_markdown_export_quotes_and_cites(client, desk_items, briefing):
    response = client.get(reverse("briefings:markdown", args=[briefing.slug]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert "> Kuźnica reopened on Monday" in text
    assert "— Border piece, A. Writer, outlet unknown" in text
    assert "Border news." in text


def test_sitemap_and_robots(client, desk_items, briefing):
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert briefing.get_absolute_url() in sitemap
    assert reverse("briefings:item", args=[briefing.slug, desk_items[0].pk]) in sitemap
    robots = client.get(reverse("robots")).content.decode()
    assert "Disallow: /desk/" in robots and "Sitemap:" in robots


def test_readers_never_get_the_full_source_text(client, desk_items, briefing):
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert "Troops came in winter." not in html  # in the source, never excerpted


def test_conditional_requests_get_304_without_queries(
    client, desk_items, briefing, django_assert_num_queries
):
    first = client.get(briefing.get_absolute_url())
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(briefing.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_cached_page_is_served_without_queries(
    client, desk_items, briefing, django_assert_num_queries
):
    client.get(briefing.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(briefing.get_absolute_url()).status_code == 200


def test_publishing_clears_the_cache_after_commit(
    client, desk_items, briefing, editor, reviewer, django_capture_on_commit_callbacks
):
    before = client.get(briefing.get_absolute_url())
    new = make_excerpt(
        editor=editor, source=desk_items[0].source, briefing=briefing, quote="Troops came in winter"
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(new, editor, reviewer)
    after = client.get(briefing.get_absolute_url())
    assert after["ETag"] != before["ETag"]
    assert "Troops came in winter" in after.content.decode()


def test_a_scheduled_item_appears_on_time_and_not_before(
    client, desk_items, briefing, editor, reviewer, django_capture_on_commit_callbacks
):
    from unittest import mock

    new = make_excerpt(
        editor=editor, source=desk_items[0].source, briefing=briefing, quote="Troops came in winter"
    )
    when = timezone.now() + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        new = perform(perform(new, Action.SUBMIT, editor), Action.APPROVE, reviewer)
        perform(new, Action.SCHEDULE, reviewer, publish_at=when)
    assert "Troops came in winter" not in client.get(briefing.get_absolute_url()).content.decode()
    later = when + dt.timedelta(minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("time.time", return_value=later.timestamp()),
    ):
        assert "Troops came in winter" in client.get(briefing.get_absolute_url()).content.decode()


def test_signed_in_staff_are_not_served_the_anonymous_cache(as_user, desk_items, briefing, editor):
    response = as_user(editor).get(briefing.get_absolute_url())
    assert "Signed in as" in response.content.decode()
    assert "ETag" not in response


def test_cached_exports_keep_their_headers(client, desk_items, briefing):
    url = reverse("briefings:markdown", args=[briefing.slug])
    first, second = client.get(url), client.get(url)
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"].startswith("text/markdown")
    assert second.content == first.content
