"""When a source gets a new version, each excerpt is found again or flagged, and said so.

Stored revisions never change: the database refuses it, and the place of a quote in a new
version is a row of its own.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from desk.models import AnchorStatus, Excerpt, ExcerptRevision, RevisionAnchor
from desk.reanchoring import counts_by_version, placed_in, reanchor_source
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
    captured = excerpt.current_revision
    version = new_version(source, "A new opening paragraph.\n" + ORIGINAL)
    assert reanchor_source(version)["ok"] == 1
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.OK
    # The revision is as it was stored; its place in version 2 is a row of its own.
    revision = ExcerptRevision.objects.get(pk=captured.pk)
    assert (revision.source_version_id, revision.start) == (
        captured.source_version_id,
        captured.start,
    )
    anchor = RevisionAnchor.objects.get(revision=revision, source_version=version)
    assert version.text[anchor.start : anchor.end] == QUOTE
    assert placed_in(source, version) == [(excerpt.pk, "published", anchor.start, anchor.end)]
    assert excerpt.status == "published"
    assert "moved with its words unchanged" in excerpt.audit.get(kind="reanchored").note
    html = client.get(excerpt.get_public_url()).content.decode()
    assert QUOTE in html


def test_edited_quoted_words_are_flagged_with_whole_words_proposed(setting, as_user, editor):
    source, excerpt = setting
    version = new_version(source, ORIGINAL.replace("on Monday", "on Tuesday"))
    assert reanchor_source(version)["changed"] == 1
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.CHANGED
    # Whole words, the first one kept, and no full stop the captured quote did not have.
    assert excerpt.proposed_text == "the border would reopen on Tuesday"
    anchor = RevisionAnchor.objects.get(source_version=version)
    assert anchor.note == "close: 1 word differs"
    page = as_user(editor).get(excerpt.get_absolute_url()).content.decode()
    assert "on Monday" in page and "on Tuesday" in page
    assert f"In version {version.number}" in page
    assert "In version the newest" not in page


def test_a_reworded_sentence_is_proposed_as_a_whole_sentence(editor, reviewer, briefing):
    source = make_source(text=ORIGINAL, title="Piece")
    sentence = "The minister said the border would reopen on Monday."
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing, quote=sentence)
    version = new_version(source, ORIGINAL.replace("said the border", "told reporters the border"))
    reanchor_source(version)
    excerpt.refresh_from_db()
    assert excerpt.proposed_text == (
        "The minister told reporters the border would reopen on Monday."
    )


def test_a_deleted_paragraph_is_flagged_and_still_shown_as_captured(setting, client):
    source, excerpt = setting
    version = new_version(source, "First paragraph about the weather.\nA closing paragraph.")
    assert reanchor_source(version)["missing"] == 1
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.MISSING
    assert excerpt.proposed_text == ""
    html = client.get(excerpt.get_public_url()).content.decode()
    assert QUOTE in html
    assert "as captured on" in html


def test_a_twin_the_context_cannot_tell_apart_is_left_to_an_editor(
    editor, reviewer, briefing, as_user
):
    pull = "Trucks queued. The border stays shut, officials said again on Monday."
    source = make_source(
        text="\n".join(["Intro about the talks.", pull, "Later, a long paragraph.", pull])
    )
    excerpt = make_excerpt(
        editor=editor, source=source, briefing=briefing, quote=pull.split(". ", 1)[1]
    )
    assert excerpt.current_revision.start < source.current_version.text.index("Later")
    # The captured occurrence is reworded and every paragraph moves: the unedited twin and the
    # edited passage keep as little of the captured context as each other.
    edited = pull.replace("again", "once more")
    version = new_version(
        source,
        "\n".join(["Later, a long paragraph.", pull, "Intro about the talks.", "Other.", edited]),
    )
    assert reanchor_source(version)["changed"] == 1
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.CHANGED
    assert (excerpt.proposed_start, excerpt.proposed_text) == (None, "")
    anchor = RevisionAnchor.objects.get(source_version=version)
    assert (anchor.start, anchor.note) == (
        None,
        "uncertain: it fits 2 places and the words around them do not tell which is its own",
    )
    assert "place is uncertain" in excerpt.audit.get(kind="reanchored").note
    page = as_user(editor).get(excerpt.get_absolute_url()).content.decode()
    assert "stand in more than one place in this version" in page
    assert "Quote the new text" not in page
    # Nothing to accept: the editor keeps the quote or chooses its passage in the reader.
    as_user(editor).post(reverse("desk:anchor_accept", args=[excerpt.pk]))
    excerpt.refresh_from_db()
    assert excerpt.anchor_status == AnchorStatus.CHANGED
    assert excerpt.current_revision.source_version_id != version.pk


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
    version = add_version(source, text="A new opening paragraph.\n" + ORIGINAL)
    excerpt.refresh_from_db()
    assert excerpt.current_revision.source_version.number == 1
    assert RevisionAnchor.objects.get(source_version=version).status == AnchorStatus.OK
    assert excerpt.anchor_status == AnchorStatus.OK
    assert excerpt.audit.filter(kind="reanchored").exists()
    assert counts_by_version(source) == {2: {"moved": 1}}


def test_flagged_excerpts_are_for_their_editors_and_every_reviewer(
    setting, editor, editor2, reviewer
):
    source, excerpt = setting
    reanchor_source(new_version(source, "Nothing of it left."))
    assert list(Excerpt.objects.flagged_for(editor)) == [excerpt]
    assert list(Excerpt.objects.flagged_for(reviewer)) == [excerpt]
    assert list(Excerpt.objects.flagged_for(editor2)) == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("quote", "'Something else'"), ('"start"', '"start" + 1'), ("annotation", "'Rewritten'")],
)
def test_the_database_refuses_to_rewrite_a_stored_revision(setting, column, value):
    _, excerpt = setting
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE desk_excerptrevision SET {column} = {value} WHERE id = %s",  # noqa: S608
            [excerpt.current_revision_id],
        )
    assert ExcerptRevision.objects.get(pk=excerpt.current_revision_id).quote == QUOTE


def test_the_workflow_may_still_record_approval_and_publication(setting):
    _, excerpt = setting
    ExcerptRevision.objects.filter(pk=excerpt.current_revision_id).update(correction_note="Fixed.")
    assert ExcerptRevision.objects.get(pk=excerpt.current_revision_id).correction_note == "Fixed."


def _row(excerpt, version, start, end, **changes):
    text = version.text
    fields = {
        "excerpt": excerpt,
        "number": 9,
        "source_version": version,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "char_before": text[start - 1] if start else "",
        "char_after": text[end : end + 1],
        "annotation": "x",
        "annotation_html": "<p>x</p>",
        "briefing": excerpt.current_revision.briefing,
        "created_by": excerpt.created_by,
        **changes,
    }
    return ExcerptRevision(**fields)


@pytest.mark.parametrize(
    ("cut", "why"),
    [
        ("inside the first word", lambda text: (text.index("inister"), text.index(" said"))),
        ("inside the last word", lambda text: (text.index("The minister"), text.index("ister"))),
    ],
)
def test_the_database_refuses_a_quote_cut_inside_a_word(setting, cut, why):
    source, excerpt = setting
    version = source.current_version
    start, end = why(version.text)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExcerptRevision.objects.bulk_create([_row(excerpt, version, start, end)])
    with pytest.raises(ValidationError, match="inside a word"):
        _row(excerpt, version, start, end).save()


def test_the_database_refuses_a_quote_that_is_not_the_source_text(setting):
    source, excerpt = setting
    version = source.current_version
    start = version.text.index("The minister")
    row = _row(excerpt, version, start, start + 12, quote="The ministry")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExcerptRevision.objects.bulk_create([row])
    # A whole-word quote that is the source's own text goes in.
    ExcerptRevision.objects.bulk_create([_row(excerpt, version, start, start + 12)])
