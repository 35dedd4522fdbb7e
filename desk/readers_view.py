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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from sources.authors import Author, names_as_written, parse_authors, split_documented

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
    """The one object every reader surface draws an item's links from: read like the records
    themselves (`citation.title`, `actor.name`, `event.title`), with the note of a correction
    carried into them, if any."""

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
