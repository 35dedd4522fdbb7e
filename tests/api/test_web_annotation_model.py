"""The W3C Web Annotation export and import, by the model's own rules (§3.2, §4.2.9, §5.2)."""

from __future__ import annotations

import json

from desk.models import Excerpt

EXPORT = "/api/excerpts/export.jsonld"


def _import(client, payload, briefing):
    return client.post(
        f"/api/excerpts/import/?briefing={briefing.slug}",
        json.dumps(payload),
        content_type="application/ld+json",
    )


def _annotation(source, **fields) -> dict:
    return {
        "type": "Annotation",
        "target": {
            "source": f"http://testserver/sources/{source.pk}/",
            "selector": {"type": "TextQuoteSelector", "exact": "The Council"},
        },
        **fields,
    }


def test_the_page_has_an_id_and_names_its_collection(api, published):
    body = json.loads(api().get(EXPORT).content)
    page = body["first"]
    assert page["type"] == "AnnotationPage"
    assert page["id"].startswith(body["id"]) and page["id"] != body["id"]
    assert page["partOf"] == body["id"] and body["last"] == page["id"]
    assert page["startIndex"] == 0 and len(page["items"]) == body["total"] == 1


def test_an_empty_export_is_a_collection_with_no_page(api, db):
    body = json.loads(api().get(EXPORT).content)
    assert body["type"] == "AnnotationCollection" and body["total"] == 0
    assert "first" not in body and "last" not in body


def test_a_quote_refining_a_fragment_is_placed(api, editor, source, briefing):
    # The model's example 32: a FragmentSelector refined by a TextQuoteSelector.
    annotation = _annotation(source, bodyValue="N.")
    annotation["target"]["selector"] = {
        "type": "FragmentSelector",
        "value": "para5",
        "refinedBy": {"type": "TextQuoteSelector", "exact": "The Council"},
    }
    response = _import(api(editor), annotation, briefing)
    assert response.status_code == 201, response.content
    assert Excerpt.objects.get().current_revision.quote == "The Council"


def test_a_position_inside_another_selectors_part_is_refused_with_that_reason(
    api, editor, source, briefing
):
    annotation = _annotation(source, bodyValue="N.")
    annotation["target"]["selector"] = {
        "type": "CssSelector",
        "value": "#para5",
        "refinedBy": {"type": "TextPositionSelector", "start": 0, "end": 11},
    }
    response = _import(api(editor), annotation, briefing)
    assert response.status_code == 422
    assert "inside another selector" in response.json()["results"][0]["refused"]
    assert not Excerpt.objects.exists()


def test_body_value_is_the_annotations_text(api, editor, source, briefing):
    _import(api(editor), _annotation(source, bodyValue="Plain words."), briefing)
    assert Excerpt.objects.get().current_revision.annotation == "Plain words."


def test_a_string_body_is_an_external_resource_and_goes_out_as_one(
    api, editor, reviewer, source, briefing
):
    iri = "https://example.org/comments/1"
    _import(api(editor), _annotation(source, body=iri), briefing)
    excerpt = Excerpt.objects.get()
    assert excerpt.current_revision.annotation == f"<{iri}>"
    exported = json.loads(api(reviewer).get(EXPORT).content)
    (item,) = exported["first"]["items"]
    assert iri in item["body"]


def test_a_string_body_that_is_no_web_address_is_not_made_text(api, editor, source, briefing):
    response = _import(api(editor), _annotation(source, body="javascript:alert(1)"), briefing)
    assert response.status_code in (201, 422)
    assert not Excerpt.objects.filter(current_revision__annotation__contains="javascript")


def test_actors_events_and_topics_survive_export_import_export(
    api, editor, editor2, reviewer, briefing
):
    from desk.models import Excerpt as Model
    from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt
    from tests.factories import make_source as source_with

    source = source_with(text="The minister resigned on Friday.\nMore.", url="https://n.example/a")
    actor, event, topic = ActorFactory(), EventFactory(), TopicFactory(name="Cabinet")
    make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        quote="The minister resigned",
        actors=[actor],
        events=[event],
        topics=[topic],
    )
    first = json.loads(api(reviewer).get(EXPORT).content)
    response = _import(api(editor2), first, briefing)
    assert response.status_code == 201, response.content
    made = Model.objects.get(pk=response.json()["results"][0]["excerpt"]).current_revision
    assert list(made.actors.all()) == [actor] and list(made.events.all()) == [event]
    assert [t.name for t in made.topics.all()] == ["Cabinet"]

    def bodies(document, pk):
        (item,) = [i for i in document["first"]["items"] if i["id"].endswith(f"/{pk}/")]
        return sorted((b["purpose"], b["value"]) for b in item["body"] if isinstance(b, dict))

    again = json.loads(api(reviewer).get(EXPORT).content)
    original_pk = first["first"]["items"][0]["id"].rstrip("/").rsplit("/", 1)[1]
    assert bodies(again, made.excerpt_id) == bodies(first, original_pk)


def test_readers_get_actor_and_event_names_without_the_desks_own_addresses(
    api, editor, reviewer, briefing
):
    from tests.factories import ActorFactory, make_excerpt, publish
    from tests.factories import make_source as source_with

    source = source_with(text="The minister resigned on Friday.\nMore.")
    actor = ActorFactory()
    publish(
        make_excerpt(
            editor=editor, source=source, briefing=briefing, quote="The minister", actors=[actor]
        ),
        editor=editor,
        reviewer=reviewer,
    )
    (item,) = json.loads(api().get(EXPORT).content)["first"]["items"]
    (named,) = [b for b in item["body"] if b.get("purpose") == "identifying"]
    assert named["value"] == actor.name and "id" not in named
