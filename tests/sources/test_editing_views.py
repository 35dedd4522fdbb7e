"""Editing what is known about a source, with honest unknowns."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_source

pytestmark = pytest.mark.django_db


def edit_url(source) -> str:
    return reverse("sources:edit", args=[source.pk])


DETAILS = {
    "title": "Border talk",
    "author": "A. Writer; B. Other",
    "outlet": "The Paper",
    "url": "https://example.org/border",
    "published": "2025-11-17",
    "language": "en-GB",
    "note": "",
}


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 302), ("reviewer", 403), ("outsider", 403), (None, 302)]
)
def test_editing_details_is_for_editors(as_user, request, source, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    response = as_user(user).post(edit_url(source), {**DETAILS, "title": "Changed"})
    assert response.status_code == expected
    source.refresh_from_db()
    assert source.title == ("Changed" if persona == "editor" else "Border talk")
    if persona is None:
        assert response["Location"].startswith(reverse("login"))


def test_the_edit_form_shows_and_saves_details(as_user, editor, source):
    client = as_user(editor)
    assert 'value="Border talk"' in client.get(edit_url(source)).content.decode()
    response = client.post(edit_url(source), DETAILS)
    assert response["Location"] == source.get_absolute_url()
    source.refresh_from_db()
    assert (source.published, source.published_precision, source.language) == (
        "2025-11-17",
        "day",
        "en-gb",
    )
    assert source.author == "A. Writer; B. Other"
    page = client.get(source.get_absolute_url()).content.decode()
    assert "17 November 2025" in page


def test_the_edit_page_takes_only_get_and_post(as_user, editor, source):
    assert as_user(editor).delete(edit_url(source)).status_code == 405


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published", "2025-13", "there is no month 13"),
        ("published", "Nov 2025", "is not a date"),
        ("url", "not a url", "Enter a valid URL"),
        ("language", "English!", "is not a language code"),
    ],
)
def test_bad_details_are_refused_and_nothing_changes(
    as_user, editor, source, field, value, message
):
    response = as_user(editor).post(edit_url(source), {**DETAILS, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    source.refresh_from_db()
    assert (source.title, source.published) == ("Border talk", "2025-11")


def test_a_url_another_source_has_is_refused(as_user, editor, source):
    make_source(text="Another text.", url="https://example.org/border", title="Other")
    response = as_user(editor).post(edit_url(source), DETAILS)
    assert "Another source already has this URL: “Other”" in response.content.decode()
    source.refresh_from_db()
    assert source.url == ""


def test_unknown_details_are_shown_as_unknown_and_a_working_title_is_marked(
    as_user, editor, source
):
    client = as_user(editor)
    client.post(
        edit_url(source),
        {
            "title": "",
            "author": "",
            "outlet": "",
            "url": "",
            "published": "",
            "language": "",
            "note": "",
        },
    )
    source.refresh_from_db()
    assert (source.title, source.published, source.published_on) == ("", "", None)
    page = client.get(source.get_absolute_url()).content.decode()
    assert "[Untitled] The Council met on Monday" in page
    assert "working title made from its first words" in page
    assert page.count('<span class="unknown">unknown</span>') == 5
