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
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, quote_etag

STATE_KEY = "public:state"
PAGE_TIMEOUT = 3600
# Each worker trusts the shared state it last read for this long, and keeps its most recent
# pages in memory: a reader then costs no trip to the cache at all. A change made through
# another worker reaches this one at most this late (never early).
LOCAL_STATE_SECONDS = 1.0
LOCAL_PAGES = 256

_local: dict = {"state": None, "read_at": 0.0}
# Pages are kept as (content, headers), never as response objects, so that nothing one
# reader's response picks up on its way out (a cookie, say) is handed to the next.
_local_pages: OrderedDict[str, tuple[bytes, dict]] = OrderedDict()


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
    _local.update(state=state, read_at=time.monotonic())
    return state


def current_state() -> dict:
    """The public state, renewed when it is missing or a scheduled item has fallen due."""
    now = time.time()
    state = _local["state"]
    if state is None or time.monotonic() - _local["read_at"] > LOCAL_STATE_SECONDS:
        state = cache.get(STATE_KEY)
        _local.update(state=state, read_at=time.monotonic())
    if state is None or (state["next_due"] is not None and now >= state["next_due"]):
        state = _renew()
    return state


def forget_local() -> None:
    """Drop what this process holds in memory (tests start each from nothing)."""
    _local.update(state=None, read_at=0.0)
    _local_pages.clear()


def _caching_is_off() -> bool:
    """A deployment (or the bench's "uncached" server) that turns the cache off means it."""
    return isinstance(caches["default"], DummyCache)


def _cached_page(key: str) -> HttpResponse | None:
    if _caching_is_off():
        return None
    page = _local_pages.get(key)
    if page is None:
        page = cache.get(key)
        if page is None:
            return None
        _remember(key, page)
    content, headers = page
    return HttpResponse(content, headers=headers)


def _remember(key: str, page: tuple[bytes, dict]) -> None:
    if _caching_is_off():
        return
    _local_pages[key] = page
    _local_pages.move_to_end(key)
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)


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
            response = _cached_page(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    timeout = PAGE_TIMEOUT
                    if state["next_due"] is not None:
                        timeout = max(1, min(timeout, int(state["next_due"] - time.time())))
                    page = (response.content, dict(response.headers))
                    cache.set(key, page, timeout)
                    _remember(key, page)
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        response["Vary"] = "Cookie"
        return response

    return wrapped
