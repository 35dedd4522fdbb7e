"""Rename every kind of shared record on the desk, then read every public surface: readers find
only the names a reviewer approved (issue 26, item 2).

The records: a source's title, author, outlet and address; a topic's name and slug; an actor's
name and aliases; an actor merged into another; an event's title and date. The surfaces: the
briefing page in every grouping with its filter menus, the item and timeline pages, the card,
its image and oEmbed, the citations, both feeds, the Markdown, CSV and W3C exports, the API's
readers' side, the digest e-mail and the webhook payload.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from desk.public.cache import forget_local
from desk.subscriptions.digests import build_digest
from desk.subscriptions.mail import digest_message
from desk.subscriptions.models import Subscription
from desk.webhooks.events import item_data
from events.merging import merge_actors
from events.models import ActorAlias
from tests.factories import (
    ActorFactory,
    EventFactory,
    TopicFactory,
    make_excerpt,
    make_source,
    publish,
)

# Every name given on the desk after approval carries this mark (folded, so any case finds it).
MARK = "nobodyreviewed"
APPROVED = ["Border talk", "A. Writer", "The Paper", "Borders", "Lukashenka", "Border reopening"]


@pytest.fixture
def live(editor, reviewer, briefing):
    source = make_source(
        title="Border talk",
        author="A. Writer",
        outlet="The Paper",
        url="https://paper.example/border",
        published="2025-11",
    )
    lukashenka = ActorFactory(name="Alyaksandr Lukashenka")
    ActorAlias.objects.create(actor=lukashenka, name="Lukashenko")
    latushka = ActorFactory(name="Pavel Latushka")
    event = EventFactory(title="Border reopening", date="2025-11-17")
    excerpt = make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        topics=[TopicFactory(name="Borders")],
        actors=[lukashenka, latushka],
        events=[event],
    )
    item = publish(excerpt, editor=editor, reviewer=reviewer)
    return {"item": item, "source": source, "actor": lukashenka, "merged": latushka, "event": event}


def _rename_everything(live, editor) -> None:
    source = live["source"]
    source.title = "Title NobodyReviewed"
    source.authors = [{"family": "NobodyReviewed", "given": "Author"}]
    source.outlet = "Outlet NobodyReviewed"
    source.url = "https://nobodyreviewed.example/"
    source.save()
    topic = live["item"].published_revision.topics.get()
    topic.name, topic.slug = "Topic NobodyReviewed", "topic-nobodyreviewed"
    topic.save()
    actor = live["actor"]
    actor.name = "Actor NobodyReviewed"
    actor.save()
    ActorAlias.objects.filter(actor=actor).update(name="Alias NobodyReviewed")
    ActorAlias.objects.create(actor=actor, name="Second NobodyReviewed")
    kept = ActorFactory(name="Kept NobodyReviewed")
    merge_actors(keep=kept, merged=live["merged"], by=editor)
    event = live["event"]
    event.title, event.date = "Event NobodyReviewed", "2024-01-02"
    event.save()


def _public_surfaces(briefing, item) -> dict[str, bytes]:
    """Everything anyone can read of the briefing and the item, as served."""
    cache.clear()  # as after any later publication: nothing kept answers for the change
    forget_local()
    anyone = APIClient()
    slug, pk = briefing.slug, item.pk
    page = briefing.get_absolute_url()
    urls = {
        "page": page,
        "page by topic": f"{page}?group=topic",
        "page along the timeline": f"{page}?group=timeline",
        "page by the approved topic": f"{page}?topic=borders",
        "page by the approved actor": f"{page}?actor=Lukashenko",
        "page by event": f"{page}?event={item.published_revision.events.get().pk}",
        "item": reverse("briefings:item", args=[slug, pk]),
        "timeline": reverse("briefings:timeline", args=[slug]),
        "card": reverse("briefings:card", args=[slug, pk]),
        "card image": reverse("briefings:card_image", args=[slug, pk]),
        "oembed": reverse("briefings:oembed")
        + f"?url=http://testserver{reverse('briefings:item', args=[slug, pk])}",
        "citation.json": reverse("briefings:item_csl", args=[slug, pk]),
        "citation.ris": reverse("briefings:item_ris", args=[slug, pk]),
        "citation.bib": reverse("briefings:item_bibtex", args=[slug, pk]),
        "feed": reverse("briefings:feed", args=[slug]),
        "corrections feed": reverse("briefings:corrections_feed", args=[slug]),
        "markdown": reverse("briefings:markdown", args=[slug]),
        "api item": f"/api/items/{pk}/",
        "api items": "/api/items/",
        "api briefing items": f"/api/briefings/{slug}/items/",
        "csv": "/api/excerpts/export.csv",
        "w3c": "/api/excerpts/export.jsonld",
    }
    answers = {}
    for name, url in urls.items():
        response = anyone.get(url)
        assert response.status_code == 200, name
        answers[name] = b"".join(response) if response.streaming else response.content
    live_item = type(item).objects.for_public_page().get(pk=pk)
    answers["webhook payload"] = repr(item_data(live_item)).encode()
    subscription = Subscription.objects.create(
        briefing=briefing,
        email="reader@example.org",
        language="en",
        confirmed_at=timezone.now(),
        sent_up_to=timezone.now(),
    )
    digest = build_digest(briefing, timezone.now() - dt.timedelta(days=1), timezone.now())
    message = digest_message(subscription, digest)
    answers["digest"] = (message.body + message.alternatives[0][0]).encode()
    subscription.delete()
    return answers


def test_renaming_every_shared_record_changes_no_public_surface(settings, live, editor, briefing):
    settings.ALLOWED_HOSTS = ["testserver"]
    before = _public_surfaces(briefing, live["item"])
    for name in ("page", "item", "feed", "markdown", "api item", "csv", "digest"):
        assert b"Border talk" in before[name], name
    for name in ("page by the approved topic", "page by the approved actor", "page by event"):
        assert b"Council met" in before[name], name

    _rename_everything(live, editor)
    after = _public_surfaces(briefing, live["item"])
    for name, answer in after.items():
        text = answer.decode("utf-8", errors="replace").casefold()
        assert MARK not in text, name
        assert "2024-01-02" not in text and "2 january 2024" not in text, name
    # What the surfaces said, they still say: the same approved names, the same image. Only a
    # few parts of the answers carry the moment of asking (a digest's, a payload's time).
    for name in ("page by topic", "page by the approved topic", "page by the approved actor"):
        assert b"Council met" in after[name], name
    assert after["card image"] == before["card image"]
    for name in APPROVED:
        assert name.encode() in after["item"], name
    assert b"Pavel Latushka" in after["item"]


def test_search_finds_nothing_by_a_name_nobody_reviewed(client, live, editor, briefing):
    _rename_everything(live, editor)
    cache.clear()
    forget_local()
    page = briefing.get_absolute_url()
    for query in (
        {"q": "NobodyReviewed"},
        {"actor": "Alias NobodyReviewed"},
        {"actor": "Kept NobodyReviewed"},
        {"q": "Second NobodyReviewed"},
    ):
        found = client.get(page, query)
        assert list(found.context["page"].object_list) == [], query
    for query in ({"q": "Border talk"}, {"actor": "Pavel Latushka"}, {"actor": "Lukashenko"}):
        found = client.get(page, query)
        assert [i.pk for i in found.context["page"].object_list] == [live["item"].pk], query
