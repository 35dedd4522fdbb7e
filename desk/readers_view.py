"""What readers see of a published item's linked records, as typed data read in one place.

A readers' copy (desk.models.ReadersCopy) keeps, as JSON, the citations, topics, actors and
events of an item as a reviewer approved them. `Links.parse` is the only reader of that JSON:
it upgrades every shape ever stored (a copy is never rewritten), and everything readers see is
drawn from the typed `Links` it returns, never from the live records or from the JSON by keys.

Shapes stored:
- 1 (no "version"): one "citation"; actors without aliases in the earliest copies; a citation
  without its working title (it is read back from the desk's "[Untitled] …" label).
- 2: "citations", a list (one item may cite several sources); each citation with its working
  title; every actor with its aliases.
- 3: each citation with its "authors", a list (sources.authors); in older shapes the one
  "author" string is split as the form documented it (on semicolons), which is what the source
  migration made of the same string, so an unchanged source still matches its copy.

`Publication` is the whole item as readers see it (its words, pages, kind, corrections, dates and
these links): every reader surface (pages, fragments, feeds, exports, citations, embeds, digests,
webhooks) renders from it, never from the excerpt's revisions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from desk.publishing.states import Status
from sources.authors import Author, names_as_written, parse_authors, split_documented
from sources.pages import quoted_pages

VERSION = 3
# What readers are told of a source without a title, wherever they read it. The desk's own
# "[Untitled] <first words>" label is a working title, never shown to them as a title.
# includes/citation.html says it with the same msgid.
TITLE_UNKNOWN = gettext_lazy("title unknown")
# The desk's label of an untitled source (sources.Source.display_title), which shape 1 kept in
# place of the working title.
_UNTITLED = "[Untitled] "


@dataclass(frozen=True)
class CitedSource:
    """A source as readers see it cited: unknown metadata stays empty, never invented."""

    has_title: bool
    title: str
    display_title: str  # the desk's label: the title, or "[Untitled] <working title>"
    author: str  # the authors' names in reading order, "; " between them (names_as_written)
    outlet: str
    url: str
    published: str  # as the source gave it (a partial date: "2025", "2025-11")
    published_date: str  # the same, as sources.dates.PartialDate words it
    # The first words of an untitled source, to name it in a menu. Not compared: the display
    # title holds it where it shows, and shape 1 kept it only there.
    working_title: str = field(default="", compare=False)
    authors: tuple[Author, ...] = ()

    @property
    def cited_title(self) -> str:
        """The title as readers see it cited on every surface (page, feed, Markdown)."""
        return self.title if self.has_title else str(TITLE_UNKNOWN)

    @property
    def readers_title(self) -> str:
        """The title readers are shown in a menu: the source's own, or a clear "title unknown"."""
        if self.has_title:
            return self.title
        return gettext("{source} (title unknown)").format(
            source=self.working_title or gettext("A source")
        )

    @classmethod
    def parse(cls, data: dict[str, Any]) -> CitedSource:
        display = data.get("display_title", "")
        working = data.get("working_title")
        if working is None:  # shape 1
            working = display[len(_UNTITLED) :] if display.startswith(_UNTITLED) else ""
        if "authors" in data:
            authors = parse_authors(data["authors"])
        else:  # shapes 1 and 2
            authors = split_documented(data.get("author", ""))
        return cls(
            has_title=bool(data.get("has_title")),
            title=data.get("title", ""),
            display_title=display,
            working_title=working,
            author=names_as_written(authors),
            authors=authors,
            outlet=data.get("outlet", ""),
            url=data.get("url", ""),
            published=data.get("published", ""),
            published_date=data.get("published_date", ""),
        )


@dataclass(frozen=True)
class TopicSeen:
    name: str
    slug: str


@dataclass(frozen=True)
class ActorSeen:
    id: int
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every name readers may find this actor by: its name, then its aliases."""
        return (self.name, *(alias for alias in self.aliases if alias != self.name))


@dataclass(frozen=True)
class EventSeen:
    id: int
    title: str
    date: str  # EDTF
    event_date: str  # the date in words, in the language of whoever took the copy
    place: str = ""

    @property
    def pk(self) -> int:
        return self.id

    @property
    def sort_key(self) -> tuple:
        """Timeline order (events.models.TIMELINE_ORDER): by the date, then the title."""
        from events.dates import EventDate

        try:
            when = EventDate.from_edtf(self.date).sort_key() if self.date else ()
        except ValueError:
            when = ()
        return (when, self.title, self.id)

    @property
    def date_start(self) -> dt.date | None:
        """The first day the date may mean (None if unknown), to order items along time."""
        from events.dates import EventDate

        try:
            return EventDate.from_edtf(self.date).bounds()[0] if self.date else None
        except ValueError:
            return None


@dataclass(frozen=True)
class Links:
    """The records one readers' copy shows with the item's own words."""

    citations: tuple[CitedSource, ...]
    topics: tuple[TopicSeen, ...] = ()
    actors: tuple[ActorSeen, ...] = ()
    events: tuple[EventSeen, ...] = ()
    version: int = field(default=VERSION, compare=False)

    @property
    def citation(self) -> CitedSource:
        """The source the quote is taken from (the first citation)."""
        return self.citations[0]

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Links:
        """Read a stored copy of any shape ever written; the one place that knows them."""
        version = data.get("version", 1)
        if version > VERSION:
            raise ValueError(f"A readers' copy of shape {version} is newer than this code.")
        citations = data["citations"] if version >= 2 else [data["citation"]]
        return cls(
            citations=tuple(CitedSource.parse(c) for c in citations),
            topics=tuple(TopicSeen(name=t["name"], slug=t["slug"]) for t in data.get("topics", [])),
            actors=tuple(
                ActorSeen(id=a["id"], name=a["name"], aliases=tuple(a.get("aliases") or ()))
                for a in data.get("actors", [])
            ),
            events=tuple(
                EventSeen(
                    id=e["id"],
                    title=e["title"],
                    date=e.get("date", ""),
                    event_date=e.get("event_date", ""),
                    place=e.get("place", ""),
                )
                for e in data.get("events", [])
            ),
            version=version,
        )

    def as_json(self) -> dict[str, Any]:
        """The newest stored shape of these links."""
        return {
            "version": VERSION,
            "citations": [
                {**asdict(c), "authors": [a.as_json() for a in c.authors]} for c in self.citations
            ],
            "topics": [asdict(t) for t in self.topics],
            "actors": [{**asdict(a), "aliases": list(a.aliases)} for a in self.actors],
            "events": [asdict(e) for e in self.events],
        }


@dataclass(frozen=True)
class ReadersView:
    """An item's links as its readers' copy holds them (a Publication's `records`): read like the
    records themselves (`citation.title`, `actor.name`, `event.title`), with the note of a
    correction carried into them, if any."""

    links: Links
    correction_note: str = ""
    corrected_at: dt.datetime | None = None

    @property
    def citation(self) -> CitedSource:
        return self.links.citation

    @property
    def citations(self) -> tuple[CitedSource, ...]:
        return self.links.citations

    @property
    def topics(self) -> tuple[TopicSeen, ...]:
        return self.links.topics

    @property
    def actors(self) -> tuple[ActorSeen, ...]:
        return self.links.actors

    @property
    def events(self) -> tuple[EventSeen, ...]:
        return self.links.events


@dataclass(frozen=True)
class BriefingSeen:
    """The briefing an item is published in, as readers see it named."""

    slug: str
    title: str
    language: str  # what the briefing's own words (annotations, notes) are written in


@dataclass(frozen=True)
class CorrectionSeen:
    """One correction an item shows beside it: when it reached readers, and its public note."""

    at: dt.datetime
    note: str


# What readers see of an item's links: its readers' copy, or (an item published before copies
# were taken) its published revision's links as they read now, until a correction takes a copy.


def links_of(revision) -> Links:
    """The citation, topics, actors and events of this revision as they read now."""
    source = revision.source_version.source
    published = source.published_date
    citation = CitedSource(
        has_title=source.has_title,
        title=source.title,
        display_title=source.display_title,
        working_title=source.working_title,
        author=source.author,
        authors=source.author_list,
        outlet=source.outlet,
        url=source.url,
        published=source.published,
        published_date=str(published) if published else "",
    )
    return Links(
        citations=(citation,),
        topics=tuple(TopicSeen(name=t.name, slug=t.slug) for t in revision.topics.all()),
        actors=tuple(
            ActorSeen(id=a["id"], name=a["name"], aliases=tuple(a["aliases"]))
            for a in actors_as_copied(revision)
        ),
        events=tuple(
            EventSeen(
                id=e.pk, title=e.title, date=e.date, event_date=str(e.event_date), place=e.place
            )
            for e in revision.events.all()
        ),
    )


def actors_as_copied(revision) -> list[dict]:
    """The revision's actors as a readers' copy taken now would hold them: each name with every
    alias, which readers' search then expands with. The approval page shows them so."""
    return [
        {"id": a.pk, "name": a.name, "aliases": sorted(alias.name for alias in a.aliases.all())}
        for a in revision.actors.all()
    ]


def view_of(links: Links, copy=None) -> ReadersView:
    """What readers see of these links, with the note of a correction carried into them."""
    return ReadersView(
        links=links,
        correction_note=copy.correction_note if copy else "",
        corrected_at=copy.made_at if copy and copy.correction_note else None,
    )


def copy_for_readers(excerpt) -> ReadersView:
    """What readers see of the published revision's links. Items published before copies were
    taken show their links as they read now, until a correction takes their copy."""
    if excerpt.readers_copy_id is not None:
        return view_of(excerpt.readers_copy.links, excerpt.readers_copy)
    return view_of(links_of(excerpt.published_revision))


@dataclass(frozen=True, eq=False)
class Publication:
    """A published item as readers see it: the one object every reader surface renders from.

    Built in one place (`Publication.of`) from an excerpt loaded by a QuerySet verb
    (`for_public_page`, `for_briefing`, `withdrawn_from` …): the quote, annotation, kind, pages
    and the correction note of its published revision, which is never rewritten; the citations,
    topics, actors and events of its readers' copy (`ReadersView`), taken at approval; and when
    it reached readers. Surfaces read these, never the revision or the copy themselves.

    Each part is read when first asked for, then kept: what it reads never changes (a revision
    and a copy are written once), so reading late shows the same as reading early, and a surface
    pays only for what it shows. A sitemap asks for addresses and dates of thousands of items and
    loads no copy; a page whose items' HTML is kept asks only for their topics.
    """

    _item: Any = field(repr=False)
    # The briefing in view, when the caller has it: its items need not load it each.
    _briefing: Any = field(default=None, repr=False)

    @classmethod
    def of(cls, item: Any, *, briefing: Any = None) -> Publication:
        """The publication of this excerpt (or the publication itself, given one)."""
        if isinstance(item, Publication):
            return item
        return cls(item, briefing)

    @property
    def id(self) -> int:
        return self._item.pk

    @property
    def pk(self) -> int:
        return self._item.pk

    @property
    def source_id(self) -> int:
        """The source it quotes, as readers' filters name it (?source=)."""
        return self._item.source_id

    @cached_property
    def _revision(self) -> Any:
        return self._item.published_revision

    @cached_property
    def briefing(self) -> BriefingSeen:
        briefing = self._briefing or self._revision.briefing
        return BriefingSeen(slug=briefing.slug, title=briefing.title, language=briefing.language)

    @cached_property
    def url(self) -> str:
        """The item's permalink on the site (a withdrawn item's answers 410 with its note)."""
        return reverse("briefings:item", args=[self.briefing.slug, self.id])

    # The published revision's own words: never rewritten once published.

    @cached_property
    def quote(self) -> str:
        return self._revision.quote

    @cached_property
    def annotation(self) -> str:
        """The annotation as written, in Markdown (exports escape it for their own shape)."""
        return self._revision.annotation

    @cached_property
    def annotation_html(self) -> SafeString:
        # Rendered and sanitised when the revision was saved (desk.annotation).
        return mark_safe(self._revision.annotation_html)  # noqa: S308

    @cached_property
    def kind(self) -> str:
        return self._revision.kind

    @cached_property
    def kind_label(self) -> str:
        return self._revision.get_kind_display()

    @property
    def revision_number(self) -> int:
        """The number of the excerpt's revision readers see."""
        return self._revision.number

    @property
    def source_version_number(self) -> int:
        """The number of the source's version the quote is cut from."""
        return self._revision.source_version.number

    @property
    def prefix(self) -> str:
        """The source's words just before the quote, to find it again (a text quote selector)."""
        return self._revision.prefix

    @property
    def suffix(self) -> str:
        return self._revision.suffix

    @property
    def start(self) -> int:
        """Where the quote starts in the text of the source's version it was cut from."""
        return self._revision.start

    @property
    def end(self) -> int:
        return self._revision.end

    @cached_property
    def pages(self) -> str:
        """ "p. 4" or "pp. 4–5" where the quote stands in a paged source; "" otherwise."""
        return quoted_pages(self._revision)

    @cached_property
    def captured_at(self) -> dt.datetime:
        """When the version of the source the quote is cut from was stored."""
        return self._revision.source_version.created_at

    @cached_property
    def source_changed_since(self) -> bool:
        """The source has a newer text than the one the quote was cut from."""
        return self._item.source.current_version_id != self._revision.source_version_id

    @cached_property
    def quote_language(self) -> str:
        """The language of the source the quote is in (not part of the approved citation: it
        changes no word readers see)."""
        return self._item.source.language

    @cached_property
    def published_at(self) -> dt.datetime | None:
        """When these words reached readers: first publication, or the latest correction."""
        return self._revision.published_at

    @cached_property
    def correction_note(self) -> str:
        """The published revision's note, when it corrects an earlier one; "" otherwise."""
        return self._revision.correction_note

    # The linked records, as the readers' copy holds them.

    @cached_property
    def records(self) -> ReadersView:
        """The citations, topics, actors and events as approved, with the note of a correction
        carried into them, if any."""
        return copy_for_readers(self._item)

    @property
    def links(self) -> Links:
        return self.records.links

    @property
    def citation(self) -> CitedSource:
        return self.records.citation

    @property
    def citations(self) -> tuple[CitedSource, ...]:
        return self.records.citations

    @property
    def topics(self) -> tuple[TopicSeen, ...]:
        return self.records.topics

    @property
    def actors(self) -> tuple[ActorSeen, ...]:
        return self.records.actors

    @property
    def events(self) -> tuple[EventSeen, ...]:
        return self.records.events

    @cached_property
    def corrections(self) -> tuple[CorrectionSeen, ...]:
        """The corrections shown beside the item, in its page's order: its published revision's
        own, then a changed record's carried into its readers' copy."""
        shown = []
        if self.correction_note:
            shown.append(CorrectionSeen(at=self.published_at, note=self.correction_note))
        if self.records.correction_note:
            shown.append(
                CorrectionSeen(at=self.records.corrected_at, note=self.records.correction_note)
            )
        return tuple(shown)

    # When it reached readers, and whether they still see it.

    @property
    def visible_from(self) -> dt.datetime | None:
        return self._item.visible_from

    @property
    def first_published_at(self) -> dt.datetime | None:
        return self._item.first_published_at

    @property
    def withdrawn(self) -> bool:
        return self._item.status == Status.WITHDRAWN

    @property
    def withdrawal_note(self) -> str:
        return self._item.withdrawal_note if self.withdrawn else ""

    @property
    def withdrawn_at(self) -> dt.datetime | None:
        """When it was withdrawn: its last change, as nothing changes a withdrawn item."""
        return self._item.updated_at if self.withdrawn else None
