"""A reader's subscription to a briefing by e-mail, and when its digests fall due."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
# The digest task runs every quarter of an hour (desk.subscriptions.digests.RUN_EVERY); a digest
# counts as due this much before its full period, so that the hour it goes out does not creep
# later by up to a run each day.
DUE_EARLY = timedelta(minutes=15)


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed, not unsubscribed, of a briefing readers may still see."""
        return self.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True, briefing__is_public=True
        )

    def due(self, now: datetime) -> SubscriptionQuerySet:
        """Active subscriptions whose daily or weekly period has passed since the last digest
        (or since confirmation, before the first)."""
        since_last = Coalesce("last_sent_at", "confirmed_at")
        periods = Q()
        for frequency, period in PERIODS.items():
            periods |= Q(frequency=frequency, last_due__lte=now - period + DUE_EARLY)
        return self.active().alias(last_due=since_last).filter(periods)

    def of_address(self, email: str) -> SubscriptionQuerySet:
        """Every subscription of this address, whatever the case it was typed in."""
        return self.filter(email__iexact=email)


class Subscription(models.Model):
    """One address reading one briefing by e-mail.

    Nothing is sent before `confirmed_at`: the owner of the address opened the signed link and
    pressed Confirm. `sent_up_to` is the watermark: everything readers could see up to that
    moment was sent already (or came before the subscription), so the next digest starts there.
    The address is never shown: `str()` names the row, not the person.
    """

    briefing = models.ForeignKey(
        "desk.Briefing", on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(max_length=254)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    # The interface language the reader used when asking: their digests are written in it.
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the last confirmation link was sent: one address is not sent links again and again.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    sent_up_to = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "briefing", name="subscription_once_per_address"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="subscription_frequency_known"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(sent_up_to__isnull=False),
                name="subscription_confirmed_has_watermark",
            ),
        ]
        indexes = [
            # The digest task looks only at confirmed subscriptions still wanted.
            models.Index(
                fields=["frequency", "last_sent_at"],
                condition=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
                name="subscription_active",
            ),
        ]

    def __str__(self) -> str:
        return f"Subscription {self.pk} to briefing {self.briefing_id}"

    def __repr__(self) -> str:
        return f"<Subscription {self.pk}>"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
