"""Reading documents, measured: `python bench/documents.py` (also run by `make bench`).

1. PDF libraries compared on generated reports (one and two columns, footnotes, hyphenated line
   ends, running heads and feet, page numbers): pages per second and how many paragraphs come
   out whole and in order. PDFium (pypdfium2) through the desk's own layout reading; pdfplumber
   through its extract_text (its own reading order) and through the desk's layout reading fed
   with pdfplumber's lines.
2. The desk's reader on a 500-page text PDF: pages per second (floor 20 on 2 cores) and the
   peak memory of the process reading it.
3. OCR: seconds per page of a scanned page at 300 dpi, when Tesseract is installed.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
os.environ.setdefault("DESK_TESTING", "1")

import django  # noqa: E402

django.setup()

import pdfplumber  # noqa: E402

from sources import pdf as desk_pdf  # noqa: E402
from tests.sources.pdfs import Report, prose, report_pdf  # noqa: E402

FOOTNOTES = {2: "See the annex.", 9: "Figures for 2024."}


def fixtures() -> dict[str, tuple[bytes, list[str]]]:
    made = {}
    for columns in (1, 2):
        paragraphs = [prose(i, words=90) for i in range(60)]
        laid = report_pdf(
            Report(paragraphs, title="Annual review", columns=columns, footnotes=FOOTNOTES)
        )
        made[f"{columns} column{'s' if columns > 1 else ''}"] = (laid.data, paragraphs)
    return made


def _squash(text: str) -> str:
    # Footnote marks (a digit after a full stop) are numbered per page: left out of the match.
    return re.sub(r"(?<=\.)\d+", "", re.sub(r"\s+", " ", text)).strip()


def intact(text: str, paragraphs: list[str]) -> float:
    """The share of paragraphs found whole, in order (each after the one before)."""
    text = _squash(text)
    found, position = 0, 0
    for paragraph in paragraphs:
        at = text.find(_squash(paragraph), position)
        if at >= 0:
            found += 1
            position = at
    return found / len(paragraphs)


def pdfium_desk(data: bytes) -> tuple[str, int]:
    prepared = desk_pdf.read_pdf(data, name="bench.pdf")
    return prepared.text, prepared.page_count


def plumber_text(data: bytes) -> tuple[str, int]:
    from io import BytesIO

    with pdfplumber.open(BytesIO(data)) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    # Line-end hyphens joined as the desk does, so the comparison is about order and content.
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", "\n".join(pages))
    return text, len(pages)


def plumber_desk(data: bytes) -> tuple[str, int]:
    """pdfplumber's lines through the desk's own layout reading."""
    from io import BytesIO

    pages = []
    with pdfplumber.open(BytesIO(data)) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = []
            for line in page.extract_text_lines(return_chars=False):
                lines.append(
                    desk_pdf.Line(
                        number, line["x0"], line["top"], line["x1"], line["bottom"], line["text"]
                    )
                )
            pages.append(desk_pdf.PageLines(number, page.width, page.height, lines))
    desk_pdf.drop_running_lines(pages)
    blocks = desk_pdf.paragraphs(pages)
    return "\n".join(block.finished_text for block in blocks), len(pages)


def timed(reader, data: bytes, rounds: int = 2) -> tuple[str, int, float]:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        text, pages = reader(data)
        best = min(best, time.perf_counter() - started)
    return text, pages, pages / best


def compare_libraries() -> list[dict]:
    rows = []
    for label, (data, paragraphs) in fixtures().items():
        for name, reader in (
            ("pypdfium2 + desk layout", pdfium_desk),
            ("pdfplumber extract_text", plumber_text),
            ("pdfplumber + desk layout", plumber_desk),
        ):
            text, pages, rate = timed(reader, data)
            leaked = sum(text.count(s) for s in ("Working Paper 12", "© 2025 Centre"))
            rows.append(
                {
                    "fixture": label,
                    "reader": name,
                    "pages": pages,
                    "pages_per_second": round(rate, 1),
                    "paragraphs_intact": f"{intact(text, paragraphs):.0%}",
                    "running_lines_leaked": leaked,
                }
            )
    return rows


# Peak memory from /proc (VmHWM): ru_maxrss would carry over the parent's peak across exec.
WORKER_READS = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
import django; django.setup()
from sources.pdf import read_pdf
data = open(sys.argv[1], "rb").read()
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = peak()
started = time.perf_counter()
prepared = read_pdf(data, name="long.pdf")
seconds = time.perf_counter() - started
print(prepared.page_count, seconds, before, peak())
"""


def large_pdf(pages: int = 500) -> dict:
    """A worker process reading a 500-page text PDF: its speed and its peak memory."""
    import subprocess
    import tempfile

    paragraphs = [prose(i, words=90) for i in range(pages * 34 // 10)]
    data = report_pdf(Report(paragraphs, title="Long report")).data
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        output = subprocess.run(
            [sys.executable, "-c", WORKER_READS, handle.name],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "DESK_TESTING": "1"},
        ).stdout.split()
    count, seconds, before, peak = int(output[0]), float(output[1]), int(output[2]), int(output[3])
    return {
        "pages": count,
        "pages_per_second": round(count / seconds, 1),
        "seconds": round(seconds, 2),
        "peak_memory_mb": round(peak / 1024, 1),
        "memory_growth_mb": round((peak - before) / 1024, 1),
    }


def ocr_seconds_per_page() -> dict:
    from sources import ocr

    if not ocr.installed_languages():
        return {"ocr": "Tesseract not installed"}
    from tests.sources.scans import scanned_pdf

    data = scanned_pdf(["Paragraph one of the scanned letter. " * 8] * 3, pages=2)
    started = time.perf_counter()
    prepared = ocr.read_scanned_pdf(data, name="scan.pdf")
    seconds = time.perf_counter() - started
    return {"ocr_pages": prepared.page_count, "ocr_seconds_per_page": round(seconds / 2, 2)}


def main() -> int:
    if sys.argv[1:] == ["memory"]:
        print(large_pdf())
        return 0
    print("PDF libraries on generated reports")
    for row in compare_libraries():
        print(
            f"  {row['fixture']:<10} {row['reader']:<26} {row['pages']:>3} pages "
            f"{row['pages_per_second']:>7} pages/s  paragraphs intact {row['paragraphs_intact']:>5}"
            f"  running lines leaked {row['running_lines_leaked']}"
        )
    large = large_pdf()
    print(
        f"Text PDF, {large['pages']} pages: {large['pages_per_second']} pages/s "
        f"(floor 20), {large['seconds']} s, peak memory {large['peak_memory_mb']} MB "
        f"(+{large['memory_growth_mb']} MB while reading)"
    )
    print(f"OCR: {ocr_seconds_per_page()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
