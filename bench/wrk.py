"""wrk, the load generator: installed from Debian when missing, run pinned, its output parsed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

from bench.server import LOAD_CPU

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


@dataclass
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_status: int
    socket_errors: int
    seconds: float
    # Share of the CPUs other programs used just before the run (see bench.machine).
    background_busy: float = 0.0

    def as_json(self) -> dict:
        return asdict(self)


def ensure_installed() -> str:
    """The path of wrk, installing Debian's package when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing Debian's package (apt-get install wrk)…", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    quiet = {
        "stdout": subprocess.DEVNULL,
        "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    }
    install = [*sudo, "apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, **quiet, check=False).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], **quiet, check=True)
        subprocess.run(install, **quiet, check=True)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk could not be installed; install it (apt-get install wrk).")
    return found


def version(wrk: str) -> str:
    output = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (output.stdout or output.stderr).strip().splitlines()[0]


def run(
    wrk: str,
    url: str,
    *,
    headers: dict[str, str],
    seconds: int,
    connections: int,
) -> Measurement:
    """One wrk run: one thread on the load core, `connections` connections, latency percentiles."""
    command = [
        "taskset", "-c", str(LOAD_CPU),
        wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse(output, seconds)


def parse(output: str, seconds: float) -> Measurement:
    percentiles = {
        int(p): float(value) * _UNITS_MS[unit] for p, value, unit in _PERCENTILE.findall(output)
    }
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if not rate or 50 not in percentiles or 99 not in percentiles:
        raise RuntimeError(f"Could not read wrk's output:\n{output}")
    return Measurement(
        requests_per_second=float(rate.group(1)),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        requests=int(total.group(1)) if total else 0,
        bad_status=int(bad.group(1)) if bad else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
        seconds=seconds,
    )
