"""How long a sign-in stays locked: per user and address, longer each time it locks again; and
per account, whatever the addresses.

django-axes locks a user name from one address after LOGIN_FAILURE_LIMIT failures; someone who
keeps guessing from that address waits LOGIN_LOCKOUT_MINUTES, then twice that, four times, up to
a day. The real user, signing in from another address, is never locked by someone else's guesses
(the address is the client's, read through desk.project.client_address, an IPv6 /64
counting as one).

A guess spread over many addresses is slowed by the account's own limit: after
LOGIN_ACCOUNT_FAILURE_LIMIT wrong passwords within ACCOUNT_WINDOW from anywhere, the account takes
no sign-in until the oldest of them is an ACCOUNT_WINDOW old, and the page says so plainly. An
address the user signed in from before (ACCOUNT_KNOWN_FOR) is spared the pause, so the guesses
of strangers do not shut the real user out.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from desk.project.client_address import client_network

LONGEST = timedelta(days=1)
# Failures further back than this no longer lengthen a lockout.
MEMORY = timedelta(days=1)
# The account's own limit counts wrong passwords from every address over this long.
ACCOUNT_WINDOW = timedelta(hours=1)
# Where the user signed in within this long is a known address: spared the account's pause.
ACCOUNT_KNOWN_FOR = timedelta(days=90)


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


def account_pause(username: str, address: str, now=None) -> timedelta | None:
    """How long this account still takes no sign-in from this address, or None.

    Paused when LOGIN_ACCOUNT_FAILURE_LIMIT wrong passwords from any addresses fell within the
    last ACCOUNT_WINDOW (since the last successful sign-in), until the oldest of them is that
    old: a sliding limit of so many guesses an hour, however many addresses make them.
    """
    from axes.models import AccessFailureLog, AccessLog

    limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    if limit <= 0 or not username:
        return None
    now = now or timezone.now()
    successes = AccessLog.objects.filter(username=username)
    if successes.filter(ip_address=address, attempt_time__gte=now - ACCOUNT_KNOWN_FOR).exists():
        return None
    last_success = successes.filter(attempt_time__gte=now - ACCOUNT_WINDOW).aggregate(
        at=Max("attempt_time")
    )["at"]
    since = max(last_success, now - ACCOUNT_WINDOW) if last_success else now - ACCOUNT_WINDOW
    recent = (
        AccessFailureLog.objects.filter(username=username, attempt_time__gt=since)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    recent = list(recent)
    if len(recent) < limit:
        return None
    left = recent[-1] + ACCOUNT_WINDOW - now
    return left if left > timedelta(0) else None


class AccountPauseBackend:
    """Refuses every sign-in to a paused account (account_pause) before any password is checked,
    so guessing on through the pause learns nothing.

    Listed after axes' own backend: a refusal here is a failed sign-in like any other, and the
    answer is the lockout page (`locked_out`), naming the account's pause instead of the
    address's lockout. It has no get_user, as it signs nobody in: Django then never names it
    as the backend of a session.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username:
            return None
        pause = account_pause(str(username)[:150], client_network(request))
        if pause is None:
            return None
        request.account_pause = pause
        request.axes_locked_out = True
        raise PermissionDenied


def locked_out(request, original_response=None, credentials=None):
    """The page for a refused sign-in: how long to wait, and whether the account or only this
    address is locked."""
    pause = getattr(request, "account_pause", None)
    context = {
        "cooloff_timedelta": pause or cool_off(request),
        "account_paused": pause is not None,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
