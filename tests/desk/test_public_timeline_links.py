"""The public timeline links each event to the published items that speak of it."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import EventFactory, excerpt_in


def test_each_event_links_to_the_items_citing_it(client, editor, reviewer, source, briefing):
    event = EventFactory(title="Crossings reopened", date="2025-11-17")
    items = [
        excerpt_in(
            "published",
            editor=editor,
            reviewer=reviewer,
            source=source,
            briefing=briefing,
            quote=quote,
            events=[event],
        )  # fmt: skip
        for quote in ("Ministers said the crossing would reopen", "Critics called the decision")
    ]
    draft = excerpt_in("submitted", editor=editor, reviewer=reviewer, source=source,
                       briefing=briefing, quote="politically motivated", events=[event])  # fmt: skip
    page = client.get(reverse("briefings:timeline", args=[briefing.slug])).content.decode()
    for item in items:
        assert reverse("briefings:item", args=[briefing.slug, item.pk]) in page
    assert "“Ministers said the crossing would reopen”" in page
    assert reverse("briefings:item", args=[briefing.slug, draft.pk]) not in page
