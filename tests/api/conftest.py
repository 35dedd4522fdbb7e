"""API clients for each persona, and excerpts in the states the API tests need."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from desk.editing import ExcerptContent, edit_excerpt
from desk.models import ApiToken
from desk.states import Action
from desk.workflow import perform
from tests.factories import ActorFactory, EventFactory, TopicFactory, make_excerpt, make_source

MARKER = "SECRETDRAFTMARKER"


@pytest.fixture
def api():
    """An API client signed in as the given user through the session (anonymous for None)."""

    def client(user=None) -> APIClient:
        api_client = APIClient()
        if user is not None:
            api_client.force_login(user)
        return api_client

    return client


@pytest.fixture
def token_client():
    """An API client that authenticates with a fresh token of the given user."""

    def client(user, keyword: str = "Token") -> APIClient:
        _, secret = ApiToken.issue(user=user, name="tests")
        api_client = APIClient()
        api_client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
        return api_client

    return client


@pytest.fixture
def people(editor, editor2, reviewer, reviewer2, chief, superuser, outsider):
    return {
        "editor": editor,
        "editor2": editor2,
        "reviewer": reviewer,
        "reviewer2": reviewer2,
        "chief": chief,
        "superuser": superuser,
        "outsider": outsider,
        "anonymous": None,
    }


@pytest.fixture
def secret_draft(editor, briefing):
    """A draft whose quote and annotation carry a marker no reader may ever see."""
    source = make_source(text=f"Opening line.\nThe {MARKER} words stand here.\nClosing line.")
    return make_excerpt(
        editor=editor,
        source=source,
        briefing=briefing,
        quote=f"The {MARKER} words",
        annotation=f"Draft note {MARKER}.",
    )


@pytest.fixture
def correction(published, editor2):
    """A published item with a correction in progress: its working revision carries the marker."""
    revision = published.current_revision
    edit_excerpt(
        excerpt=published,
        base_revision_id=revision.pk,
        content=ExcerptContent(
            source_version=revision.source_version,
            start=revision.start,
            end=revision.end,
            annotation=f"Corrected {MARKER} annotation.",
            briefing=revision.briefing,
            kind=revision.kind,
        ),
        user=editor2,
    )
    published.refresh_from_db()
    return published


# How each state is reached from a draft made by the editor: (action, who).
ROUTES = {
    "draft": [],
    "submitted": [(Action.SUBMIT, "editor")],
    "changes_requested": [(Action.SUBMIT, "editor"), (Action.REQUEST_CHANGES, "reviewer")],
    "approved": [(Action.SUBMIT, "editor"), (Action.APPROVE, "reviewer")],
    "scheduled": [
        (Action.SUBMIT, "editor"),
        (Action.APPROVE, "reviewer"),
        (Action.SCHEDULE, "reviewer"),
    ],
    "published": [
        (Action.SUBMIT, "editor"),
        (Action.APPROVE, "reviewer"),
        (Action.PUBLISH, "reviewer"),
    ],
    "rejected": [(Action.SUBMIT, "editor"), (Action.REJECT, "reviewer")],
}


@pytest.fixture
def excerpt_in(editor, reviewer, source, briefing):
    """A new excerpt by the editor, brought to the given state through desk.workflow."""
    users = {"editor": editor, "reviewer": reviewer}

    def make(state: str, **kwargs):
        kwargs.setdefault("source", source)
        excerpt = make_excerpt(editor=editor, briefing=briefing, **kwargs)
        later = timezone.now() + dt.timedelta(days=2)
        for action, who in ROUTES[state]:
            excerpt = perform(excerpt, action, users[who], comment="Because.", publish_at=later)
        return excerpt

    return make


@pytest.fixture
def world(excerpt_in, source, briefing):
    """Objects for URL templates, made only when a template names them."""
    makers = {
        "source": lambda: source,
        "briefing": lambda: briefing,
        "event": lambda: EventFactory(),
        "actor": lambda: ActorFactory(),
        "topic": lambda: TopicFactory(),
        **{state: (lambda state=state: excerpt_in(state)) for state in ROUTES},
    }

    class World(dict):
        def __missing__(self, key):
            self[key] = makers[key]()
            return self[key]

    return World()
