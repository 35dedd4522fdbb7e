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
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.project.settings")
os.environ.setdefault("DESK_TESTING", "1")

import django  # noqa: E402

django.setup()

from bench.pdf_corpus.build import build  # noqa: E402
from bench.pdf_corpus.scoring import Score, score  # noqa: E402
from sources.formats import read_document  # noqa: E402
from sources.importing import ImportRefused  # noqa: E402
from tests.sources.pdfs import Report, prose, report_pdf  # noqa: E402

Blocks = list[tuple[str, str]]


def desk_reader(data: bytes) -> tuple[Blocks, int]:
    # As the desk reads an upload: a damaged text layer is read as a scan (sources.formats).
    try:
        prepared = read_document("bench.pdf", data, kind="pdf")
    except ImportRefused as refused:
        return [(f"[refused: {refused}]", "other")], 0
    return list(zip(prepared.text.split("\n"), prepared.kinds, strict=True)), prepared.page_count


def pdftotext_reader(data: bytes) -> tuple[Blocks, int]:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return [(text, "")], text.count("\f")


def pdfplumber_reader(data: bytes) -> tuple[Blocks, int]:
    from io import BytesIO

    import pdfplumber

    with pdfplumber.open(BytesIO(data)) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    return [("\n".join(pages), "")], len(pages)


def pdfminer_reader(data: bytes) -> tuple[Blocks, int]:
    from io import BytesIO

    from pdfminer.high_level import extract_text

    text = extract_text(BytesIO(data))
    return [(text, "")], text.count("\f")


def pdfium_reader(data: bytes) -> tuple[Blocks, int]:
    """PDFium's own text of each page (pypdfium2's get_text_range), in its own order."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    texts = []
    try:
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return [("\n".join(texts).replace("\r", ""), "")], len(texts)


READERS = {
    "desk": desk_reader,
    "pdftotext": pdftotext_reader,
    "pdfplumber": pdfplumber_reader,
    "pdfminer.six": pdfminer_reader,
    "PDFium text": pdfium_reader,
}


def compare_readers(only: list[str] | None = None, *, verbose: bool = False) -> list[dict]:
    """Every reader on every producer's files: the ground truth's share stored faithfully."""
    corpus = build()
    rows = []
    for reader_name, reader in READERS.items():
        if only and reader_name not in only:
            continue
        by_producer: dict[str, list[Score]] = {}
        seconds: dict[str, float] = {}
        pages: dict[str, int] = {}
        for producer, document, path in corpus:
            data = path.read_bytes()
            started = time.perf_counter()
            blocks, count = reader(data)
            seconds[producer] = seconds.get(producer, 0) + time.perf_counter() - started
            pages[producer] = pages.get(producer, 0) + len(pdfium_pages(data))
            judged = score(producer, document, blocks)
            by_producer.setdefault(producer, []).append(judged)
            if verbose and judged.examples:
                print(f"  {reader_name} {path.name}: " + " | ".join(judged.examples[:8]))
        for producer, scores in by_producer.items():
            rows.append(
                {
                    "producer": producer,
                    "reader": reader_name,
                    "verbatim": sum(s.verbatim for s in scores) / sum(s.sentences for s in scores),
                    "whole": sum(s.whole for s in scores) / sum(s.paragraphs for s in scores),
                    "headings": sum(s.headings_found for s in scores)
                    / sum(s.headings for s in scores),
                    "leaked": sum(s.running_leaked for s in scores),
                    "wrong_words": sum(s.wrong_words for s in scores),
                    "pages_per_second": pages[producer] / seconds[producer],
                }
            )
    return rows


def pdfium_pages(data: bytes) -> range:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return range(len(document))
    finally:
        document.close()


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| producer | reader | sentences verbatim | paragraphs whole | headings found "
        "| running lines leaked | words split or joined | pages/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (r["producer"], list(READERS).index(r["reader"]))):
        desk = row["reader"] == "desk"
        name = f"**{row['reader']}**" if desk else row["reader"]
        lines.append(
            f"| {row['producer']} | {name} | {row['verbatim']:.1%} | {row['whole']:.0%} "
            f"| {row['headings']:.0%} | {row['leaked']} | {row['wrong_words']} "
            f"| {row['pages_per_second']:.0f} |"
        )
    return "\n".join(lines)


# Peak memory from /proc (VmHWM): ru_maxrss would carry over the parent's peak across exec.
WORKER_READS = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.project.settings")
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
    arguments = sys.argv[1:]
    if arguments == ["memory"]:
        print(large_pdf())
        return 0
    if arguments[:1] == ["corpus"]:
        # `corpus [reader ...]`: the table alone, with each file's misses.
        print(markdown_table(compare_readers(arguments[1:] or None, verbose=True)))
        return 0
    print("Reading the corpus (bench/pdf_corpus), per producer")
    print(markdown_table(compare_readers()))
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
