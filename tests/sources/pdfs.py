"""PDFs made by the tests themselves: reports laid out line by line with fpdf2, so that each test
knows exactly which words are on which page, where a word is hyphenated at a line end, and what
the running header, footer and page numbers say.

Nothing here is a stored binary: every fixture is generated when a test asks for it.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field

from fpdf import FPDF

# fpdf2 narrates every font subset it makes; the tests have no use for it.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN = 20
GUTTER = 10
BODY_SIZE = 10
LINE = 5.2
TOP = 30
BOTTOM = PAGE_HEIGHT - 30


@dataclass
class Report:
    """What to lay out: paragraphs in order, with optional headings and footnotes."""

    paragraphs: list[str]
    title: str = ""
    columns: int = 1
    header: str = "Centre for Eastern Studies · Working Paper 12"
    footer: str = "© 2025 Centre for Eastern Studies"
    page_numbers: bool = True
    hyphenate: bool = True
    # Footnote text by the index of the paragraph that carries its mark.
    footnotes: dict[int, str] = field(default_factory=dict)
    headings: dict[int, str] = field(default_factory=dict)
    # Start a new page before these paragraph indexes.
    page_breaks: set[int] = field(default_factory=set)


@dataclass
class Laid:
    """The PDF and, for each paragraph, the pages it was laid out on."""

    data: bytes
    pages: list[tuple[int, int]]
    page_count: int
    hyphenated: list[str]


class _Layout:
    def __init__(self, report: Report):
        self.report = report
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("Serif", "", FONT)
        self.pdf.add_font("Serif", "B", FONT_BOLD)
        self.page = 0
        self.column = 0
        self.y = TOP
        self.notes: list[str] = []
        self.hyphenated: list[str] = []
        width = PAGE_WIDTH - 2 * MARGIN
        self.column_width = (width - GUTTER * (report.columns - 1)) / report.columns

    def column_x(self) -> float:
        return MARGIN + self.column * (self.column_width + GUTTER)

    def new_page(self) -> None:
        if self.page:
            self.finish_page()
        self.pdf.add_page()
        self.page += 1
        self.column = 0
        self.y = TOP
        pdf = self.pdf
        if self.report.header:
            pdf.set_font("Serif", "", 8)
            pdf.text(MARGIN, 14, self.report.header)

    def finish_page(self) -> None:
        pdf = self.pdf
        y = BOTTOM + 4
        pdf.set_font("Serif", "", 7.5)
        for note in self.notes:
            pdf.text(MARGIN, y, note)
            y += 4
        self.notes = []
        pdf.set_font("Serif", "", 8)
        if self.report.footer:
            pdf.text(MARGIN, PAGE_HEIGHT - 10, self.report.footer)
        if self.report.page_numbers:
            pdf.text(PAGE_WIDTH - MARGIN - 5, PAGE_HEIGHT - 10, str(self.page))

    def advance(self) -> None:
        self.y += LINE
        if self.y > BOTTOM - 4 * len(self.notes) - 6:
            if self.column + 1 < self.report.columns:
                self.column += 1
                self.y = self.column_top
            else:
                self.new_page()
                self.column_top = TOP

    def lines(self, text: str) -> list[str]:
        pdf = self.pdf
        words, lines, current = text.split(), [], ""
        while words:
            word = words.pop(0)
            trial = f"{current} {word}".strip()
            if pdf.get_string_width(trial) <= self.column_width:
                current = trial
                continue
            if self.report.hyphenate and len(word) >= 8 and word.isalpha():
                for cut in range(len(word) - 3, 3, -1):
                    head = f"{current} {word[:cut]}-".strip()
                    if pdf.get_string_width(head) <= self.column_width:
                        lines.append(head)
                        self.hyphenated.append(word)
                        current = word[cut:]
                        break
                else:
                    lines.append(current)
                    current = word
                continue
            lines.append(current)
            current = word
        if current:
            lines.append(current)
        return lines

    def run(self) -> Laid:
        report = self.report
        self.new_page()
        self.column_top = TOP
        pdf = self.pdf
        if report.title:
            pdf.set_font("Serif", "B", 16)
            pdf.text(MARGIN, self.y, report.title)
            self.y += 12
            self.column_top = self.y
        spans = []
        for index, paragraph in enumerate(report.paragraphs):
            if index in report.page_breaks and self.y > self.column_top:
                self.new_page()
                self.column_top = TOP
            if index in report.headings:
                pdf.set_font("Serif", "B", 12.5)
                self.y += 2
                pdf.text(self.column_x(), self.y, report.headings[index])
                self.y += 3
                self.advance()
            pdf.set_font("Serif", "", BODY_SIZE)
            first = self.page
            if index in report.footnotes:
                number = len(self.notes) + 1
                paragraph = f"{paragraph}{number}"
                self.notes.append(f"{number} {report.footnotes[index]}")
            for line in self.lines(paragraph):
                pdf.set_font("Serif", "", BODY_SIZE)
                pdf.text(self.column_x(), self.y, line)
                self.advance()
            spans.append((first, self.page))
            self.y += LINE * 0.8
        self.finish_page()
        return Laid(bytes(pdf.output()), spans, self.page, self.hyphenated)


def report_pdf(report: Report) -> Laid:
    return _Layout(report).run()


WORDS = [
    "sanctions",
    "policy",
    "international",
    "cooperation",
    "negotiations",
    "parliament",
    "government",
    "representatives",
    "infrastructure",
    "agreement",
    "regional",
    "development",
    "assessment",
    "humanitarian",
    "organisations",
    "transparency",
    "accountability",
    "independent",
    "observers",
    "electoral",
    "commission",
]


def prose(number: int, words: int = 60, seed: str = "") -> str:
    """A paragraph of recognisable, distinct prose: paragraph N starts with "Paragraph N"."""
    chooser = random.Random(f"{number}{seed}")
    body = " ".join(chooser.choice(WORDS) for _ in range(words))
    return f"Paragraph {number}{seed} opens with {body}."
