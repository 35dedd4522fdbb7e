"""Announcing what happened, once it is saved: one helper, one robustness policy.

Everything a decision sets off outside its own transaction (renewing the public cache, webhooks,
e-mail, tasks for the queue) runs after commit through `after_commit`, so nobody hears of a
decision that was rolled back. Whatever fails there (a cache that is down, a mail server that
refuses, a queue that cannot be reached) is logged with what was lost, and neither turns the
decision already saved into an error for the person who took it nor stops the announcements
queued after it (zulip's send_event_on_commit; Django's on_commit(robust=True)).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger("desk.announcements")


def after_commit(what: str, announce: Callable[[], object]) -> None:
    """Run `announce` once the transaction commits (at once outside one); never raises for it.

    `what` names the announcement in the log when it fails ("renew the public state",
    "mail the reviewers of excerpt 12"), so an operator knows what readers or people missed.
    """

    def run() -> None:
        try:
            announce()
        except Exception:
            logger.exception("Could not %s; the decision itself was saved.", what)

    run.__qualname__ = f"after_commit({what})"
    transaction.on_commit(run, robust=True)


def send(signal: Signal, what: str, **kwargs) -> None:
    """Send a signal to every receiver, even when one of them fails: each failure is logged."""
    for receiver, answer in signal.send_robust(**kwargs):
        if isinstance(answer, Exception):
            logger.error(
                "Could not %s in %s; the decision itself was saved.",
                what,
                getattr(receiver, "__qualname__", receiver),
                exc_info=answer,
            )
