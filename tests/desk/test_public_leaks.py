"""Never a leak: nothing unpublished reaches any public page, feed, sitemap, search or export."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActorFactory,
    EventFactory,
    TopicFactory,
    excerpt_in,
    make_excerpt,
    make_source,
    publish,
    start_correction,
)

UNPUBLISHED = [
    "draft",
    "submitted",
    "changes_requested",
    "approved",
    "scheduled",
    "rejected",
    "withdrawn",
    "unreviewed_revision",
]


def _excerpt_in(state, *, editor, reviewer, briefing, source):
    marker = f"LEAK{state.upper()}"
    excerpt = excerpt_in(
        state,
        editor=editor,
        reviewer=reviewer,
        comment="Public note without marker.",
        publish_at=timezone.now() + dt.timedelta(days=3),
        source=source,
        briefing=briefing,
        quote=f"{marker} quote",
        annotation=f"{marker} annotation",
        topics=[TopicFactory(name=f"{marker} topic")],
        actors=[ActorFactory(name=f"{marker} actor")],
        events=[EventFactory(title=f"{marker} event")],
    )
    return excerpt, marker


@pytest.fixture
def leaky_desk(editor, reviewer, briefing):
    texts = [f"LEAK{state.upper()} quote stands here." for state in UNPUBLISHED]
    source = make_source(
        text="\n".join(["A published sentence for the page."] + texts), title="Leak test source"
    )
    published = make_excerpt(
        editor=editor, source=source, briefing=briefing, quote="A published sentence"
    )
    published = publish(published, editor=editor, reviewer=reviewer)
    excerpts = {}
    for state in UNPUBLISHED:
        if state == "unreviewed_revision":
            continue
        excerpts[state] = _excerpt_in(
            state, editor=editor, reviewer=reviewer, briefing=briefing, source=source
        )[0]
    # A published item whose new revision (with marker text) has not been reviewed.
    excerpts["unreviewed_revision"] = start_correction(
        published,
        editor=editor,
        annotation="LEAKUNREVIEWED_REVISION annotation",
        topics=[TopicFactory(name="LEAKUNREVIEWED_REVISION topic")],
    )
    return excerpts


def public_urls(briefing, excerpts):
    slug = briefing.slug
    urls = [
        "/",
        reverse("briefings:list"),
        reverse("briefings:detail", args=[slug]),
        reverse("briefings:detail", args=[slug]) + "?group=topic",
        reverse("briefings:detail", args=[slug]) + "?group=timeline",
        reverse("briefings:timeline", args=[slug]),
        reverse("briefings:feed", args=[slug]),
        reverse("briefings:corrections_feed", args=[slug]),
        reverse("briefings:markdown", args=[slug]),
        reverse("sitemap"),
        reverse("robots"),
        "/briefings/no-such-briefing/",
    ]
    for state in UNPUBLISHED:
        marker = f"LEAK{state.upper()}"
        urls += [
            reverse("briefings:detail", args=[slug]) + f"?q={marker}",
            reverse("briefings:detail", args=[slug]) + f"?actor={marker}+actor",
            reverse("briefings:item", args=[slug, excerpts[state].pk]),
        ]
    return urls


def test_no_public_page_shows_unpublished_text(client, leaky_desk, briefing):
    for url in public_urls(briefing, leaky_desk):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404, 410), url
        # What the reader typed is echoed in the search box; that is theirs, not a leak.
        body = re.sub(r'value="[^"]*"', "", response.content.decode())
        for state in UNPUBLISHED:
            for part in ("quote", "annotation", "topic", "actor", "event"):
                assert f"LEAK{state.upper()} {part}" not in body, (state, part, url)


def test_the_published_text_of_a_corrected_item_stays_up(client, leaky_desk, briefing):
    body = client.get(briefing.get_absolute_url()).content.decode()
    assert "A published sentence" in body
    assert "A comment." in body  # the annotation of the published revision


def test_a_withdrawn_item_answers_410_with_its_public_note(client, leaky_desk, briefing):
    response = client.get(
        reverse("briefings:item", args=[briefing.slug, leaky_desk["withdrawn"].pk])
    )
    assert response.status_code == 410
    assert "Public note without marker." in response.content.decode()


def test_filter_menus_only_offer_what_is_published(client, leaky_desk, briefing):
    response = client.get(briefing.get_absolute_url())
    form = response.context["filter"].form
    for name in ("topic", "source", "event"):
        labels = [str(label) for _, label in form.fields[name].choices]
        assert not any("LEAK" in label for label in labels), name
