"""Original files nobody kept are deleted after a day: a preview nobody saved, a reading that
failed. Files that a saved version, an open preview or a reading under way needs stay."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sources.cleanup import forget_abandoned_originals, forget_originals
from sources.importing import PreparedText, SourceMetadata
from sources.models import ImportPreview, Original, ReadingJob
from sources.originals import keep_original
from sources.previews import make_preview, preview_state, save_preview
from tests.workers import DATABASE_QUEUE

TEXT = "The crossing reopens on Monday.\nTrucks wait at the border."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _previewed(editor, data: bytes, *, days_ago: float, text: str = TEXT) -> ImportPreview:
    """A preview of an uploaded file, made `days_ago` days ago."""
    prepared = PreparedText(text, SourceMetadata(title="Report"), [None] * 2, "report.pdf")
    preview = make_preview(prepared, user=editor)
    original = keep_original(data, name="report.pdf", user=editor)
    when = timezone.now() - timedelta(days=days_ago)
    Original.objects.filter(pk=original.pk).update(added_at=when)
    ImportPreview.objects.filter(pk=preview.pk).update(original=original, created_at=when)
    return ImportPreview.objects.get(pk=preview.pk)


def _on_disk(original: Original) -> bool:
    return original.file.storage.exists(original.file.name)


def test_a_preview_nobody_saved_loses_its_file_after_a_day(editor):
    old = _previewed(editor, b"%PDF-1.7 left behind", days_ago=2).original
    recent = _previewed(editor, b"%PDF-1.7 still open", days_ago=0.5, text="Other.").original
    assert _on_disk(old)
    assert forget_abandoned_originals() == 1
    assert not Original.objects.filter(pk=old.pk).exists() and not _on_disk(old)
    assert Original.objects.filter(pk=recent.pk).exists() and _on_disk(recent)
    # Run again, nothing more goes.
    assert forget_abandoned_originals() == 0


def test_a_saved_versions_file_stays_however_old(editor):
    preview = _previewed(editor, b"%PDF-1.7 saved", days_ago=0)
    version = save_preview(preview_state(preview), user=editor)
    Original.objects.filter(pk=version.original_id).update(
        added_at=timezone.now() - timedelta(days=30)
    )
    assert forget_abandoned_originals() == 0
    assert _on_disk(Original.objects.get(pk=version.original_id))


def test_a_file_shared_with_a_kept_original_stays_on_disk(editor):
    data = b"%PDF-1.7 the same bytes twice"
    saved = save_preview(preview_state(_previewed(editor, data, days_ago=0)), user=editor)
    abandoned = _previewed(editor, data, days_ago=2, text="Another text.").original
    assert abandoned.file.name == saved.original.file.name
    assert forget_abandoned_originals() == 1
    assert not Original.objects.filter(pk=abandoned.pk).exists()
    assert _on_disk(saved.original)


def test_a_reading_under_way_keeps_its_file_and_a_failed_one_lets_it_go(editor):
    waiting = keep_original(b"%PDF-1.7 queued", name="queued.pdf")
    failed = keep_original(b"%PDF-1.7 failed", name="failed.pdf")
    ReadingJob.objects.create(created_by=editor, original=waiting, status="waiting")
    job = ReadingJob.objects.create(
        created_by=editor, original=failed, status="failed", can_retry=True
    )
    old = timezone.now() - timedelta(days=2)
    Original.objects.update(added_at=old)
    ReadingJob.objects.update(created_at=old)
    assert forget_abandoned_originals() == 1
    assert Original.objects.filter(pk=waiting.pk).exists()
    job.refresh_from_db()
    assert job.original is None and not job.can_retry and "upload it again" in job.message


def test_the_command_deletes_at_once_and_queues_nothing(editor, settings):
    """The desk's clock queues the cleanup (desk.periodic); the command only runs it once."""
    _previewed(editor, b"%PDF-1.7 left behind", days_ago=2)
    settings.TASKS = DATABASE_QUEUE
    out = StringIO()
    call_command("forget_originals", stdout=out)
    assert out.getvalue().strip() == "1 unkept original file deleted."
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.filter(task_path=forget_originals.module_path).exists()


def test_the_task_deletes_the_abandoned_files(editor):
    original = _previewed(editor, b"%PDF-1.7 left behind", days_ago=2).original
    result = forget_originals.enqueue()
    assert result.return_value == 1
    assert not Original.objects.filter(pk=original.pk).exists()
