"""What the excerpt form's pickers ask for while the form is open."""

from __future__ import annotations

import pytest

from tests.factories import ActorAliasFactory, ActorFactory, EventFactory, TopicFactory


@pytest.mark.django_db
def test_actors_come_with_every_spelling_and_a_new_one_is_there_at_once(as_user, editor):
    client = as_user(editor)
    actor = ActorFactory(name="Alexander Lukashenko")
    ActorAliasFactory(actor=actor, name="Aliaksandr Lukashenka")
    response = client.get("/desk/pickers/actors/")
    assert response.json() == {
        "items": [
            {
                "value": str(actor.pk),
                "label": "Alexander Lukashenko",
                "also": "Aliaksandr Lukashenka",
            }
        ]
    }
    # Never kept by a browser or a proxy: the next ask must see an actor made meanwhile.
    assert response["Cache-Control"] == "private, no-store"
    newcomer = ActorFactory(name="Kaja Kallas")
    labels = [item["label"] for item in client.get("/desk/pickers/actors/").json()["items"]]
    assert labels == ["Alexander Lukashenko", "Kaja Kallas"]
    assert newcomer.name in labels


@pytest.mark.django_db
def test_events_and_topics_are_labelled_as_the_form_labels_them(as_user, editor):
    client = as_user(editor)
    event = EventFactory(title="Crossings reopened", date="2025-11-17")
    TopicFactory(name="borders")
    events = client.get("/desk/pickers/events/").json()["items"]
    assert events == [{"value": str(event.pk), "label": str(event)}]
    topics = client.get("/desk/pickers/topics/").json()["items"]
    assert topics == [{"value": "borders", "label": "borders"}]
    assert client.get("/desk/pickers/sources/").status_code == 404


@pytest.mark.django_db
def test_the_actor_list_costs_the_same_queries_for_one_actor_or_twenty(
    as_user, editor, django_assert_num_queries
):
    client = as_user(editor)
    for number in range(20):
        ActorAliasFactory(actor=ActorFactory(name=f"Actor {number}"), name=f"Alias {number}")
    # Session, user, groups, actors, their aliases: the aliases in one query, not one per actor.
    with django_assert_num_queries(5):
        assert len(client.get("/desk/pickers/actors/").json()["items"]) == 20


@pytest.mark.django_db
def test_only_editors_and_only_reading(as_user, reviewer, editor):
    assert as_user(reviewer).get("/desk/pickers/actors/").status_code == 403
    assert as_user(editor).post("/desk/pickers/actors/").status_code == 405
