"""The one FilterSet for published items: the briefing page, its API twin, /api/items/, exports.

Every filter reads the published revision, never the working one: a filter on a draft
correction's words would tell an anonymous client, by what it matches, what the draft says.
And every choice is drawn from what readers can see (published items of public briefings, or
of the one briefing in view), so a topic, source or event known only to drafts or to a private
briefing is refused exactly as one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from desk.filters import DateRange
from desk.models import Briefing, Excerpt, StatementKind
from desk.readers_copy import links_now
from desk.readers_view import Links
from desk.search import QUERY_MAX_CHARS, build_query, search
from events.models import name_key
from events.templatetags.event_dates import edtf_in_words

# The query parameters these filters read (the date range reads two), for canonical cache keys.
PARAMETERS = (
    "briefing", "q", "topic", "actor", "source", "event", "kind",
    "published_after", "published_before", "literal",
)  # fmt: skip
MENUS = ("topic", "source", "event")


def _chosen_per_request() -> list[tuple[str, str]]:
    """A menu whose choices each filter sets from what readers see (desk.api.filtering answers
    a value outside them as a name of nothing, not as a malformed request)."""
    return []


def _menu(
    method: str, label, empty_label, help_text: str, *, ids: bool = False
) -> django_filters.ChoiceFilter:
    """A filter menu whose choices are what readers' copies of live items show. With `ids`, a
    value is a record's number: anything else is malformed (a 400), not a name of nothing."""
    menu = django_filters.ChoiceFilter(
        method=method,
        label=label,
        choices=_chosen_per_request,
        # As a model's choice field says it: the value asked for is not echoed.
        error_messages={
            "invalid_choice": _(
                "Select a valid choice. That choice is not one of the available choices."
            )
        },
        empty_label=empty_label,
        help_text=help_text,
    )
    menu.takes_ids = ids
    return menu


def _by_date(pair):
    return pair[1][0]


@dataclass(frozen=True)
class _LiveItem:
    """One live item as its readers' copy shows it: what the menus and the filters read."""

    pk: int
    source_id: int
    links: Links


class PublishedItemFilter(django_filters.FilterSet):
    """Published items by what readers see of them.

    Given a `briefing`, it filters that briefing's page: the briefing filter goes away and the
    menus offer only what that briefing's published items use.
    """

    briefing = django_filters.ModelChoiceFilter(
        field_name="published_revision__briefing",
        queryset=Briefing.objects.none(),
        to_field_name="slug",
        help_text="A public briefing's slug.",
    )
    q = django_filters.CharFilter(
        method="filter_text",
        label=_("Search"),
        max_length=QUERY_MAX_CHARS,
        help_text="Words of the quote, the annotation or the source's title.",
    )
    # The words as typed, without also searching the other names of an actor they name.
    literal = django_filters.BooleanFilter(
        method="filter_literal",
        label=_("Only these words (not other names)"),
        widget=forms.CheckboxInput,
        help_text="Search the words as typed, without every name of an actor they name.",
    )
    # A topic as readers' copies name it: renamed (and re-slugged) on the desk, it keeps its
    # approved name and address until a reviewer carries the change.
    topic = _menu("filter_topic", _("Topic"), _("All topics"), "A topic's slug.")
    actor = django_filters.CharFilter(
        method="filter_actor",
        label=_("Actor"),
        max_length=200,
        help_text="Any spelling of a name.",
    )
    source = _menu("filter_source", _("Source"), _("All sources"), "A source's id.", ids=True)
    event = _menu("filter_event", _("Event"), _("All events"), "An event's id.", ids=True)
    kind = django_filters.ChoiceFilter(
        field_name="published_revision__kind",
        label=_("Kind of statement"),
        choices=StatementKind.choices,
        empty_label=_("All kinds"),
    )
    published = django_filters.DateFromToRangeFilter(
        field_name="visible_from",
        label=_("Published between"),
        widget=DateRange(_("Published")),
    )

    # The query the words were searched with (desk.search.Query), once filtered.
    search_query = None

    class Meta:
        model = Excerpt
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, briefing: Briefing | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self._briefing = briefing
        if briefing is not None:
            del self.filters["briefing"]
        else:
            self.filters["briefing"].queryset = Briefing.objects.public()
        # A menu's choices are read only where a value is to be checked against them, or when
        # the menus are drawn (`menus`, kept per public state): most requests choose nothing.
        if data and any(data.get(name) for name in MENUS):
            menus = self.menus()
            for name in MENUS:
                if data.get(name):
                    self.filters[name].extra["choices"] = menus[name]

    @cached_property
    def _live(self):
        live = Excerpt.objects.published()
        return live if self._briefing is None else live.for_briefing(self._briefing)

    @cached_property
    def _seen(self) -> list[_LiveItem]:
        """Every live item in view as readers' copies show it (desk.readers_view), in one query;
        the menus, the topic and actor filters and search's actor names read only this."""
        rows = self._live.filter(readers_copy__isnull=False).values_list(
            "pk", "source_id", "readers_copy__data"
        )
        seen = [_LiveItem(pk, source_id, Links.parse(data)) for pk, source_id, data in rows]
        # Items published before copies were taken show their links as they read now.
        uncopied = self._live.filter(readers_copy__isnull=True)
        sources = dict(uncopied.values_list("pk", "source_id"))
        if sources:
            for pk, links in links_now(uncopied).items():
                seen.append(_LiveItem(pk, sources[pk], links))
        return seen

    @cached_property
    def known_actors(self) -> dict[int, list[str]]:
        """Only names readers can see expand a search or are suggested (desk.search): the
        actors of live items by the names and aliases their readers' copies hold, never a name or
        alias changed on the desk since and not carried to readers (desk.readers_copy)."""
        names: dict[int, list[str]] = {}
        for item in self._seen:
            for actor in item.links.actors:
                spellings = names.setdefault(actor.id, [])
                spellings.extend(s for s in actor.spellings if s not in spellings)
        return names

    def menus(self) -> dict[str, list[tuple[str, str]]]:
        """The menus' choices as (value, label), to keep and `offer` again without queries.

        Every label and value is drawn from readers' copies: a source retitled, a topic renamed
        or an event redated on the desk is not named so on a public page before it is carried,
        and what only drafts or a private briefing use is no choice at all."""
        return self._menus

    @cached_property
    def _menus(self) -> dict[str, list[tuple[str, str]]]:
        topics: dict[str, str] = {}
        sources: dict[str, str] = {}
        events: dict[str, tuple] = {}
        for item in self._seen:
            sources.setdefault(str(item.source_id), item.links.citation.readers_title)
            for topic in item.links.topics:
                topics.setdefault(topic.slug, topic.name)
            for event in item.links.events:
                when = edtf_in_words(event.date, event.event_date)
                events.setdefault(str(event.id), (event.sort_key, f"{event.title} ({when})"))
        return {
            "topic": sorted(topics.items(), key=lambda pair: (pair[1].casefold(), pair[0])),
            "source": sorted(sources.items(), key=lambda pair: (pair[1], int(pair[0]))),
            "event": [(pk, label) for pk, (_, label) in sorted(events.items(), key=_by_date)],
        }

    def offer(self, menus: dict[str, list[tuple[str, str]]]) -> None:
        """Show these kept choices in the menus; a chosen value is checked in `__init__`."""
        for name, choices in menus.items():
            field = self.form.fields[name]
            # The widget draws the menu; the field validates against its own choices.
            field.widget.choices = [("", field.empty_label), *choices]

    def filter_actor(self, queryset, name, value):
        if not value.strip():
            return queryset
        # Any spelling readers' copies hold; an alias added on the desk and not yet carried to
        # readers is answered as an unknown name.
        # Matched against the actors readers' copies name, not the live links: an actor merged
        # into another on the desk keeps its items until a reviewer carries the merge. Folded as
        # the search folds names (name_key): what ?q= finds by a name, ?actor= finds.
        wanted = name_key(value)
        named = {
            (item.pk, actor.id)
            for item in self._seen
            for actor in item.links.actors
            if wanted and any(name_key(spelling) == wanted for spelling in actor.spellings)
        }
        # The actors the name found, for the page's surrogate keys (desk.public.front_cache).
        self.actors_named = sorted({actor for _, actor in named})
        return queryset.filter(pk__in={pk for pk, _ in named})

    def filter_topic(self, queryset, name, value: str):
        found = [item.pk for item in self._seen if any(t.slug == value for t in item.links.topics)]
        return queryset.filter(pk__in=found)

    def filter_source(self, queryset, name, value: int):
        # An item's source is the one it quotes; only its title and such are renamed.
        return queryset.filter(source_id=int(value))

    def filter_event(self, queryset, name, value: int):
        found = [
            item.pk for item in self._seen if any(e.id == int(value) for e in item.links.events)
        ]
        return queryset.filter(pk__in=found)

    def filter_literal(self, queryset, name, value):
        return queryset  # read by filter_text

    def filter_text(self, queryset, name, value):
        # Readers' copy: the published revision's own words, which never change once saved, with
        # the source's title as readers see it (desk.readers_copy), not as the desk has it now.
        literal = bool(self.form.cleaned_data.get("literal"))
        self.search_query = build_query(value, literal=literal, actors=self.known_actors)
        return search(queryset, self.search_query, field="readers_copy__search_text")
