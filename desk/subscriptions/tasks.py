"""Where the confirmation task was queued from before it moved to desk.subscriptions.sending.

The database queue (django-tasks-db) stores each task by its dotted path. A confirmation queued
under this path before the move would otherwise never be sent, and the reader, told to look in
their inbox, could not ask again before the resend pause: the old path stays importable for
them. The digest run needs no such path: the desk's clock queues it again within minutes.
"""

from desk.subscriptions.sending import send_confirmation

__all__ = ["send_confirmation"]
