"""How long a sign-in stays locked: per user and address, longer each time it locks again.

django-axes locks a user name from one address after LOGIN_FAILURE_LIMIT failures; someone who
keeps guessing from that address waits LOGIN_LOCKOUT_MINUTES, then twice that, four times, up to
a day. The real user, signing in from another address, is never locked by someone else's guesses
(the address is the client's, read through desk.client_address).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

LONGEST = timedelta(days=1)
# Failures further back than this no longer lengthen a lockout.
MEMORY = timedelta(days=1)


def _username(request) -> str | None:
    credentials = getattr(request, "axes_credentials", None) or {}
    name = credentials.get("username") or request.POST.get("username")
    return str(name)[:150] if name else None


def earlier_lockouts(username: str, address: str) -> int:
    """How many times this user name has been locked from this address in the last day."""
    from axes.models import AccessFailureLog, AccessLog

    since = timezone.now() - MEMORY
    last_success = AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=since
    ).aggregate(at=Max("attempt_time"))["at"]
    failures = AccessFailureLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=last_success or since
    ).count()
    return max(failures // max(settings.AXES_FAILURE_LIMIT, 1) - 1, 0)


def cool_off(request=None) -> timedelta:
    """The lockout for this request's user and address: the base, doubled per earlier lockout."""
    base = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    username = _username(request) if request is not None else None
    address = getattr(request, "axes_ip_address", None) if request is not None else None
    if not username or not address:
        return base
    doublings = min(earlier_lockouts(username, address), 10)
    return min(base * 2**doublings, LONGEST)
