"""Caching the public pages, and knowing when they changed.

All public pages share one "state": a generation number that changes whenever anything readers
can see changes (an item published, corrected or withdrawn, a briefing or citation edited), and
the time of the next scheduled publication. Pages are cached under the generation, ETags are
derived from it, so a conditional request is answered with 304 without touching the database,
and a scheduled item appears on time because the state renews itself once its moment passes.
The state lives in the cache, which must be shared by all workers (see CACHES in settings).

The generation and Last-Modified move only when readers' view moves: the state keeps a
fingerprint of what readers see, and a workflow decision that leaves it alone (a draft, a
private briefing, a schedule set or taken back) renews only the time of the next publication.
Outsiders cannot tell from the headers when the desk is at work.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db.models import BigIntegerField, Count, Max, Min, Sum, Value
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from desk.public import front_cache
from desk.public.purging import purge_after_commit
from desk.publishing.announcements import after_commit

STATE_KEY = "public:state"
PAGE_TIMEOUT = 3600
# Each worker trusts the shared state it last read for this long, and keeps its most recent
# pages in memory: a reader then costs no trip to the cache at all. A change made through
# another worker reaches this one at most this late (never early). A quarter of a second: a
# publication reaches readers on every server well within the second the desk promises (the
# bench's two-servers row), for one cache read per worker four times a second.
LOCAL_STATE_SECONDS = 0.25
LOCAL_PAGES = 256

_local: dict = {"state": None, "read_at": 0.0}
# Pages are kept as (status, content, headers), never as response objects, so that nothing one
# reader's response picks up on its way out (a cookie, say) is handed to the next.
_local_pages: OrderedDict[str, tuple[int, bytes, dict]] = OrderedDict()


def _readers_view() -> tuple[str, float | None]:
    """What readers see, in a few figures per kind of subject, and when it next changes by the
    clock; one query for every kind (a UNION of one row each).

    Every publication, correction, withdrawal or move adds or removes a published revision
    (their ids only grow), and a changed record carried into live items gives each a new readers'
    copy (desk.readers_copy.carry); briefings tell their own changes (desk.public.changes).
    """
    from desk.publishing import subjects

    now = timezone.now()
    kinds = subjects.registered()
    extras = {
        kind.kind: kind.readers_figures(subjects.readers_see(now) & kind.readers_condition())
        for kind in kinds
    }
    names = sorted({name for figures in extras.values() for name in figures})
    rows = None
    for kind in kinds:
        seen = subjects.readers_see(now) & kind.readers_condition()
        coming = subjects.readers_will_see(now) & kind.readers_condition()
        nothing = Value(None, output_field=BigIntegerField())
        row = (
            kind.model.objects.order_by()
            .values(subject_kind=Value(str(kind.kind)))
            .annotate(
                count=Count("pk", filter=seen),
                revisions=Sum("published_revision_id", filter=seen),
                newest=Max("published_revision_id", filter=seen),
                next_due=Min("visible_from", filter=coming),
                **{name: extras[kind.kind].get(name, nothing) for name in names},
            )
        )
        rows = row if rows is None else rows.union(row, all=True)
    shown, next_due = [], None
    for figures in rows or []:
        due = figures.pop("next_due")
        if due is not None and (next_due is None or due < next_due):
            next_due = due
        shown.append((figures.pop("subject_kind"), sorted(figures.items())))
    return repr(sorted(shown)), next_due.timestamp() if next_due else None


def _renew(*, moved: bool = True) -> dict:
    """Store a new state; a new generation when `moved` or when the fingerprint differs."""
    fingerprint, next_due = _readers_view()
    old = cache.get(STATE_KEY)
    if moved or old is None or old.get("fingerprint") != fingerprint:
        state = {"generation": time.time_ns(), "changed_at": time.time()}
    else:
        state = {"generation": old["generation"], "changed_at": old["changed_at"]}
    # `records` moves only when something items point at (a topic, a source…) changed: an item's
    # rendered fragment stays good across publications of other items (desk.public.fragments).
    records = state["generation"] if moved or old is None else old.get("records")
    state.update(fingerprint=fingerprint, next_due=next_due, records=records or state["generation"])
    cache.set(STATE_KEY, state, None)
    _local.update(state=state, read_at=time.monotonic())
    return state


def current_state() -> dict:
    """The public state, renewed when it is missing or a scheduled item has fallen due."""
    # The desk's clock, as readers' own view reads it (readers_see): one clock for "due".
    now = timezone.now().timestamp()
    state = _local["state"]
    if state is None or time.monotonic() - _local["read_at"] > LOCAL_STATE_SECONDS:
        state = cache.get(STATE_KEY)
        _local.update(state=state, read_at=time.monotonic())
    if state is None or (state["next_due"] is not None and now >= state["next_due"]):
        state = _renew(moved=False)
    return state


def forget_local() -> None:
    """Drop what this process holds in memory (tests start each from nothing)."""
    _local.update(state=None, read_at=0.0)
    _local_pages.clear()
    caches["in_process"].clear()


def _caching_is_off() -> bool:
    """A deployment that turns the cache off means it; PUBLIC_PAGE_CACHE=False keeps the kept
    items and menus (desk.public.fragments) but renders every page (the bench's "uncached" row)."""
    return isinstance(caches["default"], DummyCache) or not getattr(
        settings, "PUBLIC_PAGE_CACHE", True
    )


def _cached_page(key: str) -> HttpResponse | None:
    if _caching_is_off():
        return None
    page = _local_pages.get(key)
    if page is None:
        page = cache.get(key)
        if page is None:
            return None
        _remember(key, page)
    status, content, headers = page
    return HttpResponse(content, status=status, headers=headers)


def _remember(key: str, page: tuple[int, bytes, dict]) -> None:
    if _caching_is_off():
        return
    _local_pages[key] = page
    _local_pages.move_to_end(key)
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)


def public_changed() -> None:
    """Something readers see changed: renew the state once the transaction commits, and tell
    the front cache that any public page may have changed."""
    after_commit("renew the public state", _renew)
    purge_after_commit([front_cache.EVERYTHING])


def publication_may_have_changed() -> None:
    """Items may have been published, withdrawn or scheduled: renew if readers' view moved."""
    after_commit("renew the public state", lambda: _renew(moved=False))


Cleaner = Callable[[str], str]


def canonical_query(request: HttpRequest, known: dict[str, Cleaner | None]) -> QueryDict:
    """The request's known parameters, in a fixed order, one value each, blanks left out.

    A page is keyed, tagged and rendered from these alone: `?utm_source=…` or a random parameter
    is the canonical page, and a thousand junk query strings cost one render. A parameter's
    cleaner (if any) maps every value the page treats alike to one (junk to blank).
    """
    query = QueryDict(mutable=True)
    for name, clean in known.items():
        value = request.GET.get(name, "")
        if value and clean is not None:
            value = clean(value)
        if value:
            query[name] = value
    query._mutable = False
    return query


def _etag(state: dict, path: str, query: QueryDict) -> str:
    # The interface language (desk.languages, from the switch's cookie) is part of the page:
    # a Polish page is never kept for, or confirmed to, an English reader.
    page = f"{get_language()}:{path}?{query.urlencode()}"
    digest = hashlib.sha256(page.encode()).hexdigest()[:16]
    return quote_etag(f"{state['generation']}-{digest}")


def _not_modified(request: HttpRequest, etag: str, state: dict) -> bool:
    """RFC 9110 §13.2.2: If-None-Match when sent, else If-Modified-Since against Last-Modified.

    Feed readers often send only If-Modified-Since. Dates have whole seconds, so two changes
    within one second are told apart only by the ETag, which every answer carries.
    """
    if "If-None-Match" in request.headers:
        return etag in [tag.strip() for tag in request.headers["If-None-Match"].split(",")]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(state["changed_at"]) <= since


# A filter's refusal is an answer like any other: kept, so junk values cost one render each.
CACHED_STATUSES = frozenset({200, 400})


def cached_public_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    known: Iterable[str] | Mapping[str, Cleaner | None] = (),
) -> Callable[..., HttpResponse]:
    """Serve a public page from cache for readers without a session, with ETag and 304s.

    Only the `known` query parameters reach the view (see canonical_query). Signed-in staff see
    the same content but with their own header, so they are not cached.
    """
    if view is None:
        return lambda view: cached_public_page(view, known=known)
    cleaners = dict(known) if isinstance(known, Mapping) else dict.fromkeys(known)
    known = dict(sorted(cleaners.items()))

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.GET = canonical_query(request, known)
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        state = current_state()
        keys = front_cache.keys_for(request, kwargs)
        etag = _etag(state, request.path, request.GET)
        last_modified = http_date(state["changed_at"])
        if _not_modified(request, etag, state):
            response = HttpResponseNotModified()
        else:
            key = f"public:page:v2:{etag}"
            response = _cached_page(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                if (
                    response.status_code in CACHED_STATUSES
                    and not response.streaming
                    and not response.cookies
                    and not _caching_is_off()
                ):
                    timeout = PAGE_TIMEOUT
                    if state["next_due"] is not None:
                        timeout = max(1, min(timeout, int(state["next_due"] - time.time())))
                    page = (response.status_code, response.content, dict(response.headers))
                    cache.set(key, page, timeout)
                    _remember(key, page)
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        # The language is chosen by a cookie (desk.languages), the only one a reader has.
        response["Vary"] = "Cookie"
        front_cache.share(response, keys, next_due=state["next_due"])
        return response

    return wrapped
