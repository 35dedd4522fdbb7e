"""The background tasks of readers' e-mail, on the desk's task queue (see sources.queues).

They take only numbers and words, never an address: the queue's records are kept in the
database and shown to whoever looks at the queue.
"""

from __future__ import annotations

from sources.queues import Queue, task

__all__ = ["send_confirmation", "send_digests"]


class ConfirmationNotSent(Exception):
    """The mail server did not take a confirmation link; says which subscription, not to whom."""

    def __init__(self, subscription_id: int, reason: str) -> None:
        super().__init__(f"Confirmation for subscription {subscription_id} not sent ({reason})")


@task(queue_name=Queue.DELIVERIES)
def send_confirmation(
    subscription_id: int, frequency: str, language: str, link_due: bool = True
) -> bool:
    """Mail the link that confirms a subscription; False when the request is gone meanwhile, or
    when no link was due (every request queues this job, so that its timing does not say
    whether the address asked recently: see subscribing.request_subscription)."""
    from desk.subscriptions.mail import confirmation_message
    from desk.subscriptions.models import Subscription

    if not link_due:
        return False
    subscription = (
        Subscription.objects.select_related("briefing").filter(pk=subscription_id).first()
    )
    if subscription is None:
        return False
    try:
        confirmation_message(subscription, frequency, language).send()
    except Exception as error:
        # Not sent: the reader may ask again at once rather than wait out the resend pause.
        Subscription.objects.filter(pk=subscription_id).update(confirmation_sent_at=None)
        # The mail server's refusal quotes the address, and the queue keeps a failed task's
        # traceback and logs it: the task fails with the subscription's number only.
        raise ConfirmationNotSent(subscription_id, type(error).__name__) from None
    return True


@task(queue_name=Queue.PERIODIC)
def send_digests() -> int:
    """Send the digests that are due: how many were sent. The desk's clock (desk.periodic) queues
    it every few minutes; each digest is claimed before it is sent, so a run queued twice sends
    nothing twice."""
    from desk.subscriptions.digests import send_due_digests

    return send_due_digests()
