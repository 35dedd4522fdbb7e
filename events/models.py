"""Dated events and the register of actors who take part in them."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from events.dates import EventDate


def fold_name(name: str) -> str:
    """A name folded for matching: case, accents and spacing do not count."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


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
            self.slug = slugify(self.name, allow_unicode=False) or f"actor-{self.folded_name}"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:actor", args=[self.slug])


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


class Event(models.Model):
    """Something that happened, dated no more precisely than the sources allow."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    place = models.CharField(max_length=200, blank=True)
    # The date as EDTF (2025-11-17, 2025-09, 1998~, 2021-24/2022-24, ../2000); the two bounds
    # are its earliest and latest possible days, kept so events sort and filter across precisions.
    date = models.CharField("date (EDTF)", max_length=50)
    date_start = models.DateField(null=True, editable=False)
    date_end = models.DateField(null=True, editable=False)
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date_start", "date_end", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_start__isnull=True)
                | Q(date_end__isnull=True)
                | Q(date_start__lte=models.F("date_end")),
                name="event_date_bounds_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.event_date})"

    def save(self, *args, **kwargs) -> None:
        parsed = EventDate.from_edtf(self.date)
        self.date = parsed.edtf()
        self.date_start, self.date_end = parsed.bounds()
        super().save(*args, **kwargs)

    @property
    def event_date(self) -> EventDate:
        return EventDate.from_edtf(self.date)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])


class EventActor(models.Model):
    """An actor's part in an event, such as releasing party, mediator or beneficiary."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["event", "actor__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="event_actor_role"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} — {self.role or 'involved'}"
