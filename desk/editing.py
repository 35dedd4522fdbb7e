"""Making and editing excerpts: every save is a new revision; a stale save never overwrites."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext

from desk.models import AuditEntry, Briefing, Excerpt, ExcerptRevision
from desk.publishing import revisions
from desk.publishing.revisions import EditRefused
from desk.publishing.states import Status
from desk.publishing.workflow import Why
from desk.roles import is_editor
from sources.anchoring import QUOTE_MAX_CHARS, Selector, selection
from sources.models import SourceVersion

ANNOTATION_MAX_CHARS = 20_000


@dataclass
class ExcerptContent:
    """What an editor writes into one revision of an excerpt."""

    source_version: SourceVersion
    start: int
    end: int
    annotation: str
    briefing: Briefing
    kind: str
    topics: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    events: list = field(default_factory=list)

    def selector(self) -> Selector:
        """The quote's anchor: whole words, less the spaces a selection picks up at its ends
        (sources.anchoring.selection)."""
        try:
            selector = selection(self.source_version.text, self.start, self.end)
        except ValueError:
            raise EditRefused(
                gettext("The quote is empty or outside the text: select it again.")
            ) from None
        if len(selector.exact) > QUOTE_MAX_CHARS:
            raise EditRefused(
                gettext(
                    "The quote is %(length)s characters; an excerpt quotes at most %(limit)s. "
                    "Select a shorter passage."
                )
                % {"length": intcomma(len(selector.exact)), "limit": intcomma(QUOTE_MAX_CHARS)}
            )
        return selector

    def check(self, *, waiting_for_annotation: bool = False) -> None:
        """EditRefused saying why this content cannot be saved. `waiting_for_annotation` lets a
        highlight imported from another tool be a draft with nothing said yet: such a draft
        cannot be submitted until an editor writes its annotation (desk.publishing.workflow)."""
        self.selector()
        if not self.annotation.strip() and not waiting_for_annotation:
            raise EditRefused(gettext("Write an annotation: it cannot be empty or only spaces."))
        if len(self.annotation) > ANNOTATION_MAX_CHARS:
            raise EditRefused(
                gettext("The annotation is %(length)s characters; the limit is %(limit)s.")
                % {
                    "length": intcomma(len(self.annotation)),
                    "limit": intcomma(ANNOTATION_MAX_CHARS),
                }
            )


def revision_row(
    content: ExcerptContent, *, excerpt_id: int, number: int, author_id: int | None
) -> ExcerptRevision:
    """The unsaved revision of this content: where a selection becomes the stored quote.

    The desk saves one at a time; the bench (bench/seed_excerpts.py) builds thousands here and
    inserts them in bulk, so both store what the desk stores.
    """
    selector = content.selector()
    return ExcerptRevision(
        excerpt_id=excerpt_id,
        number=number,
        source_version=content.source_version,
        start=selector.start,
        end=selector.end,
        quote=selector.exact,
        prefix=selector.prefix,
        suffix=selector.suffix,
        # The source's own neighbours of the quote: the database checks them (whole words).
        char_before=selector.char_before,
        char_after=selector.char_after,
        annotation=content.annotation.strip(),
        kind=content.kind,
        briefing=content.briefing,
        created_by_id=author_id,
    )


def created_entry(*, excerpt_id: int, revision_id: int, author_id: int | None) -> AuditEntry:
    """The first line of a new excerpt's audit trail (unsaved, for one or for many)."""
    return AuditEntry(
        subject_id=excerpt_id,
        excerpt_id=excerpt_id,
        revision_id=revision_id,
        kind=AuditEntry.Kind.CREATED,
        to_status=Status.DRAFT,
        actor_id=author_id,
    )


def _write_revision(
    excerpt: Excerpt, content: ExcerptContent, user, number: int
) -> ExcerptRevision:
    revision = revision_row(content, excerpt_id=excerpt.pk, number=number, author_id=user.pk)
    revision.save()
    revision.topics.set(content.topics)
    revision.actors.set(content.actors)
    revision.events.set(content.events)
    return revision


def create_excerpt(
    *, content: ExcerptContent, user, waiting_for_annotation: bool = False
) -> Excerpt:
    """A new draft excerpt with its first revision, recorded in the audit trail."""
    if not is_editor(user):
        raise EditRefused(gettext("Only editors can make excerpts."))
    content.check(waiting_for_annotation=waiting_for_annotation)
    return revisions.start(
        Excerpt(source=content.source_version.source),
        user,
        write=lambda excerpt, number: _write_revision(excerpt, content, user, number=number),
    )


def _changes_nothing(content: ExcerptContent, revision: ExcerptRevision) -> bool:
    """The content is exactly the revision's: same quote in the same version, same words."""
    selector = content.selector()

    def ids(items) -> set:
        return {item.pk for item in items}

    return (
        content.source_version.pk == revision.source_version_id
        and (selector.start, selector.end) == (revision.start, revision.end)
        and content.annotation.strip() == revision.annotation
        and content.kind == revision.kind
        and content.briefing.pk == revision.briefing_id
        and ids(content.topics) == ids(revision.topics.all())
        and ids(content.actors) == ids(revision.actors.all())
        and ids(content.events) == ids(revision.events.all())
    )


def edit_excerpt(
    *, excerpt: Excerpt, base_revision_id: int, content: ExcerptContent, user
) -> Excerpt:
    """Save an edit as a new revision, unless someone saved another since it began (the
    kernel's desk.publishing.revisions.edit: stale edits, the rules table, corrections)."""
    if not is_editor(user):
        raise EditRefused(gettext("Only editors can edit excerpts."), Why.ROLE)
    content.check()

    def check(current: Excerpt) -> None:
        if content.source_version.source_id != current.source_id:
            raise EditRefused(
                gettext("An excerpt stays with its source; make a new excerpt for another one.")
            )
        if _changes_nothing(content, current.current_revision):
            # An empty edit would make the saver a writer of words they did not write (four eyes).
            raise EditRefused(
                gettext("Nothing changed: this is the excerpt as it stands, so nothing was saved.")
            )

    return revisions.edit(
        excerpt,
        base_revision_id=base_revision_id,
        user=user,
        check=check,
        write=lambda current, number: _write_revision(current, content, user, number=number),
    )
