"""Where the reading task was queued from before it moved beside the reading (sources.jobs).

The database queue (django-tasks-db) stores each task by its dotted path, and a reading job
whose queued task no longer loads would wait for ever: a worker fails the task, and only a job
under way, never a waiting one, is given to another worker. So the old path stays importable for
jobs queued before the move; new ones are queued as sources.jobs.read_source. The other tasks
that lived here need no such path: the desk's clock queues its periodic ones again within the
hour, and a version whose quote preparation is lost is folded at its first paste.
"""

from sources.jobs import read_source

__all__ = ["read_source"]
