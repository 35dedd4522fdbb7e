"""The desk's state: one number that moves whenever something the desk counts may have changed.

The navigation's count beside "Desk" and the desk home's counts read every excerpt in the
library (a COUNT over 100,000 rows is most of a page's time), yet they change only when
someone acts. They are kept in the cache under this number, which moves:
- at once and again after commit, whenever a row of the desk, the library, the events or the
  people is saved or deleted, or a decision is recorded
  (desk.publishing.announcements.decision_recorded): at once, so the person acting never reads
  a count from before their own act, and after commit, so
  that nothing computed from the data before the commit outlives it;
- after every request by a signed-in person that may change something (POST, PUT, PATCH,
  DELETE): whatever a view changed by a bulk UPDATE, the count the person sees next is fresh;
- by `desk_changed()` where a GET changes a count (opening an excerpt marks its mentions seen).
What nothing announces (a background task's bulk UPDATE) shows within KEPT_SECONDS, and a count
that depends on the clock (an item scheduled for 10:00) is kept no later than that moment.

Like the public state (desk.public.cache), it lives in the shared cache, so every worker moves
with it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

STATE_KEY = "desk:state"
# The longest a kept count may be late for a change nobody announced.
KEPT_SECONDS = 60
# The apps whose rows the desk's counts and menus are drawn from.
WATCHED_APPS = frozenset({"desk", "sources", "events", "auth"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def version() -> int | None:
    """The desk's state now: a number that only ever changes, never repeats; None when the
    cache cannot be read (then nothing is kept, and every count is asked afresh)."""
    try:
        current = cache.get(STATE_KEY)
        if current is None:
            current = time.time_ns()
            cache.add(STATE_KEY, current, None)
            current = cache.get(STATE_KEY, current)
    except Exception:  # noqa: BLE001 - a cache that is down costs speed, never a page
        logger.exception("Could not read the desk's state; counting afresh.")
        return None
    return current


def _move() -> None:
    # Robust, as every announcement: a cache that is down never turns a saved decision into an
    # error (it holds no kept count either, so nothing can be stale).
    try:
        cache.set(STATE_KEY, time.time_ns(), None)
    except Exception:  # noqa: BLE001
        logger.exception("Could not move the desk's state.")


def _move_after_commit() -> None:
    _move()


def desk_changed() -> None:
    """Something the desk counts changed: move the state now and once the transaction commits."""
    _move()
    if connection.in_atomic_block and not any(
        callback is _move_after_commit for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(_move_after_commit, robust=True)


def kept(
    name: str,
    parts: tuple,
    compute: Callable[[], Any],
    *,
    until: Callable[[Any], float | None] | None = None,
) -> Any:
    """`compute()`'s answer, kept under the desk's state and `parts` (who asks, with which
    roles): asked again once the state moves, after KEPT_SECONDS, or at the moment `until(answer)`
    names (a timestamp, or None for no such moment)."""
    state = version()
    if state is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    key = f"desk:kept:{name}:{state}:{digest}"
    now = time.time()
    try:
        entry = cache.get(key)
    except Exception:  # noqa: BLE001 - as version(): counted afresh
        logger.exception("Could not read a kept count; counting afresh.")
        return compute()
    if entry is not None and (entry[1] is None or now < entry[1]):
        return entry[0]
    answer = compute()
    expires = until(answer) if until is not None else None
    seconds = KEPT_SECONDS if expires is None else max(1, min(KEPT_SECONDS, int(expires - now)))
    try:
        cache.set(key, (answer, expires), seconds)
    except Exception:  # noqa: BLE001
        logger.exception("Could not keep a count.")
    return answer


class DeskStateMiddleware:
    """After a signed-in person's request that may have changed something, move the state: the
    next page they open counts afresh, whatever the view changed and however it changed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method in UNSAFE_METHODS and user is not None and user.is_authenticated:
            desk_changed()
        return response


def _row_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in WATCHED_APPS:
        desk_changed()


def _decision_recorded(sender, **kwargs) -> None:
    desk_changed()


def connect() -> None:
    from desk.publishing.announcements import decision_recorded

    post_save.connect(_row_changed, dispatch_uid="desk-state-saved")
    post_delete.connect(_row_changed, dispatch_uid="desk-state-deleted")
    # Roles: a person added to or taken from the reviewers.
    m2m_changed.connect(_row_changed, dispatch_uid="desk-state-links")
    decision_recorded.connect(_decision_recorded, dispatch_uid="desk-state-decision")
