"""Caching the public pages, and knowing when they changed.

All public pages share one "state": a generation number that changes whenever anything readers
can see changes (an item published, corrected or withdrawn, a briefing or citation edited), and
the time of the next scheduled publication. Pages are cached under the generation, ETags are
derived from it, so a conditional request is answered with 304 without touching the database,
and a scheduled item appears on time because the state renews itself once its moment passes.
The state lives in the cache, which must be shared by all workers (see CACHES in settings).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, quote_etag

STATE_KEY = "public:state"
PAGE_TIMEOUT = 3600


def _next_scheduled() -> float | None:
    from desk.models import Excerpt

    upcoming = (
        Excerpt.objects.filter(published_revision__isnull=False, visible_from__gt=timezone.now())
        .order_by("visible_from")
        .values_list("visible_from", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else None


def _renew() -> dict:
    state = {"generation": time.time_ns(), "changed_at": time.time(), "next_due": _next_scheduled()}
    cache.set(STATE_KEY, state, None)
    return state


def current_state() -> dict:
    """The public state, renewed when it is missing or a scheduled item has fallen due."""
    state = cache.get(STATE_KEY)
    if state is None or (state["next_due"] is not None and time.time() >= state["next_due"]):
        state = _renew()
    return state


def public_changed() -> None:
    """Something readers see changed: renew the state once the transaction commits."""
    transaction.on_commit(_renew)


def _etag(state: dict, request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]
    return quote_etag(f"{state['generation']}-{digest}")


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public page from cache for readers without a session, with ETag and 304s.

    Signed-in staff see the same content but with their own header, so they are not cached.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        state = current_state()
        etag = _etag(state, request)
        last_modified = http_date(state["changed_at"])
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            key = f"public:page:{etag}"
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                if response.status_code == 200 and not response.streaming:
                    timeout = PAGE_TIMEOUT
                    if state["next_due"] is not None:
                        timeout = max(1, min(timeout, int(state["next_due"] - time.time())))
                    cache.set(key, response, timeout)
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        response["Vary"] = "Cookie"
        return response

    return wrapped
