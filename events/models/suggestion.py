"""Dates found in a source's text, offered to editors as candidate events."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.dates import EventDate
from events.models.event import Event


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an editor")
    DISMISSED = "dismissed", _("Dismissed")
    USED = "used", _("Made into an event")


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
    date = models.CharField(_("date (EDTF)"), max_length=50)
    year_inferred = models.BooleanField(
        default=False, help_text=_("The text gives no year: it comes from the publication date.")
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
        return f"“{self.phrase}” ({self.event_date.in_words()})"

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
