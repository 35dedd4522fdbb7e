"""Announcing what happened, once it is saved: one helper, one robustness policy, and the
kernel's two signals.

The core never calls the public site, webhooks or e-mail: it says that a decision was recorded
on a subject (`decision_recorded`) and that readers' view of a kind of subject may have changed
(`publication_changed`), both after commit, and the wings listen (desk.public.changes,
desk.webhooks.events, desk.desk_state).

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


# Sent with sender=the subject's model (Excerpt, …) after a workflow decision that may change what
# readers see: published, scheduled, withdrawn, a schedule taken back.
publication_changed = Signal()

# Sent with sender=the subject's model after the commit of each workflow decision on one subject,
# and of a scheduled publication the desk records when it falls due (desk.publishing.schedule),
# with subject_id, action (desk.publishing.states.Action) and revision_id (the revision acted on).
# It says
# what happened, not what readers see: a receiver asks the QuerySet verbs (desk.webhooks.events).
decision_recorded = Signal()


def announce_publication_change(model) -> None:
    """Say, once the transaction commits, that what readers see of this kind of subject may
    have changed.

    Robust, as every announcement (desk.publishing.announcements): a cache that is down is logged
    and never turns the decision already saved into an error, nor stops what was queued after it.
    """
    after_commit(
        "say that readers' view may have changed",
        lambda: send(publication_changed, "renew the public state", sender=model),
    )


def announce_decision(model, subject_id: int, action: str, revision_id: int | None) -> None:
    """Say, once the transaction commits, which decision was taken on which subject.

    Robust: a receiver that fails is logged, and never turns a decision already committed into an
    error for the person who took it, nor keeps the other receivers from hearing of it.
    """
    what = f"announce “{action}” on {model._meta.model_name} {subject_id}"
    after_commit(
        what,
        lambda: send(
            decision_recorded,
            what,
            sender=model,
            subject_id=subject_id,
            action=action,
            revision_id=revision_id,
        ),
    )
