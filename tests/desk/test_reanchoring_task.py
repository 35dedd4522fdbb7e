"""Re-anchoring on a new version runs as a background task: saving returns at once, the source's
page says the excerpts are still being found again, the flags come when the task has run, and a
task run twice writes nothing twice."""

from __future__ import annotations

import pytest

from desk.models import AnchorStatus, AuditEntry, Excerpt, RevisionAnchor
from desk.reanchoring_tasks import reanchor_version
from sources.versions import add_version
from tests.desk.test_reanchoring import ORIGINAL, QUOTE
from tests.factories import make_excerpt, make_source, publish
from tests.sources.test_background_reading import run_worker
from tests.workers import DATABASE_QUEUE

CHANGED = ORIGINAL.replace("reopen on Monday", "reopen on Tuesday")
WAITING = "still to check"


@pytest.fixture
def quoted(editor, reviewer, briefing):
    source = make_source(text=ORIGINAL, title="Piece")
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing, quote=QUOTE)
    return source, publish(excerpt, editor=editor, reviewer=reviewer)


def _written(excerpt) -> tuple[int, int]:
    audit = AuditEntry.objects.filter(excerpt=excerpt, kind=AuditEntry.Kind.REANCHORED).count()
    return audit, RevisionAnchor.objects.filter(revision__excerpt=excerpt).count()


def test_saving_queues_the_reanchoring_and_the_page_says_it_is_under_way(
    quoted, editor, as_user, settings, monkeypatch
):
    source, excerpt = quoted
    settings.TASKS = DATABASE_QUEUE
    add_version(source, text=CHANGED, user=editor)
    assert Excerpt.objects.get(pk=excerpt.pk).anchor_status == AnchorStatus.OK
    assert _written(excerpt) == (0, 0)
    page = as_user(editor).get(source.get_absolute_url()).content.decode()
    assert f"Finding the excerpts again in version 2: 1 {WAITING}" in page

    run_worker(monkeypatch)
    assert Excerpt.objects.get(pk=excerpt.pk).anchor_status == AnchorStatus.CHANGED
    assert _written(excerpt) == (1, 1)
    page = as_user(editor).get(source.get_absolute_url()).content.decode()
    assert WAITING not in page and "1 changed" in page


def test_the_task_run_twice_writes_nothing_twice(quoted, editor):
    source, excerpt = quoted
    version = add_version(source, text=CHANGED, user=editor)
    # Tests run tasks at once: the flag is there as soon as the version is saved.
    assert Excerpt.objects.get(pk=excerpt.pk).anchor_status == AnchorStatus.CHANGED
    assert _written(excerpt) == (1, 1)
    again = reanchor_version.call(version.pk, editor.pk, None)
    assert again == {"ok": 0, "changed": 0, "missing": 0}
    assert _written(excerpt) == (1, 1)


def test_an_excerpt_made_on_the_new_version_is_not_reanchored_onto_it(quoted, editor, settings):
    source, _ = quoted
    settings.TASKS = DATABASE_QUEUE
    version = add_version(source, text=CHANGED, user=editor)
    source.refresh_from_db()
    later = make_excerpt(editor=editor, source=source, quote="A closing paragraph.")
    assert later.current_revision.source_version_id == version.pk
    reanchor_version.call(version.pk, editor.pk, None)
    assert _written(later) == (0, 0)


@pytest.mark.django_db
def test_a_deleted_version_leaves_the_task_nothing_to_do():
    assert reanchor_version.call(987654, None, None) == {}
