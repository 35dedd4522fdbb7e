"""The reader: staff only, the text block by block with stable anchors."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("persona", "expected"), [("editor", 200), ("reviewer", 200), ("outsider", 403), (None, 302)]
)
def test_reader_is_for_staff(as_user, request, source, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    assert as_user(user).get(source.get_absolute_url()).status_code == expected


def test_reader_shows_paragraphs_with_anchors_and_offsets(as_user, editor, source):
    html = as_user(editor).get(source.get_absolute_url()).content.decode()
    second = source.text.split("\n")[1]
    offset = source.text.index(second)
    assert f'id="p2" class="block block-paragraph" data-start="{offset}"' in html
    assert "Make an excerpt from the selection" in html


def test_reviewers_are_not_offered_to_make_excerpts(as_user, reviewer, source):
    assert (
        "Make an excerpt" not in as_user(reviewer).get(source.get_absolute_url()).content.decode()
    )


def test_reader_escapes_the_source_text(as_user, editor):
    from tests.factories import make_source

    hostile = make_source(text="<script>alert('x')</script> said the text.")
    html = as_user(editor).get(hostile.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_source_list(as_user, editor, source):
    response = as_user(editor).get(reverse("sources:list"))
    assert "Border talk" in response.content.decode()


def test_unknown_version_is_404(as_user, editor, source):
    assert as_user(editor).get(source.get_absolute_url() + "?version=9").status_code == 404
