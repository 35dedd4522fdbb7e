"""The actor register: any spelling finds an actor, editors keep it, merging loses no link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import ExcerptRevision
from events.merging import MergeRefused, links_to, merge_actors
from events.models import Actor, ActorAlias, Event, EventActor
from tests.factories import ActorAliasFactory, ActorFactory, EventFactory, make_excerpt

pytestmark = pytest.mark.django_db
SPELLINGS = ["Alyaksandr Lukashenka", "Lukashenka", "Lukashenko", "Alexander Lukashenko",
             "lukashenko", "LUKASHENKA"]  # fmt: skip


@pytest.fixture
def lukashenka():
    actor = ActorFactory(name="Alyaksandr Lukashenka", description="President of Belarus.")
    for alias in ("Lukashenka", "Lukashenko", "Alexander Lukashenko"):
        ActorAliasFactory(actor=actor, name=alias)
    return actor


def persona(request, name):
    return request.getfixturevalue(name) if name else None


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_finds_the_same_actor_in_the_register(as_user, editor, lukashenka, spelling):
    ActorFactory(name="Vladimir Putin")
    html = as_user(editor).get(reverse("events:actors"), {"q": spelling}).content.decode()
    assert "1 actor" in html
    assert lukashenka.get_absolute_url() in html and "Vladimir Putin" not in html


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_finds_the_same_events_on_the_desk(as_user, editor, lukashenka, spelling):
    EventActor.objects.create(event=EventFactory(title="Elected", date="1994"), actor=lukashenka)
    EventFactory(title="Unrelated")
    client = as_user(editor)
    for url in (reverse("events:list"), reverse("events:timeline")):
        html = client.get(url, {"actor": spelling}).content.decode()
        assert "Elected" in html and "Unrelated" not in html


def test_the_actor_page_shows_aliases_description_and_events_with_roles(
    as_user, reviewer, lukashenka
):
    event = EventFactory(title="Elected", date="1994")
    EventActor.objects.create(event=event, actor=lukashenka, role="winner")
    html = as_user(reviewer).get(lukashenka.get_absolute_url()).content.decode()
    assert "Alexander Lukashenko, Lukashenka, Lukashenko" in html
    assert "President of Belarus." in html and "Elected</a>" in html and "winner" in html
    assert "Edit actor" not in html and "Merge" not in html


def test_the_register_takes_the_same_number_of_queries_for_any_number_of_actors(
    as_user, editor, django_assert_num_queries
):
    client = as_user(editor)
    client.get(reverse("events:actors"))
    for n in range(15):
        ActorAliasFactory(actor=ActorFactory(name=f"Actor {n}"), name=f"Alias {n}")
    # Prevents an N+1 over aliases (session, user, 2 permissions, desk roles, count, actors,
    # their aliases, the navigation's count of what needs attention).
    with django_assert_num_queries(9):
        html = client.get(reverse("events:actors")).content.decode()
    assert html.count("Alias ") == 15


@pytest.mark.parametrize(("who", "expected"), [("reviewer", 200), ("outsider", 403), (None, 302)])
def test_the_register_is_for_desk_staff(as_user, request, lukashenka, who, expected):
    client = as_user(persona(request, who))
    for url in (reverse("events:actors"), lukashenka.get_absolute_url()):
        assert client.get(url).status_code == expected


def test_an_editor_adds_an_actor_with_aliases(as_user, editor):
    response = as_user(editor).post(
        reverse("events:actor_create"),
        {"name": "Sviatlana Tsikhanouskaya", "kind": "person",
         "aliases": "Svetlana Tikhanovskaya\nTsikhanouskaya", "description": "In exile."},
    )  # fmt: skip
    actor = Actor.objects.get()
    assert response.status_code == 302 and response["Location"] == actor.get_absolute_url()
    assert [a.name for a in actor.aliases.all()] == ["Svetlana Tikhanovskaya", "Tsikhanouskaya"]
    assert list(Actor.objects.matching("svetlana tikhanovskaya")) == [actor]


def test_an_editor_edits_an_actor(as_user, editor, lukashenka):
    url = reverse("events:actor_edit", args=[lukashenka.slug])
    assert "Lukashenko" in as_user(editor).get(url).content.decode()
    response = as_user(editor).post(url, {"name": "Alyaksandr Lukashenka", "kind": "person",
                                          "aliases": "Lukashenko\nLukašenka", "description": ""})  # fmt: skip
    assert response.status_code == 302
    lukashenka.refresh_from_db()
    assert [a.name for a in lukashenka.aliases.all()] == ["Lukashenko", "Lukašenka"]
    assert lukashenka.description == ""


@pytest.mark.parametrize(("who", "expected"), [("reviewer", 403), ("outsider", 403), (None, 302)])
def test_only_editors_add_edit_or_merge_actors(as_user, request, lukashenka, who, expected):
    other = ActorFactory(name="Lukashenko (duplicate)")
    client = as_user(persona(request, who))
    urls = [
        reverse("events:actor_create"),
        reverse("events:actor_edit", args=[lukashenka.slug]),
        reverse("events:actor_merge", args=[lukashenka.slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == expected
        posted = client.post(url, {"name": "X", "kind": "person", "merged": other.pk,
                                   "confirm": "1"})  # fmt: skip
        assert posted.status_code == expected
    assert Actor.objects.count() == 2
    lukashenka.refresh_from_db()
    assert lukashenka.name == "Alyaksandr Lukashenka"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_actor_pages_refuse_wrong_methods(as_user, editor, lukashenka, method):
    client = as_user(editor)
    for url in (
        reverse("events:actors"),
        lukashenka.get_absolute_url(),
        reverse("events:actor_create"),
        reverse("events:actor_merge", args=[lukashenka.slug]),
    ):
        assert getattr(client, method)(url).status_code == 405


# Merging.


@pytest.fixture
def duplicate(editor, source, briefing):
    """The same man filed twice, under another spelling, with links of every kind."""
    actor = ActorFactory(name="A. Lukashenko", description="Belarus's president.")
    ActorAliasFactory(actor=actor, name="Lukashenko")  # also an alias of the kept actor
    ActorAliasFactory(actor=actor, name="Aliaksandr Lukashenka")
    return actor


def make_links(lukashenka, duplicate, editor, source, briefing):
    shared_event = EventFactory(title="Elected", date="1994")
    own_event = EventFactory(title="Extends his term", date="1996")
    EventActor.objects.create(event=shared_event, actor=lukashenka, role="winner")
    EventActor.objects.create(event=shared_event, actor=duplicate, role="winner")  # same link
    EventActor.objects.create(event=shared_event, actor=duplicate, role="incumbent")
    EventActor.objects.create(event=own_event, actor=duplicate, role="initiator")
    both = make_excerpt(editor=editor, source=source, briefing=briefing,
                        actors=[lukashenka, duplicate])  # fmt: skip
    only_duplicate = make_excerpt(
        editor=editor, source=source, briefing=briefing, actors=[duplicate],
        quote="Critics called the decision premature",
    )  # fmt: skip
    return shared_event, own_event, both.current_revision, only_duplicate.current_revision


def test_merging_keeps_every_link_and_every_spelling(
    lukashenka, duplicate, editor, source, briefing
):
    shared, own, both, only_duplicate = make_links(lukashenka, duplicate, editor, source, briefing)
    report = merge_actors(keep=lukashenka, merged=duplicate)
    assert not Actor.objects.filter(pk=duplicate.pk).exists()
    assert sorted((p.event.title, p.role) for p in lukashenka.participations.all()) == [
        ("Elected", "incumbent"),
        ("Elected", "winner"),
        ("Extends his term", "initiator"),
    ]
    # The desk's excerpt links, moved without this app importing the desk.
    assert list(both.actors.all()) == [lukashenka]
    assert list(only_duplicate.actors.all()) == [lukashenka]
    assert ExcerptRevision.actors.through.objects.filter(actor=lukashenka).count() == 2
    aliases = ActorAlias.objects.filter(actor=lukashenka).values_list("name", flat=True)
    assert sorted(aliases) == [
        "A. Lukashenko",
        "Alexander Lukashenko",
        "Aliaksandr Lukashenka",
        "Lukashenka",
        "Lukashenko",
    ]
    assert report.aliases_added == ["A. Lukashenko", "Aliaksandr Lukashenka"]
    assert report.moved == {"roles in events": 3, "excerpt revisions": 2}
    assert list(Event.objects.involving("A. Lukashenko")) == [shared, own]


def test_the_kept_actor_takes_a_description_only_when_it_has_none(duplicate):
    keep = ActorFactory(name="Alyaksandr Lukashenka", description="")
    merge_actors(keep=keep, merged=duplicate)
    keep.refresh_from_db()
    assert keep.description == "Belarus's president."


def test_an_actor_is_not_merged_into_itself(lukashenka):
    with pytest.raises(MergeRefused, match="cannot be merged into itself"):
        merge_actors(keep=lukashenka, merged=lukashenka)
    assert Actor.objects.filter(pk=lukashenka.pk).exists()


def test_the_merge_page_shows_what_will_move_then_merges_on_confirmation(
    as_user, editor, lukashenka, duplicate, source, briefing
):
    make_links(lukashenka, duplicate, editor, source, briefing)
    url = reverse("events:actor_merge", args=[lukashenka.slug])
    client = as_user(editor)
    preview = client.get(url, {"merged": duplicate.pk}).content.decode()
    assert "Merge A. Lukashenko into Alyaksandr Lukashenka?" in preview
    assert "3 roles in events" in preview and "2 excerpt revisions" in preview
    assert "2 actor aliases" in preview
    assert Actor.objects.filter(pk=duplicate.pk).exists()  # looking changes nothing
    response = client.post(url, {"merged": duplicate.pk, "confirm": "1"}, follow=True)
    assert response.redirect_chain == [(lukashenka.get_absolute_url(), 302)]
    assert "A. Lukashenko merged into Alyaksandr Lukashenka: 5 links moved" in (
        response.content.decode()
    )
    assert not Actor.objects.filter(pk=duplicate.pk).exists()


def test_the_merge_page_will_not_merge_an_actor_into_itself(as_user, editor, lukashenka):
    url = reverse("events:actor_merge", args=[lukashenka.slug])
    response = as_user(editor).post(url, {"merged": lukashenka.pk, "confirm": "1"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Actor.objects.filter(pk=lukashenka.pk).exists()


def test_links_to_counts_rows_of_every_kind(lukashenka, duplicate, editor, source, briefing):
    make_links(lukashenka, duplicate, editor, source, briefing)
    assert links_to(duplicate) == {
        "actor aliases": 2,
        "roles in events": 3,
        "excerpt revisions": 2,
    }


def test_one_link_is_counted_in_the_singular(lukashenka, duplicate):
    from events.models import ActorAlias

    duplicate.aliases.all().delete()
    ActorAlias.objects.create(actor=duplicate, name="Lukaschenko")
    assert links_to(duplicate) == {"actor alias": 1}


def test_a_merged_actors_old_address_redirects_permanently(as_user, editor, lukashenka, duplicate):
    old = duplicate.get_absolute_url()
    merge_actors(keep=lukashenka, merged=duplicate)
    response = as_user(editor).get(old)
    assert response.status_code == 301
    assert response["Location"] == lukashenka.get_absolute_url()
    # The address is never given to a new actor, so the redirect keeps its meaning.
    from events.models import Actor

    newcomer = Actor.objects.create(name=duplicate.name)
    assert newcomer.get_absolute_url() != old
    assert as_user(editor).get("/events/actors/nobody-at-all/").status_code == 404
