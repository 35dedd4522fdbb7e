"""`python -m bench.pdf_corpus [producer ...]`: write the corpus to bench/work/corpus/."""

from __future__ import annotations

import sys
import time

from bench.pdf_corpus.build import CORPUS_DIR, build


def main(argv: list[str]) -> int:
    started = time.monotonic()
    made = build(argv or None)
    print(f"{len(made)} PDFs in {CORPUS_DIR} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
