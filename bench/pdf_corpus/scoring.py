"""Judging a reading of a corpus PDF against its ground truth.

A reading is a list of blocks (text, kind); readers without a notion of blocks (pdftotext and
the other peers) give their text as one block of kind "", and line ends count as spaces for
them, which is generous: the desk must keep a sentence inside one stored block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bench.pdf_corpus.texts import Document, word_tokens

# Headings as each producer sets them, where it adds words of its own.
HEADING_FORMATS = {"chromium-1col": "Section {number}: {heading}"}
# Words a producer adds to the page (a "Notes" heading, a running label).
ADDED_WORDS = {"Notes", "Section", "Page", "of"}
_NOTE_MARK = re.compile(
    r"(?<=[.!?,;:»”’a-zA-Z\u00c0-\u024f\u0400-\u04ff])(?:\d{1,2}|\*|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?=\s|$)"
)
_PAGE_LINE = re.compile(r"(?:^|\s)(?:Page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.MULTILINE)


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Score:
    sentences: int
    verbatim: int
    paragraphs: int
    whole: int
    headings: int
    headings_found: int
    running_leaked: int
    wrong_words: int
    examples: list[str]

    @property
    def verbatim_share(self) -> float:
        return self.verbatim / self.sentences if self.sentences else 1.0

    @property
    def whole_share(self) -> float:
        return self.whole / self.paragraphs if self.paragraphs else 1.0

    @property
    def headings_share(self) -> float:
        return self.headings_found / self.headings if self.headings else 1.0


def expected_headings(producer: str, document: Document) -> list[str]:
    form = HEADING_FORMATS.get(producer, "{heading}")
    return [
        form.format(number=number, heading=section.heading)
        for number, section in enumerate(document.sections, start=1)
    ]


def in_scope(producer: str, document: Document) -> Document:
    """The ground truth a producer could set: groff-like producers without Cyrillic fonts
    would drop sections, none of the current ones does."""
    return document


def score(producer: str, document: Document, blocks: list[tuple[str, str]]) -> Score:
    """How faithfully `blocks` (text, kind) store `document`."""
    texts = [squash(_NOTE_MARK.sub("", text)) for text, _ in blocks]
    raw = [squash(text) for text, _ in blocks]
    examples: list[str] = []
    sentences = document.sentences()
    verbatim = 0
    for sentence in sentences:
        if any(sentence in text for text in texts) or any(sentence in text for text in raw):
            verbatim += 1
        elif len(examples) < 6:
            examples.append(f"sentence: {sentence[:90]}")
    paragraphs = document.paragraph_texts()
    whole = 0
    for paragraph in paragraphs:
        if any(squash(paragraph) in text for text in texts):
            whole += 1
        elif len(examples) < 10:
            examples.append(f"paragraph: {paragraph[:70]}")
    headings = expected_headings(producer, document)
    heading_blocks = {squash(text) for text, kind in blocks if kind == "heading"}
    if all(kind == "" for _, kind in blocks):
        # A peer's text: a heading counts as found when it stands on a line of its own.
        heading_blocks = {squash(line) for text, _ in blocks for line in text.split("\n")}
    found = sum(1 for heading in headings if squash(heading) in heading_blocks)
    whole_text = "\n".join(text for text, _ in blocks)
    leaked = sum(whole_text.count(line) for line in (document.header, document.footer))
    leaked += len(
        [
            line
            for line in whole_text.split("\n")
            if re.fullmatch(r"\s*(Page\s+)?\d{1,3}(\s+of\s+\d{1,3})?\s*[-–]?\s*", line)
        ]
    )
    vocabulary = document.words() | ADDED_WORDS | set(word_tokens(" ".join(headings)))
    vocabulary |= set(word_tokens(document.header + " " + document.footer))
    wrong = [
        word
        for word in word_tokens(_NOTE_MARK.sub("", whole_text))
        if word not in vocabulary and not word.isdigit()
    ]
    examples += [f"word: {word}" for word in wrong[:4]]
    return Score(
        len(sentences),
        verbatim,
        len(paragraphs),
        whole,
        len(headings),
        found,
        leaked,
        len(wrong),
        examples,
    )
