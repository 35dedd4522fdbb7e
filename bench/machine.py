"""The machine the bench ran on, and how busy other programs kept it while it measured."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies over all CPUs since boot."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # up to steal; guest time is already counted in user
    return total - idle, total


def background_busy(seconds: float = 0.5) -> float:
    """Share of all CPUs busy while the bench itself is idle: other programs' load, 0 to 1."""
    busy_before, total_before = _cpu_times()
    time.sleep(seconds)
    busy_after, total_after = _cpu_times()
    return (busy_after - busy_before) / max(1, total_after - total_before)


def wait_for_quiet(threshold: float = 0.25, patience: float = 3.0) -> float:
    """Wait (a little) for other programs to leave the CPUs; returns how busy they still are."""
    deadline = time.monotonic() + patience
    busy = background_busy()
    while busy > threshold and time.monotonic() < deadline:
        busy = background_busy(1.0)
    return busy


def describe(database: str, wrk_version: str) -> dict:
    import django

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "wrk": wrk_version,
        "load_average": Path("/proc/loadavg").read_text().split()[:3],
    }
