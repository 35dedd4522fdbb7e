"""The desk's background workers: one process per set of queues, and the desk's clock.

`manage.py desk_worker` starts a worker process for each set of TASK_WORKER_QUEUES (by default
one each for reading, OCR, deliveries with the desk's short tasks, and periodic work), so that
no kind of work waits behind another; the processes are forked from this one after Django has
loaded, sharing its memory until they write to it, which keeps `make run` light. This process
keeps the desk's clock (desk.periodic), starts again a worker that died, and on SIGTERM or
Ctrl-C asks each to finish its task and stop.

`--queues reading` (one set) runs that one worker in this process, with the clock in a thread
beside it, for a deployment that spreads its workers by hand; `--no-clock` leaves time to
others (any number of clocks may run: each periodic run is claimed in the database).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

from desk.periodic.clock import keep_time, this_worker, tick_safely

logger = logging.getLogger("desk.workers")
# A worker that dies at once (a broken setting) is started again at most this often.
RESTART_PAUSE = 5.0
# How long stopping waits for a task to finish before the worker is killed.
STOP_GRACE = 30.0


def _worker(queues: list[str], interval: float) -> Worker:
    return Worker(
        queue_names=queues,
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=True,
        max_tasks=None,
        worker_id=f"{this_worker()}:{','.join(queues)}"[:64],
        excluded_queue_names=[],
    )


class Command(BaseCommand):
    help = (
        "Run the desk's background workers, one process per set of queues "
        "(TASK_WORKER_QUEUES), and the desk's periodic work."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queues",
            action="append",
            help="A set of queues for one worker process, comma between queues; repeat for "
            "more processes (default: TASK_WORKER_QUEUES).",
        )
        parser.add_argument(
            "--no-clock", action="store_true", help="Leave the periodic work to other workers."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds an idle worker waits before looking at its queues again.",
        )

    def handle(self, *args, queues=None, no_clock=False, interval=1.0, **options) -> None:
        sets = [[name for name in spec.split(",") if name] for spec in queues or []]
        sets = sets or [spec.split(",") for spec in settings.TASK_WORKER_QUEUES]
        known = set(settings.TASK_QUEUES)
        for queue_set in sets:
            unknown = set(queue_set) - known - {"*"}
            if unknown or not queue_set:
                raise CommandError(
                    f"Unknown queue {', '.join(sorted(unknown)) or '(empty)'}: "
                    f"the desk's queues are {', '.join(settings.TASK_QUEUES)}."
                )
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        if len(sets) == 1:
            self._run_here(sets[0], interval, clock=not no_clock)
        else:
            Supervisor(sets, interval, clock=not no_clock).run()

    def _run_here(self, queues: list[str], interval: float, *, clock: bool) -> None:
        stop = threading.Event()
        if clock:
            threading.Thread(target=keep_time, args=(stop,), name="clock", daemon=True).start()
        worker = _worker(queues, interval)
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()


def _stop_with(parent: int) -> None:
    """Have Linux send this worker SIGTERM if the process that started it dies (killed with
    SIGKILL, say), so that no worker is left running on its own."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the request above
        os.kill(os.getpid(), signal.SIGTERM)


class Supervisor:
    """Forks a worker per set of queues, keeps time between looking after them."""

    def __init__(self, sets: list[list[str]], interval: float, *, clock: bool) -> None:
        self.sets, self.interval, self.clock = sets, interval, clock
        self.children: dict[int, list[str]] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for queues in self.sets:
            self._start(queues)
        logger.info("Workers started: %s", "; ".join(",".join(q) for q in self.sets))
        # The clock ticks in this thread, between looking after the workers: a second thread
        # here could hold a lock (the log's, a connection's) at the moment a worker is forked.
        next_tick = 0.0
        while not self.stopping.is_set():
            self._look_after()
            if self.clock and time.monotonic() >= next_tick:
                tick_safely()
                next_tick = time.monotonic() + settings.PERIODIC_TICK_SECONDS
            self.stopping.wait(1.0)
        self._stop_children()

    def _start(self, queues: list[str]) -> None:
        # No connection may be shared with a child: each opens its own.
        connections.close_all()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                _stop_with(parent)
                worker = _worker(queues, self.interval)
                worker.configure_signals()
                worker.run()
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
            except BaseException:
                logger.exception("Worker for %s stopped", ",".join(queues))
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        self.children[pid] = queues

    def _look_after(self) -> None:
        """Start again any worker that died (killed for memory, say): its queues must not wait."""
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            queues = self.children.pop(pid, None)
            if queues is None or self.stopping.is_set():
                continue
            logger.warning(
                "Worker for %s stopped (%s); starting another",
                ",".join(queues),
                os.waitstatus_to_exitcode(status),
            )
            self.stopping.wait(RESTART_PAUSE)
            if not self.stopping.is_set():
                self._start(queues)

    def _stop(self, signum, frame) -> None:
        self.stopping.set()

    def _stop_children(self) -> None:
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        while self.children and time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                self.children.pop(pid, None)
            else:
                time.sleep(0.1)
        for pid in self.children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
