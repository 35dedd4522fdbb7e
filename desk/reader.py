"""The desk's side of the source library's hooks: its excerpts marked in the reader, the action
to make a new one from a selection, and excerpt counts on the sources list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language, npgettext

from desk.models import Excerpt
from desk.publishing.states import Status
from desk.reanchoring import counts_by_version, placed_in, still_to_find
from desk.roles import is_editor
from sources.hooks import ReaderLayer, ReaderMark, SourceCount

# Stands in for an excerpt's id in its reversed URL.
_PK = "987654321"


@dataclass(frozen=True, kw_only=True)
class ExcerptLayer(ReaderLayer):
    """The desk's excerpts in the reader, and where a selection goes to become one (editors)."""

    excerpt_url: str | None = None
    # Per version after the first: how many excerpts moved, changed and were orphaned.
    reanchored: tuple = ()
    # Excerpts the re-anchoring task has still to find again in the current version.
    still_to_find: int = 0


def excerpt_layer(request, source, version) -> ExcerptLayer:
    """Excerpt marks on this version of the source, and where a selection becomes an excerpt."""
    # Quotes captured in this version and those re-anchoring moved into it.
    revisions = placed_in(source, version)
    # One reverse() for all the marks: a source can hold hundreds of excerpts.
    page = reverse("desk:excerpt", args=[_PK])
    labels = dict(Status.choices)
    marks = [
        ReaderMark(start, end, status, labels[status], page.replace(_PK, str(pk)), pk)
        for pk, status, start, end in revisions
    ]
    return ExcerptLayer(
        template="desk/reader_layer.html",
        marks=marks,
        statuses=Status.choices,
        excerpt_url=reverse("desk:excerpt_from_selection", args=[source.pk])
        if is_editor(request.user)
        else None,
        reanchored=tuple(sorted(counts_by_version(source).items())),
        still_to_find=still_to_find(source) if _is_a_new_current(source, version) else 0,
    )


def _is_a_new_current(source, version) -> bool:
    """Only the current version after the first can be waiting for re-anchoring (a source of
    one version asks no query for it)."""
    return version.pk == source.current_version_id and version.number > 1


def _in_words(status: str, n: int) -> str:
    """How many excerpts are in a state, as the sources list says it: "2 drafts"."""
    # One sentence per state, each translated only when asked for: a page of 25 sources shows
    # up to 200 counts, and translating all eight sentences for each was 40 ms of it.
    words = {
        Status.DRAFT: lambda: npgettext("excerpts of a source", "%(n)s draft", "%(n)s drafts", n),
        Status.SUBMITTED: lambda: npgettext(
            "excerpts of a source", "%(n)s submitted for review", "%(n)s submitted for review", n
        ),
        Status.CHANGES_REQUESTED: lambda: npgettext(
            "excerpts of a source",
            "%(n)s with changes requested",
            "%(n)s with changes requested",
            n,
        ),
        Status.APPROVED: lambda: npgettext(
            "excerpts of a source", "%(n)s approved", "%(n)s approved", n
        ),
        Status.SCHEDULED: lambda: npgettext(
            "excerpts of a source", "%(n)s scheduled", "%(n)s scheduled", n
        ),
        Status.PUBLISHED: lambda: npgettext(
            "excerpts of a source", "%(n)s published", "%(n)s published", n
        ),
        Status.REJECTED: lambda: npgettext(
            "excerpts of a source", "%(n)s rejected", "%(n)s rejected", n
        ),
        Status.WITHDRAWN: lambda: npgettext(
            "excerpts of a source", "%(n)s withdrawn", "%(n)s withdrawn", n
        ),
    }
    return words[status]() % {"n": number_format(n, force_grouping=True)}


@lru_cache(maxsize=4096)
def _worded(language: str, status: str, n: int) -> str:
    # Per language, state and number: a page of 25 sources says "3 published" many times over,
    # and each sentence looked up in the catalogue was most of the counts' time.
    return _in_words(status, n)


@lru_cache(maxsize=16)
def _label_order(language: str) -> dict[str, str]:
    """Each state's name in this language, by which the counts are sorted."""
    return {status: str(label) for status, label in Status.choices}


def excerpt_counts(source_ids: list[int]) -> dict[int, list[SourceCount]]:
    """For SOURCE_LIST_COUNTS: how many excerpts each source has, by status, in one query."""
    rows = (
        Excerpt.objects.filter(source_id__in=source_ids)
        .values("source_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_source: dict[int, dict[str, int]] = {}
    for row in rows:
        by_source.setdefault(row["source_id"], {})[row["status"]] = row["n"]
    # Alphabetical by the state's name, as the list has always shown them.
    language = get_language()
    names = _label_order(language)
    return {
        pk: [
            SourceCount(_worded(language, status, n), n)
            for status, n in sorted(counts.items(), key=lambda pair: names[pair[0]])
        ]
        for pk, counts in by_source.items()
    }
