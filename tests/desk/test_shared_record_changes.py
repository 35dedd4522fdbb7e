"""Nobody carries their own change of a shared record to readers (issue #14, four eyes).

A source's details, an actor (name, aliases), an event or a topic changed on the desk is recorded
with who changed it; carrying the change into live items is refused to anyone who made one of the
changes, and another reviewer carries it. An alias is a shared record too: readers' search knows
it only once someone else has carried it. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.models import AuditEntry, Excerpt, RecordChange
from desk.readers_copy import changed_items
from events.merging import merge_actors
from events.models import Actor
from tests.desk.shared_records import NAME, TEXT, URL, carry
from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt, make_source
from tests.factories import publish as publish_item


def _seen(page) -> str:
    return re.search(r'name="seen" value="([^"]+)"', page.content.decode()).group(1)


# Each shared record, changed through the desk's own form for it, by the given client.
def _rename_actor(client, item):
    actor = item.published_revision.actors.get()
    return client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": "Sviatlana Tikhanovskaya", "kind": "person", "aliases": "", "description": ""},
    )


def _retitle_source(client, item):
    source = item.source
    return client.post(
        reverse("sources:edit", args=[source.pk]),
        {"title": "A title nobody else read", "author": source.author, "outlet": source.outlet,
         "url": "", "published": "", "language": "en", "note": ""},
    )  # fmt: skip


def _redate_event(client, item):
    event = item.published_revision.events.get()
    return client.post(
        reverse("events:edit", args=[event.pk]),
        {"title": "Vilnius talks", "date": "18 November 2025", "place": "Vilnius",
         "description": "", "actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"},
    )  # fmt: skip


CHANGES = {"actor": _rename_actor, "source": _retitle_source, "event": _redate_event}


# Recording who changed what.


def test_an_actors_rename_is_recorded_with_who_and_what(as_user, editor, live_item, actor):
    assert _rename_actor(as_user(editor), live_item).status_code == 302
    change = RecordChange.objects.get()
    assert (change.kind, change.record_id, change.changed_by) == ("actor", actor.pk, editor)
    assert change.before == {"name": NAME, "aliases": []}
    assert change.after == {"name": "Sviatlana Tikhanovskaya", "aliases": []}
    assert change.name == "Sviatlana Tikhanovskaya"


def test_a_sources_details_and_an_events_date_are_recorded(as_user, editor, live_item):
    client = as_user(editor)
    _retitle_source(client, live_item)
    _redate_event(client, live_item)
    source, event = RecordChange.objects.order_by("pk")
    assert (source.kind, source.changed_by, source.fields_changed) == ("source", editor, ["title"])
    assert source.before["title"] == "Exile politics"
    assert (event.kind, event.fields_changed) == ("event", ["date"])
    assert (event.before["date"], event.after["date"]) == ("2025-11-17", "2025-11-18")


def test_saving_what_readers_never_see_records_nothing(as_user, editor, live_item, actor):
    client = as_user(editor)
    client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": NAME, "kind": "person", "aliases": "", "description": "Only on the desk."},
    )
    source = live_item.source
    client.post(
        reverse("sources:edit", args=[source.pk]),
        {"title": source.title, "author": source.author, "outlet": source.outlet, "url": "",
         "published": "", "language": "en", "note": "A note for the desk."},
    )  # fmt: skip
    actor.refresh_from_db()
    assert actor.description == "Only on the desk."
    assert not RecordChange.objects.exists()
    assert changed_items() == []


def test_a_topic_renamed_in_the_admin_is_recorded(as_user, superuser, live_item, topic):
    response = as_user(superuser).post(
        reverse("admin:desk_topic_change", args=[topic.pk]), {"name": "exiles", "slug": topic.slug}
    )
    assert response.status_code == 302
    change = RecordChange.objects.get()
    assert (change.kind, change.record_id, change.changed_by) == ("topic", topic.pk, superuser)
    assert (change.before["name"], change.after["name"]) == ("exile", "exiles")


def test_an_alias_added_in_the_admin_is_recorded(as_user, superuser, actor):
    response = as_user(superuser).post(
        reverse("admin:events_actor_change", args=[actor.pk]),
        {"name": NAME, "slug": actor.slug, "kind": "person", "description": "",
         "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
         "aliases-0-name": "Tikhanovskaya", "aliases-0-actor": actor.pk},
    )  # fmt: skip
    assert response.status_code == 302
    change = RecordChange.objects.get()
    assert (change.after["aliases"], change.changed_by) == (["Tikhanovskaya"], superuser)


def test_a_merge_is_recorded_for_both_actors(as_user, editor, live_item, actor):
    duplicate = ActorFactory(name="S. Tsikhanouskaya")
    response = as_user(editor).post(
        reverse("events:actor_merge", args=[duplicate.slug]), {"merged": actor.pk, "confirm": "1"}
    )
    assert response.status_code == 302
    kept, merged = RecordChange.objects.order_by("pk")
    assert (kept.record_id, kept.after["aliases"], kept.changed_by) == (
        duplicate.pk,
        [NAME],
        editor,
    )
    assert (merged.record_id, merged.after, merged.changed_by) == (
        actor.pk,
        {"merged_into": "S. Tsikhanouskaya"},
        editor,
    )
    # The live item would now name the kept actor: the merge is the change waiting for it.
    (item,) = changed_items()
    assert [c.pk for c in item.changes] == [kept.pk, merged.pk]


def test_merging_from_code_without_a_person_records_nobody(live_item, actor):
    merge_actors(keep=ActorFactory(name="S. T."), merged=actor)
    assert set(RecordChange.objects.values_list("changed_by", flat=True)) == {None}


def test_the_record_of_changes_is_append_only(as_user, editor, live_item):
    _rename_actor(as_user(editor), live_item)
    change = RecordChange.objects.get()
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        change.delete()
    with pytest.raises(PermissionError):
        RecordChange.objects.update(name="x")
    with pytest.raises(PermissionError):
        RecordChange.objects.all().delete()


# Four eyes over carrying: the walk-around, refused; another reviewer carries.


@pytest.mark.parametrize("record", CHANGES)
def test_whoever_changed_a_record_cannot_carry_it_to_readers(
    client,
    as_user,
    chief,
    reviewer2,
    live_item,
    briefing,
    record,
    django_capture_on_commit_callbacks,
):
    desk = as_user(chief)
    assert CHANGES[record](desk, live_item).status_code == 302
    before = Excerpt.objects.get(pk=live_item.pk).readers_copy_id

    page = desk.get(URL).content.decode()
    assert "chief" in page  # who made the pending change
    assert "Four eyes: you changed the" in page
    assert 'name="note"' not in page  # no form to press, the reason instead
    response = carry(desk, "My own change.")

    assert response.status_code == 403
    assert "another reviewer must carry these changes" in response.content.decode()
    live_item.refresh_from_db()
    assert live_item.readers_copy_id == before
    assert not AuditEntry.objects.filter(action="carry_correction").exists()
    item_page = client.get(reverse("briefings:item", args=[briefing.slug, live_item.pk]))
    assert "My own change." not in item_page.content.decode()

    # Someone who changed nothing carries it, and readers see it as a correction (the page they
    # read before is let go once the carry commits).
    with django_capture_on_commit_callbacks(execute=True):
        assert carry(as_user(reviewer2), "Brought up to date.").status_code == 302
    live_item.refresh_from_db()
    assert live_item.readers_copy_id != before
    assert live_item.readers_copy.made_by == reviewer2
    shown = client.get(reverse("briefings:item", args=[briefing.slug, live_item.pk]))
    assert "Corrected on" in shown.content.decode()
    assert "Brought up to date." in shown.content.decode()


def test_the_renamed_actor_reaches_readers_only_through_another_reviewer(
    client, as_user, chief, reviewer2, live_item, briefing, django_capture_on_commit_callbacks
):
    _rename_actor(as_user(chief), live_item)
    item_url = reverse("briefings:item", args=[briefing.slug, live_item.pk])
    carry(as_user(chief))
    assert "Sviatlana Tikhanovskaya" not in client.get(item_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        carry(as_user(reviewer2))
    assert "Sviatlana Tikhanovskaya" in client.get(item_url).content.decode()


def test_every_writer_counts_not_only_the_last(as_user, editor, chief, reviewer, live_item):
    # The chief renames, an editor then touches the same actor: the chief still wrote part of it.
    _rename_actor(as_user(chief), live_item)
    actor = live_item.published_revision.actors.get()
    as_user(editor).post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": "Sviatlana Tikhanouskaya", "kind": "person", "aliases": "", "description": ""},
    )
    assert carry(as_user(chief)).status_code == 403
    assert carry(as_user(reviewer)).status_code == 302


def test_superusers_are_held_to_four_eyes_too(as_user, superuser, reviewer, live_item):
    _rename_actor(as_user(superuser), live_item)
    assert carry(as_user(superuser)).status_code == 403
    assert carry(as_user(reviewer)).status_code == 302


def test_a_change_carried_before_no_longer_counts(as_user, chief, editor, reviewer, live_item):
    # The chief's rename was carried by a reviewer; an editor's later change is the chief's to carry.
    _rename_actor(as_user(chief), live_item)
    assert carry(as_user(reviewer)).status_code == 302
    _retitle_source(as_user(editor), live_item)
    assert carry(as_user(chief)).status_code == 302


def test_the_page_says_who_changed_each_record(as_user, editor, chief, reviewer, live_item):
    _rename_actor(as_user(editor), live_item)
    _retitle_source(as_user(chief), live_item)
    page = as_user(reviewer).get(URL).content.decode()
    assert "actor “Sviatlana Tikhanovskaya”: name — edna" in page
    assert "source “A title nobody else read”: title — chief" in page
    assert 'name="note"' in page  # this reviewer changed nothing: the form is there


def test_a_change_nobody_recorded_may_be_carried_and_says_so(as_user, reviewer, live_item):
    # Changed from code (a shell, a command): nobody to hold to four eyes, and the page says so.
    Actor.objects.filter(pk=live_item.published_revision.actors.get().pk).update(name="Renamed")
    page = as_user(reviewer).get(URL).content.decode()
    assert "Not recorded" in page
    assert carry(as_user(reviewer)).status_code == 302


# The page's doors: every role, the wrong method.


@pytest.mark.parametrize(
    "persona, get_status, post_status, carried",
    [
        (None, 302, 302, False),
        ("outsider", 403, 403, False),
        ("editor", 200, 403, False),
        ("reviewer", 200, 302, True),
        ("superuser", 200, 302, True),
    ],
)
def test_each_role_at_the_page(
    request, as_user, editor2, live_item, persona, get_status, post_status, carried
):
    _rename_actor(as_user(editor2), live_item)
    before = Excerpt.objects.get(pk=live_item.pk).readers_copy_id
    user = request.getfixturevalue(persona) if persona else None
    client = as_user(user)
    assert client.get(URL).status_code == get_status
    seen = changed_items()
    from desk.readers_copy import fingerprint

    response = client.post(
        URL, {"note": "Renamed.", "seen": fingerprint(seen), "items": [i.excerpt.pk for i in seen]}
    )
    assert response.status_code == post_status
    if persona is None:
        assert response["Location"].startswith(reverse("login"))
    if persona == "editor":
        assert "Only reviewers can correct published items." in response.content.decode()
    live_item.refresh_from_db()
    assert (live_item.readers_copy_id != before) is carried


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_page_takes_only_get_and_post(as_user, reviewer, live_item, method):
    assert getattr(as_user(reviewer), method)(URL).status_code == 405


def test_carrying_on_an_excerpts_page_is_refused(as_user, reviewer, editor2, live_item):
    _rename_actor(as_user(editor2), live_item)
    before = Excerpt.objects.get(pk=live_item.pk).readers_copy_id
    as_user(reviewer).post(
        reverse("desk:excerpt_transition", args=[live_item.pk, "carry_correction"]),
        {"seen_status": "published", "seen_revision": live_item.current_revision_id},
    )
    live_item.refresh_from_db()
    assert live_item.readers_copy_id == before


def test_the_page_reads_the_changes_in_a_constant_number_of_queries(
    as_user, editor, editor2, reviewer, briefing, actor
):
    # Who made each change is read for all items at once, not per item (an N+1 on the changes).
    def items(n: int) -> None:
        for i in range(n):
            source = make_source(f"{TEXT}\nPiece {n} {i}.", title=f"Piece {i}")
            excerpt = make_excerpt(
                editor=editor, source=source, briefing=briefing, actors=[actor],
                quote="Tsikhanouskaya spoke in Vilnius on Monday.", topics=[TopicFactory()],
                events=[EventFactory()],
            )  # fmt: skip
            publish_item(excerpt, editor=editor, reviewer=reviewer)
            as_user(editor2).post(
                reverse("sources:edit", args=[source.pk]),
                {"title": f"Piece {i}, retitled", "author": "", "outlet": "", "url": "",
                 "published": "", "language": "en", "note": ""},
            )  # fmt: skip
        actor_form = {"name": f"{NAME} {n}", "kind": "person", "aliases": "", "description": ""}
        as_user(editor2).post(reverse("events:actor_edit", args=[actor.slug]), actor_form)
        actor.refresh_from_db()

    desk = as_user(reviewer)
    desk.get(URL)  # the session and the user are read once
    items(1)
    with CaptureQueriesContext(connection) as one:
        assert desk.get(URL).status_code == 200
    items(3)
    with CaptureQueriesContext(connection) as four:
        page = desk.get(URL).content.decode()
    # Each item's retitle and the renames made since its copy: both for the first, the last
    # for the three published after the first rename.
    assert page.count("— eddie") == 4 + 2 + 3
    assert len(four) == len(one)
