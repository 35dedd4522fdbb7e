"""Aliases are shared records too: readers' search knows only the names a second person carried
to them (issue #14, four eyes). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from django.urls import reverse

from desk.models import Excerpt, Topic
from desk.readers_copy import changed_items
from desk.search import build_query, search
from events.models import ActorAlias, Event
from tests.desk.shared_records import NAME, TEXT, URL, carry
from tests.factories import make_excerpt, make_source
from tests.factories import publish as publish_item

# Aliases: readers' search knows only the names a second person carried to them.

ALIAS = "Tikhanovskaya"


def _add_alias(client, actor):
    return client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": actor.name, "kind": "person", "aliases": ALIAS, "description": ""},
    )


def _api_count(client, actor: str) -> int:
    return len(client.get("/api/items/", {"actor": actor}).json()["results"])


def _public_search(client, briefing, **params):
    response = client.get(reverse("briefings:detail", args=[briefing.slug]), params)
    return [item.pk for item in response.context["page"].object_list], response.content.decode()


def test_an_alias_added_on_the_desk_never_reaches_readers_search_by_itself(
    client,
    as_user,
    editor,
    reviewer,
    live_item,
    briefing,
    actor,
    django_capture_on_commit_callbacks,
):
    assert _add_alias(as_user(editor), actor).status_code == 302
    assert ActorAlias.objects.filter(actor=actor, name=ALIAS).exists()

    found, page = _public_search(client, briefing, q=ALIAS)
    assert found == []  # not expanded with the actor's name through an unreviewed alias
    assert "Also searched" not in page
    found, page = _public_search(client, briefing, q="Tsikhanouskaya")
    assert found == [live_item.pk]
    assert ALIAS not in page  # not named in "Also searched" either
    assert _api_count(client, ALIAS) == 0
    assert _api_count(client, NAME) == 1

    # The desk's own search knows every alias at once.
    assert (
        search(Excerpt.objects.all(), ALIAS, field="current_revision__search_text")
        .filter(pk=live_item.pk)
        .exists()
    )
    assert [name for name, _ in build_query(ALIAS).also] == [NAME]

    # The editor who added it cannot carry it; a reviewer does, and readers' search knows it.
    assert carry(as_user(editor)).status_code == 403
    page = as_user(reviewer).get(URL).content.decode()
    assert f"{NAME} <ins>(also {ALIAS})</ins>" in page  # the other name, marked as new
    assert "actor “Sviatlana Tsikhanouskaya”: other names — edna" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert carry(as_user(reviewer), "Another spelling of her name.").status_code == 302

    found, page = _public_search(client, briefing, q=ALIAS)
    assert found == [live_item.pk]
    assert "Also searched: Tsikhanouskaya, names of Sviatlana Tsikhanouskaya." in page
    assert _api_count(client, ALIAS) == 1


def test_whoever_added_an_alias_cannot_carry_it(as_user, chief, reviewer2, live_item, actor):
    _add_alias(as_user(chief), actor)
    response = carry(as_user(chief))
    assert response.status_code == 403
    assert "Four eyes: you changed the actor “Sviatlana Tsikhanouskaya”" in (
        response.content.decode()
    )
    live_item.refresh_from_db()
    assert ALIAS not in str(live_item.readers_copy.data)
    assert carry(as_user(reviewer2)).status_code == 302
    live_item.refresh_from_db()
    assert live_item.readers_copy.data["actors"][0]["aliases"] == [ALIAS]


def test_an_alias_known_at_approval_is_in_the_readers_copy(
    client, editor, reviewer, briefing, actor
):
    ActorAlias.objects.create(actor=actor, name=ALIAS)
    source = make_source(TEXT, title="Exile politics")
    excerpt = make_excerpt(
        editor=editor, source=source, briefing=briefing, actors=[actor],
        quote="Tsikhanouskaya spoke in Vilnius on Monday.",
    )  # fmt: skip
    item = publish_item(excerpt, editor=editor, reviewer=reviewer)
    assert item.readers_copy.data["actors"][0]["aliases"] == [ALIAS]
    assert _public_search(client, briefing, q=ALIAS)[0] == [item.pk]
    assert changed_items() == []


def test_records_left_as_they_were_leave_nothing_to_carry(live_item, event, topic):
    Event.objects.get(pk=event.pk).save()
    Topic.objects.get(pk=topic.pk).save()
    assert changed_items() == []
