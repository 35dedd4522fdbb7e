"""The webhooks' task that records a scheduled publication at its time (Django's Tasks API,
through sources.queues); the delivery tasks live beside the deliveries (desk.webhooks.delivering).

It takes an id only and is safe to run twice: recording a due publication is a conditional
UPDATE (desk.publishing.schedule.publish_if_due). Deliveries queued as
desk.webhooks.tasks.deliver_webhook before that task moved need no path here:
`send_due_webhooks` attempts every delivery that is due, whichever task was lost.
"""

from __future__ import annotations

from sources.queues import Queue, task


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
