"""Originals are kept as they arrived, with their checksum, for staff to download: never for
readers, and never shown inline."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.jobs import start_reading
from sources.models import Original
from sources.originals import checksum, forget_original, keep_original
from sources.previews import preview_state, save_preview
from tests.sources.pdfs import Report, prose, report_pdf


@pytest.fixture
def kept_pdf(editor):
    data = report_pdf(Report([prose(i) for i in range(6)], title="Annual review")).data
    job = start_reading(user=editor, data=data, name="review.pdf")
    version = save_preview(preview_state(job.preview), user=editor)
    return version, data


def test_staff_download_the_original_exactly_as_it_arrived(kept_pdf, as_user, editor, reviewer):
    version, data = kept_pdf
    url = reverse("sources:original", args=[version.original.pk])
    reader = as_user(reviewer).get(version.source.get_absolute_url()).content.decode()
    assert url in reader and "review.pdf" in reader
    for person in (editor, reviewer):
        response = as_user(person).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
        assert response["Content-Disposition"].startswith('attachment; filename="review.pdf"')
        assert response["Content-Type"] == "application/octet-stream"
    assert version.original.checksum == checksum(data)


def test_readers_are_not_told_an_original_exists(kept_pdf, as_user, outsider):
    version, _ = kept_pdf
    url = reverse("sources:original", args=[version.original.pk])
    assert as_user(None).get(url).status_code == 404
    assert as_user(outsider).get(url).status_code == 404


def test_the_same_bytes_are_stored_once(db):
    first = keep_original(b"%PDF-1.7 the same", name="a.pdf")
    second = keep_original(b"%PDF-1.7 the same", name="b.pdf")
    assert first.file.name == second.file.name and first.pk != second.pk
    forget_original(first)
    assert second.file.storage.exists(second.file.name)
    forget_original(second)
    assert not Original.objects.exists()
    assert not second.file.storage.exists(second.file.name)
