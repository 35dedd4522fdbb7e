"""Personas and shared fixtures: the people who use the desk, as tests see them."""

from __future__ import annotations

import pytest
from django.test import Client

from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests import factories
from tests.factories import PASSWORD, BriefingFactory, UserFactory, make_excerpt, make_source


@pytest.fixture
def editor(db):
    return UserFactory(username="edna", roles=["editor"])


@pytest.fixture
def editor2(db):
    return UserFactory(username="eddie", roles=["editor"])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rita", roles=["reviewer"])


@pytest.fixture
def reviewer2(db):
    return UserFactory(username="ray", roles=["reviewer"])


@pytest.fixture
def chief(db):
    """Someone with both roles."""
    return UserFactory(username="chief", roles=["editor", "reviewer"])


@pytest.fixture
def superuser(db):
    """A superuser who also works on the desk: a superuser holds a desk role only when given it
    (tests/desk/test_team.py), and the matrices check that such a one is held to every rule."""
    return UserFactory(
        username="root", is_superuser=True, is_staff=True, roles=["editor", "reviewer"]
    )


@pytest.fixture
def outsider(db):
    """Signed in, but neither editor nor reviewer."""
    return UserFactory(username="olga")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    """A test client signed in as the given user (or anonymous for None)."""
    return lambda user: signed_in(user) if user else Client()


@pytest.fixture
def source(db):
    return make_source(
        title="Border talk", author="A. Writer", outlet="The Paper", published="2025-11"
    )


@pytest.fixture
def briefing(db):
    return BriefingFactory(title="The border", slug="the-border")


@pytest.fixture
def draft(editor, source, briefing):
    return make_excerpt(editor=editor, source=source, briefing=briefing)


@pytest.fixture
def submitted(draft, editor):
    return perform(draft, Action.SUBMIT, editor)


@pytest.fixture
def published(submitted, reviewer):
    approved = perform(submitted, Action.APPROVE, reviewer)
    return perform(approved, Action.PUBLISH, reviewer)


@pytest.fixture
def excerpt_in(editor, reviewer, source, briefing):
    """A new excerpt by the editor, brought to the given state by the reviewer through
    desk.publishing.workflow: `excerpt_in("scheduled")`."""

    def make(state: str, **kwargs):
        kwargs.setdefault("source", source)
        kwargs.setdefault("briefing", briefing)
        return factories.excerpt_in(state, editor=editor, reviewer=reviewer, **kwargs)

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in tests/desk/test_settings.py); tests that make
    # many users use a fast one so the suite stays quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Public pages are cached under a state renewed after commit; tests roll back instead of
    # committing, so each starts from an empty cache.
    from django.core.cache import cache

    from desk.public.cache import forget_local

    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    # A request in Polish leaves Polish active in the thread (the middleware activates the chosen
    # language and, like Django's, leaves it so): the next test starts in the default language.
    from django.utils import translation

    yield
    translation.deactivate()
