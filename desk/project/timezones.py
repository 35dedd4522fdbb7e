"""Each person's time zone on the desk: the one fixed in their preferences, else their browser's.

The browser's zone arrives in a cookie set by static/js/timezone.js on every page; a fixed zone
is kept in the session from sign-in on, so that knowing the zone costs no query per request.
Django then shows every time, and reads every time typed into a form, in that zone.
"""

from __future__ import annotations

import functools
import zoneinfo

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

BROWSER_COOKIE = "desk_tz"
SESSION_KEY = "desk_time_zone"


@functools.cache
def known_zones() -> frozenset[str]:
    """The IANA zone names this machine knows; anything else from a cookie is ignored."""
    return frozenset(zoneinfo.available_timezones())


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(known_zones())]


def zone_named(name: str | None) -> zoneinfo.ZoneInfo | None:
    if name and len(name) <= 64 and name in known_zones():
        return zoneinfo.ZoneInfo(name)
    return None


def browser_zone(request) -> zoneinfo.ZoneInfo | None:
    return zone_named(request.COOKIES.get(BROWSER_COOKIE))


def remember_fixed_zone(request, name: str) -> None:
    """Keep the zone fixed in Preferences (or none) in the session."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = name or ""


@receiver(user_logged_in, dispatch_uid="desk_time_zone_at_sign_in")
def _load_fixed_zone(sender, request, user, **kwargs) -> None:
    from desk.models import Preference

    if request is None:
        return
    fixed = Preference.objects.filter(user=user).values_list("time_zone", flat=True).first()
    remember_fixed_zone(request, fixed or "")


class TimeZoneMiddleware:
    """Activate the person's zone for the whole request (pages, forms, messages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        # Readers' pages are cached for everyone alike, so only signed-in people get their zone.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            zone = zone_named(request.session.get(SESSION_KEY, "")) or browser_zone(request)
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def time_zone(request) -> dict:
    """Template context: the zone times are shown in, and whether the person fixed it."""
    session = getattr(request, "session", None)
    fixed = bool(
        session
        and getattr(request, "user", None)
        and request.user.is_authenticated
        and session.get(SESSION_KEY)
    )
    return {"time_zone_name": timezone.get_current_timezone_name(), "zone_fixed": fixed}
