"""When a source gets a new version, each excerpt is found again or flagged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desk.models import AnchorStatus, Excerpt
from desk.reanchoring import reanchor_source
from sources.models import SourceVersion
from tests.factories import make_excerpt, make_source, publish

ORIGINAL = "\n".join(
    [
        "First paragraph about the weather.",
        "The minister said the border would reopen on Monday.",
        "A closing paragraph.",
    ]
)
QUOTE = "the border would reopen on Monday"


@pytest.fixture
def setting(editor, reviewer, briefing):

    source = make_source(text=ORIGINAL, title="Piece")
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing, quote=QUOTE)
    excerpt = publish(excerpt, editor=editor, reviewer=reviewer)
    return source, excerpt


def new_version(source, text):
    version = SourceVersion.objects.create(
        source=source, number=source.versions.count() + 1, text=text
    )
    source.current_version = version
    source.save(update_fields=["current_version"])
    return version


def test_a_paragraph_inserted_before_the_quote_moves_it_silently(setting, client):
    source, excerpt = setting
    version = new_version(source, "A new opening paragraph.\n" + ORIGINAL)
    assert reanchor_source(version)["ok"] == 1
    excerpt.refresh_from_db()
    revision = excerpt.current_revision
    revision.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.OK
    assert revision.source_version == version
    assert version.text[revision.start : revision.end] == QUOTE
    assert excerpt.status == "published"
    html = client.get(excerpt.get_public_url()).content.decode()
    assert QUOTE in html and "as captured" not in html


def test_edited_quoted_words_are_flagged_with_the_new_text(setting, as_user, editor):
    source, excerpt = setting
    version = new_version(source, ORIGINAL.replace("on Monday", "on Tuesday"))
    assert reanchor_source(version)["changed"] == 1
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.CHANGED
    assert "Tuesday" in excerpt.proposed_text
    page = as_user(editor).get(excerpt.get_absolute_url()).content.decode()
    assert "on Monday" in page and "on Tuesday" in page


def test_a_deleted_paragraph_is_flagged_and_still_shown_as_captured(setting, client):
    source, excerpt = setting
    version = new_version(source, "First paragraph about the weather.\nA closing paragraph.")
    assert reanchor_source(version)["missing"] == 1
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.MISSING
    html = client.get(excerpt.get_public_url()).content.decode()
    assert QUOTE in html
    assert "as captured on" in html


def test_accepting_the_new_text_makes_a_revision_for_review(setting, as_user, editor):
    source, excerpt = setting
    version = new_version(source, ORIGINAL.replace("on Monday", "on Tuesday"))
    reanchor_source(version)
    as_user(editor).post(reverse("desk:anchor_accept", args=[excerpt.pk]))
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.OK
    assert excerpt.status == "draft"
    assert "Tuesday" in excerpt.current_revision.quote
    assert "Monday" in excerpt.published_revision.quote  # readers still see the published one


def test_keeping_as_captured_clears_the_flag(setting, as_user, editor, reviewer):
    source, excerpt = setting
    reanchor_source(new_version(source, "Nothing of it left."))
    assert as_user(reviewer).post(reverse("desk:anchor_keep", args=[excerpt.pk])).status_code == 403
    as_user(editor).post(reverse("desk:anchor_keep", args=[excerpt.pk]))
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.OK
    assert Excerpt.objects.get(pk=excerpt.pk).current_revision.quote == QUOTE


def test_a_new_version_through_the_library_reanchors_the_desk(setting):
    from sources.versions import add_version

    source, excerpt = setting
    add_version(source, text="A new opening paragraph.\n" + ORIGINAL)
    excerpt.refresh_from_db()
    revision = excerpt.current_revision
    assert revision.source_version.number == 2
    assert excerpt.anchor_status == AnchorStatus.OK
    assert excerpt.audit.filter(kind="reanchored").exists()
