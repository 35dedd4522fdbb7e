"""Running headers, footers and page numbers: what a PDF repeats in its margins, left out of
the text.

A line in the top or bottom margin that recurs on other pages (numbers aside), or that is only a
page number ("12", "Page 3 of 9", "iv", "стр. 5"), is not the document's text.
"""

from __future__ import annotations

import re
from collections import Counter

from sources.pdf_layout import Line, PageLines

# The share of the page height, at its top and bottom, where running heads and numbers live.
MARGIN_ZONE = 0.1
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|стр\.?|страница|str\.?|strona)?\s*[-–—]?\s*(?:\d{1,5}|[ivxlcdm]{1,8})"
    r"(?:\s*(?:of|/|из|z)\s*\d{1,5})?\s*[-–—]?$",
    re.IGNORECASE,
)


def _normalised(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def drop_running_lines(pages: list[PageLines]) -> None:
    """Leave out running headers, footers and page numbers, in place."""
    recurring: Counter[str] = Counter()
    for page in pages:
        seen = set()
        for line in page.lines:
            if _in_margin(line, page):
                seen.add(_normalised(line.text))
        recurring.update(seen)
    threshold = max(2, round(len(pages) * 0.4))
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (
                _in_margin(line, page)
                and (
                    _PAGE_NUMBER.match(line.text)
                    or (len(pages) > 1 and recurring[_normalised(line.text)] >= threshold)
                )
            )
        ]


def _in_margin(line: Line, page: PageLines) -> bool:
    zone = page.height * MARGIN_ZONE
    return line.bottom <= zone or line.top >= page.height - zone
