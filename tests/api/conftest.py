"""API clients for each persona, and excerpts in the states the API tests need."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from desk.models import ApiToken
from tests.factories import (
    ROUTES,
    ActorFactory,
    EventFactory,
    TopicFactory,
    make_excerpt,
    make_source,
    start_correction,
)

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
    return start_correction(published, editor=editor2, annotation=f"Corrected {MARKER} annotation.")


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
