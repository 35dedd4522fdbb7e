"""Seeding the bench database, part two: excerpts, in bulk and valid.

Each excerpt's revision and the first line of its audit trail are built by the desk's own
functions (desk.editing.revision_row and created_entry, which the desk uses to make one excerpt):
the quote is cut from its source at the selection, trimmed and checked as an editor's would be.
Every row then goes through its model's save() for what that derives (bench.bulk): the
annotation's HTML, rendered once per distinct annotation here, and the search text. The
database checks end = start + length(quote), and `check_quotes` compares the stored text.

Statuses are then given as the desk's rules table (desk.publishing.states.TRANSITIONS) allows them:
each excerpt's last step is checked against it, so a change of the rules cannot leave the bench
seeding states the desk cannot reach.

The excerpt and its revision point at each other, so both get their ids here and go in within
one transaction; the foreign keys are checked at commit (Django makes them deferrable).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from functools import cache
from unittest import mock

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from bench.bulk import bulk_save
from bench.seed import Library, SourceRef
from desk import annotation as annotation_module
from desk.editing import ExcerptContent, created_entry, revision_row
from desk.models import (
    AuditEntry,
    Briefing,
    Comment,
    Excerpt,
    ExcerptRevision,
    ReadersCopy,
    StatementKind,
)
from desk.publishing.states import TRANSITIONS, Action, Status
from desk.readers_copy import copy_of

BENCH_ITEMS = 50
CHUNK = 5_000
# What a desk a year into its life holds, by status (per thousand).
STATUS_MIX = {
    Status.PUBLISHED: 700,
    Status.SUBMITTED: 100,
    Status.DRAFT: 80,
    Status.CHANGES_REQUESTED: 40,
    Status.APPROVED: 30,
    Status.REJECTED: 25,
    Status.WITHDRAWN: 20,
    Status.SCHEDULED: 5,
}
# The last step that left an excerpt in its status, for its audit trail.
LAST_STEP = {
    Status.SUBMITTED: (Action.SUBMIT, Status.DRAFT),
    Status.CHANGES_REQUESTED: (Action.REQUEST_CHANGES, Status.SUBMITTED),
    Status.APPROVED: (Action.APPROVE, Status.SUBMITTED),
    Status.REJECTED: (Action.REJECT, Status.SUBMITTED),
    Status.PUBLISHED: (Action.PUBLISH, Status.APPROVED),
    Status.SCHEDULED: (Action.SCHEDULE, Status.APPROVED),
    Status.WITHDRAWN: (Action.WITHDRAW, Status.PUBLISHED),
}


def _check_last_steps() -> None:
    """Each status is reached by its last step under the desk's rules, or the bench stops."""
    for status, (action, before) in LAST_STEP.items():
        rule = TRANSITIONS[action]
        if rule.target != status or before not in rule.sources:
            raise RuntimeError(f"The desk's rules no longer take {before} to {status} by {action}.")


_check_last_steps()
HAS_PUBLISHED_REVISION = {Status.PUBLISHED, Status.SCHEDULED, Status.WITHDRAWN}
_ANNOTATIONS = 200
_KINDS = list(StatementKind.values)
_NOT_ASSESSMENT = [kind for kind in _KINDS if kind != StatementKind.ASSESSMENT]


def annotations() -> list[str]:
    """Distinct Markdown annotations; excerpts take them in turn."""
    return [
        f"**Why it matters ({n}):** the desk reads this as a *signal* of intent, not a policy.\n\n"
        f"- compare with item {n * 7 % 97}\n- see [the background](https://example.org/notes/{n})"
        for n in range(_ANNOTATIONS)
    ]


def grow_to(library: Library, total: int, rng: random.Random) -> int:
    """Add excerpts until the database holds `total`; returns how many were added."""
    have = Excerpt.objects.count()
    texts = annotations()
    # ExcerptRevision.save() renders the annotation; each distinct one is rendered once.
    render_once = cache(annotation_module.render_annotation)
    with mock.patch.object(annotation_module, "render_annotation", render_once):
        for first in range(have, total, CHUNK):
            _insert_chunk(library, range(first, min(first + CHUNK, total)), rng, texts)
    _reset_sequences()
    return max(0, total - have)


@transaction.atomic
def _insert_chunk(library: Library, indexes: range, rng: random.Random, texts) -> None:
    next_excerpt = (Excerpt.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    next_revision = (ExcerptRevision.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    now = timezone.now()
    excerpts, revisions, audit, comments = [], [], [], []
    excerpt_ids, revision_ids = [], []
    links: dict[str, list] = {"topics": [], "actors": [], "events": []}
    for offset, index in enumerate(indexes):
        plan = _plan(library, index, rng, now)
        excerpt_id, revision_id = next_excerpt + offset, next_revision + offset
        ref: SourceRef = plan["source"]
        editor = library.editor_ids[index % len(library.editor_ids)]
        status = plan["status"]
        published = status in HAS_PUBLISHED_REVISION
        when = plan["when"]
        content = ExcerptContent(
            source_version=ref.version,
            start=plan["span"][0],
            end=plan["span"][1],
            annotation=texts[index % len(texts)],
            briefing=Briefing(pk=plan["briefing"]),
            kind=plan["kind"],
        )
        revision = revision_row(content, excerpt_id=excerpt_id, number=1, author_id=editor)
        excerpt_ids.append(excerpt_id)
        revision_ids.append(revision_id)
        excerpts.append(
            Excerpt(
                source_id=ref.source_id,
                status=status,
                current_revision_id=revision_id,
                published_revision_id=revision_id if published else None,
                visible_from=when if published else None,
                first_published_at=when if published else None,
                withdrawal_note="Withdrawn: the source retracted it."
                if status == Status.WITHDRAWN
                else "",
                created_by_id=editor,
            )
        )
        if status not in (Status.DRAFT, Status.SUBMITTED):
            revision.approved_by_id = library.reviewer_id
            revision.approved_at = when - dt.timedelta(hours=1)
        revision.published_at = when if published else None
        revisions.append(revision)
        for name in links:
            links[name].extend((revision_id, pk) for pk in plan[name])
        audit.extend(_audit(excerpt_id, revision_id, status, editor, library.reviewer_id))
        if status in (Status.CHANGES_REQUESTED, Status.REJECTED):
            comments.append(
                Comment(
                    excerpt_id=excerpt_id,
                    revision_id=revision_id,
                    author_id=library.reviewer_id,
                    body="The quote does not carry the claim the annotation makes.",
                )
            )
    bulk_save(Excerpt, excerpts, ids=excerpt_ids, batch_size=2500)
    bulk_save(ExcerptRevision, revisions, ids=revision_ids, batch_size=2500)
    for name, target in (("topics", "topic_id"), ("actors", "actor_id"), ("events", "event_id")):
        through = getattr(ExcerptRevision, name).through
        bulk_save(
            through,
            (through(excerptrevision_id=rid, **{target: pk}) for rid, pk in links[name]),
            batch_size=5000,
        )
    bulk_save(AuditEntry, audit, batch_size=5000)
    bulk_save(Comment, comments, batch_size=2500)
    _take_readers_copies(excerpt_ids)


def _take_readers_copies(excerpt_ids: list[int]) -> None:
    """Each published item's readers' copy, as approval takes it on the desk (desk.readers_copy):
    without one, a public page would read every item's source, topics and events live."""
    published = (
        ExcerptRevision.objects.filter(
            excerpt_id__in=excerpt_ids, excerpt__published_revision_id=F("pk")
        )
        .select_related("source_version__source")
        .prefetch_related("topics", "actors", "events")
    )
    first = (ReadersCopy.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    copies = [
        ReadersCopy(
            pk=first + offset,
            excerpt_id=revision.excerpt_id,
            revision_id=revision.pk,
            data=data,
            # What readers' search reads, as ReadersCopy.save writes it (bulk_create skips save).
            search_text=ReadersCopy.search_text_of(revision, data),
            made_at=revision.approved_at or revision.published_at,
            made_by_id=revision.approved_by_id,
        )
        for offset, revision in enumerate(published)
        for data in [copy_of(revision)]
    ]
    ReadersCopy.objects.bulk_create(copies, batch_size=2500)
    Excerpt.objects.bulk_update(
        [Excerpt(pk=copy.excerpt_id, readers_copy_id=copy.pk) for copy in copies],
        ["readers_copy"],
        batch_size=2500,
    )


def _plan(library: Library, index: int, rng: random.Random, now: dt.datetime) -> dict:
    """What excerpt `index` is. The first fifty are the bench briefing's published items.

    Of those fifty, by index mod 5: 0 quote the search term, 1 carry the filter topic, 2 are
    assessments, 3 name the filter actor; so each filter or search keeps ten of the fifty.
    """
    source = library.sources[rng.randrange(len(library.sources))]
    if index < BENCH_ITEMS:
        group = index % 5
        pool = source.with_term if group == 0 else source.without_term
        while not pool:
            source = library.sources[rng.randrange(len(library.sources))]
            pool = source.with_term if group == 0 else source.without_term
        other_topics = library.topic_ids[1:]
        other_actors = library.actor_ids[1:]
        return {
            "source": source,
            "span": rng.choice(pool),
            "status": Status.PUBLISHED,
            "when": now - dt.timedelta(hours=index + 1),
            "briefing": library.bench_briefing.pk,
            "kind": StatementKind.ASSESSMENT if group == 2 else rng.choice(_NOT_ASSESSMENT),
            "topics": [library.filter_topic.pk] * (group == 1) + rng.sample(other_topics, 1),
            "actors": [library.filter_actor.pk] * (group == 3) + rng.sample(other_actors, 1),
            "events": rng.sample(library.event_ids, 1),
        }
    status = rng.choices(list(STATUS_MIX), weights=list(STATUS_MIX.values()))[0]
    if status == Status.SCHEDULED:
        when = now + dt.timedelta(days=30 + rng.randrange(60))
    else:
        when = now - dt.timedelta(minutes=rng.randrange(60, 365 * 24 * 60))
    return {
        "source": source,
        "span": rng.choice(source.spans),
        "status": status,
        "when": when,
        "briefing": rng.choice(library.other_briefing_ids),
        "kind": rng.choice(_KINDS),
        "topics": rng.sample(library.topic_ids, rng.randint(1, 2)),
        "actors": rng.sample(library.actor_ids, rng.randint(0, 2)),
        "events": rng.sample(library.event_ids, rng.randint(0, 1)),
    }


def _audit(excerpt_id, revision_id, status, editor, reviewer) -> Iterator[AuditEntry]:
    yield created_entry(excerpt_id=excerpt_id, revision_id=revision_id, author_id=editor)
    if status in LAST_STEP:
        action, before = LAST_STEP[status]
        yield AuditEntry(
            subject_id=excerpt_id,
            excerpt_id=excerpt_id,
            revision_id=revision_id,
            kind=AuditEntry.Kind.TRANSITION,
            action=action,
            from_status=before,
            to_status=status,
            actor_id=editor if action == Action.SUBMIT else reviewer,
        )


def _reset_sequences() -> None:
    """Ids were given explicitly; the next excerpt the desk makes must not collide with them."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Excerpt, ExcerptRevision, ReadersCopy]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def check_quotes() -> tuple[int, int]:
    """(checked, wrong): every revision's quote against its source text at its offsets."""
    revision = ExcerptRevision._meta.db_table
    version = ExcerptRevision._meta.get_field("source_version").related_model._meta.db_table
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(CASE WHEN substr(v.text, r.{q('start')} + 1, "
            f"r.{q('end')} - r.{q('start')}) = r.quote THEN 0 ELSE 1 END) "
            f"FROM {revision} r JOIN {version} v ON v.id = r.source_version_id"
        )
        checked, wrong = cursor.fetchone()
    return checked, wrong or 0


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would give a database that grew slowly."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
