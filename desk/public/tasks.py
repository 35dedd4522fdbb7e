"""The old address of the public site's one task, for retries queued before it moved beside the
purge it runs (desk.public.purging): the queue stores each task by its dotted path."""

from desk.public.purging import purge_front_cache

__all__ = ["purge_front_cache"]
