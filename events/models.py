"""Dated events and the register of actors who take part in them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from events.dates import EventDate, Precision

# Slugs the actor URLs use for pages of their own.
_RESERVED_SLUGS = {"new"}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_name(name: str) -> str:
    """A name folded for matching: case, accents and spacing do not count."""
    return " ".join(strip_accents(name).casefold().split())


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    STATE = "state", "State"
    ORGANISATION = "organisation", "Organisation"
    OTHER = "other", "Other"


class ActorQuerySet(models.QuerySet):
    def matching(self, name: str) -> ActorQuerySet:
        """Actors whose canonical name or any alias is this name, whatever the spelling's case."""
        folded = fold_name(name)
        return self.filter(Q(folded_name=folded) | Q(aliases__folded_name=folded)).distinct()

    def search(self, text: str) -> ActorQuerySet:
        """Actors named so by any spelling; failing that, those with a name-word starting so."""
        folded = fold_name(text)
        if not folded:
            return self.none()
        exact = self.matching(text)
        if exact.exists():
            return exact
        words = (
            Q(folded_name__startswith=folded)
            | Q(folded_name__contains=f" {folded}")
            | Q(aliases__folded_name__startswith=folded)
            | Q(aliases__folded_name__contains=f" {folded}")
        )
        return self.filter(words).distinct()

    def with_aliases(self) -> ActorQuerySet:
        """Actors with their aliases fetched in one more query."""
        return self.prefetch_related("aliases")

    def named_in(self, text: str) -> list[Actor]:
        """Actors whose name or an alias stands as whole words in a text, as it is capitalised."""
        plain = strip_accents(text)
        found: dict[int, Actor] = {}
        for actor in self.with_aliases():
            for name in [actor.name, *(alias.name for alias in actor.aliases.all())]:
                # Case counts here: "US" is a state, "us" is not.
                if re.search(rf"(?<!\w){re.escape(strip_accents(name))}(?!\w)", plain):
                    found[actor.pk] = actor
                    break
        return list(found.values())


class Actor(models.Model):
    """A person, state or organisation, under one canonical name and any number of aliases."""

    name = models.CharField("canonical name", max_length=200, unique=True)
    folded_name = models.CharField(max_length=200, db_index=True, editable=False)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.PERSON)
    description = models.TextField(blank=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded_name = fold_name(self.name)
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self) -> str:
        # Names in other scripts slugify to nothing, and two names can slugify alike.
        base = slugify(strip_accents(self.name))[:180] or "actor"
        taken = set(
            Actor.objects.filter(slug__startswith=base).exclude(pk=self.pk).values_list("slug")
        )
        taken = {slug for (slug,) in taken} | _RESERVED_SLUGS
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def get_absolute_url(self) -> str:
        return reverse("events:actor", args=[self.slug])

    @property
    def spellings(self) -> list[str]:
        """The canonical name first, then every alias."""
        return [self.name, *(alias.name for alias in self.aliases.all())]


class ActorAlias(models.Model):
    """Another spelling or transliteration under which sources name an actor."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    folded_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "folded_name"], name="actor_alias_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded_name = fold_name(self.name)
        super().save(*args, **kwargs)


# Timeline order: earliest possible day first; for the same day, the longer span first (so a
# year leads its months and days) and an open end first of all. Same as EventDate.sort_key.
TIMELINE_ORDER = [
    F("date_start").asc(nulls_first=True),
    F("date_end").desc(nulls_first=True),
    F("date").asc(),
    F("title").asc(),
    F("pk").asc(),
]


class EventQuerySet(models.QuerySet):
    def ordered(self) -> EventQuerySet:
        """In timeline order, whatever the precision of each date."""
        return self.order_by(*TIMELINE_ORDER)

    def in_range(self, start: dt.date | None, end: dt.date | None) -> EventQuerySet:
        """Events that may have happened between these days (either may be None: open)."""
        found = self
        if start is not None:
            found = found.filter(Q(date_end__gte=start) | Q(date_end__isnull=True))
        if end is not None:
            found = found.filter(Q(date_start__lte=end) | Q(date_start__isnull=True))
        return found

    def involving(self, actors: str | Actor | models.QuerySet) -> EventQuerySet:
        """Events an actor takes part in, the actor given by any of its spellings."""
        if isinstance(actors, str):
            actors = Actor.objects.matching(actors)
        if isinstance(actors, Actor):
            return self.filter(participants__actor=actors).distinct()
        return self.filter(participants__actor__in=actors.values("pk")).distinct()

    def with_participants(self) -> EventQuerySet:
        """Events with their actors and roles, in two more queries whatever their number."""
        return self.prefetch_related(
            models.Prefetch("participants", EventActor.objects.select_related("actor"))
        )


class Event(models.Model):
    """Something that happened, dated no more precisely than the sources allow."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    place = models.CharField(max_length=200, blank=True)
    # The date as EDTF (2025-11-17, 2025-09, 1998~, 2021-24/2022-24, ../2000); the two bounds
    # are its earliest and latest possible days, kept so events sort and filter across precisions.
    date = models.CharField(
        "date (EDTF)",
        max_length=50,
        help_text="EDTF, or as people write it: 17 November 2025, September 2025, c. 1998, "
        "winter 2021–22, 2021–2022, before 2000.",
    )
    date_start = models.DateField(null=True, editable=False)
    date_end = models.DateField(null=True, editable=False)
    date_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True, editable=False
    )
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = TIMELINE_ORDER
        constraints = [
            models.CheckConstraint(
                condition=Q(date_start__isnull=True)
                | Q(date_end__isnull=True)
                | Q(date_start__lte=models.F("date_end")),
                name="event_date_bounds_in_order",
            ),
        ]
        indexes = [models.Index(fields=["date_start", "date_end"], name="event_date_bounds")]

    def __str__(self) -> str:
        return f"{self.title} ({self.event_date})"

    def clean(self) -> None:
        # Forms (the admin's too) may hold a date as people write it; the model keeps EDTF.
        # A blank date is the field's own error, and a form leaves it blank when it refused it.
        if not self.date:
            return
        try:
            self.date = EventDate.parse(self.date).edtf()
        except ValueError as error:
            raise ValidationError({"date": str(error)}) from None

    def save(self, *args, **kwargs) -> None:
        parsed = EventDate.from_edtf(self.date)
        self.date = parsed.edtf()
        self.date_start, self.date_end = parsed.bounds()
        self.date_precision = parsed.precision
        super().save(*args, **kwargs)

    @property
    def event_date(self) -> EventDate:
        # Parsed once per value: pages show an event's date several times.
        memo = self.__dict__.get("_event_date_memo")
        if memo is None or memo[0] != self.date:
            memo = (self.date, EventDate.from_edtf(self.date))
            self.__dict__["_event_date_memo"] = memo
        return memo[1]

    @property
    def html_datetime(self) -> str:
        """The date for a <time datetime> attribute, when HTML can say it (a day, month, year)."""
        date = self.event_date
        if date.is_interval or date.approximate or date.uncertain:
            return ""
        if date.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
            return date.edtf()
        return ""

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])


class EventActor(models.Model):
    """An actor's part in an event, such as releasing party, mediator or beneficiary."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField("role in the event", max_length=100, blank=True)

    class Meta:
        ordering = ["event", "actor__name"]
        verbose_name = "role in an event"
        verbose_name_plural = "roles in events"
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="event_actor_role"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} — {self.role or 'involved'}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    DISMISSED = "dismissed", "Dismissed"
    USED = "used", "Made into an event"


class SuggestionRefused(ValueError):
    """A change of a suggestion's state that its current state does not allow."""


class DateSuggestionQuerySet(models.QuerySet):
    def pending(self) -> DateSuggestionQuerySet:
        """Suggestions nobody has used or dismissed yet."""
        return self.filter(status=SuggestionStatus.PENDING)

    def for_version(self, version) -> DateSuggestionQuerySet:
        """The suggestions of one text, in reading order."""
        return self.filter(source_version=version).order_by("start", "end")


class DateSuggestion(models.Model):
    """A date mentioned in a source's text, offered to editors as a candidate event."""

    source_version = models.ForeignKey(
        "sources.SourceVersion", on_delete=models.CASCADE, related_name="date_suggestions"
    )
    # Offsets into the version's text: the date phrase, and the sentence that holds it.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    phrase = models.CharField(max_length=200)
    date = models.CharField("date (EDTF)", max_length=50)
    year_inferred = models.BooleanField(
        default=False, help_text="The text gives no year: it comes from the publication date."
    )
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DateSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["source_version", "start", "end"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_version", "start", "end"], name="date_suggestion_once"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end"))
                & Q(sentence_start__lte=F("start"))
                & Q(sentence_end__gte=F("end")),
                name="date_suggestion_phrase_in_sentence",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="date_suggestion_status"
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.phrase}” ({self.event_date})"

    @property
    def event_date(self) -> EventDate:
        return EventDate.from_edtf(self.date)

    @property
    def sentence(self) -> str:
        return self.source_version.text[self.sentence_start : self.sentence_end]

    @property
    def sentence_parts(self) -> tuple[str, str, str]:
        """The sentence cut around the phrase: before, the phrase, after."""
        text = self.source_version.text
        return (
            text[self.sentence_start : self.start],
            text[self.start : self.end],
            text[self.end : self.sentence_end],
        )

    def _decide(self, user, status: str, *, allowed_from: tuple[str, ...], event=None) -> None:
        with transaction.atomic():
            current = DateSuggestion.objects.select_for_update().get(pk=self.pk)
            if current.status not in allowed_from:
                raise SuggestionRefused(
                    f"This suggestion is already “{current.get_status_display().lower()}”."
                )
            self.status, self.event = status, event if event is not None else current.event
            self.decided_by, self.decided_at = user, timezone.now()
            self.save(update_fields=["status", "event", "decided_by", "decided_at"])

    def dismiss(self, user) -> None:
        """Not an event worth recording."""
        self._decide(user, SuggestionStatus.DISMISSED, allowed_from=(SuggestionStatus.PENDING,))

    def restore(self, user) -> None:
        """Undo a dismissal."""
        self._decide(user, SuggestionStatus.PENDING, allowed_from=(SuggestionStatus.DISMISSED,))

    def use(self, event: Event, user) -> None:
        """The suggestion became this event."""
        self._decide(
            user, SuggestionStatus.USED, allowed_from=(SuggestionStatus.PENDING,), event=event
        )
