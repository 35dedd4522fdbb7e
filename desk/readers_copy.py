"""Taking the readers' copy of an item, and carrying later changes of shared records into it.

`copy_of` reads what a revision links to as it stands now; `take` stores it (at approval); readers
see `desk.readers_view.copy_for_readers`. A source, actor, event or topic edited since leaves live
items as they were: `changed_items` lists the ones whose copy no longer matches, with who made each
change (desk.record_changes); `carry` brings the changes into the items a reviewer chose as one
correction with a public note, and `decline` leaves readers the approved names while the change
stops waiting; both are refused to anyone who made one of the changes (four eyes).

An actor's aliases are in the copy too: readers' search expands a name only with the spellings
their copies hold, so an alias added on the desk reaches readers only once someone else carries it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from desk.four_eyes import carry_refusal
from desk.models import (
    AuditEntry,
    Excerpt,
    ExcerptRevision,
    ReadersCopy,
    RecordChange,
    RecordKind,
)
from desk.publishing import audit
from desk.publishing.announcements import announce_decision, announce_publication_change
from desk.publishing.states import TRANSITIONS, Action
from desk.readers_view import ActorSeen, Links, links_of
from desk.record_changes import changes_since, describe, records_of
from desk.roles import has_role
from events.models import Event
from sources.models import without_search_keys

# What a difference is called on the desk's list, by the part of the copy it touches.
PARTS = {"citations": "source", "topics": "topics", "actors": "actors", "events": "events"}


def links_now(excerpts) -> dict[int, Links]:
    """`links_of` these excerpts' published revisions, read without their sources' text."""
    rows = (
        excerpts.select_related("published_revision__source_version__source")
        .defer(
            "published_revision__source_version__text",
            "published_revision__source_version__blocks",
            *without_search_keys("published_revision__source_version__source"),
        )
        .prefetch_related(
            "published_revision__topics",
            "published_revision__actors__aliases",
            "published_revision__events",
        )
    )
    return {excerpt.pk: links_of(excerpt.published_revision) for excerpt in rows}


def copy_of(revision: ExcerptRevision) -> dict:
    """`links_of` this revision, as a readers' copy stores them."""
    return links_of(revision).as_json()


def copy_now(revision_id: int) -> dict:
    """`copy_of` the revision as it reads now, read without its source's text."""
    revision = (
        ExcerptRevision.objects.select_related("source_version__source")
        .defer(
            "source_version__text",
            "source_version__blocks",
            *without_search_keys("source_version__source"),
        )
        .prefetch_related("topics", "actors__aliases", "events")
        .get(pk=revision_id)
    )
    return copy_of(revision)


def copy_fingerprint(data: dict) -> str:
    """A short token for what a copy shows readers: the decision page and the API's ETag carry
    it, so an approval can tell that the records changed since the reviewer looked.

    An event's `event_date` is its date worded in the interface language, so it is left out (the
    date itself is in): a page read in Polish and an approval posted in English agree. Lists are
    sorted, since records with the same name come back in no set order.
    """
    shown = Links.parse(data).as_json()
    shown["events"] = [{k: v for k, v in e.items() if k != "event_date"} for e in shown["events"]]
    for key in ("topics", "actors", "events"):
        shown[key] = sorted(shown[key], key=lambda item: json.dumps(item, sort_keys=True))
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:16]


def fingerprint_now(revision_id: int) -> str:
    """The fingerprint of the copy an approval of this revision would take now."""
    return copy_fingerprint(copy_now(revision_id))


def take(
    excerpt: Excerpt, revision: ExcerptRevision, user, note: str = "", data: dict | None = None
) -> ReadersCopy:
    """Store the readers' copy of this revision: `data` as the decision already read it, or as
    the revision reads now."""
    return ReadersCopy.objects.create(
        excerpt=excerpt,
        revision=revision,
        data=copy_of(revision) if data is None else data,
        correction_note=note,
        made_by=user,
    )


def latest_for(revision: ExcerptRevision) -> ReadersCopy | None:
    """The newest copy taken of this revision (at its approval, or by a carried correction)."""
    return ReadersCopy.objects.filter(revision=revision).order_by("-made_at", "-pk").first()


def events_as_approved(excerpts) -> list[Event]:
    """The events these live items speak of, titled and dated as readers' copies have them
    (unsaved Event objects, for drawing a timeline), each once; the newest copy wins."""
    events: dict[int, tuple] = {}
    for excerpt in excerpts.select_related("readers_copy", "published_revision"):
        copy = excerpt.readers_copy
        links = copy.links if copy else links_of(excerpt.published_revision)
        made = copy.made_at if copy else excerpt.visible_from
        for event in links.events:
            if event.id not in events or events[event.id][0] < made:
                events[event.id] = (made, event)
    return [Event(pk=e.id, title=e.title, date=e.date, place=e.place) for _, e in events.values()]


@dataclass(frozen=True)
class Correction:
    """A correction readers see: a corrected revision's note, or a changed shared record carried
    into the item. Read like a revision (`published_at`, `correction_note`, `excerpt_id`)."""

    excerpt_id: int
    briefing: object  # the briefing asked about, if any
    correction_note: str
    published_at: dt.datetime
    number: str  # the revision's number, or "record-N" for a carried correction


def corrections_seen(excerpts, briefing=None, limit: int | None = None) -> list[Correction]:
    """Every correction readers see on these excerpts (in `briefing`, if given), newest first:
    corrected revisions and carried record changes together, in one query."""
    text = CharField()
    revisions = (
        excerpts.corrections(briefing)
        .order_by()
        .annotate(at=F("published_at"), key=Cast("number", output_field=text))
        .values_list("excerpt_id", "correction_note", "at", "key")
    )
    copies = (
        ReadersCopy.objects.filter(excerpt__in=excerpts.published(), made_at__lte=timezone.now())
        .exclude(correction_note="")
        .order_by()
        .annotate(
            at=F("made_at"),
            key=Concat(Value("record-"), Cast("pk", output_field=text), output_field=text),
        )
        .values_list("excerpt_id", "correction_note", "at", "key")
    )
    if briefing is not None:
        copies = copies.filter(revision__briefing=briefing)
    rows = revisions.union(copies, all=True).order_by("-at")
    if limit is not None:
        rows = rows[:limit]
    return [Correction(pk, briefing, note, at, key) for pk, note, at, key in rows]


@dataclass(frozen=True)
class CorrectionLine:
    """One line of readers' list of corrections: one correction, with every item it corrected."""

    correction_note: str
    published_at: dt.datetime
    excerpt_ids: tuple[int, ...]


def correction_lines(corrections: list[Correction]) -> list[CorrectionLine]:
    """Corrections as readers' list shows them, newest first: the items one carried change
    corrected on one line (a carry gives all its copies one moment and one note), any other
    correction on a line of its own."""
    lines: dict[tuple, list] = {}
    for correction in corrections:
        if correction.number.startswith("record-"):
            key = ("record", correction.correction_note, correction.published_at)
        else:
            key = ("revision", correction.excerpt_id, correction.number)
        line = lines.setdefault(key, [correction.correction_note, correction.published_at, []])
        if correction.excerpt_id not in line[2]:
            line[2].append(correction.excerpt_id)
    return [CorrectionLine(note, at, tuple(ids)) for note, at, ids in lines.values()]


class ChangeMade(NamedTuple):
    what: str
    by: object  # the person, or None when not known
    at: dt.datetime


class Difference(NamedTuple):
    part: str  # what changed: "source", "actors", …
    then: str  # as readers see it
    now: str  # as it would read once carried
    marked: SafeString  # the two, word by word: <del> what goes, <ins> what comes


@dataclass(frozen=True)
class ChangedItem:
    excerpt: Excerpt
    parts: list[str]  # what readers would see change: "source", "actors", …
    then: Links  # the copy readers see
    now: Links  # the copy carrying the change would give them
    # The recorded changes of its records since readers' copy was taken, oldest first.
    changes: list[RecordChange] = field(default_factory=list)

    def changed_by(self) -> list[ChangeMade]:
        """Who made each recorded change this item would show, in the desk's words."""
        return [ChangeMade(describe(c), c.changed_by, c.changed_at) for c in self.changes]

    def differences(self) -> list[Difference]:
        """What readers see and what they would see, for each changed part."""
        found = []
        for key, label in PARTS.items():
            if label in self.parts:
                then, now = _wording(key, self.then), _wording(key, self.now)
                found.append(Difference(label, then, now, marked_words(then, now)))
        return found


# A word (its punctuation with it) and the spaces that follow: a changed word is marked alone,
# and the text between the marks keeps its own spacing.
_WORDS = re.compile(r"\S+\s*|\s+")


def marked_words(then: str, now: str) -> SafeString:
    """`then` changed into `now`, word by word: words gone in <del>, words come in <ins>, the
    rest as it was; every word escaped."""
    old, new = _WORDS.findall(then), _WORDS.findall(now)
    parts = []
    # No "junk" heuristic: in a long list of other names, a common word is still a word.
    matcher = difflib.SequenceMatcher(
        a=[w.strip() for w in old], b=[w.strip() for w in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(conditional_escape("".join(new[j1:j2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del> ", "".join(old[i1:i2]).strip()))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins> ", "".join(new[j1:j2]).strip()))
    return mark_safe("".join(parts).strip())  # noqa: S308 - every piece was escaped above


def _wording(key: str, links: Links) -> str:
    if key == "citations":
        return "; ".join(
            ", ".join(
                [c.display_title, c.author or "author unknown", c.outlet or "outlet unknown",
                 c.published_date or "date unknown", c.url]
            ).rstrip(", ")
            for c in links.citations
        )  # fmt: skip
    if key == "events":
        return "; ".join(f"{e.title} ({e.event_date})" for e in links.events) or "none"
    if key == "actors":
        return "; ".join(_actor_wording(a) for a in links.actors) or "none"
    return "; ".join(topic.name for topic in links.topics) or "none"


def _actor_wording(actor: ActorSeen) -> str:
    aliases = actor.aliases
    return f"{actor.name} (also {', '.join(aliases)})" if aliases else actor.name


def fingerprint(items: list[ChangedItem]) -> str:
    """A token for exactly these changes: carrying checks the reviewer saw what it carries."""
    seen = [(i.excerpt.pk, i.excerpt.readers_copy_id, i.now.as_json()) for i in items]
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:32]


def _live_with_copies():
    """Live items readers see through a copy: the ones a changed record can wait on."""
    return (
        Excerpt.objects.filter(readers_copy__isnull=False)
        .exclude(status="withdrawn")
        .filter(visible_from__lte=timezone.now())
    )


def changed_items() -> list[ChangedItem]:
    """Live items whose copy no longer matches the shared records it was taken from, unless a
    reviewer declined to carry exactly these changes into it."""
    live = (
        _live_with_copies()
        .select_related(
            "readers_copy",
            "published_revision__source_version__source",
            "published_revision__briefing",
        )
        .defer(
            "published_revision__source_version__text",
            "published_revision__source_version__blocks",
            *without_search_keys("published_revision__source_version__source"),
        )
        .prefetch_related(
            Prefetch("published_revision__topics"),
            Prefetch("published_revision__actors"),
            Prefetch("published_revision__actors__aliases"),
            Prefetch("published_revision__events"),
        )
        .order_by("pk")
    )
    found = []
    for excerpt in live:
        now, then = links_of(excerpt.published_revision), excerpt.readers_copy.links
        declined = excerpt.readers_copy.declined
        if declined is not None and Links.parse(declined) == now:
            continue
        parts = [label for key, label in PARTS.items() if getattr(now, key) != getattr(then, key)]
        if parts:
            found.append(ChangedItem(excerpt, parts, then, now))
    changes = changes_since(
        [
            (item.excerpt.pk,
             records_of(item.excerpt, item.parts, item.then.as_json(), item.now.as_json()),
             item.excerpt.readers_copy.made_at)
            for item in found
        ]
    )  # fmt: skip
    for item in found:
        item.changes.extend(changes[item.excerpt.pk])
    return found


# How a published revision reaches each kind of record it links, for `waiting_to_carry`.
_LINK_TABLES = {
    RecordKind.ACTOR: (ExcerptRevision.actors.through, "actor_id"),
    RecordKind.EVENT: (ExcerptRevision.events.through, "event_id"),
    RecordKind.TOPIC: (ExcerptRevision.topics.through, "topic_id"),
}


def waiting_to_carry():
    """Live items linking a record that changed, as recorded, since their copy was taken or a
    change was declined, and reads otherwise than it did then: what the shared-records page
    lists, asked in SQL so that the desk home counts it inside a query it makes anyway."""
    revision = OuterRef(OuterRef("published_revision_id"))
    linked = Q(kind=RecordKind.SOURCE, record_id=OuterRef("source_id"))
    for kind, (through, column) in _LINK_TABLES.items():
        ids = through.objects.filter(excerptrevision_id=revision).values(column)
        linked |= Q(kind=kind, record_id__in=ids)
    since = OuterRef("readers_copy__made_at")
    # The record's changes since the copy (the outer row is one of them): a record changed and
    # changed back reads as the copy has it, and waits for nothing.
    same_record = RecordChange.objects.filter(
        kind=OuterRef("kind"), record_id=OuterRef("record_id"), changed_at__gt=OuterRef(since)
    )
    first_before = same_record.order_by("changed_at", "pk").values("before")[:1]
    last_after = same_record.order_by("-changed_at", "-pk").values("after")[:1]
    changes = (
        RecordChange.objects.filter(linked, changed_at__gt=since)
        .alias(then=Subquery(first_before), now=Subquery(last_after))
        .exclude(then=F("now"))
    )
    return _live_with_copies().filter(Exists(changes.order_by()))


def live_items_showing(kind: str, record_id: int) -> int:
    """How many live items readers see linking this record, in one query."""
    link = {
        RecordKind.SOURCE: "source_id",
        RecordKind.ACTOR: "published_revision__actors",
        RecordKind.EVENT: "published_revision__events",
        RecordKind.TOPIC: "published_revision__topics",
    }[kind]
    return _live_with_copies().filter(**{link: record_id}).count()


class CarryRefused(ValueError):
    """A carry this person may not make: the reason in plain words."""


def carry_refused(items: list[ChangedItem], user) -> str | None:
    """Why this user may not carry these changes into live items now, or None if they may."""
    rule = TRANSITIONS[Action.CARRY]
    if not has_role(user, rule.role):
        return gettext("Only reviewers can correct published items.")
    if rule.four_eyes_over_records:
        return carry_refusal([c for item in items for c in item.changes], user)
    return None


@transaction.atomic
def carry(items: list[ChangedItem], user, note: str) -> int:
    """Bring these changes, as the reviewer saw them, into their live items as one correction
    with a public note; returns how many items changed."""
    refused = carry_refused(items, user)
    if refused:
        raise CarryRefused(refused)
    note = note.strip()
    if not note:
        raise CarryRefused(gettext("Write the correction note readers will see."))
    # One moment for the whole correction: readers' list of corrections shows it as one line.
    at = timezone.now()
    count = 0
    for item in items:
        locked = Excerpt.objects.select_for_update().get(pk=item.excerpt.pk)
        if locked.readers_copy_id != item.excerpt.readers_copy_id:
            continue  # corrected meanwhile by someone else
        copy = ReadersCopy.objects.create(
            excerpt=locked,
            revision_id=locked.published_revision_id,
            data=item.now.as_json(),
            correction_note=note,
            made_by=user,
            made_at=at,
        )
        Excerpt.objects.filter(pk=locked.pk).update(readers_copy=copy)
        AuditEntry.objects.create(
            excerpt=locked,
            revision_id=locked.published_revision_id,
            kind=AuditEntry.Kind.TRANSITION,
            action=Action.CARRY,
            from_status=locked.status,
            to_status=locked.status,
            actor=user,
            note=note,
            at=at,
        )
        # Readers now see "Corrected on …": receivers of item.corrected hear of it too.
        announce_decision(Excerpt, locked.pk, Action.CARRY, locked.published_revision_id)
        count += 1
    if count:
        announce_publication_change(Excerpt)
    return count


@transaction.atomic
def decline(items: list[ChangedItem], user) -> int:
    """Leave readers these items as approved, and stop these changes waiting on them: each takes
    a copy of what readers already see, marked with the links it declined (a later change of
    the records waits again). Returns how many items it settled."""
    refused = carry_refused(items, user)
    if refused:
        raise CarryRefused(refused)
    at = timezone.now()
    count = 0
    for item in items:
        locked = Excerpt.objects.select_for_update().get(pk=item.excerpt.pk)
        if locked.readers_copy_id != item.excerpt.readers_copy_id:
            continue  # carried or declined meanwhile by someone else
        copy = ReadersCopy.objects.create(
            excerpt=locked,
            revision_id=locked.published_revision_id,
            data=item.excerpt.readers_copy.data,
            made_by=user,
            made_at=at,
            declined=item.now.as_json(),
        )
        Excerpt.objects.filter(pk=locked.pk).update(readers_copy=copy)
        audit.record(
            AuditEntry.Kind.CARRY_DECLINED,
            subject_id=locked.pk,
            excerpt=locked,
            revision_id=locked.published_revision_id,
            actor=user,
            at=at,
            data={
                "parts": item.parts,
                "changes": [change.pk for change in item.changes],
                "records": [describe(change) for change in item.changes],
            },
        )
        count += 1
    return count


@audit.register(AuditEntry.Kind.CARRY_DECLINED)
def _carry_declined(entry: AuditEntry) -> str:
    records = "; ".join(entry.data.get("records", [])) or ", ".join(entry.data.get("parts", []))
    return gettext(
        "Declined to carry changed records into the item; readers keep the approved version "
        "(%(records)s)"
    ) % {"records": records}
