"""The signed links of a subscription: confirming it (expires), and leaving it (never expires).

A link names its subscription by number only, signed with SECRET_KEY under a salt of its own, so
a confirmation link cannot be used to unsubscribe, nor the reverse, and no link can be made up
or altered. Confirmation links also carry what was asked (daily or weekly, the language) and
when: nothing changes on a subscription until its owner confirms, and a link older than an
unsubscription cannot bring the subscription back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.utils import timezone

from desk.subscriptions.models import Frequency

CONFIRM_WITHIN = timedelta(days=7)
_CONFIRM_SALT = "desk.subscriptions.confirm"
_UNSUBSCRIBE_SALT = "desk.subscriptions.unsubscribe"


class LinkRefused(Exception):
    """A link that was altered, made up, or has expired; `expired` tells the two apart."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "not valid")
        self.expired = expired


@dataclass(frozen=True)
class ConfirmationRequest:
    subscription_id: int
    frequency: str
    language: str
    requested_at: datetime


def confirmation_token(subscription_id: int, frequency: str, language: str) -> str:
    # The desk's clock (not the signer's), to compare with when the reader unsubscribed.
    requested = int(timezone.now().timestamp())
    payload = {"s": subscription_id, "f": frequency, "l": language, "t": requested}
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign_object(payload)


def read_confirmation(token: str) -> ConfirmationRequest:
    """What a confirmation link asks for; LinkRefused when it is not ours or is too old."""
    signer = signing.TimestampSigner(salt=_CONFIRM_SALT)
    try:
        payload = signer.unsign_object(token, max_age=CONFIRM_WITHIN)
    except signing.SignatureExpired:
        raise LinkRefused(expired=True) from None
    except (signing.BadSignature, ValueError):
        raise LinkRefused from None
    try:
        request = ConfirmationRequest(
            subscription_id=int(payload["s"]),
            frequency=Frequency(payload["f"]).value,
            language=str(payload["l"]),
            requested_at=datetime.fromtimestamp(int(payload["t"]), tz=UTC),
        )
    except (KeyError, TypeError, ValueError):
        raise LinkRefused from None
    return request


def unsubscribe_token(subscription_id: int) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign_object({"s": subscription_id})


def read_unsubscribe(token: str) -> int:
    """The subscription an unsubscribe link names; LinkRefused when it is not ours."""
    try:
        payload = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign_object(token)
        return int(payload["s"])
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        raise LinkRefused from None
