"""Pages of a paged source (a PDF, a scan): which page or pages a stretch of its text is on.

A version of a paged source stores, in `SourceVersion.pages`, [offset, page] where each page's
text begins, in text order. A paragraph may run over a page break, and a footnote of page 4 may
follow text of page 5, so page numbers are not always increasing: a stretch's pages are those of
every part it overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageRange:
    first: int
    last: int

    def __str__(self) -> str:
        if self.first == self.last:
            return f"p. {self.first}"
        return f"pp. {self.first}\u2013{self.last}"

    @property
    def fragment(self) -> str:
        """The page as a PDF fragment identifier (RFC 3778): page=4."""
        return f"page={self.first}"


def page_range(breaks: list, start: int, end: int) -> PageRange | None:
    """The pages that text[start:end] is on, from a version's page breaks; None when unpaged."""
    if not breaks or start is None or end is None:
        return None
    end = max(end, start + 1)
    pages = []
    for index, (offset, page) in enumerate(breaks):
        following = breaks[index + 1][0] if index + 1 < len(breaks) else None
        if offset < end and (following is None or following > start):
            pages.append(page)
    if not pages:
        pages = [breaks[0][1]]
    return PageRange(min(pages), max(pages))


def pages_for(version, start: int, end: int) -> PageRange | None:
    """The pages of a stretch of a stored version's text (`str()` gives "p. 4" or "pp. 4–5")."""
    if version is None:
        return None
    return page_range(version.pages, start, end)


def block_pages(version, block) -> PageRange | None:
    """The pages a paragraph of a version runs over."""
    return pages_for(version, block.start, block.end)


def quoted_pages(revision) -> str:
    """ "p. 4" or "pp. 4–5" for a quote (anything with source_version, start and end) in a paged
    source; "" for a source without pages."""
    if revision is None:
        return ""
    pages = pages_for(revision.source_version, revision.start, revision.end)
    return str(pages) if pages else ""
