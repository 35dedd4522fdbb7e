"""Webhook endpoints the desk's administrators register, and the log of what was sent to them."""

from __future__ import annotations

import base64
import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "whsec_"  # noqa: S105 - the form of every secret, not one
# Standard Webhooks asks for a secret of 24 to 64 random bytes.
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret in the Standard Webhooks form: whsec_ and base64 of random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def new_message_id() -> str:
    """The webhook-id of a new message: unique, and the same on every attempt to send it."""
    return f"msg_{secrets.token_hex(16)}"


class EventType(models.TextChoices):
    PUBLISHED = "item.published", _("An item is published")
    CORRECTED = "item.corrected", _("A published item is corrected")
    WITHDRAWN = "item.withdrawn", _("A published item is withdrawn")
    # Sent on request from the endpoint's page, to every endpoint whatever it chose.
    TEST = "desk.test", _("A test event")


# The endpoint's field saying whether it wants each kind of event.
WANTS = {
    EventType.PUBLISHED: "sends_published",
    EventType.CORRECTED: "sends_corrected",
    EventType.WITHDRAWN: "sends_withdrawn",
}


class EndpointQuerySet(models.QuerySet):
    def wanting(self, event_type: str) -> EndpointQuerySet:
        """Active endpoints that asked for this kind of event."""
        return self.filter(is_active=True, **{WANTS[EventType(event_type)]: True})


class Endpoint(models.Model):
    """An address outside the desk that is told, signed, when readers' view of an item changes."""

    url = models.URLField(_("address"), max_length=2000)
    description = models.CharField(_("description"), max_length=200, blank=True)
    sends_published = models.BooleanField(_("item published"), default=True)
    sends_corrected = models.BooleanField(_("item corrected"), default=True)
    sends_withdrawn = models.BooleanField(_("item withdrawn"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The Standard Webhooks secret (whsec_…). Kept as it is because signing needs it; it is
    # shown once, when made or replaced.
    secret = models.CharField(max_length=100, editable=False, default=new_secret)
    # The secret before the last rotation, still signed with until `previous_secret_until`, so a
    # receiver keeps verifying while its owner puts the new one in place.
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook endpoint")
        permissions = [("manage_webhooks", "Can register and manage webhook endpoints")]
        constraints = [
            models.CheckConstraint(
                condition=Q(sends_published=True)
                | Q(sends_corrected=True)
                | Q(sends_withdrawn=True),
                name="webhook_endpoint_wants_an_event",
                violation_error_message=_("Choose at least one event to send."),
            ),
            models.CheckConstraint(
                condition=Q(secret__startswith=SECRET_PREFIX),
                name="webhook_endpoint_secret_form",
                violation_error_message=_(
                    "The signing secret is not in the Standard Webhooks form."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.url

    @property
    def event_types(self) -> list[EventType]:
        return [kind for kind, field in WANTS.items() if getattr(self, field)]

    def signing_secrets(self, now: dt.datetime | None = None) -> list[str]:
        """The secrets a message is signed with now: the current one, and the one it replaced
        while its grace period lasts."""
        now = now or timezone.now()
        kept = (
            self.previous_secret and self.previous_secret_until and self.previous_secret_until > now
        )
        return [self.secret, self.previous_secret] if kept else [self.secret]

    def rotate_secret(self, grace: dt.timedelta) -> str:
        """Replace the secret; the old one still signs for `grace`. Returns the new secret."""
        self.previous_secret = self.secret
        self.previous_secret_until = timezone.now() + grace if grace else None
        self.secret = new_secret()
        self.save(
            update_fields=["secret", "previous_secret", "previous_secret_until", "updated_at"]
        )
        return self.secret


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Failed; will try again")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")


class DeliveryQuerySet(models.QuerySet):
    def for_log(self) -> DeliveryQuerySet:
        """Newest first, with every attempt, in two queries whatever the number of rows."""
        return self.order_by("-created_at", "-pk").prefetch_related("attempts")

    def waiting(self) -> DeliveryQuerySet:
        """Deliveries not yet delivered that the desk has not given up on."""
        return self.filter(state__in=[DeliveryState.PENDING, DeliveryState.RETRYING])

    def due(self, now: dt.datetime | None = None) -> DeliveryQuerySet:
        """Waiting deliveries whose time has come."""
        return self.waiting().filter(next_attempt_at__lte=now or timezone.now())


class Delivery(models.Model):
    """One message to one endpoint: sent until it is delivered or the desk gives up."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    message_id = models.CharField(max_length=40, unique=True, default=new_message_id)
    # The exact body sent, so that every attempt signs and sends the same bytes.
    payload = models.TextField()
    excerpt = models.ForeignKey(
        "desk.Excerpt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values), name="webhook_delivery_state_known"
            ),
            # Waiting means a time to try; finished means a time it finished.
            models.CheckConstraint(
                condition=Q(
                    state__in=[DeliveryState.PENDING, DeliveryState.RETRYING],
                    next_attempt_at__isnull=False,
                    finished_at__isnull=True,
                )
                | Q(
                    state__in=[DeliveryState.DELIVERED, DeliveryState.FAILED],
                    next_attempt_at__isnull=True,
                    finished_at__isnull=False,
                ),
                name="webhook_delivery_times_match_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id} to {self.endpoint_id}"

    @property
    def is_waiting(self) -> bool:
        return self.state in (DeliveryState.PENDING, DeliveryState.RETRYING)

    @property
    def held_by_pause(self) -> bool:
        """A paused endpoint gets nothing but the test messages someone asks for."""
        return not self.endpoint.is_active and self.event_type != EventType.TEST


class Attempt(models.Model):
    """One try at sending a delivery, and what came of it in plain words."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    succeeded = models.BooleanField(default=False)
    outcome = models.CharField(max_length=300)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # The start of the receiver's answer, decoded and cut short: enough to see what it said.
    response_excerpt = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="webhook_attempt_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.delivery_id}: {self.outcome}"
