"""The one FilterSet for published items: the briefing page, its API twin, /api/items/, exports.

Every filter reads the published revision, never the working one: a filter on a draft
correction's words would tell an anonymous client, by what it matches, what the draft says.
And every choice is drawn from what readers can see (published items of public briefings, or
of the one briefing in view), so a topic, source or event known only to drafts or to a private
briefing is refused exactly as one that does not exist.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk.filters import DateRange
from desk.models import Briefing, Excerpt, ExcerptRevision, ReadersCopy, StatementKind, Topic
from desk.search import QUERY_MAX_CHARS, build_query, search
from events.models import Actor, Event, name_key
from events.templatetags.event_dates import edtf_in_words
from sources.models import Source

# The query parameters these filters read (the date range reads two), for canonical cache keys.
PARAMETERS = (
    "briefing", "q", "topic", "actor", "source", "event", "kind",
    "published_after", "published_before", "literal",
)  # fmt: skip
MENUS = ("topic", "source", "event")


class _ReadersSourceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, source: Source) -> str:
        # Readers are told a title is unknown; the desk's "[Untitled] …" is a working label.
        if source.has_title:
            return source.title
        return gettext("{source} (title unknown)").format(
            source=source.working_title or gettext("A source")
        )


class ReadersSourceFilter(django_filters.ModelChoiceFilter):
    field_class = _ReadersSourceField


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
    topic = django_filters.ModelChoiceFilter(
        field_name="published_revision__topics",
        label=_("Topic"),
        queryset=Topic.objects.none(),
        to_field_name="slug",
        empty_label=_("All topics"),
        help_text="A topic's slug.",
    )
    actor = django_filters.CharFilter(
        method="filter_actor",
        label=_("Actor"),
        max_length=200,
        help_text="Any spelling of a name.",
    )
    source = ReadersSourceFilter(
        field_name="source",
        label=_("Source"),
        queryset=Source.objects.none(),
        empty_label=_("All sources"),
    )
    event = django_filters.ModelChoiceFilter(
        field_name="published_revision__events",
        label=_("Event"),
        queryset=Event.objects.none(),
        empty_label=_("All events"),
    )
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
        # A menu's choices are asked for only where a value is to be checked against them, or
        # when the menus are drawn (`menus`, kept per public state): most requests choose
        # nothing, and building the three querysets was a tenth of an uncached page.
        for name in MENUS:
            if data and data.get(name):
                self.filters[name].queryset = self._choices(name)

    @cached_property
    def _live(self):
        live = Excerpt.objects.published()
        return live if self._briefing is None else live.for_briefing(self._briefing)

    def _choices(self, name: str):
        """What readers can choose in this menu: only what published items show."""
        if name == "source":
            return Source.objects.filter(pk__in=self._live.values("source")).order_by("title", "pk")
        revisions = ExcerptRevision.objects.filter(pk__in=self._live.values("published_revision"))
        if name == "topic":
            return Topic.objects.filter(pk__in=revisions.values("topics")).order_by("name")
        return Event.objects.filter(pk__in=revisions.values("events"))

    @cached_property
    def known_actors(self) -> dict[int, list[str]]:
        """Only names readers can see expand a search or are suggested (desk.search): the
        actors of live items by the names and aliases their readers' copies hold, never a name or
        alias changed on the desk since and not carried to readers (desk.readers_copy)."""
        names: dict[int, list[str]] = {}
        copies = ReadersCopy.objects.filter(pk__in=self._live.values("readers_copy"))
        for data in copies.values_list("data", flat=True):
            for actor in data.get("actors", []):
                spellings = names.setdefault(actor["id"], [])
                for name in [actor["name"], *actor.get("aliases", [])]:
                    if name not in spellings:
                        spellings.append(name)
        # Items published before copies were taken show their actors as they read now.
        uncopied = self._live.filter(readers_copy__isnull=True).values("published_revision")
        revisions = ExcerptRevision.objects.filter(pk__in=uncopied)
        for pk, name in Actor.objects.filter(pk__in=revisions.values("actors")).values_list(
            "pk", "name"
        ):
            names.setdefault(pk, [name])
        return names

    def menus(self) -> dict[str, list[tuple[str, str]]]:
        """The menus' choices as (value, label), to keep and `offer` again without queries."""
        menus = {}
        approved = self._approved_labels()
        for name in MENUS:
            field = self.form.fields.get(name)
            if field is not None:
                field.queryset = self._choices(name)
                to_field = field.to_field_name or "pk"
                menus[name] = [
                    (value, approved[name].get(value) or field.label_from_instance(thing))
                    for thing in field.queryset
                    for value in [str(getattr(thing, to_field))]
                ]
        return menus

    def _approved_labels(self) -> dict[str, dict[str, str]]:
        """Menu labels as readers' copies show them (desk.readers_copy): a source, topic or event
        renamed on the desk is not named so on a public page before it is carried to readers."""
        labels: dict[str, dict[str, str]] = {name: {} for name in MENUS}
        rows = self._live.filter(readers_copy__isnull=False).values_list(
            "source_id", "readers_copy__data"
        )
        for source_id, data in rows:
            citation = data["citation"]
            if citation.get("has_title"):
                labels["source"].setdefault(str(source_id), citation["title"])
            for topic in data["topics"]:
                labels["topic"].setdefault(topic["slug"], topic["name"])
            for event in data["events"]:
                when = edtf_in_words(event.get("date", ""), event["event_date"])
                labels["event"].setdefault(str(event["id"]), f"{event['title']} ({when})")
        return labels

    def offer(self, menus: dict[str, list[tuple[str, str]]]) -> None:
        """Show these kept choices in the menus; validation still asks the database."""
        for name, choices in menus.items():
            field = self.form.fields[name]
            # The widget draws the menu; the field still validates against its queryset.
            field.widget.choices = [("", field.empty_label), *choices]

    def filter_actor(self, queryset, name, value):
        if not value.strip():
            return queryset
        # Any spelling readers' copies hold; an alias added on the desk and not yet carried to
        # readers is answered as an unknown name.
        # Folded as the search folds them (name_key): what ?q= finds by a name, ?actor= finds.
        wanted = name_key(value)
        found = [
            pk
            for pk, spellings in self.known_actors.items()
            if wanted and any(name_key(spelling) == wanted for spelling in spellings)
        ]
        return queryset.filter(published_revision__actors__in=found).distinct()

    def filter_literal(self, queryset, name, value):
        return queryset  # read by filter_text

    def filter_text(self, queryset, name, value):
        # Readers' copy: the published revision's own words, which never change once saved, with
        # the source's title as readers see it (desk.readers_copy), not as the desk has it now.
        literal = bool(self.form.cleaned_data.get("literal"))
        self.search_query = build_query(value, literal=literal, actors=self.known_actors)
        return search(queryset, self.search_query, field="readers_copy__search_text")
