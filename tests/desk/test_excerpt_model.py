"""An excerpt's quote always equals the source text at its offsets."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from desk.editing import ExcerptContent, create_excerpt
from desk.models import AuditEntry, Excerpt, ExcerptRevision
from desk.publishing.revisions import EditRefused


def _content(source, briefing, start, end, annotation="Why it matters."):
    return ExcerptContent(
        source_version=source.current_version,
        start=start,
        end=end,
        annotation=annotation,
        briefing=briefing,
        kind="claim",
    )


def test_the_quote_is_cut_from_the_source(editor, source, briefing):
    excerpt = create_excerpt(content=_content(source, briefing, 4, 11), user=editor)
    revision = excerpt.current_revision
    assert revision.quote == source.text[4:11]
    assert revision.suffix == source.text[11 : 11 + 32]


def test_a_revision_whose_quote_differs_from_the_text_is_refused(draft):
    revision = draft.current_revision
    forged = ExcerptRevision(
        excerpt=draft,
        number=2,
        source_version=revision.source_version,
        start=revision.start,
        end=revision.end,
        quote="x" * (revision.end - revision.start),
        annotation="forged",
        briefing=revision.briefing,
        created_by=revision.created_by,
    )
    with pytest.raises(ValidationError, match="does not match"):
        forged.save()
    assert draft.revisions.count() == 1


def test_the_database_refuses_offsets_that_do_not_fit_the_quote(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExcerptRevision.objects.filter(pk=draft.current_revision_id).update(
            end=draft.current_revision.start
        )


def test_the_database_refuses_an_unknown_status(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Excerpt.objects.filter(pk=draft.pk).update(status="lost")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (0, 10_000)])
def test_selections_outside_the_text_are_refused(editor, source, briefing, start, end):
    with pytest.raises(EditRefused):
        create_excerpt(content=_content(source, briefing, start, end), user=editor)
    assert Excerpt.objects.count() == 0


def test_an_annotation_of_only_spaces_is_refused(editor, source, briefing):
    with pytest.raises(EditRefused, match="cannot be empty"):
        create_excerpt(content=_content(source, briefing, 0, 5, annotation="  \n "), user=editor)
    assert Excerpt.objects.count() == 0


def test_reviewers_cannot_make_excerpts(reviewer, source, briefing):
    with pytest.raises(EditRefused):
        create_excerpt(content=_content(source, briefing, 0, 5), user=reviewer)


def test_the_audit_trail_is_append_only(draft):
    entry = AuditEntry.objects.get(excerpt=draft)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(excerpt=draft).update(note="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(excerpt=draft).delete()
    assert AuditEntry.objects.get(excerpt=draft).note == ""


def test_annotations_are_sanitised_markdown(editor, source, briefing):
    excerpt = create_excerpt(
        content=_content(
            source,
            briefing,
            0,
            5,
            annotation="**Bold** <script>alert(1)</script> [x](javascript:alert(1)) [y](https://e.org)",
        ),
        user=editor,
    )
    html = excerpt.current_revision.annotation_html
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    assert 'rel="nofollow noopener noreferrer"' in html
