"""The layout of a PDF page: its text runs joined into lines, and the lines in reading order.

PDFium gives the text of a page as runs with their boxes. Runs on the same line and close
together become one line (a column gutter keeps them apart); a page's body is then read left
column first, then right, with full-width lines (a title) in place, and the small type at its
foot is kept apart as footnotes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium


@dataclass
class Line:
    page: int
    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageLines:
    number: int
    width: float
    height: float
    lines: list[Line]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r", " ").replace("\n", " "))
    text = text.replace("\ufffe", "").replace("\u00a0", " ")
    hyphen = text.rstrip().endswith(("\x02", "\u00ad"))
    text = " ".join(text.replace("\x02", "").replace("\u00ad", "").split())
    return text + "\x02" if hyphen and text else text


def page_lines(page: pdfium.PdfPage, number: int) -> PageLines:
    width, height = page.get_size()
    textpage = page.get_textpage()
    runs: list[Line] = []
    try:
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = _clean(textpage.get_text_bounded(left, bottom, right, top))
            if text:
                runs.append(Line(number, left, height - top, right, height - bottom, text))
    finally:
        textpage.close()
    return PageLines(number, width, height, _merge_runs(runs))


def _merge_runs(runs: list[Line]) -> list[Line]:
    """Runs on the same line and close together joined; a column gutter keeps them apart."""
    runs.sort(key=lambda run: (round(run.top + run.height / 2), run.left))
    lines: list[Line] = []
    for run in runs:
        last = lines[-1] if lines else None
        if (
            last is not None
            and abs((last.top + last.bottom) / 2 - (run.top + run.bottom) / 2)
            < 0.5 * max(run.height, 1)
            and 0 <= run.left - last.right < 1.2 * max(run.height, last.height)
        ):
            last.text = f"{last.text.removesuffix(chr(2))} {run.text}".strip()
            last.right, last.top = run.right, min(last.top, run.top)
            last.bottom = max(last.bottom, run.bottom)
        else:
            lines.append(run)
    return lines


def reading_order(page: PageLines, body_size: float) -> tuple[list[Line], list[Line]]:
    """The page's body lines in reading order, and its footnotes."""
    notes_from = None
    for line in page.lines:
        if (
            line.top >= page.height * 0.6
            and line.height < body_size * 0.88
            and re.match(r"^[\d*†‡¹²³⁴⁵⁶⁷⁸⁹]", line.text)
        ):
            notes_from = line.top if notes_from is None else min(notes_from, line.top)
    notes = [
        line
        for line in page.lines
        if notes_from is not None and line.top >= notes_from and line.height < body_size * 0.88
    ]
    body = [line for line in page.lines if line not in notes]
    middle = page.width / 2
    slack = page.width * 0.02
    left = [line for line in body if line.right <= middle + slack]
    right = [line for line in body if line.left >= middle - slack]
    if len(left) < 3 or len(right) < 3:
        return sorted(body, key=lambda line: (line.top, line.left)), notes
    columns_top = min(line.top for line in left + right)
    spanning = [line for line in body if line not in left and line not in right]
    above = [line for line in spanning if line.top < columns_top]
    below = [line for line in spanning if line.top >= columns_top]
    order = sorted(above, key=lambda line: line.top)
    order += sorted(left, key=lambda line: line.top) + sorted(right, key=lambda line: line.top)
    return order + sorted(below, key=lambda line: line.top), notes
