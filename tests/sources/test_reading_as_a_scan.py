"""When a PDF's text layer is not the document's words: the desk says why it read the pages as
a scan, the editor can always ask for *Read as a scan instead*, and a text recognised from a
scan says so wherever it is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from sources.importing import PreparedText
from sources.jobs import start_reading
from sources.models import ImportPreview, ReadingJob
from tests.sources.pdfs import Report, prose, report_pdf

CORPUS = Path(__file__).parent / "corpus"
SCANNED = "Text recognised from a scan: check quotes against the page."
RECOGNISED = "Recognised heading"


@pytest.fixture
def ocr_stand_in(monkeypatch):
    """OCR replaced by a reading whose text shows it ran (it runs in the reading's box, a child
    process): these tests are about what the desk does with its answer (real OCR is tested in
    test_scans.py and below, marked slow)."""

    def read_scanned_pdf(data, *, name, progress=None):
        return PreparedText(
            "Recognised heading\nRecognised paragraph of the scan.",
            kinds=["heading", "paragraph"],
            imported_from=name,
            confidence=[91, 88],
        )

    monkeypatch.setattr("sources.ocr.read_scanned_pdf", read_scanned_pdf)


def a_pdf() -> bytes:
    return report_pdf(Report([prose(i) for i in range(3)], title="Annual review")).data


def test_a_damaged_text_layer_read_as_a_scan_tells_the_editor_why(as_user, editor, ocr_stand_in):
    data = (CORPUS / "ghostscript-distilled.pdf").read_bytes()
    job = start_reading(user=editor, data=data, name="printed.pdf")
    assert job.status == ReadingJob.Status.DONE
    assert job.preview.text.startswith(RECOGNISED)
    assert "The text layer of printed.pdf is damaged" in job.preview.reading_note
    page = as_user(editor).get(job.preview.get_absolute_url()).content.decode()
    assert "The text layer of printed.pdf is damaged" in page
    assert "no letter behind them" in page
    assert SCANNED in page
    # Already read by OCR: nothing to read again as a scan.
    assert "Read as a scan instead" not in page


def test_a_pdf_read_from_its_text_can_be_read_again_as_a_scan(as_user, editor, ocr_stand_in):
    job = start_reading(user=editor, data=a_pdf(), name="review.pdf")
    first = job.preview
    client = as_user(editor)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Read as a scan instead" in page and SCANNED not in page
    assert "Annual review" in first.text

    response = client.post(reverse("sources:read_as_scan", args=[first.token]))

    again = ReadingJob.objects.exclude(pk=job.pk).get()
    assert again.as_scan and again.created_by == editor
    assert again.original_id == first.original_id
    assert response.status_code == 302 and response["Location"] == again.preview.get_absolute_url()
    assert again.preview.text.startswith(RECOGNISED)
    assert again.preview.confidence == [91, 88]
    assert "Read as a scan, as you asked" in again.preview.reading_note
    # The first reading is still there, should the scan read worse.
    assert ImportPreview.objects.filter(pk=first.pk).exists()
    page = client.get(again.preview.get_absolute_url()).content.decode()
    assert SCANNED in page and "Read as a scan, as you asked" in page


def test_reading_as_a_scan_goes_to_the_ocr_queue(editor, settings):
    from sources.jobs import queue_for

    job = ReadingJob(created_by=editor, as_scan=True)
    assert queue_for(job) == "ocr"


def test_only_a_pdf_read_from_its_text_is_offered_a_scan(as_user, editor, ocr_stand_in):
    client = as_user(editor)
    client.post(
        reverse("sources:add"),
        {"how": "paste", "text": "A pasted paragraph long enough to be a source of its own."},
    )
    pasted = ImportPreview.objects.get()
    assert "Read as a scan instead" not in client.get(pasted.get_absolute_url()).content.decode()

    response = client.post(reverse("sources:read_as_scan", args=[pasted.token]), follow=True)

    assert "Only a PDF read from its text layer can be read again as a scan." in (
        response.content.decode()
    )
    assert not ReadingJob.objects.exists()


def test_someone_elses_preview_cannot_be_read_again(as_user, editor, editor2, ocr_stand_in):
    preview = start_reading(user=editor, data=a_pdf(), name="review.pdf").preview
    response = as_user(editor2).post(reverse("sources:read_as_scan", args=[preview.token]))
    assert response.status_code == 404
    assert ReadingJob.objects.count() == 1


def test_a_reviewer_cannot_start_a_reading(as_user, editor, reviewer, ocr_stand_in):
    preview = start_reading(user=reviewer, data=a_pdf(), name="review.pdf").preview
    response = as_user(reviewer).post(reverse("sources:read_as_scan", args=[preview.token]))
    assert response.status_code == 403
    assert ReadingJob.objects.count() == 1


def test_a_source_read_from_a_scan_says_so_and_every_paragraph_can_be_corrected(
    as_user, editor, reviewer, ocr_stand_in
):
    data = (CORPUS / "ghostscript-distilled.pdf").read_bytes()
    preview = start_reading(user=editor, data=data, name="printed.pdf").preview
    client = as_user(editor)
    response = client.post(
        preview.get_absolute_url(), {"title": "Printed report", "language": "en"}
    )
    assert response.status_code == 302, response.content.decode()
    reader = client.get(response["Location"]).content.decode()
    assert SCANNED in reader
    # Both paragraphs are sure enough not to be flagged; each can still be corrected.
    assert reader.count("Correct paragraph") == 2
    # A reviewer reads the notice but is offered no correction.
    reader = as_user(reviewer).get(response["Location"]).content.decode()
    assert SCANNED in reader and "Correct paragraph" not in reader


def test_a_source_read_from_its_text_layer_says_nothing_of_scans(as_user, editor):
    preview = start_reading(user=editor, data=a_pdf(), name="review.pdf").preview
    client = as_user(editor)
    response = client.post(preview.get_absolute_url(), {"title": "Review", "language": "en"})
    reader = client.get(response["Location"]).content.decode()
    assert SCANNED not in reader and "Correct paragraph" not in reader


@pytest.mark.slow
def test_read_as_a_scan_really_recognises_the_pages(as_user, editor):
    from sources.ocr import installed_languages

    if not installed_languages():
        pytest.skip("Tesseract is not installed")
    preview = start_reading(user=editor, data=a_pdf(), name="review.pdf").preview
    as_user(editor).post(reverse("sources:read_as_scan", args=[preview.token]))
    scanned = ReadingJob.objects.get(as_scan=True).preview
    assert scanned.confidence and all(score is not None for score in scanned.confidence)
    assert "Annual review" in scanned.text
