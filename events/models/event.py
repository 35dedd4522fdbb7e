"""Dated events, in timeline order whatever their precision, and the actors' parts in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.dates import EventDate, Precision
from events.models.actor import Actor

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
        _("date (EDTF)"),
        max_length=50,
        help_text=_(
            "EDTF, or as people write it: 17 November 2025, September 2025, c. 1998, "
            "winter 2021–22, 2021–2022, before 2000."
        ),
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
        return f"{self.title} ({self.event_date.in_words()})"

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
    role = models.CharField(_("role in the event"), max_length=100, blank=True)

    class Meta:
        ordering = ["event", "actor__name"]
        verbose_name = _("role in an event")
        verbose_name_plural = _("roles in events")
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="event_actor_role"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} — {self.role or 'involved'}"
