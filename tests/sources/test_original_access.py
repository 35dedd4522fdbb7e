"""Who may download an original: a saved version's file is for whoever may see the library; an
upload no version holds (an open preview, a discarded one) only for the person who uploaded it.

The review found any staff member downloading anyone's upload by its number, discarded
previews included. Ids are sequential, so every refusal is the 404 of an id that does not exist.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.jobs import start_reading
from sources.models import ImportPreview, Original
from sources.previews import preview_state, save_preview

TEXT = b"Heading\n\nOn 17 November the border reopened at two crossings.\n"
ROLES = ("anonymous", "outsider", "uploader", "editor2", "reviewer", "chief", "admin", "root")
# The answer each role gets for an original in each state.
EXPECTED = {
    "saved": dict.fromkeys(ROLES, 200) | {"anonymous": 404, "outsider": 404, "admin": 404},
    "preview": dict.fromkeys(ROLES, 404) | {"uploader": 200},
    "discarded": dict.fromkeys(ROLES, 404) | {"uploader": 200},
}


@pytest.fixture
def webhooks_admin(db):
    """An administrator who holds the webhooks permission and no desk role."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="ada", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    return user


@pytest.fixture
def people(editor, editor2, reviewer, chief, webhooks_admin, superuser, outsider):
    return {
        "anonymous": None,
        "outsider": outsider,
        "uploader": editor,
        "editor2": editor2,
        "reviewer": reviewer,
        "chief": chief,
        "admin": webhooks_admin,
        "root": superuser,
    }


def _upload(user, data: bytes = TEXT, name: str = "note.txt") -> ImportPreview:
    job = start_reading(user=user, data=data, name=name)
    job.refresh_from_db()
    assert job.preview is not None, job.message
    return job.preview


def _in_state(state: str, editor, as_user) -> Original:
    preview = _upload(editor)
    original = preview.original
    if state == "saved":
        save_preview(preview_state(preview), user=editor)
    elif state == "discarded":
        response = as_user(editor).post(reverse("sources:discard_preview", args=[preview.token]))
        assert response.status_code == 302
        assert not ImportPreview.objects.filter(pk=preview.pk).exists()
    return original


@pytest.mark.parametrize("state", sorted(EXPECTED))
def test_each_role_gets_what_it_may_see_of_an_original(state, people, editor, as_user):
    original = _in_state(state, editor, as_user)
    url = reverse("sources:original", args=[original.pk])
    answers = {role: as_user(user).get(url).status_code for role, user in people.items()}
    assert answers == EXPECTED[state]


def test_what_may_be_downloaded_is_the_file_as_it_arrived(people, editor, as_user):
    original = _in_state("discarded", editor, as_user)
    response = as_user(editor).get(reverse("sources:original", args=[original.pk]))
    assert b"".join(response.streaming_content) == TEXT


def test_counting_through_the_ids_finds_only_what_one_may_open(editor, editor2, as_user):
    saved = _in_state("saved", editor, as_user)
    _in_state("preview", editor, as_user)
    _in_state("discarded", editor, as_user)
    # The same bytes as the saved file, uploaded by another editor: their own record, not the
    # saved one's, so it is theirs alone while unsaved.
    theirs = _upload(editor2).original
    assert theirs.file.name == saved.file.name
    highest = Original.objects.order_by("-pk").first().pk
    found = {
        pk
        for pk in range(1, highest + 20)
        if as_user(editor2).get(reverse("sources:original", args=[pk])).status_code == 200
    }
    assert found == {saved.pk, theirs.pk}
    assert as_user(editor).get(reverse("sources:original", args=[theirs.pk])).status_code == 404


def test_an_uploader_who_left_the_desk_downloads_nothing(editor, as_user):
    original = _in_state("preview", editor, as_user)
    editor.groups.clear()
    response = as_user(editor).get(reverse("sources:original", args=[original.pk]))
    assert response.status_code == 404
