"""A NUL character in any query parameter is never a server error.

PostgreSQL's text cannot hold a NUL: a filter that hands one to a query makes the database refuse
the statement, and the page answered 500 (`/events/actors/?q=%00`). Forms refuse it before any
query (Django's CharField does); a search that reads the query string itself must too. Every
routed page is asked with a NUL in each parameter any view or FilterSet reads, by every role; the
test means most on PostgreSQL, which CI runs it on too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Actor
from tests.factories import ActorFactory
from tests.security.test_no_server_errors import (
    VIEW_PARAMETERS,
    built,
    filter_parameters,
    kwarg_names,
)
from tests.security.test_url_permissions import routed_names, world  # noqa: F401 - a fixture

NUL_TEXTS = ["\x00", "Pol\x00and"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", NUL_TEXTS)
def test_the_actor_search_reads_past_a_nul(as_user, editor, text):
    ActorFactory(name="Poland")
    response = as_user(editor).get(reverse("events:actors"), {"q": text})
    assert response.status_code == 200
    # The NUL is no part of any name: the search is for what surrounds it.
    shown = [actor.name for actor in response.context["page"]]
    assert shown == (
        ["Poland"] if text.strip("\x00") else list(Actor.objects.values_list("name", flat=True))
    )


# Parameters that hold numbers, dates or cursors: a view may refuse one of them (400, 404) before
# it reads any other, so each page is also asked without them.
NUMBERS = {
    "page", "page_size", "cursor", "limit", "offset", "number", "version", "from", "to", "year",
    "suggestion", "since", "until", "published_after", "published_before", "date_after",
    "date_before", "start", "end",
}  # fmt: skip


OEMBED_NO_FORMAT = ("briefings:oembed", 501)


@pytest.mark.slow
@pytest.mark.parametrize("role", ["anonymous", "editor", "reviewer"])
def test_no_page_answers_5xx_to_a_nul_in_any_parameter(world, role):  # noqa: F811
    values, per_name, users = world
    client = Client()
    if users[role]:
        client.force_login(users[role])
    needed = kwarg_names()
    parameters = sorted(set(VIEW_PARAMETERS) | set(filter_parameters()))
    texts = [name for name in parameters if name not in NUMBERS]
    asked = [
        dict.fromkeys(parameters, "Pol\x00and"),
        dict.fromkeys(texts, "Pol\x00and"),
        dict.fromkeys(texts, "\x00"),
    ]
    failures = []
    for name in routed_names():
        url, _ids = built(name, needed[name], values, per_name)
        for number, query in enumerate(asked):
            response = client.get(url, query)
            # oEmbed answers 501 to a format it does not offer, as its specification asks.
            if response.status_code >= 500 and (name, response.status_code) != OEMBED_NO_FORMAT:
                failures.append((name, number, response.status_code))
    assert failures == []
