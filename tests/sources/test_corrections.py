"""An editor corrects a paragraph OCR misread: the correction is previewed and saved as a new
version that keeps the pages, the other paragraphs' confidence and the original."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.importing import PreparedText, SourceMetadata
from sources.models import ImportPreview
from sources.originals import keep_original
from sources.previews import make_preview, preview_state, save_preview


@pytest.fixture
def scanned_source(editor):
    """A source as OCR would leave it: three paragraphs on two pages, the second doubtful."""
    text = "Page one begins.\nThe crosing wil reopen on Mondey.\nPage two begins here."
    prepared = PreparedText(
        text,
        SourceMetadata(title="Letter"),
        ["paragraph"] * 3,
        "letter.pdf",
        pages=[[0, 1], [text.index("Page two"), 2]],
        confidence=[95, 41, 93],
    )
    preview = make_preview(prepared, user=editor)
    original = keep_original(b"%PDF-1.7 scan", name="letter.pdf")
    ImportPreview.objects.filter(pk=preview.pk).update(
        pages=prepared.pages, confidence=prepared.confidence, original=original
    )
    return save_preview(preview_state(ImportPreview.objects.get()), user=editor).source


def correct_url(source, block):
    return reverse("sources:correct_paragraph", args=[source.pk, block])


def test_a_doubtful_paragraph_offers_a_correction_to_editors_only(
    scanned_source, as_user, editor, reviewer
):
    url = correct_url(scanned_source, 2)
    assert url in as_user(editor).get(scanned_source.get_absolute_url()).content.decode()
    assert url not in as_user(reviewer).get(scanned_source.get_absolute_url()).content.decode()
    assert as_user(reviewer).get(url).status_code == 403


def test_a_correction_becomes_a_new_version_keeping_pages_and_original(
    scanned_source, as_user, editor
):
    client = as_user(editor)
    page = client.get(correct_url(scanned_source, 2)).content.decode()
    assert "The crosing wil reopen on Mondey." in page
    response = client.post(
        correct_url(scanned_source, 2), {"text": "The crossing will reopen on Monday."}
    )
    preview = ImportPreview.objects.get()
    assert response["Location"] == preview.get_absolute_url()
    client.post(preview.get_absolute_url())
    scanned_source.refresh_from_db()
    version = scanned_source.current_version
    assert version.number == 2
    assert (
        version.text
        == "Page one begins.\nThe crossing will reopen on Monday.\nPage two begins here."
    )
    assert version.pages == [[0, 1], [version.text.index("Page two"), 2]]
    assert [block.confidence for block in version.block_list] == [95, None, 93]
    assert version.original.name == "letter.pdf"
    assert scanned_source.versions.get(number=1).text.startswith("Page one begins.\nThe crosing")


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "This field is required"), ("The crosing wil reopen on Mondey.", "unchanged")],
)
def test_an_empty_or_unchanged_correction_is_refused(
    scanned_source, as_user, editor, text, message
):
    response = as_user(editor).post(correct_url(scanned_source, 2), {"text": text})
    assert message in response.content.decode()
    assert not ImportPreview.objects.exists()
    assert as_user(editor).get(correct_url(scanned_source, 9)).status_code == 404
