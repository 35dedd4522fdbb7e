"""The bench's one table: printed, and written as JSON and Markdown under bench/results/."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
ROOT = RESULTS_DIR.parent.parent
HEADER = ("what", "req/s", "p50 ms", "p99 ms", "vs floor", "SQL 1k/100k", "target", "met?")


@dataclass
class Row:
    what: str
    rate: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    vs_floor: float | None = None
    sql: str = ""
    target: str = ""
    met: bool | None = None
    missing: str = ""

    def cells(self) -> tuple[str, ...]:
        if self.missing:
            return (self.what, f"n/a ({self.missing})", *[""] * 6)
        return (
            self.what,
            _number(self.rate),
            _number(self.p50_ms),
            _number(self.p99_ms),
            f"{self.vs_floor:.3f}" if self.vs_floor is not None else "",
            self.sql,
            self.target,
            {True: "yes", False: "NO", None: ""}[self.met],
        )

    def as_json(self) -> dict:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def _number(value: float | None) -> str:
    """Three significant figures or so: 2,067 / 55.3 / 0.43."""
    if value is None:
        return ""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def text_table(rows: list[Row], notes: list[str]) -> str:
    cells = [HEADER, *[row.cells() for row in rows]]
    widths = [
        max(len(line[i]) for line in cells if not line[1].startswith("n/a")) for i in range(8)
    ]
    lines = []
    for line in cells:
        if line[1].startswith("n/a"):
            lines.append(f"{line[0]:<{widths[0]}}  {line[1]}")
            continue
        padded = [
            f"{cell:<{widths[i]}}" if i in (0, 5, 6) else f"{cell:>{widths[i]}}"
            for i, cell in enumerate(line)
        ]
        lines.append("  ".join(padded).rstrip())
    rule = "-" * len(lines[0])
    return "\n".join([rule, lines[0], rule, *lines[1:], rule, *notes])


def markdown_table(rows: list[Row], notes: list[str]) -> str:
    def line(cells) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    out = [line(HEADER), "|" + "---|" * len(HEADER)]
    for row in rows:
        cells = row.cells()
        out.append(line(cells if not row.missing else (cells[0], cells[1], *[""] * 6)))
    return "\n".join(out + [""] + [f"- {note}" for note in notes]) + "\n"


def git_commit() -> dict:
    def git(*args) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD") or "unknown",
        "short": git("rev-parse", "--short", "HEAD") or "nogit",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def write(result: dict, rows: list[Row], notes: list[str]) -> Path:
    """bench/results/<UTC time>-<commit>.json, latest.json and latest.md."""
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {**result, "table": [row.as_json() for row in rows], "notes": notes}
    data = json.dumps(result, indent=2, default=str) + "\n"
    path = RESULTS_DIR / f"{stamp}-{result['commit']['short']}.json"
    path.write_text(data)
    (RESULTS_DIR / "latest.json").write_text(data)
    machine_line = (
        f"{result['machine']['nproc']} × {result['machine']['cpu']}, "
        f"{result['machine']['memory_gb']} GB, Python {result['machine']['python']}, "
        f"Django {result['machine']['django']}, {result['machine']['database']}"
    )
    commit = result["commit"]
    heading = (
        f"Bench of {commit['short']}{' (uncommitted changes)' if commit['dirty'] else ''}, "
        f"{stamp}, on {machine_line}.\n\n"
    )
    (RESULTS_DIR / "latest.md").write_text(heading + markdown_table(rows, notes))
    return path
