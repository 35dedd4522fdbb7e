"""Making the corpus' files, each once: a PDF is remade only when it is missing."""

from __future__ import annotations

from pathlib import Path

from bench.pdf_corpus.producers import PRODUCERS
from bench.pdf_corpus.texts import Document, documents

CORPUS_DIR = Path(__file__).resolve().parents[1] / "work" / "corpus"


def path_of(producer: str, document: Document) -> Path:
    return CORPUS_DIR / f"{producer}-{document.key}.pdf"


def build(producers: list[str] | None = None) -> list[tuple[str, Document, Path]]:
    """(producer, ground truth, PDF path) for every producer and document of the corpus."""
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    made = []
    for producer in producers or list(PRODUCERS):
        for document in documents():
            path = path_of(producer, document)
            if not path.exists():
                path.write_bytes(PRODUCERS[producer](document))
            made.append((producer, document, path))
    return made
