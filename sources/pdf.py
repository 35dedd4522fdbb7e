"""Reading a PDF with a text layer into paragraphs that know their pages.

PDFium (pypdfium2) gives the text of each page as runs with their boxes; chosen over pdfplumber
by measurement (README, "Reading PDFs"): the same layout is rebuilt from either, and PDFium is
faster by an order of magnitude. From the runs, lines are rebuilt and put in reading order
(sources.pdf_layout) and running lines left out (sources.pdf_running_lines); this module opens
and checks the file, reads it page by page and makes the paragraphs. Altogether:

- running headers and footers (a line in the top or bottom margin that recurs on other pages,
  numbers aside) and bare page numbers are left out of the text;
- two columns are read left column first, then right, with full-width lines (a title) in place;
- a word split by a hyphen at a line end is joined;
- footnotes (small type at the foot of a page) are kept as footnotes, after the paragraph they
  interrupt, and do not count as body text;
- every paragraph records the pages it runs over (`PreparedText.pages`).
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.conf import settings
from django.utils.translation import gettext

from sources.importing import ImportRefused, PreparedText, SourceMetadata
from sources.pdf_layout import Line, PageLines, page_lines, reading_order
from sources.pdf_running_lines import drop_running_lines
from sources.pdf_streams import check_streams
from sources.structure import BlockKind

Progress = Callable[[int, int], None]

_CLOSING = re.compile(r"[.!?…:;][\"'”’»)\]]*\d*$")
_SOFT_HYPHEN_END = re.compile(r"(?<=\w)[\x02\u00ad-]$")


def too_long(name: str, *, page: int, total: int) -> ImportRefused:
    return ImportRefused(
        gettext(
            "Reading %(name)s took longer than %(seconds)s seconds, the most the desk "
            "allows (stopped at page %(page)s of %(total)s)."
        )
        % {
            "name": name,
            "seconds": settings.SOURCE_READING_MAX_SECONDS,
            "page": page,
            "total": total,
        }
    )


def refuse_if_too_long(started: float, name: str, *, page: int, total: int) -> None:
    """Stop reading a document (text or scanned) once it has taken longer than the desk allows;
    `started` is the reading's time.monotonic() at its start."""
    if time.monotonic() - started > settings.SOURCE_READING_MAX_SECONDS:
        raise too_long(name, page=page, total=total)


def open_pdf(data: bytes, *, name: str) -> pdfium.PdfDocument:
    """The document, or ImportRefused saying plainly why it cannot be read."""
    check_streams(data, name=name)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise ImportRefused(
                gettext(
                    "%(name)s is protected by a password: save an unprotected copy and upload that."
                )
                % {"name": name}
            ) from None
        raise ImportRefused(
            gettext("%(name)s is not a PDF the desk can read: it may be damaged or incomplete.")
            % {"name": name}
        ) from None
    count = len(document)
    if count == 0:
        document.close()
        raise ImportRefused(gettext("%(name)s has no pages.") % {"name": name})
    if count > settings.SOURCE_MAX_PAGES:
        document.close()
        raise ImportRefused(
            gettext(
                "%(name)s has %(count)s pages; the desk reads documents of up to %(most)s pages. "
                "Split it and upload the part you need."
            )
            % {"name": name, "count": f"{count:,}", "most": f"{settings.SOURCE_MAX_PAGES:,}"}
        )
    return document


def read_pages(
    document: pdfium.PdfDocument, *, name: str, progress: Progress | None = None
) -> Iterator[PageLines]:
    """Each page's lines, reporting pages done of total and keeping to the time limit."""
    total = len(document)
    started = time.monotonic()
    pause = settings.SOURCE_READING_PAGE_PAUSE
    for index in range(total):
        page = document[index]
        try:
            yield page_lines(page, index + 1)
        finally:
            page.close()
        if progress:
            progress(index + 1, total)
        if pause:
            time.sleep(pause)
        refuse_if_too_long(started, name, page=index + 1, total=total)


@dataclass
class Paragraph:
    kind: str
    text: str
    # (offset in the paragraph's text, page) where each page's part of it starts.
    pages: list[tuple[int, int]]

    def add(self, line: Line) -> None:
        self.add_text(line.text, line.page)

    def add_text(self, text: str, page: int) -> None:
        """The next line of the paragraph: a word split by a line-end hyphen is joined."""
        if not self.text:
            self.text = text
            self.pages = [(0, page)]
            return
        if self.text.endswith("\x02") or (
            _SOFT_HYPHEN_END.search(self.text) and text[:1].islower()
        ):
            joined = self.text[:-1]
        else:
            joined = self.text.removesuffix("\x02") + " "
        if page != self.pages[-1][1]:
            self.pages.append((len(joined), page))
        self.text = joined + text

    @property
    def finished_text(self) -> str:
        return self.text.removesuffix("\x02")


def _starts_paragraph(previous: Line, line: Line, spacing: float, body_size: float) -> bool:
    same_column = (
        line.page == previous.page
        and line.top > previous.top
        and (abs(line.left - previous.left) < body_size * 4)
    )
    if same_column:
        gap = line.top - previous.bottom
        indented = line.left - previous.left > body_size * 1.2
        return gap > spacing + body_size * 0.45 or indented
    # A new column or page: the paragraph goes on unless the last line closed a sentence.
    return bool(_CLOSING.search(previous.text)) and not line.text[:1].islower()


def paragraphs(pages: list[PageLines]) -> list[Paragraph]:
    """The document's blocks in reading order, each with the pages it runs over."""
    heights = [round(line.height, 1) for page in pages for line in page.lines]
    if not heights:
        return []
    body_size = Counter(heights).most_common(1)[0][0]
    ordered = [reading_order(page, body_size) for page in pages]
    gaps = [
        b.top - a.bottom
        for body, _ in ordered
        for a, b in zip(body, body[1:], strict=False)
        if 0 < b.top - a.bottom < body_size * 3 and abs(a.height - body_size) < 0.5
    ]
    spacing = statistics.median(gaps) if gaps else body_size * 0.4
    blocks: list[Paragraph] = []
    current: Paragraph | None = None
    previous: Line | None = None
    pending_notes: list[Paragraph] = []

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(current)
            current = None
        blocks.extend(pending_notes)
        pending_notes.clear()

    for body, notes in ordered:
        for line in body:
            heading = line.height > body_size * 1.15 and len(line.text) <= 150
            kind = BlockKind.HEADING if heading else BlockKind.PARAGRAPH
            if (
                current is None
                or current.kind != kind
                or (kind == BlockKind.HEADING and line.top - previous.bottom > line.height)
                or (
                    kind == BlockKind.PARAGRAPH
                    and _starts_paragraph(previous, line, spacing, body_size)
                )
            ):
                close()
                current = Paragraph(kind, "", [])
            current.add(line)
            previous = line
        note: Paragraph | None = None
        above: Line | None = None
        for line in sorted(notes, key=lambda line: line.top):
            if re.match(r"^[\d*†‡¹²³⁴⁵⁶⁷⁸⁹]", line.text):
                note = Paragraph(BlockKind.FOOTNOTE, "", [])
                pending_notes.append(note)
            elif note is None or line.top - above.bottom > line.height * 1.2:
                # Small type apart from the notes (a one-page document's footer): not body text.
                note = Paragraph(BlockKind.OTHER, "", [])
                pending_notes.append(note)
            note.add(line)
            above = line
        if current is None:
            close()
    close()
    return [block for block in blocks if block.finished_text.strip()]


def document_metadata(document: pdfium.PdfDocument) -> SourceMetadata:
    """What the PDF says about itself: only its stated title and author."""
    try:
        stated = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        stated = {}
    return SourceMetadata(
        title=" ".join(stated.get("Title", "").split())[:500],
        author=" ".join(stated.get("Author", "").split())[:500],
    )


def assemble(blocks: list[Paragraph], *, imported_from: str, metadata: SourceMetadata):
    """The stored text, one block per line, with each block's kind and page breaks."""
    lines, kinds, breaks = [], [], []
    offset = 0
    for block in blocks:
        text = block.finished_text
        for start, page in block.pages:
            if not breaks or breaks[-1][1] != page:
                breaks.append([offset + start, page])
        lines.append(text)
        kinds.append(str(block.kind))
        offset += len(text) + 1
    return PreparedText(
        "\n".join(lines), metadata, kinds, imported_from, pages=breaks, page_count=0
    )


def read_pdf(data: bytes, *, name: str, progress: Progress | None = None) -> PreparedText:
    """A PDF with a text layer as a prepared text; ImportRefused when it has none."""
    document = open_pdf(data, name=name)
    try:
        pages = list(read_pages(document, name=name, progress=progress))
        metadata = document_metadata(document)
    finally:
        document.close()
    characters = sum(len(line.text) for page in pages for line in page.lines)
    if characters > settings.SOURCE_MAX_BYTES:
        raise ImportRefused(
            gettext("%(name)s holds more text than the desk stores for one source.")
            % {"name": name}
        )
    if characters < 20 * len(pages):
        raise NoTextLayer(
            gettext("%(name)s has no text layer: it looks like a scan.") % {"name": name}
        )
    drop_running_lines(pages)
    blocks = paragraphs(pages)
    if not blocks:
        raise ImportRefused(gettext("No text was found in %(name)s.") % {"name": name})
    prepared = assemble(blocks, imported_from=name, metadata=metadata)
    prepared.page_count = len(pages)
    return prepared


class NoTextLayer(ImportRefused):
    """A PDF whose pages are images: it needs reading by OCR."""
