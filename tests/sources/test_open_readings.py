"""Readings in progress and previews not yet saved are listed for the person who started them, on
the sources list and the page where sources are added, until saved or discarded: leaving a
reading's page no longer loses it."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from sources.models import ImportPreview, ReadingJob
from tests.sources.test_background_reading import a_pdf
from tests.workers import DATABASE_QUEUE

HEADING = "Your readings not yet saved"
PAGES = [reverse("sources:list"), reverse("sources:add")]


def paste(client, text="A pasted paragraph long enough to be a source of its own, about grain."):
    client.post(reverse("sources:add"), {"how": "paste", "text": text})
    return ImportPreview.objects.latest("pk")


def test_a_preview_not_yet_saved_is_listed_until_it_is_saved(as_user, editor):
    client = as_user(editor)
    for page in PAGES:
        assert HEADING not in client.get(page).content.decode()
    preview = paste(client)
    for page in PAGES:
        html = client.get(page).content.decode()
        assert HEADING in html and preview.get_absolute_url() in html
        assert "a pasted text" in html and "read, not yet saved" in html
    client.post(preview.get_absolute_url(), {"title": "Grain", "language": "en"})
    for page in PAGES:
        assert HEADING not in client.get(page).content.decode()


def test_a_discarded_preview_leaves_the_list(as_user, editor):
    client = as_user(editor)
    preview = paste(client)
    client.post(reverse("sources:discard_preview", args=[preview.token]))
    assert HEADING not in client.get(reverse("sources:list")).content.decode()


def test_a_reading_waiting_for_a_worker_is_listed_with_its_state(as_user, editor, settings):
    settings.TASKS = DATABASE_QUEUE
    client = as_user(editor)
    client.post(reverse("sources:add"), {"how": "upload", "file": _upload("review.pdf")})
    job = ReadingJob.objects.get()
    html = client.get(reverse("sources:list")).content.decode()
    assert job.get_absolute_url() in html and "review.pdf" in html
    assert "waiting for a worker" in html
    ReadingJob.objects.filter(pk=job.pk).update(status="reading", pages_done=1, pages_total=2)
    assert "reading, page 1 of 2" in client.get(reverse("sources:list")).content.decode()
    ReadingJob.objects.filter(pk=job.pk).update(status="failed", message="Broken", can_retry=True)
    html = client.get(reverse("sources:list")).content.decode()
    assert "Could not be read" in html and "it can be tried again" in html
    # A failure is listed for a day, then left to its own page.
    ReadingJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert HEADING not in client.get(reverse("sources:list")).content.decode()


def test_nobody_sees_anothers_readings(as_user, editor, editor2, reviewer):
    paste(as_user(editor), text="A text only its editor has read, about the border crossings.")
    for person in (editor2, reviewer):
        assert HEADING not in as_user(person).get(reverse("sources:list")).content.decode()


def test_a_name_is_escaped(as_user, editor):
    client = as_user(editor)
    preview = paste(client)
    ImportPreview.objects.filter(pk=preview.pk).update(imported_from="<script>x</script>.pdf")
    html = client.get(reverse("sources:list")).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;.pdf" in html


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, a_pdf(), content_type="application/pdf")
