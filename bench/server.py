"""The production server under test: gunicorn with two sync workers, pinned to its own core.

With two cores, the server (master and both workers) runs on SERVER_CPU and wrk, one thread, on
LOAD_CPU, so that the load generator never takes CPU time from the workers it measures and the
workers never slow wrk's clock. PostgreSQL is not pinned (it is not ours to move): the scheduler
runs its backends mostly on the load core, where wrk leaves most of the time free.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WORKERS = 2
SERVER_CPU = 1
LOAD_CPU = 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    """One request, for warming up and for checking a row answers as expected."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


@dataclass
class WorkerMemory:
    pid: int
    rss_mb: float
    pss_mb: float | None


class Server:
    """gunicorn desk.project.wsgi with the bench settings; a context manager that always stops
    it."""

    def __init__(self, environment: dict[str, str], label: str, log_dir: Path):
        self.environment = {**os.environ, **environment}
        self.label = label
        self.log = log_dir / f"gunicorn-{label}.log"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        command = [
            "taskset", "-c", str(SERVER_CPU),
            str(GUNICORN), "desk.project.wsgi",
            "--workers", str(WORKERS),
            "--bind", f"127.0.0.1:{self.port}",
            "--no-control-socket",
            "--error-logfile", str(self.log),
            "--log-level", "warning",
            "--timeout", "60",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment)
        self._wait_ready()
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}; see {self.log}"
                )
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {self.log}")

    def warm(self, path: str, headers: dict[str, str], expect: int, times: int = 4) -> None:
        """Both workers load the page's code and templates before anything is timed."""
        for _ in range(times):
            status, _ = get(self.port, path, headers)
            if status != expect:
                raise RuntimeError(f"{path} answered {status} on the server, not {expect}")

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            return [int(p) for p in children.read_text().split()]
        return [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _parent(int(entry.name)) == pid
        ]

    def memory(self) -> list[WorkerMemory]:
        """Resident memory of each worker; PSS counts pages shared with the master only in part."""
        return [_memory(pid) for pid in self.workers()]


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _memory(pid: int) -> WorkerMemory:
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    pss = None
    rollup = Path(f"/proc/{pid}/smaps_rollup")
    if rollup.exists():
        for line in rollup.read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    return WorkerMemory(pid, rss / 1024, pss)
