"""Telling the front cache which pages a decision changed (desk.public.front_cache names them).

A purger is any class with `purge(keys)`, named by its dotted path in FRONT_CACHE_PURGER:
- "" (the default): no front cache, nothing to tell;
- `desk.public.purging.HttpPurger`: an HTTP request to each address in FRONT_CACHE_PURGE_URLS
  with the method FRONT_CACHE_PURGE_METHOD (PURGE by default; BAN for caches that ban) and the
  keys, space-separated, in the header FRONT_CACHE_PURGE_HEADER (`xkey-purge`, what the Varnish
  configuration in deploy/varnish/ reads with the xkey module). Fastly's and Cloudflare's purge
  APIs take the same keys (surrogate keys, cache tags) and fit the same method (README).

Purges go out after the decision commits, never inside it; a purge that fails is queued again
with a growing delay (a task) and never fails or delays the decision: a front cache that missed
one still lets each page go stale at its time (front_cache.share).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from desk.publishing.announcements import after_commit
from sources.queues import Queue, task

logger = logging.getLogger(__name__)

# Attempts for one purge, and the delay before each retry (seconds, doubling).
PURGE_ATTEMPTS = 6
FIRST_RETRY_SECONDS = 2
# A front cache on the same network answers in milliseconds; a decision never waits long.
_TIMEOUT_SECONDS = 1


class Purger(Protocol):
    def purge(self, keys: Sequence[str]) -> None:
        """Drop every cached answer carrying one of these keys; raise when it could not."""


class HttpPurger:
    """One PURGE (or BAN) request per front cache, the keys in one header."""

    def purge(self, keys: Sequence[str]) -> None:
        header = settings.FRONT_CACHE_PURGE_HEADER
        for url in settings.FRONT_CACHE_PURGE_URLS:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"{url!r} is not an http(s) address")
            request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
                url,
                method=settings.FRONT_CACHE_PURGE_METHOD,
                headers={header: " ".join(keys)},
            )
            # The front cache is the operator's own, named in settings: no redirect is followed.
            with _opener().open(request, timeout=_TIMEOUT_SECONDS) as answer:
                if answer.status >= 300:
                    raise OSError(f"{url} answered {answer.status} to a purge")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@cache
def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects)


def purger() -> Purger | None:
    path = getattr(settings, "FRONT_CACHE_PURGER", "")
    return import_string(path)() if path else None


def check_purger(app_configs=None, **kwargs) -> list:
    """manage.py check (and every start) names a purger that cannot be loaded or used."""
    from django.core.checks import Error

    path = getattr(settings, "FRONT_CACHE_PURGER", "")
    if not path:
        return []
    try:
        chosen = import_string(path)
    except ImportError as error:
        return [Error(f"FRONT_CACHE_PURGER={path!r} cannot be loaded: {error}", id="public.E011")]
    if not callable(getattr(chosen, "purge", None)):
        return [Error(f"FRONT_CACHE_PURGER={path!r} has no purge(keys)", id="public.E012")]
    odd = [u for u in settings.FRONT_CACHE_PURGE_URLS if not u.startswith(("http://", "https://"))]
    if odd:
        return [Error(f"FRONT_CACHE_PURGE_URLS must be http(s) addresses: {odd}", id="public.E014")]
    if chosen is HttpPurger and not settings.FRONT_CACHE_PURGE_URLS:
        return [
            Error(
                "FRONT_CACHE_PURGER is the HTTP purger but FRONT_CACHE_PURGE_URLS names no "
                "front cache to send purges to",
                id="public.E013",
            )
        ]
    return []


def purge_after_commit(keys: Iterable[str]) -> None:
    """Purge these keys once the transaction commits (at once outside one)."""
    if purger() is None:
        return
    keys = sorted(set(keys))
    if keys:
        after_commit("purge the front cache", lambda: purge_now(keys))


def purge_now(keys: Sequence[str], attempt: int = 1) -> bool:
    """Send the purge; on failure queue it again with a growing delay. Whether it went out."""
    chosen = purger()
    if chosen is None:
        return True
    try:
        chosen.purge(list(keys))
    except (OSError, urllib.error.URLError, ValueError) as error:
        logger.warning("Front cache purge of %s failed (attempt %d): %s", keys, attempt, error)
        if attempt < PURGE_ATTEMPTS:
            _retry(keys, attempt + 1)
        else:
            logger.error("Front cache purge of %s given up after %d attempts", keys, attempt)
        return False
    return True


# A purge is a delivery: the front cache waits for it as a webhook's endpoint does.
@task(queue_name=Queue.DELIVERIES)
def purge_front_cache(keys: list[str], attempt: int) -> bool:
    """Send a purge that failed again, later: whether it went out."""
    return purge_now(keys, attempt)


def _retry(keys: Sequence[str], attempt: int) -> None:
    import datetime as dt

    from django.utils import timezone

    delay = FIRST_RETRY_SECONDS * 2 ** (attempt - 2)
    try:
        if purge_front_cache.get_backend().supports_defer:
            when = timezone.now() + dt.timedelta(seconds=delay)
            purge_front_cache.using(run_after=when).enqueue(list(keys), attempt)
        else:
            # A queue that runs tasks at once (tests, the immediate backend) cannot wait.
            purge_front_cache.enqueue(list(keys), attempt)
    except Exception:  # noqa: BLE001 - a queue that fails must not fail the decision either
        logger.exception("Could not queue the retry of a front cache purge")
