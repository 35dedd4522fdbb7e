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

from sources.authors import as_lines, from_stated
from sources.importing import ImportRefused, PreparedText, SourceMetadata
from sources.pdf_layout import Line, PageLines, page_lines, reading_order
from sources.pdf_running_lines import drop_running_lines
from sources.pdf_streams import check_streams
from sources.structure import BlockKind
from sources.text_layer import damage

Progress = Callable[[int, int], None]

_CLOSING = re.compile(r"[.!?…:;][\"'”’»)\]]*\d*$")
_SOFT_HYPHEN_END = re.compile(r"(?<=\w)[\x02\u00ad\u2010-]$")
_LIST_ITEM = re.compile(r"^(?:[•●▪◦‣∙·*–-]|\d{1,2}[.)]|[a-z][.)])\s")


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
        if self.text.endswith("\u2010") and text[:1].islower():
            # U+2010 at a line end is the typesetter's hyphen (WeasyPrint's): always joined.
            joined = self.text[:-1] + "\x04"
        elif self.text.endswith("\x02") or (
            _SOFT_HYPHEN_END.search(self.text) and text[:1].islower()
        ):
            # Marked for resolve_hyphens, which knows the whole document's words.
            joined = self.text[:-1] + "\x03"
        elif re.search(r"\w—$", self.text) or re.match(r"—\w", text):
            # A line broken at an em dash set close ("diplomat—the"): no space comes back.
            joined = self.text
        else:
            joined = self.text.removesuffix("\x02") + " "
        if page != self.pages[-1][1]:
            self.pages.append((len(joined), page))
        self.text = joined + text

    @property
    def finished_text(self) -> str:
        return self.text.removesuffix("\x02")


def _starts_paragraph(previous: Line, line: Line, pitch: float, body_size: float) -> bool:
    same_column = (
        line.page == previous.page
        and line.top > previous.top
        and (abs(line.left - previous.left) < body_size * 4)
    )
    if same_column:
        # Indented under a list item's bullet is the item going on, not a new paragraph.
        indented = line.left - previous.left > body_size * 1.2 and not _LIST_ITEM.match(
            previous.text
        )
        resized = abs(line.size - previous.size) > 0.12 * max(previous.size, 1.0)
        return (
            line.bottom - previous.bottom > pitch * 1.3
            or indented
            or resized
            or _ended_early(previous, line)
        )
    # A new column or page: the paragraph goes on unless the last line closed a sentence.
    return bool(_CLOSING.search(previous.text)) and not line.text[:1].islower()


def _ended_early(previous: Line, line: Line) -> bool:
    """True when the next line's first word would have fitted at the end of the previous one:
    the previous line was ended on purpose (a paragraph's last line), in justified and ragged
    text alike."""
    if previous.text.endswith(("\x02", "-")) or line.right - line.left < 1:
        return False
    width_of_letter = (line.right - line.left) / max(len(line.text), 1)
    first_word = len(line.text.split(" ", 1)[0]) + 1
    room = line.right - previous.right
    return (
        room > (first_word + 1) * width_of_letter
        and line.right - line.left > (previous.right - previous.left) * 0.5
    )


def paragraphs(pages: list[PageLines]) -> list[Paragraph]:
    """The document's blocks in reading order, each with the pages it runs over."""
    heights = [round(line.height, 1) for page in pages for line in page.lines]
    if not heights:
        return []
    body_size = Counter(heights).most_common(1)[0][0]
    # The type size of the body: headings are set larger, notes smaller.
    body_type = Counter(round(line.size, 1) for page in pages for line in page.lines).most_common(
        1
    )[0][0]
    ordered = [reading_order(page, body_type) for page in pages]
    # Steps from baseline to baseline, as it were: a superscript mark raises a line's top.
    steps = [
        b.bottom - a.bottom
        for body, _ in ordered
        for a, b in zip(body, body[1:], strict=False)
        if 0 < b.bottom - a.bottom < body_size * 3 and abs(a.height - body_size) < 0.5
    ]
    pitch = statistics.median(steps) if steps else body_size * 1.2
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
            heading = line.size > body_type * 1.15 and len(line.text) <= 150
            kind = BlockKind.HEADING if heading else BlockKind.PARAGRAPH
            if (
                current is None
                or current.kind != kind
                or (
                    kind == BlockKind.HEADING
                    and (
                        line.top - previous.bottom > line.height
                        or abs(line.size - previous.size) > 0.05 * previous.size
                        or line.page != previous.page
                        or _ended_early(previous, line)
                    )
                )
                or (
                    kind == BlockKind.PARAGRAPH
                    and _starts_paragraph(previous, line, pitch, body_size)
                )
            ):
                close()
                current = Paragraph(kind, "", [])
            current.add(line)
            previous = line
        note: Paragraph | None = None
        above: Line | None = None
        for line in notes:  # in reading order (sources.pdf_layout.reading_order)
            # A mark starts a note; a line of a note that begins with a number ("2025.")
            # goes on with the note until that note's sentence is closed.
            if re.match(r"^[\d*†‡¹²³⁴⁵⁶⁷⁸⁹]", line.text) and (
                note is None or bool(_CLOSING.search(note.text))
            ):
                note = Paragraph(BlockKind.FOOTNOTE, "", [])
                pending_notes.append(note)
            elif note is None or line.top - above.top > pitch * 1.5:
                # Small type apart from the notes (a one-page document's footer): not body text.
                note = Paragraph(BlockKind.OTHER, "", [])
                pending_notes.append(note)
            note.add(line)
            above = line
        for note in pending_notes:
            # A note's mark set close to its text ("1Figures as…"): a space after the mark.
            note.text = re.sub(r"^(\d{1,3}|[*†‡])(?=[^\W\d_])", r"\1 ", note.text)
        if current is None:
            close()
    close()
    found = [block for block in blocks if block.finished_text.strip()]
    resolve_hyphens(found)
    return found


# First parts English writes with a hyphen ("self-proclaimed", "now-defunct", "high-level"),
# which no typesetter splits a word after.
_HYPHENATED_PREFIXES = {"self", "all", "well", "half", "quasi", "now", "ever", "high", "low"}
_SPLIT_WORD = re.compile(r"(\w+(?:-\w+)*)\x03(\w+)")


def resolve_hyphens(blocks: list[Paragraph]) -> None:
    """Words split by a hyphen at a line end, joined or kept hyphenated by the document's own
    words: "cross-border" stays hyphenated where the document writes it so elsewhere,
    "Lukashen-ko" is joined where "Lukashenko" stands elsewhere. For the rest, the document
    itself tells whether its producer hyphenates words: where no split word is known joined
    elsewhere (Chromium does not hyphenate), every line-end hyphen is the writer's and kept;
    otherwise a capitalised first part that is a word of its own ("Grodno-based") or a
    compound ("all-or-nothing", "self-made") keeps its hyphen and the rest are joined."""
    # The document's words, the split ones left out (their parts are not words of it).
    exact = Counter(
        word
        for block in blocks
        for word in re.findall(r"\w+(?:-\w+)*", _SPLIT_WORD.sub(" ", block.text))
    )
    words = Counter()
    for word, count in exact.items():
        words[word.lower()] += count
    splits = [m for block in blocks for m in _SPLIT_WORD.finditer(block.text)]
    hyphenates = any(words[(m.group(1) + m.group(2)).lower()] for m in splits)

    def choose(match: re.Match) -> str:
        first, second = match.group(1), match.group(2)
        if words[f"{first}-{second}".lower()]:
            return f"{first}-{second}"
        if words[f"{first}{second}".lower()]:
            return first + second
        if not hyphenates:
            return f"{first}-{second}"
        if first[:1].isupper() and exact[first] and not exact[first.lower()]:
            return f"{first}-{second}"  # a name the document writes: "Grodno-based"
        if "-" in first or first.lower() in _HYPHENATED_PREFIXES:  # "all-or-nothing"
            return f"{first}-{second}"
        return first + second

    for block in blocks:
        if "\x03" in block.text:
            block.text = _SPLIT_WORD.sub(choose, block.text).replace("\x03", "")
        # A typesetter's hyphen (U+2010, WeasyPrint's) is never the writer's.
        block.text = block.text.replace("\x04", "")


def document_metadata(document: pdfium.PdfDocument) -> SourceMetadata:
    """What the PDF says about itself: only its stated title and author."""
    try:
        stated = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        stated = {}
    title = " ".join(stated.get("Title", "").split())[:500]
    return SourceMetadata(
        title="" if is_junk_title(title) else title,
        # Producers write several authors as "A; B" or "A, B and C".
        author=as_lines(from_stated(stated.get("Author", ""))),
    )


# Titles producers write for the file rather than the document: a browser's blank page, Word's
# "Microsoft Word - report.docx", "Untitled", a file name, an address.
_JUNK_TITLE = re.compile(
    r"^(?:about:blank|untitled(?:\s*\d*)?|document\s*\d*|microsoft\s+(?:word|powerpoint|excel)\b.*"
    r"|.*\.(?:docx?|odt|rtf|pdf|html?|txt|indd|pages|tex|ps)|(?:https?|file)://\S*"
    r"|bez\s+tytułu|без\s+названия|без\s+назвы|[\w.-]+\.\w{2,4})$",
    re.IGNORECASE,
)


def is_junk_title(title: str) -> bool:
    """True when a PDF's stated title names its file or its lack of one, not its document."""
    return bool(_JUNK_TITLE.match(title.strip()))


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
    found = damage(
        "\n".join(block.finished_text for block in blocks),
        characters=sum(page.characters for page in pages),
        unmapped=sum(page.unmapped for page in pages),
    )
    if found is not None:
        raise DamagedTextLayer(
            gettext(
                "The text layer of %(name)s is damaged: %(reason)s. Its text would not be the "
                "document's words, so the desk reads its pages as a scan instead."
            )
            % {"name": name, "reason": found.reason}
        )
    prepared = assemble(blocks, imported_from=name, metadata=metadata)
    prepared.page_count = len(pages)
    return prepared


class NoTextLayer(ImportRefused):
    """A PDF whose pages are images: it needs reading by OCR."""


class DamagedTextLayer(NoTextLayer):
    """A PDF whose text layer is there but not the document's words (sources.text_layer): its
    pages are read by OCR like a scan's."""
