"""The bench's texts: varied copies of the demo seed articles, and the quotable spans in them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sources.importing import decode_text, tidy_text
from sources.structure import BODY_KINDS, split_blocks

SEEDS_DIR = Path(__file__).resolve().parent.parent / "desk" / "demo" / "seeds"
# The word the searched page looks for: it stands in a few sentences of every seed text.
SEARCH_TERM = "sanctions"
MEGABYTE = 1_048_576
# A sentence with its closing punctuation and any closing quote marks or brackets.
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[\"'”’)\]]*|$)")
_QUOTE_MIN, _QUOTE_MAX = 30, 600


@cache
def seed_texts() -> tuple[str, ...]:
    """The demo seed articles, tidied exactly as the importer stores them."""
    paths = sorted(SEEDS_DIR.glob("*.txt"))
    return tuple(tidy_text(decode_text(p.read_bytes(), name=p.name)) for p in paths)


def source_text(index: int) -> str:
    """The text of bench source `index`: a seed article under a line of its own, so each differs."""
    base = seed_texts()[index % len(seed_texts())]
    return f"Bench copy {index + 1} of a seed article, for load testing only\n{base}"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of a reasonable length in the body paragraphs."""
    spans = []
    for block in split_blocks(text):
        if block.kind not in BODY_KINDS:
            continue
        paragraph = text[block.start : block.end]
        for match in _SENTENCE.finditer(paragraph):
            sentence = match.group()
            stripped = sentence.lstrip()
            start = block.start + match.start() + (len(sentence) - len(stripped))
            end = block.start + match.start() + len(sentence.rstrip())
            if _QUOTE_MIN <= end - start <= _QUOTE_MAX:
                spans.append((start, end))
    return spans


def megabyte_text() -> tuple[str, list[tuple[int, int]]]:
    """A ~1 MB source text, and one quotable span per paragraph that occurs once in it.

    Each copy of a seed paragraph is numbered ([copy/paragraph]), so a quote that starts with
    the number is unique, as a real quote in one long report would be.
    """
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    size = 0
    copy = 0
    while size < MEGABYTE:
        copy += 1
        for base in seed_texts():
            for number, line in enumerate(base.split("\n"), start=1):
                numbered = f"[{copy}/{number}] {line}"
                first = _SENTENCE.match(numbered)
                if first and _QUOTE_MIN <= len(first.group().rstrip()) <= _QUOTE_MAX:
                    spans.append((size, size + len(first.group().rstrip())))
                lines.append(numbered)
                size += len(numbered) + 1
    return "\n".join(lines), spans
