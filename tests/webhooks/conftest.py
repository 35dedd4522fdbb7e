"""Fixtures of the webhooks tests: an administrator, a local receiver and its endpoint."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from desk.publishing.workflow import perform
from desk.webhooks.models import Endpoint
from tests.factories import UserFactory
from tests.webhooks.receiver import receiving


@pytest.fixture
def admin(db):
    """A desk administrator: admin-site access and the webhooks permission, no desk role."""
    user = UserFactory(username="ada", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    return user


@pytest.fixture
def receiver(settings):
    """A receiver on 127.0.0.1, allowed by the documented switch; the desk waits 1 s for it."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_TIMEOUT = 1
    with receiving() as running:
        yield running


@pytest.fixture
def endpoint(receiver, admin):
    return Endpoint.objects.create(
        url=f"{receiver.url}/hooks", description="Newsroom CMS", created_by=admin
    )


@pytest.fixture
def decide(django_capture_on_commit_callbacks):
    """Take a decision and let everything it queues after commit run, as it would in production."""

    def run(excerpt, action, user, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return perform(excerpt, action, user, **kwargs)

    return run
