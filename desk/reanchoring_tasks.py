"""Re-anchoring a source's excerpts on its new version, as a background task.

The preview before saving works out where every quote stands in the new text (desk.reanchoring
.plan) and shows it; saving stores the version and queues this task, which writes what that
means — each excerpt's anchor row, its flag, its audit entry — so that saving a large source with
many excerpts returns at once. The plan travels with the task as plain values (a task takes JSON
only); an excerpt edited in between is found again by the task itself. Running it twice writes
nothing twice (desk.reanchoring.reanchor_source skips an excerpt already anchored there).

A scheduled item whose quote it flags is held at once (desk.scheduled.hold_flagged), before its
time can come. It runs on the desk's own queue, not behind the documents being read.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from desk.models import AnchorStatus, Excerpt
from desk.reanchoring import Affected, Plan, Relocation, reanchor_source
from desk.scheduled import hold_flagged
from sources.models import SourceVersion
from sources.queues import Queue, task


def _found(values: list | None) -> Relocation | None:
    if values is None:
        return None
    status, start, end, note = values
    return Relocation(AnchorStatus(status), start, end, note)


def _values(found: Relocation | None) -> list | None:
    if found is None:
        return None
    return [str(found.status), found.start, found.end, found.note]


def plan_as_values(prepared: Plan | None, text: str) -> list | None:
    """A plan worked out for this very text, as JSON values for the task; None otherwise."""
    if prepared is None or prepared.text != text:
        return None
    return [
        [
            item.excerpt.pk,
            item.revision_id,
            _values(item.found),
            item.published_id,
            _values(item.published_found),
        ]
        for item in prepared.items
    ]


def _plan(values: list, text: str) -> Plan:
    items = tuple(
        Affected(Excerpt(pk=pk), revision_id, _found(found), published_id, _found(published))
        for pk, revision_id, found, published_id, published in values
    )
    return Plan(None, text, items)


@task(queue_name=Queue.DEFAULT)
def reanchor_version(version_id: int, user_id: int | None = None, planned: list | None = None):
    """Find every excerpt of a version's source again on it, and hold the scheduled ones whose
    quote is flagged: the counts by outcome."""
    version = SourceVersion.objects.filter(pk=version_id).first()
    if version is None:  # The source was deleted meanwhile: nothing left to anchor.
        return {}
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    prepared = _plan(planned, version.text) if planned is not None else None
    counts = reanchor_source(version, user, prepared=prepared)
    hold_flagged(version.source_id)
    return counts


def queue_reanchoring(version: SourceVersion, user=None, prepared: Plan | None = None):
    """Queue the re-anchoring of a new version, in the transaction that stores it."""
    user_id = user.pk if user is not None and user.is_authenticated else None
    return reanchor_version.enqueue(version.pk, user_id, plan_as_values(prepared, version.text))
