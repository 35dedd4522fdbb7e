"""Through the API, an approval on an ETag from before a linked record changed is stale (#14).

Where a decision may take readers' copy of an excerpt's links (submitted, approved, scheduled),
its ETag carries a fingerprint of what that copy would show; If-Match with an older tag is
answered 409, as for a decision someone else took first, and nothing changes.
"""

from __future__ import annotations

import re

import pytest

from desk import readers_copy
from desk.api.conditional import seen_state
from desk.models import AuditEntry, ReadersCopy
from desk.publishing.states import Status
from desk.publishing.workflow import perform
from tests.factories import ActorFactory, make_excerpt

STALE = "changed since you opened it"


@pytest.fixture
def actor(db):
    return ActorFactory(name="Maria Kalesnikava")


@pytest.fixture
def item(editor, source, briefing, actor):
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing, actors=[actor])
    return perform(excerpt, "submit", editor)


def _approve(client, excerpt, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.post(f"/api/excerpts/{excerpt.pk}/approve/", {}, format="json", **headers)


def _rename(actor):
    actor.name = "Maryia Kalesnikava"
    actor.save()


def test_the_etag_moves_when_a_linked_record_changes(api, reviewer, item, actor):
    client = api(reviewer)
    before = client.get(f"/api/excerpts/{item.pk}/")["ETag"]
    assert seen_state([before]).links == readers_copy.fingerprint_now(item.current_revision_id)
    _rename(actor)
    again = client.get(f"/api/excerpts/{item.pk}/", HTTP_IF_NONE_MATCH=before)
    assert again.status_code == 200 and again["ETag"] != before


def test_a_stale_if_match_after_a_linked_change_is_409_and_changes_nothing(
    api, reviewer, item, actor
):
    client = api(reviewer)
    seen = client.get(f"/api/excerpts/{item.pk}/")["ETag"]
    _rename(actor)
    response = _approve(client, item, seen)
    assert response.status_code == 409
    assert STALE in response.json()["detail"]
    assert response["ETag"] != seen
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert item.current_revision.approved_by_id is None
    assert not ReadersCopy.objects.filter(excerpt=item).exists()
    assert not AuditEntry.objects.filter(excerpt=item, action="approve").exists()

    # With the tag it was answered with, the reviewer approves what they now see.
    assert _approve(client, item, response["ETag"]).status_code == 200
    copy = readers_copy.latest_for(item.current_revision)
    assert [a["name"] for a in copy.data["actors"]] == ["Maryia Kalesnikava"]


def test_unchanged_links_and_a_current_tag_approve(api, reviewer, item):
    client = api(reviewer)
    etag = client.get(f"/api/excerpts/{item.pk}/")["ETag"]
    assert client.get(f"/api/excerpts/{item.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert _approve(client, item, etag).status_code == 200


def test_a_tag_without_the_fingerprint_is_checked_as_before(api, reviewer, item, actor):
    """Older clients' tags name status and revision only: checked on those alone."""
    client = api(reviewer)
    tag = client.get(f"/api/excerpts/{item.pk}/")["ETag"]
    older = re.sub(r"-[0-9a-f]{16}-", "-", tag, count=1)
    assert seen_state([older]) == (item.current_revision_id, "submitted", None)
    _rename(actor)
    assert _approve(client, item, older).status_code == 200


def test_without_if_match_an_approval_is_refused_and_takes_no_copy(api, reviewer, item, actor):
    """The review's attack: another editor renames a linked actor, and an approval that names
    no state would have published the rename unreviewed. It is 428 now, and nothing moves."""
    _rename(actor)
    response = _approve(api(reviewer), item)
    assert response.status_code == 428
    item.refresh_from_db()
    assert (item.status, item.readers_copy_id) == (Status.SUBMITTED, None)


def test_a_draft_tag_carries_no_fingerprint(api, editor, draft):
    """No decision on a draft takes a copy, so its tag costs no read of its links."""
    tag = api(editor).get(f"/api/excerpts/{draft.pk}/")["ETag"]
    assert seen_state([tag]).links is None
