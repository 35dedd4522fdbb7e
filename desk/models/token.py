"""API tokens: a person's keys for the API, made and revoked in the desk, stored only hashed."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_CHARS = 8
# How stale last_used_at may get: one write a minute per token, not one per request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """SHA-256 of a token's secret.

    The secret is 256 random bits, not a password a person chose: nobody can guess it or run a
    dictionary against its hash, so a fast hash is right here and a slow one (Argon2) would only
    cost every API request its time.
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now: dt.datetime | None = None) -> ApiTokenQuerySet:
        """Tokens that still open the API: not revoked and not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def matching(self, secret: str) -> ApiToken | None:
        """The token whose secret this is, compared in constant time; None when there is none."""
        wanted = hash_secret(secret)
        for token in self.select_related("user").filter(key_prefix=secret[:PREFIX_CHARS]):
            if hmac.compare_digest(token.key_hash, wanted):
                return token
        return None


class ApiToken(models.Model):
    """One key a person uses for the API, acting as themselves with their own roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text=_("What it is for, e.g. “import script”."))
    # The first characters of the secret, to find the row without storing the secret itself.
    key_prefix = models.CharField(max_length=PREFIX_CHARS, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…) of {self.user}"

    @classmethod
    def issue(
        cls, *, user, name: str, expires_at: dt.datetime | None = None
    ) -> tuple[ApiToken, str]:
        """A new token and its secret; the secret is shown once and never stored."""
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            key_prefix=secret[:PREFIX_CHARS],
            key_hash=hash_secret(secret),
            expires_at=expires_at,
        )
        return token, secret

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    def revoke(self) -> None:
        """Stop the token working, for good; revoking twice keeps the first time."""
        now = timezone.now()
        if ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=now):
            self.revoked_at = now

    def mark_used(self) -> None:
        """Record use, at most once a minute, so reading the API is not a write per request."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
