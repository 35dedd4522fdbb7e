"""Finding each excerpt again when its source gets a new version of its text.

Position first (the same words at the same offsets), then the quote with its context, then a
close fuzzy match. A quote found exactly moves silently; one whose words changed or vanished is
flagged for an editor, and the published item keeps showing the text as it was captured.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from desk.models import AnchorStatus, AuditEntry, Excerpt, ExcerptRevision
from sources.anchoring import Selector, closest_passage
from sources.models import SourceVersion

# Below this rapidfuzz score (0-100) the closest passage is not the same quote any more.
FUZZY_MIN_SCORE = 80.0


@dataclass(frozen=True)
class Relocation:
    status: AnchorStatus
    start: int | None = None
    end: int | None = None


def _context_score(text: str, start: int, end: int, revision: ExcerptRevision) -> int:
    """How many characters of the captured context still stand around this occurrence."""
    before = text[max(0, start - len(revision.prefix)) : start]
    after = text[end : end + len(revision.suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(revision.prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, revision.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a fuzzy match to whole words, so an edited word is quoted whole."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def relocate(revision: ExcerptRevision, text: str) -> Relocation:
    """Where this revision's quote stands in a new text, and whether it is unchanged."""
    quote, start, end = revision.quote, revision.start, revision.end
    if text[start:end] == quote:
        return Relocation(AnchorStatus.OK, start, end)
    occurrences = []
    position = text.find(quote)
    while position != -1:
        occurrences.append(position)
        position = text.find(quote, position + 1)
    if occurrences:
        best = max(
            occurrences,
            key=lambda p: (_context_score(text, p, p + len(quote), revision), -abs(p - start)),
        )
        return Relocation(AnchorStatus.OK, best, best + len(quote))
    closest = closest_passage(text, quote)
    if closest and closest.score >= FUZZY_MIN_SCORE:
        return Relocation(AnchorStatus.CHANGED, *_whole_words(text, closest.start, closest.end))
    return Relocation(AnchorStatus.MISSING)


def _move(revision: ExcerptRevision, version: SourceVersion, start: int, end: int) -> None:
    selector = Selector.at(version.text, start, end)
    revision.source_version = version
    revision.start, revision.end = selector.start, selector.end
    revision.prefix, revision.suffix = selector.prefix, selector.suffix
    revision.save(
        allow_update=True, update_fields=["source_version", "start", "end", "prefix", "suffix"]
    )


@transaction.atomic
def reanchor_source(version: SourceVersion, user=None) -> dict[str, int]:
    """Re-anchor every excerpt of the version's source onto it; returns counts by outcome."""
    counts = {status: 0 for status in AnchorStatus.values}
    excerpts = Excerpt.objects.filter(source_id=version.source_id).select_related(
        "current_revision__source_version", "published_revision__source_version"
    )
    for excerpt in excerpts:
        current = excerpt.current_revision
        found = relocate(current, version.text)
        counts[found.status] += 1
        if found.status == AnchorStatus.OK:
            _move(current, version, found.start, found.end)
            published = excerpt.published_revision
            if published and published.pk != current.pk:
                again = relocate(published, version.text)
                if again.status == AnchorStatus.OK:
                    _move(published, version, again.start, again.end)
            Excerpt.objects.filter(pk=excerpt.pk).update(
                anchor_status=AnchorStatus.OK,
                proposed_version=None,
                proposed_start=None,
                proposed_end=None,
            )
            note = f"Moved to version {version.number} unchanged."
        else:
            Excerpt.objects.filter(pk=excerpt.pk).update(
                anchor_status=found.status,
                proposed_version=version if found.start is not None else None,
                proposed_start=found.start,
                proposed_end=found.end,
            )
            outcome = AnchorStatus(found.status).label.lower()
            note = f"Version {version.number}: {outcome}; needs review."
        AuditEntry.objects.create(
            excerpt=excerpt,
            revision=current,
            kind=AuditEntry.Kind.REANCHORED,
            actor=user,
            note=note,
        )
    return counts


def keep_as_captured(excerpt: Excerpt, user) -> None:
    """An editor decides the old anchor stands: the flag goes, the quote stays as captured."""
    with transaction.atomic():
        Excerpt.objects.filter(pk=excerpt.pk).update(
            anchor_status=AnchorStatus.OK,
            proposed_version=None,
            proposed_start=None,
            proposed_end=None,
        )
        AuditEntry.objects.create(
            excerpt=excerpt,
            revision_id=excerpt.current_revision_id,
            kind=AuditEntry.Kind.REANCHORED,
            actor=user,
            note="Kept as captured on the earlier version.",
        )
