"""Reading a document in a box: a child process of the worker with a hard memory limit and a hard
deadline, so that no file, however made, can take the worker or the machine with it.

Each parser has bounds of its own (a PDF's streams, a page's pixels, an e-mail's headers, a Word
file's archive), but a parser can always surprise: the box is what holds when they do. The child
is forked from the worker (it inherits the settings, the language and the code already loaded,
so it starts in milliseconds), gives itself an address-space limit (RLIMIT_AS) of what the worker
already maps plus SOURCE_READING_MAX_MEMORY, and runs the reading in a process group of its own.
The worker waits for its answer until SOURCE_READING_MAX_SECONDS have passed, then kills the
whole group (Tesseract included) mid-page.

Whatever stops the box is the file's doing, and is a refusal with its reason: it is never worth
reading the same file again, so the job ends refused and the file is not kept.

The child touches no database: pages done go back to the worker through the same pipe as the
answer, and the worker records them.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import logging
import os
import pickle
import resource
import select
import signal
import struct
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext

from sources.importing import ImportRefused

logger = logging.getLogger(__name__)
T = TypeVar("T")
Progress = Callable[[int, int], None]

_LENGTH = struct.Struct("!Q")
# How often the worker says it is alive while a page takes long (sources.jobs' heartbeat).
ALIVE_EVERY = 5.0
_PR_SET_PDEATHSIG = 1


class ReadingStopped(ImportRefused):
    """A reading the box stopped: `reason` is "memory", "time" or "crashed"."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def needs_more_memory(name: str) -> ReadingStopped:
    return ReadingStopped(
        gettext(
            "%(name)s needs more memory than the desk allows for one document, so it was not "
            "read. A file this demanding is usually damaged or made to harm; if it is a real "
            "document, ask an administrator."
        )
        % {"name": name},
        "memory",
    )


def needs_more_time(name: str) -> ReadingStopped:
    return ReadingStopped(
        gettext(
            "%(name)s needs more time than the desk allows for one document (%(seconds)s "
            "seconds), so its reading was stopped. Split it and upload the part you need."
        )
        % {"name": name, "seconds": settings.SOURCE_READING_MAX_SECONDS},
        "time",
    )


def stopped_reader(name: str) -> ReadingStopped:
    return ReadingStopped(
        gettext(
            "%(name)s stopped the reader before it could be read: it is damaged, or needs more "
            "memory than the desk allows for one document."
        )
        % {"name": name},
        "crashed",
    )


def could_not_read(name: str) -> ImportRefused:
    return ImportRefused(
        gettext("%(name)s could not be read: it is damaged, or made in a way the desk cannot read.")
        % {"name": name}
    )


def memory_limit() -> int:
    """The address space the box allows: what this process maps already, plus the setting."""
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        mapped = 0
    return mapped + settings.SOURCE_READING_MAX_MEMORY


def _send(pipe: int, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(pipe, view) :]


def _die_with_parent() -> None:
    # A worker killed outright (SIGKILL, out of memory) must not leave its reading running.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _child(pipe: int, read: Callable[..., T], args, kwargs, limit: int, name: str) -> None:
    """The box itself: never returns (os._exit), so nothing of the worker's runs on in it."""
    try:
        os.setpgid(0, 0)
        _die_with_parent()
        # A parser that aborts (PDFium out of memory) ends the box, not the worker: the worker
        # logs it, without a dump that reads as if the worker itself had died.
        faulthandler.disable()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        # CPU time as a second line, should the worker stop watching the clock.
        seconds = settings.SOURCE_READING_MAX_SECONDS + 5
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))

        def report(done: int, total: int) -> None:
            _send(pipe, ("progress", done, total))

        try:
            result = read(*args, progress=report, **kwargs)
            _send(pipe, ("done", result))
        except ReadingStopped as error:
            _send(pipe, ("stopped", error.reason, str(error)))
        except ImportRefused as error:
            _send(pipe, ("refused", str(error)))
        except MemoryError:
            _send(pipe, ("stopped", "memory", str(needs_more_memory(name))))
        except RecursionError:
            _send(pipe, ("refused", str(could_not_read(name))))
        except Exception:
            # A parser's own exception: the file is what it could not take.
            logger.exception("Reading %s failed in its box", name)
            _send(pipe, ("refused", str(could_not_read(name))))
    except MemoryError:
        with contextlib.suppress(BaseException):
            _send(pipe, ("stopped", "memory", ""))
    except BaseException:
        with contextlib.suppress(BaseException):
            logger.exception("The reading box for %s failed", name)
    finally:
        os._exit(0)


def _kill(pid: int) -> None:
    """The box and everything it started (Tesseract)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def read_in_box(
    read: Callable[..., T],
    *args,
    name: str,
    progress: Progress | None = None,
    alive: Callable[[], None] | None = None,
    **kwargs,
) -> T:
    """`read(*args, progress=…, **kwargs)` run in a box: its answer, or ImportRefused saying why
    not (ReadingStopped when the box stopped it). `alive` is called every few seconds while the
    reading goes on, whether or not a page is done."""
    limit = memory_limit()
    # The answer is a prepared text of at most SOURCE_MAX_BYTES with its kinds and pages: more
    # than this many bytes back is not an answer the desk could store.
    most = 16 * settings.SOURCE_MAX_BYTES + (1 << 20)
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(receive)
        _child(send, read, args, kwargs, limit, name)
    # Both sides set the group, so that a kill sent before the child has run still finds it.
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)
    os.close(send)
    started = time.monotonic()
    deadline = started + settings.SOURCE_READING_MAX_SECONDS
    said_alive = started
    buffer = bytearray()
    answer: tuple | None = None
    try:
        while answer is None:
            now = time.monotonic()
            if now >= deadline:
                _kill(pid)
                logger.warning("The reading box for %s was stopped at its deadline", name)
                raise needs_more_time(name)
            if alive and now - said_alive >= ALIVE_EVERY:
                alive()
                said_alive = now
            ready, _, _ = select.select([receive], [], [], min(deadline - now, ALIVE_EVERY))
            if not ready:
                continue
            chunk = os.read(receive, 1 << 20)
            if not chunk:
                break
            buffer += chunk
            if len(buffer) > most:
                _kill(pid)
                raise ImportRefused(
                    gettext("%(name)s holds more text than the desk stores for one source.")
                    % {"name": name}
                )
            while len(buffer) >= _LENGTH.size:
                (length,) = _LENGTH.unpack_from(buffer)
                if len(buffer) < _LENGTH.size + length:
                    break
                # The child is this worker's own fork (it holds all the worker holds already),
                # so what it sends is no less trusted than the worker's own memory.
                message = pickle.loads(buffer[_LENGTH.size : _LENGTH.size + length])  # noqa: S301
                del buffer[: _LENGTH.size + length]
                if message[0] == "progress":
                    if progress:
                        progress(message[1], message[2])
                    said_alive = time.monotonic()
                else:
                    answer = message
                    break
    finally:
        os.close(receive)
        _kill(pid)
        status = 0
        with contextlib.suppress(ChildProcessError):
            _, status = os.waitpid(pid, 0)
    if answer is None:
        logger.warning(
            "The reading box for %s ended without an answer (%s)",
            name,
            f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"status {status}",
        )
        raise stopped_reader(name)
    kind = answer[0]
    if kind == "done":
        return answer[1]
    if kind == "stopped":
        reason, message = answer[1], answer[2]
        logger.warning("The reading box for %s was stopped: %s", name, reason)
        if reason == "memory" and not message:
            raise needs_more_memory(name)
        raise ReadingStopped(message, reason)
    raise ImportRefused(answer[1])
