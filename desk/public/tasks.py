"""The public site's background task: a front cache purge that failed, tried again later."""

from __future__ import annotations

from sources.queues import Queue, task


# A purge is a delivery: the front cache waits for it as a webhook's endpoint does.
@task(queue_name=Queue.DELIVERIES)
def purge_front_cache(keys: list[str], attempt: int) -> bool:
    """Send a purge again (desk.public.purging): whether it went out."""
    from desk.public.purging import purge_now

    return purge_now(keys, attempt)
