"""Every role × every action × every state, through the page, against an explicit table.

The table below is written out by hand, not derived from desk.publishing.states, so that a change to the
rules that nobody meant shows up here as a failing cell.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from desk.models import Excerpt
from desk.publishing.states import Action, Status
from tests.factories import BriefingFactory, UserFactory, excerpt_in, make_source

# Slow as a whole (run by `make test` and CI); `make test-fast` runs the cells where four eyes
# decides, so a change to who may approve, schedule or publish gets a quick answer.
FAST = {("submitted", "approve"), ("approved", "schedule"), ("approved", "publish")}

PERSONAS = ["author", "editor", "reviewer", "superuser", "outsider", "anonymous"]
EDITORS = {"author", "editor", "superuser"}  # the author holds both roles
REVIEWERS = {"reviewer", "superuser"}  # the author is refused these: four eyes
REVIEWERS_INCL_AUTHOR = {"author", "reviewer", "superuser"}  # four eyes does not apply

# (state, action) -> who may; every cell not listed is refused to everyone.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("draft", "submit"): EDITORS,
    ("draft", "edit"): EDITORS,
    ("submitted", "request_changes"): REVIEWERS_INCL_AUTHOR,
    ("submitted", "reject"): REVIEWERS_INCL_AUTHOR,
    ("submitted", "approve"): REVIEWERS,
    ("changes_requested", "submit"): EDITORS,
    ("changes_requested", "edit"): EDITORS,
    ("approved", "request_changes"): REVIEWERS_INCL_AUTHOR,
    ("approved", "reject"): REVIEWERS_INCL_AUTHOR,
    ("approved", "schedule"): REVIEWERS,
    ("approved", "publish"): REVIEWERS,
    ("scheduled", "request_changes"): REVIEWERS_INCL_AUTHOR,
    ("scheduled", "reject"): REVIEWERS_INCL_AUTHOR,
    ("scheduled", "publish"): REVIEWERS,
    ("scheduled", "reschedule"): REVIEWERS,
    ("scheduled", "unschedule"): REVIEWERS_INCL_AUTHOR,
    ("published", "withdraw"): REVIEWERS_INCL_AUTHOR,
    ("published", "edit"): EDITORS,
    ("rejected", "reopen"): EDITORS,
    ("withdrawn", "reopen"): EDITORS,
}
TARGET = {
    "submit": "submitted",
    "request_changes": "changes_requested",
    "reject": "rejected",
    "approve": "approved",
    "schedule": "scheduled",
    "publish": "published",
    "withdraw": "withdrawn",
    "reopen": "draft",
    "reschedule": "scheduled",
    "unschedule": "approved",
    "edit": "draft",
}
STATES = [s.value for s in Status]
ACTIONS = [a.value for a in Action]  # "edit" included


def _people():
    reviewer = UserFactory(username="rev", roles=["reviewer"])
    return {
        "author": UserFactory(username="author", roles=["editor", "reviewer"]),
        "editor": UserFactory(username="ed", roles=["editor"]),
        "reviewer": reviewer,
        "superuser": UserFactory(username="su", is_superuser=True, roles=["editor", "reviewer"]),
        "outsider": UserFactory(username="out"),
        "anonymous": None,
        "source": make_source(),
        "briefing": BriefingFactory(),
    }


def _in_state(state: str, people) -> Excerpt:
    excerpt = excerpt_in(
        state,
        editor=people["author"],
        reviewer=people["reviewer"],
        source=people["source"],
        briefing=people["briefing"],
    )
    assert excerpt.status == state
    return excerpt


def _act(client: Client, excerpt: Excerpt, action: str):
    revision = excerpt.current_revision
    if action == "edit":
        return client.post(
            reverse("desk:excerpt_edit", args=[excerpt.pk]),
            {
                "annotation": "Edited in the matrix.",
                "kind": revision.kind,
                "briefing": revision.briefing_id,
                "base_revision": revision.pk,
            },
        )
    return client.post(
        reverse("desk:excerpt_transition", args=[excerpt.pk, action]),
        {
            "seen_status": excerpt.status,
            "seen_revision": revision.pk,
            "comment": "A reason.",
            "publish_at": (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )


CELLS = [
    pytest.param(
        state,
        action,
        id=f"{state}-{action}",
        marks=[] if (state, action) in FAST else [pytest.mark.slow],
    )
    for state in STATES
    for action in ACTIONS
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), CELLS)
def test_matrix(state, action):
    people = _people()
    for persona in PERSONAS:
        excerpt = _in_state(state, people)
        before = (excerpt.status, excerpt.current_revision_id, excerpt.revisions.count())
        client = Client()
        if people[persona]:
            client.force_login(people[persona])
        response = _act(client, excerpt, action)
        excerpt.refresh_from_db()
        allowed = persona in ALLOWED.get((state, action), set())
        cell = f"{persona} {action} on {state}"
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], cell
        elif persona == "outsider":
            assert response.status_code == 403, cell
        if allowed:
            assert excerpt.status == TARGET[action], cell
            if action == "edit":
                assert excerpt.revisions.count() == before[2] + 1, cell
        else:
            assert (
                excerpt.status,
                excerpt.current_revision_id,
                excerpt.revisions.count(),
            ) == before, cell
