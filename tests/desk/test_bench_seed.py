"""The bench seeds what the desk itself would store: through the desk's functions, at bulk speed."""

from __future__ import annotations

import random
from unittest import mock

import pytest
from django.contrib.auth import get_user_model

from bench import seed, seed_excerpts
from desk import editing
from desk.models import AuditEntry, Excerpt, ExcerptRevision, StatementKind
from desk.publishing.states import Status
from desk.readers_copy import copy_of
from desk.search import keys

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_library(monkeypatch):
    for name, value in (("SOURCES", 12), ("ACTORS", 10), ("EVENTS", 20)):
        monkeypatch.setattr(seed, name, value)
    return seed.seed_library(random.Random(3))


def test_the_bench_builds_revisions_and_creation_entries_with_the_desks_functions(small_library):
    with (
        mock.patch.object(
            seed_excerpts, "revision_row", wraps=editing.revision_row
        ) as revision_row,
        mock.patch.object(seed_excerpts, "created_entry", wraps=editing.created_entry) as entry,
    ):
        assert seed_excerpts.grow_to(small_library, 120, random.Random(4)) == 120
    assert revision_row.call_count == 120 and entry.call_count == 120
    assert seed_excerpts.check_quotes() == (120, 0)
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.CREATED).count() == 120
    # What the model's save() derives is there, as for an excerpt the desk makes.
    revision = ExcerptRevision.objects.order_by("pk").first()
    assert revision.annotation_html.startswith("<p><strong>Why it matters")
    assert " ".join(keys(revision.quote)) in revision.search_text


def test_every_seeded_state_is_one_the_desks_rules_reach(small_library):
    seed_excerpts.grow_to(small_library, 200, random.Random(5))
    statuses = set(Excerpt.objects.values_list("status", flat=True))
    assert Status.PUBLISHED in statuses and Status.DRAFT in statuses
    for excerpt in Excerpt.objects.exclude(status=Status.DRAFT):
        step = excerpt.audit.filter(kind=AuditEntry.Kind.TRANSITION).get()
        assert step.to_status == excerpt.status


def test_the_desk_makes_new_excerpts_after_the_bench_without_clashing_ids(small_library):
    seed_excerpts.grow_to(small_library, 30, random.Random(6))
    ref = small_library.sources[0]
    start, end = ref.without_term[0]
    editor = get_user_model().objects.get(pk=small_library.editor_ids[0])
    content = editing.ExcerptContent(
        source_version=ref.version,
        start=start,
        end=end,
        annotation="Made on the desk after seeding.",
        briefing=small_library.bench_briefing,
        kind=StatementKind.CLAIM,
    )
    excerpt = editing.create_excerpt(content=content, user=editor)
    assert excerpt.pk > 30 and excerpt.current_revision.quote == ref.text[start:end].strip()


def test_every_published_bench_item_has_the_readers_copy_approval_takes(small_library):
    seed_excerpts.grow_to(small_library, 120, random.Random(7))
    published = Excerpt.objects.filter(published_revision__isnull=False)
    assert published.exists()
    assert not published.filter(readers_copy__isnull=True).exists()
    for excerpt in published.select_related("readers_copy", "published_revision"):
        assert excerpt.readers_copy.revision_id == excerpt.published_revision_id
        assert excerpt.readers_copy.data == copy_of(excerpt.published_revision)
