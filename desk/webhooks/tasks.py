"""The webhooks' background tasks (Django's Tasks API, through sources.tasks).

Both take ids only and are safe to run twice: an attempt claims its delivery first
(desk.webhooks.delivering), and recording a due publication is a conditional UPDATE
(desk.publishing.schedule.publish_if_due).
"""

from __future__ import annotations

from sources.tasks import Queue, task


@task(queue_name=Queue.DELIVERIES)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at sending a delivery, if it is due: its state afterwards."""
    from desk.webhooks.delivering import attempt

    return attempt(delivery_id)


# The desk's clock records the same publication within seconds of its time (desk.periodic);
# this task, queued for the very time, only gets there first when the queue is idle.
@task(queue_name=Queue.DEFAULT)
def publish_when_due(excerpt_id: int) -> bool:
    """At a scheduled item's time, record its publication, which sends "item.published"; nothing
    if it was rescheduled, taken back or recorded already."""
    from desk.models import Excerpt
    from desk.publishing.schedule import publish_if_due
    from desk.publishing.subjects import type_of

    return publish_if_due(type_of(Excerpt), excerpt_id)


@task(queue_name=Queue.DELIVERIES)
def send_due_webhooks() -> int:
    """Attempt every delivery whose time has come (one a lost worker took with it, say): how
    many. Queued by the desk's clock (desk.periodic)."""
    from desk.webhooks.delivering import send_due

    return send_due()
