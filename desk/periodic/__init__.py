"""The desk's clock: periodic work run by the task workers themselves, without cron.

`desk.periodic.clock` holds the table of periodic jobs and `tick`, which runs those that are
due; the worker command (`manage.py desk_worker`) calls it every PERIODIC_TICK_SECONDS. Any
number of workers may keep time at once, on any number of machines: each job's next run is one
row (`models.PeriodicJob`) claimed by a conditional UPDATE, so a tick is run by one of them only.
"""
