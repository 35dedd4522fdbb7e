"""Finding each excerpt again when its source gets a new version of its text.

Every quote is looked for with the one engine (sources.anchoring.locate): the same words at the
same offsets, else the same words with their captured context, else a close passage. A quote
found with its words unchanged moves silently; one whose words changed or vanished is flagged
for its editors and the reviewers. Stored revisions are never rewritten: where a revision's
quote stands in the new version is a RevisionAnchor row of its own, and readers keep seeing the
published quote as captured.

The work is done in two steps so that the database is held only to write: `plan` reads and
compares (shown in the preview before anything is saved), `reanchor_source` writes the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F

from desk.models import AnchorStatus, AuditEntry, Excerpt, ExcerptRevision, RevisionAnchor
from sources.anchoring import (
    LONG_CONTEXT_CHARS,
    Kind,
    ends_a_sentence,
    locate,
    paragraph_at,
)
from sources.models import Source, SourceVersion
from sources.versions import VersionImpact

_SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’»)]"


@dataclass(frozen=True)
class Relocation:
    """Where a revision's quote stands in a new text, and whether its words are unchanged."""

    status: AnchorStatus
    start: int | None = None
    end: int | None = None
    # How close a changed passage is, in words ("close: 2 words differ").
    note: str = ""
    segments: tuple[tuple[str, bool], ...] = ()

    @property
    def uncertain(self) -> bool:
        """Flagged with no passage proposed: several places fit and a person must choose."""
        return self.status == AnchorStatus.CHANGED and self.start is None


def _to_sentence_end(text: str, end: int) -> int:
    """The end of the sentence `end` stands in, if it ends within its paragraph."""
    limit = paragraph_at(text, max(0, end - 1)).end
    i = end
    while i < limit and text[i] not in _SENTENCE_END:
        i += 1
    if i >= limit:
        return end
    i += 1
    while i < limit and text[i] in _SENTENCE_END + _CLOSERS:
        i += 1
    return i


def relocate(
    revision: ExcerptRevision, text: str, near: int | None = None, before: str = ""
) -> Relocation:
    """Where this revision's quote stands in a new text.

    `near` is its last known offset and `before` the text it stood in there (the source's
    previous version): its longer context tells a quote from a twin sentence elsewhere.
    """
    quote = revision.quote
    prefix, suffix = revision.prefix, revision.suffix
    near = revision.start if near is None else near
    if before[near : near + len(quote)] == quote:
        prefix = before[max(0, near - LONG_CONTEXT_CHARS) : near]
        suffix = before[near + len(quote) : near + len(quote) + LONG_CONTEXT_CHARS]
    if text[near : near + len(quote)] == quote and text.endswith(prefix, 0, near):
        return Relocation(AnchorStatus.OK, near, near + len(quote))
    search = locate(text, quote, prefix=prefix, suffix=suffix, near=near)
    if search.ambiguous:
        # Its words (or passages close to them) stand in several places and the words around
        # them do not say which is this quote's: proposing one would be a guess.
        places = len(search.matches)
        return Relocation(
            AnchorStatus.CHANGED,
            note=f"uncertain: it fits {places} places and the words around them "
            "do not tell which is its own",
        )
    if search.found:
        best = search.found[0]
        note = "" if best.kind == Kind.EXACT else best.in_words
        return Relocation(AnchorStatus.OK, best.start, best.end, note)
    if search.close:
        best = search.close[0]
        new_end = best.end
        # A quote that was a whole sentence is proposed as one, with its full stop.
        if ends_a_sentence(quote) and not ends_a_sentence(text[best.start : new_end]):
            new_end = _to_sentence_end(text, new_end)
        return Relocation(AnchorStatus.CHANGED, best.start, new_end, best.in_words, best.segments)
    return Relocation(AnchorStatus.MISSING)


@dataclass(frozen=True)
class Affected:
    """One excerpt and what the new text does to it."""

    excerpt: Excerpt
    revision_id: int
    found: Relocation
    # The published revision, when it is not the working one, is found again too.
    published_id: int | None = None
    published_found: Relocation | None = None


@dataclass(frozen=True)
class Plan:
    """Every excerpt of a source, found again in a text that is not saved yet."""

    previous_version_id: int | None
    text: str
    items: tuple[Affected, ...]

    def count(self, status: AnchorStatus) -> int:
        return sum(1 for item in self.items if item.found.status == status)


def _excerpts(source_id: int):
    return (
        Excerpt.objects.filter(source_id=source_id)
        .select_related("current_revision__source_version", "published_revision")
        .only(
            "pk",
            "status",
            "anchor_status",
            "current_revision_id",
            "published_revision_id",
            "current_revision__quote",
            "current_revision__start",
            "current_revision__end",
            "current_revision__prefix",
            "current_revision__suffix",
            "current_revision__number",
            "current_revision__source_version__number",
            "published_revision__quote",
            "published_revision__start",
            "published_revision__end",
            "published_revision__prefix",
            "published_revision__suffix",
        )
        .order_by("pk")
    )


def _last_positions(source_id: int, version_id: int | None) -> dict[int, int]:
    """Each revision's offset in the source's current version, for ranking places near it."""
    if version_id is None:
        return {}
    return dict(
        RevisionAnchor.objects.filter(source_version_id=version_id, start__isnull=False)
        .filter(revision__excerpt__source_id=source_id)
        .values_list("revision_id", "start")
    )


def _affected(excerpt: Excerpt, text: str, near: dict[int, int], before: str) -> Affected:
    current = excerpt.current_revision
    found = relocate(current, text, near.get(current.pk), before)
    published = excerpt.published_revision
    if published is None or published.pk == current.pk:
        return Affected(excerpt, current.pk, found)
    again = relocate(published, text, near.get(published.pk), before)
    return Affected(excerpt, current.pk, found, published.pk, again)


def _previous(source_id: int, version_id: int | None) -> tuple[dict[int, int], str]:
    """Each revision's offset in the version before, and that version's text."""
    if version_id is None:
        return {}, ""
    before = SourceVersion.objects.filter(pk=version_id).values_list("text", flat=True).first()
    return _last_positions(source_id, version_id), before or ""


def plan(source: Source, text: str) -> Plan:
    """Find every excerpt of the source in a new text; reads only, holds no transaction."""
    previous = source.current_version_id
    near, before = _previous(source.pk, previous)
    items = tuple(
        _affected(e, text, near, before) for e in _excerpts(source.pk) if e.current_revision
    )
    return Plan(previous, text, items)


def impact(source: Source, text: str) -> VersionImpact:
    """SOURCE_VERSION_IMPACT: what a new text would do to the source's excerpts, for the preview."""
    found = plan(source, text)
    return VersionImpact(
        moved=found.count(AnchorStatus.OK),
        changed=found.count(AnchorStatus.CHANGED),
        gone=found.count(AnchorStatus.MISSING),
        template="desk/version_impact.html",
        items=[item for item in found.items if item.found.status != AnchorStatus.OK]
        + [item for item in found.items if item.found.status == AnchorStatus.OK],
        prepared=found,
    )


def _note(version: SourceVersion, found: Relocation) -> str:
    if found.status == AnchorStatus.OK:
        how = f" ({found.note})" if found.note else ""
        return f"Version {version.number}: the quote moved with its words unchanged{how}."
    if found.uncertain:
        return (
            f"Version {version.number}: the quote's place is {found.note}; "
            "an editor should choose its passage in the reader or keep the quote as captured."
        )
    if found.status == AnchorStatus.CHANGED:
        return (
            f"Version {version.number}: the quoted words changed ({found.note}); "
            "an editor should quote the new text or keep the quote as captured."
        )
    return (
        f"Version {version.number}: the quote is no longer in the text; "
        "an editor should decide what becomes of it."
    )


def _anchor(revision_id: int, version: SourceVersion, found: Relocation, user) -> RevisionAnchor:
    return RevisionAnchor(
        revision_id=revision_id,
        source_version=version,
        status=found.status,
        start=found.start,
        end=found.end,
        note=found.note[:200],
        created_by=user if user is not None and user.is_authenticated else None,
    )


def reanchor_source(version: SourceVersion, user=None, prepared: Plan | None = None) -> dict:
    """Re-anchor every excerpt of the version's source onto it; returns counts by outcome.

    A plan worked out before the version was saved is used for every excerpt it still fits
    (same text, same working revision); any other excerpt is found again here.
    """
    usable = prepared is not None and prepared.text == version.text
    planned = {item.excerpt.pk: item for item in prepared.items} if usable else {}
    previous = (
        SourceVersion.objects.filter(source_id=version.source_id, number__lt=version.number)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    near, before = _previous(version.source_id, None if usable else previous)
    counts = {status: 0 for status in AnchorStatus.values}
    anchors: list[RevisionAnchor] = []
    actor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        # Run twice (a task given again after a stopped worker), it writes nothing twice: an
        # excerpt already found again on this version, or quoted from it or a later one, is done.
        done = set(
            RevisionAnchor.objects.filter(source_version=version).values_list(
                "revision_id", flat=True
            )
        )
        for excerpt in _excerpts(version.source_id):
            current = excerpt.current_revision
            if current is None or current.pk in done:
                continue
            if current.source_version.number >= version.number:
                continue
            item = planned.get(excerpt.pk)
            fits = (
                item
                and item.revision_id == excerpt.current_revision_id
                and item.published_id
                == (
                    excerpt.published_revision_id
                    if excerpt.published_revision_id != excerpt.current_revision_id
                    else None
                )
            )
            if not fits:
                if not before and previous is not None:
                    near, before = _previous(version.source_id, previous)
                item = _affected(excerpt, version.text, near, before)
            found = item.found
            counts[found.status] += 1
            anchors.append(_anchor(item.revision_id, version, found, user))
            if item.published_id is not None:
                anchors.append(_anchor(item.published_id, version, item.published_found, user))
            moved = found.status == AnchorStatus.OK
            Excerpt.objects.filter(pk=excerpt.pk).update(
                anchor_status=found.status,
                # Kept for a gone quote too, so the desk can say which version lost it.
                proposed_version=None if moved else version,
                proposed_start=None if moved else found.start,
                proposed_end=None if moved else found.end,
            )
            AuditEntry.objects.create(
                excerpt=excerpt,
                revision_id=item.revision_id,
                kind=AuditEntry.Kind.REANCHORED,
                actor=actor,
                note=_note(version, found),
            )
        RevisionAnchor.objects.bulk_create(anchors, ignore_conflicts=True)
    return counts


def still_to_find(source: Source) -> int:
    """How many excerpts of the source are still to be found again in its current version: the
    task queued when it was saved has not run yet. The task writes all its anchors at once, so
    one anchor on the version says it ran; until then, the excerpts made before the version and
    quoted from an earlier one are waiting. Two queries at most."""
    version = source.current_version_id
    if version is None:
        return 0
    waiting = Excerpt.objects.filter(
        source=source,
        created_at__lt=F("source__current_version__created_at"),
        current_revision__source_version__number__lt=F("source__current_version__number"),
    ).count()
    if waiting and RevisionAnchor.objects.filter(source_version_id=version).exists():
        return 0
    return waiting


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


def counts_by_version(source: Source) -> dict[int, dict[str, int]]:
    """For the source page: per version number, how many excerpts moved, changed and were
    orphaned when it came (working revisions only), in one query."""
    rows = (
        RevisionAnchor.objects.filter(source_version__source=source)
        .values("source_version__number", "status")
        .annotate(n=Count("revision__excerpt", distinct=True))
        .order_by()
    )
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        label = {"ok": "moved", "changed": "changed", "missing": "orphaned"}[row["status"]]
        found.setdefault(row["source_version__number"], {})[label] = row["n"]
    return found


def position_in(revision: ExcerptRevision, version: SourceVersion) -> tuple[int, int] | None:
    """Where a revision's quote stands in a version: its own offsets in its own version, else
    the anchor re-anchoring recorded there (None when its words are not there unchanged)."""
    if revision.source_version_id == version.pk:
        return revision.start, revision.end
    anchor = (
        RevisionAnchor.objects.filter(
            revision=revision, source_version=version, status=AnchorStatus.OK
        )
        .values_list("start", "end")
        .first()
    )
    return anchor


def placed_in(source: Source, version: SourceVersion) -> list[tuple[int, str, int, int]]:
    """(excerpt, status, start, end) of every excerpt whose working quote stands in this version
    with its words: captured there, or moved there by re-anchoring. Two queries."""
    own = Excerpt.objects.filter(source=source, current_revision__source_version=version)
    placed = list(
        own.values_list("pk", "status", "current_revision__start", "current_revision__end")
    )
    moved = RevisionAnchor.objects.filter(
        source_version=version,
        status=AnchorStatus.OK,
        revision__excerpt__source=source,
        revision__excerpt__current_revision_id=F("revision_id"),
    ).values_list("revision__excerpt_id", "revision__excerpt__status", "start", "end")
    placed.extend(moved)
    return sorted(placed, key=lambda row: (row[2], row[0]))
