"""Scans read by Tesseract: an image-only PDF or an image becomes text with its pages, each
paragraph keeps its recognition confidence, and doubtful paragraphs are marked in the reader."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.formats import read_document
from sources.importing import ImportRefused
from sources.jobs import start_reading
from sources.ocr import installed_languages, read_scanned_pdf
from sources.previews import preview_state, save_preview
from tests.sources.scans import scanned_pdf, scanned_png

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not installed_languages(), reason="Tesseract is not installed"),
]
LETTER = [
    "The border crossing at Kuznica will reopen on Monday morning.",
    "Talks with the neighbouring side continue in Warsaw this week.",
]


def test_the_languages_the_desk_needs_are_installed():
    assert {"eng", "rus", "bel", "ukr", "pol"} <= installed_languages()


def test_a_scanned_pdf_is_read_page_by_page_with_confidence(editor):
    job = start_reading(user=editor, data=scanned_pdf(LETTER, pages=2), name="letter.pdf")
    assert job.status == "done", job.message
    assert (job.pages_done, job.pages_total) == (2, 2)
    preview = job.preview
    lines = preview.text.split("\n")
    assert "Page 2 begins here." in lines
    assert lines.count(LETTER[0]) == 2
    page_two = preview.text.index("Page 2 begins here.")
    assert preview.pages == [[0, 1], [page_two, 2]]
    assert len(preview.confidence) == len(lines)
    assert all(score >= 80 for score in preview.confidence)


def test_a_doubtful_paragraph_is_marked_in_the_reader(editor, as_user, settings):
    settings.SOURCE_OCR_LOW_CONFIDENCE = 101  # Every paragraph counts as doubtful.
    response = as_user(editor).post(
        reverse("sources:add"),
        {"how": "upload", "file": SimpleUploadedFile("letter.png", scanned_png(LETTER))},
    )
    assert response.status_code == 302
    from sources.models import ImportPreview

    version = save_preview(preview_state(ImportPreview.objects.get()), user=editor)
    assert all(block.confidence is not None for block in version.block_list)
    page = as_user(editor).get(version.source.get_absolute_url()).content.decode()
    assert "low-confidence" in page
    assert "check it against the original" in page


def test_a_clear_scan_is_not_marked(editor, as_user):
    prepared = read_document("letter.png", scanned_png(LETTER))
    assert prepared.text.split("\n") == LETTER
    assert min(prepared.confidence) >= 80


def test_a_scan_that_takes_longer_than_the_desk_allows_is_stopped_plainly(editor, settings):
    settings.SOURCE_READING_MAX_SECONDS = 0
    # Between pages, the reading itself says where it stopped...
    with pytest.raises(ImportRefused) as refused:
        read_scanned_pdf(scanned_pdf(LETTER, pages=2), name="letter.pdf")
    assert "Reading letter.pdf took longer than 0 seconds" in str(refused.value)
    assert "stopped at page 1 of 2" in str(refused.value)
    # ...and in the worker, its box is stopped at the deadline, mid-page if need be.
    job = start_reading(user=editor, data=scanned_pdf(LETTER, pages=2), name="letter.pdf")
    assert job.status == "failed" and not job.can_retry
    assert "letter.pdf needs more time than the desk allows for one document" in job.message
    assert job.original is None
