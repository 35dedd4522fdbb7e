"""Saving a shared record tells the editor what readers see meanwhile (issue #31, item 3): how
many published items show the record, and that a reviewer must carry the change; reviewers get
the link to the page where it is carried."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import RecordKind
from desk.readers_copy import live_items_showing
from tests.desk.shared_records import NAME
from tests.factories import excerpt_in, make_excerpt, make_source
from tests.factories import publish as publish_item

ACTOR_NOTICE = "published items show this actor; a reviewer must carry the change"


@pytest.fixture
def second_live_item(editor, reviewer, briefing, actor, event, topic):
    text = "Tsikhanouskaya spoke again in Warsaw."
    item = make_excerpt(
        editor=editor, source=make_source(text), briefing=briefing, quote=text,
        actors=[actor], events=[event], topics=[topic],
    )  # fmt: skip
    return publish_item(item, editor=editor, reviewer=reviewer)


def _rename_actor(client, actor, name="Sviatlana Tikhanovskaya", description=""):
    return client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": name, "kind": "person", "aliases": "", "description": description},
        follow=True,
    )


def test_renaming_an_actor_says_how_many_published_items_keep_the_old_name(
    as_user, editor, reviewer, live_item, second_live_item, actor
):
    # Neither a draft nor a withdrawn item is something readers see.
    make_excerpt(editor=editor, source=make_source("A draft: Tsikhanouskaya."), actors=[actor])
    withdrawn = make_excerpt(
        editor=editor, source=make_source("Withdrawn: Tsikhanouskaya."), actors=[actor]
    )
    excerpt_in("withdrawn", editor=editor, reviewer=reviewer, excerpt=withdrawn)
    page = _rename_actor(as_user(editor), actor).content.decode()
    assert "Sviatlana Tikhanovskaya saved in the register." in page
    assert f"2 {ACTOR_NOTICE} before readers see it." in page
    assert 'href="/desk/shared-records/"' not in page  # an editor cannot carry it


def test_a_reviewer_who_renames_gets_the_link_to_carry(as_user, chief, live_item, actor):
    page = _rename_actor(as_user(chief), actor).content.decode()
    assert "1 published item shows this actor; a reviewer must carry the change" in page
    assert '<a href="/desk/shared-records/">Carry or decline changes to shared records</a>' in page


def test_an_other_name_added_is_a_change_too(as_user, editor, live_item, actor):
    page = as_user(editor).post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": NAME, "kind": "person", "aliases": "Tikhanovskaya", "description": ""},
        follow=True,
    )
    assert "1 published item shows this actor" in page.content.decode()


def test_saving_what_readers_never_see_says_nothing_of_published_items(
    as_user, editor, live_item, actor
):
    page = _rename_actor(as_user(editor), actor, name=NAME, description="Desk only.")
    assert "published item" not in page.content.decode()


def test_an_actor_no_published_item_shows_gets_no_notice(as_user, editor, actor):
    page = _rename_actor(as_user(editor), actor).content.decode()
    assert "saved in the register" in page
    assert "published item" not in page


def test_a_retitled_source_and_a_redated_event_say_so(as_user, editor, live_item, event):
    client = as_user(editor)
    source = live_item.source
    page = client.post(
        reverse("sources:edit", args=[source.pk]),
        {"title": "Retitled", "author": source.author, "outlet": source.outlet, "url": "",
         "published": "", "language": "en", "note": ""},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "1 published item shows this source; a reviewer must carry the change" in page
    page = client.post(
        reverse("events:edit", args=[event.pk]),
        {"title": "Vilnius talks", "date": "18 November 2025", "place": "Vilnius",
         "description": "", "actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "1 published item shows this event; a reviewer must carry the change" in page


def test_a_topic_renamed_in_the_admin_says_so(as_user, superuser, live_item, topic):
    page = as_user(superuser).post(
        reverse("admin:desk_topic_change", args=[topic.pk]),
        {"name": "exiles", "slug": topic.slug},
        follow=True,
    )
    assert "1 published item shows this topic" in page.content.decode()


def test_the_count_is_one_query(live_item, second_live_item, actor, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert live_items_showing(RecordKind.ACTOR, actor.pk) == 2
