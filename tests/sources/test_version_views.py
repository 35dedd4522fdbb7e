"""Importing a new text of a source in the UI, reading any version, and the diff between two."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.models import ImportPreview, SourceVersion
from sources.versions import add_version
from tests.factories import PARAGRAPHS, make_source

pytestmark = pytest.mark.django_db

CHANGED = "Ministers said the crossing would reopen “next month”, according to officials."
NEW_TEXT = "\n".join([PARAGRAPHS[0], CHANGED, PARAGRAPHS[2]])


def add_url(source) -> str:
    return reverse("sources:add_version", args=[source.pk])


def diff_url(source, old=1, new=2) -> str:
    return reverse("sources:diff", args=[source.pk]) + f"?from={old}&to={new}"


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 403), ("outsider", 403), (None, 302)]
)
def test_importing_a_version_is_for_editors(as_user, request, source, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    assert as_user(user).get(add_url(source)).status_code == expected
    response = as_user(user).post(add_url(source), {"how": "paste", "text": NEW_TEXT})
    assert response.status_code == (302 if persona == "editor" else expected)
    source.refresh_from_db()
    assert source.current_version.number == 1


def test_a_version_of_a_missing_source_is_404(as_user, editor):
    assert as_user(editor).get(reverse("sources:add_version", args=[999])).status_code == 404


def test_a_changed_paragraph_makes_a_second_version_and_the_diff_shows_exactly_it(
    as_user, editor, source
):
    client = as_user(editor)
    response = client.post(
        add_url(source),
        {"how": "upload", "file": SimpleUploadedFile("border-v2.txt", NEW_TEXT.encode())},
    )
    preview = ImportPreview.objects.get()
    assert response["Location"] == preview.get_absolute_url()
    page = client.get(preview.get_absolute_url()).content.decode()
    assert "Save as version 2" in page
    assert page.count("<del>") == 1 and page.count("<ins>") == 1

    response = client.post(preview.get_absolute_url())
    assert response["Location"] == source.get_absolute_url()
    source.refresh_from_db()
    assert list(source.versions.values_list("number", "created_by", "imported_from")) == [
        (1, None, ""),
        (2, editor.pk, "border-v2.txt"),
    ]
    assert source.current_version.text == NEW_TEXT

    html = client.get(diff_url(source)).content.decode()
    assert html.count("<del>") == 1 and html.count("<ins>") == 1
    deleted = html.split("<del>")[1].split("</del>")[0]
    inserted = html.split("<ins>")[1].split("</ins>")[0]
    assert "according to officials" in deleted and "within weeks" in deleted
    assert "next month" in inserted
    assert '<span class="diff-word">next month</span>' in inserted
    assert "1 paragraph removed or changed, 1 added or changed" in html


def test_the_reader_shows_any_version(as_user, editor, source):
    add_version(source, text=NEW_TEXT, user=editor)
    client = as_user(editor)
    current = client.get(source.get_absolute_url()).content.decode()
    assert "next month" in current and "Version 2 of 2 (current)" in current
    old = client.get(source.get_absolute_url() + "?version=1").content.decode()
    assert "within weeks" in old and "next month" not in old
    assert "You are reading an earlier text" in old
    assert f"{reverse('sources:diff', args=[source.pk])}?from=1&amp;to=2" in current


@pytest.mark.parametrize("query", ["?version=9", "?version=abc", "?version=-1"])
def test_a_version_that_is_not_there_is_404(as_user, editor, source, query):
    assert as_user(editor).get(source.get_absolute_url() + query).status_code == 404


def test_the_same_text_as_the_current_version_is_refused(as_user, editor, source):
    client = as_user(editor)
    client.post(add_url(source), {"how": "paste", "text": source.text})
    preview = ImportPreview.objects.get()
    page = client.get(preview.get_absolute_url()).content.decode()
    assert "same as the current version" in page
    client.post(preview.get_absolute_url())
    assert source.versions.count() == 1


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 200), ("outsider", 403), (None, 302)]
)
def test_the_diff_is_for_staff(as_user, request, source, persona, expected):
    add_version(source, text=NEW_TEXT)
    user = request.getfixturevalue(persona) if persona else None
    assert as_user(user).get(diff_url(source)).status_code == expected


def test_the_diff_takes_only_get_and_known_versions(as_user, editor, source):
    add_version(source, text=NEW_TEXT)
    client = as_user(editor)
    assert client.post(diff_url(source)).status_code == 405
    assert client.get(diff_url(source, 1, 7)).status_code == 404
    assert client.get(diff_url(source, "x", 2)).status_code == 404
    assert "The two texts are the same" in client.get(diff_url(source, 2, 2)).content.decode()
    # Without versions named: the current one against the one before.
    default = client.get(reverse("sources:diff", args=[source.pk])).content.decode()
    assert "next month" in default


def test_the_diff_escapes_the_text(as_user, editor):
    source = make_source(text="Plain first line.\nA second line.")
    add_version(source, text="Plain first line.\n<script>alert(1)</script> said it.")
    html = as_user(editor).get(diff_url(source)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_versions_list_who_and_when(as_user, editor, source):
    add_version(source, text=NEW_TEXT, user=editor, imported_from="v2.txt")
    html = as_user(editor).get(source.get_absolute_url()).content.decode()
    assert "by edna, from v2.txt" in html
    assert SourceVersion.objects.filter(source=source).count() == 2
