"""The layout of a PDF page: its characters joined into lines, and the lines in reading order.

PDFium gives each character of a page with its box, in the order the file draws them, and marks
the spaces and line ends it generates itself. Lines are rebuilt from the characters: a line ends
where PDFium ends one, where the next character stands on another line, or across a column
gutter. Each character's *loose* box (the font's ascent to descent) is used, never its tight
glyph box: tight boxes differ by the letter's shape, and a reading that sorted them by their
middles split "Лукашенко" into "Л ашенко ук" on Chromium's PDFs, which give one box per glyph.
A page's body is then read left column first, then right, with full-width lines (a title) in
place, and the small type at its foot is kept apart as footnotes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Ligature characters some producers store as one glyph ("ﬁ"): stored as their letters.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_MARK = re.compile(r"^(?:\d{1,3}|[*†‡]+)$")
_PUNCTUATION_AFTER = set(",.;:!?)]}»”’%")
# A character whose glyph has no Unicode value in the file: PDFium reports a control character.
NO_UNICODE = "\ufffd"


@dataclass
class Line:
    page: int
    left: float
    top: float
    right: float
    bottom: float
    text: str
    # The font size most of the line is set in (points); 0 when not known.
    size: float = 0.0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageLines:
    number: int
    width: float
    height: float
    lines: list[Line]
    # Characters read and, of them, those whose glyph has no Unicode value (a damaged layer).
    characters: int = 0
    unmapped: int = 0
    notes: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r", " ").replace("\n", " "))
    text = text.replace("\ufffe", "").replace("\u00a0", " ").translate(_LIGATURES)
    # TeX sets an ellipsis as three spaced full stops.
    text = text.replace(". . .", "…")
    hyphen = text.rstrip().endswith(("\x02", "\u00ad"))
    text = " ".join(text.replace("\x02", "").replace("\u00ad", "").split())
    return text + "\x02" if hyphen and text else text


@dataclass
class _Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float
    generated: bool


_TOKEN = re.compile(r"\r\n|[\r\n]| +|[^ \r\n]+")
_UNUSUAL = re.compile(r"[\x00-\x01\x03-\x1f\ue000-\uf8ff\ufffd]")


def _characters(
    textpage: pdfium.PdfTextPage, page_width: float, page_height: float, turn: int = 0
) -> tuple[list[_Char], int]:
    """The page's words and spaces in PDFium's order, boxes measured from the top; and how
    many glyphs have no Unicode value. A word's box is its first and last characters' loose
    boxes: two calls into PDFium a word rather than one a character, as this is the reading's
    inner loop."""
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: read one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i) or 0xFFFD) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    angle_of = pdfium_c.FPDFText_GetCharAngle
    place = _placing(turn, page_width, page_height)
    chars: list[_Char] = []
    append = chars.append
    unmapped = 0
    sizes: dict[float, float] = {}
    for match in _TOKEN.finditer(text):
        token = match.group()
        index = match.start()
        if token[0] in "\r\n":
            append(_Char("\n", 0, 0, 0, 0, 0, True))
            continue
        # PDFium joins a word hyphenated at a line end and marks the hyphen it removed.
        token = token.replace("\ufffe", "\x02")
        if token[0] == " ":
            generated = bool(pdfium_c.FPDFText_IsGenerated(handle, index))
            append(_Char(" ", 0, 0, 0, 0, 0, generated))
            continue
        if _UNUSUAL.search(token):
            for offset, letter in enumerate(token):
                if _UNUSUAL.match(letter) and (
                    letter < " "
                    or pdfium_c.FPDFText_HasUnicodeMapError(handle, index + offset) == 1
                ):
                    unmapped += 1
            token = _UNUSUAL.sub(NO_UNICODE, token)
        if turn and abs(math.degrees(angle_of(handle, index)) % 360 - turn) > 10:
            # Set the other way on a turned page: its running head and foot, not its text.
            continue
        first = _loose_box(handle, index, rect)
        last = _loose_box(handle, index + len(token) - 1, rect) if len(token) > 1 else first
        if _one_line(first, last):
            box = (min(first[0], last[0]), min(first[1], last[1]), max(first[2], last[2]))
            append(_placed(token, (*box, max(first[3], last[3])), sizes, handle, index, place))
        else:
            # A word PDFium did not break though its letters stand on two lines: letter by
            # letter, so that each goes to its own line.
            box = first
            for offset, letter in enumerate(token):
                if letter != "\x02":  # the hyphen PDFium removed stays with its line
                    box = _loose_box(handle, index + offset, rect)
                append(_placed(letter, box, sizes, handle, index + offset, place))
    return chars, unmapped


def _loose_box(handle, index: int, rect) -> tuple[float, float, float, float]:
    """(left, low, right, high) of a character's loose box, in PDF units from the bottom."""
    pdfium_c.FPDFText_GetLooseCharBox(handle, index, rect)
    low, high = (rect.bottom, rect.top) if rect.bottom < rect.top else (rect.top, rect.bottom)
    return rect.left, low, rect.right, high


def _one_line(first: tuple, last: tuple) -> bool:
    overlap = min(first[3], last[3]) - max(first[1], last[1])
    return overlap > 0.5 * min(first[3] - first[1], last[3] - last[1])


def _placed(text: str, box: tuple, sizes: dict, handle, index: int, place) -> _Char:
    left, bottom, right, top = place(*box)
    height = round(bottom - top, 2)
    size = sizes.get(height)
    if size is None:
        size = sizes[height] = pdfium_c.FPDFText_GetFontSize(handle, index)
    return _Char(text, left, bottom, right, top, size, False)


def _placing(turn: int, page_width: float, page_height: float):
    """A function from a PDF box (left, low, right, high) to the page's upright box (left,
    bottom, right, top measured from the top). PDFium's angle turns the other way round than
    the page's /Rotate: 270 is text read bottom to top (lscape's landscape page)."""
    if turn == 270:
        return lambda left, low, right, high: (low, right, high, left)
    if turn == 90:
        return lambda left, low, right, high: (
            page_height - high,
            page_width - left,
            page_height - low,
            page_width - right,
        )
    return lambda left, low, right, high: (left, page_height - low, right, page_height - high)


def page_lines(page: pdfium.PdfPage, number: int) -> PageLines:
    # PDFium's text coordinates ignore the page's /Rotate: the unrotated size goes with them.
    width, height = page.get_width(), page.get_height()
    if page.get_rotation() in (90, 270):
        width, height = height, width
    textpage = page.get_textpage()
    try:
        turn = _turn_of(textpage)
        chars, unmapped = _characters(textpage, width, height, turn)
    finally:
        textpage.close()
    if turn:
        width, height = height, width
    gutter = _gutter(chars, width)
    lines = _merge_runs(_lines_of(chars, number, gutter), gutter)
    characters = sum(len(char.text) for char in chars if char.text not in (" ", "\n"))
    return PageLines(number, width, height, lines, characters, unmapped)


def _turn_of(textpage: pdfium.PdfTextPage) -> int:
    """90 or 270 when most of the page's text runs up or down it (a landscape table on a
    portrait page), else 0; judged on a sample of its characters."""
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    votes = {0: 0, 90: 0, 270: 0}
    for index in range(0, count, max(1, count // 15)):
        degrees = math.degrees(pdfium_c.FPDFText_GetCharAngle(handle, index)) % 360
        for turn in (90, 270):
            if abs(degrees - turn) < 10:
                votes[turn] += 1
                break
        else:
            votes[0] += 1
    return max(votes, key=votes.get)


def _gutter(chars: list[_Char], width: float) -> float | None:
    """The middle of the strip between two columns, where no word stands: a producer may draw
    a line of each column in one go (LuaTeX does), and PDFium then reads both as one line
    with a space between them."""
    words = [c for c in chars if c.text not in (" ", "\n")]
    if len(words) < 60 or width <= 0:
        return None
    step = 2.0
    covered = [0] * (int(width / step) + 2)
    for word in words:
        for column in range(
            max(int(word.left / step), 0), min(int(word.right / step), len(covered) - 1) + 1
        ):
            covered[column] += 1
    # Full-width lines (a title) may cross the gutter: a few words are allowed in it.
    allowed = max(2, len(words) // 100)
    start, end = int(width * 0.3 / step), int(width * 0.7 / step)
    best, run_start = (0, 0), None
    for column in range(start, end + 1):
        if covered[column] <= allowed:
            run_start = column if run_start is None else run_start
            if column - run_start + 1 > best[1] - best[0]:
                best = (run_start, column + 1)
        else:
            run_start = None
    if (best[1] - best[0]) * step < 4:
        return None
    # Both sides of it must hold text: a strip beside a one-column page's ragged right is not one.
    left = sum(1 for w in words if w.right <= best[0] * step)
    right = sum(1 for w in words if w.left >= best[1] * step)
    if min(left, right) < len(words) * 0.2:
        return None
    return (best[0] + best[1]) * step / 2


def _lines_of(chars: list[_Char], number: int, gutter: float | None = None) -> list[Line]:
    """Lines from the characters in drawing order: a line ends at PDFium's line end, at a jump
    to another line, or across a gap wider than a column gutter could be inside a line."""
    lines: list[Line] = []
    current: list[_Char] = []

    def finish() -> None:
        drawn = current
        boxed = [c for c in drawn if c.text != " "]
        if boxed:
            text = _clean(_joined(drawn))
            if text.startswith(NO_UNICODE + " "):
                # A list's bullet drawn from a symbol font without Unicode.
                text = "•" + text[1:]
            if text:
                sizes = sorted(c.size for c in boxed)
                lines.append(
                    Line(
                        number,
                        min(c.left for c in boxed),
                        min(c.top for c in boxed),
                        max(c.right for c in boxed),
                        max(c.bottom for c in boxed),
                        text,
                        sizes[len(sizes) // 2] if sizes else 0.0,
                    )
                )
        current.clear()

    last: _Char | None = None
    for char in chars:
        if char.text == "\n":
            finish()
            last = None
            continue
        if char.text == " ":
            if current:
                current.append(char)
            continue
        # Across the gutter by more than a word's space (a title's spaces may straddle it).
        across = (
            gutter is not None
            and last is not None
            and last.right <= gutter <= char.left
            and char.left - last.right > 0.6 * max(last.size, char.size)
        )
        if last is not None and not across and _is_mark(last, char):
            # A superscript note mark: part of the line, though it stands higher.
            current.append(char)
            continue
        if last is not None and (across or _breaks_line(last, char)):
            finish()
        current.append(char)
        last = char
    finish()
    return lines


def _is_mark(last: _Char, char: _Char) -> bool:
    return (
        char.size < 0.8 * last.size
        and len(char.text) <= 3
        and char.top < last.bottom
        and char.bottom > last.top
        and -0.1 * last.size < char.left - last.right < 0.5 * last.size
    )


def _breaks_line(last: _Char, char: _Char) -> bool:
    em = max(last.size, char.size, 1.0)
    overlap = min(last.bottom, char.bottom) - max(last.top, char.top)
    if overlap < 0.5 * min(last.bottom - last.top, char.bottom - char.top):
        return True
    # Wider than a justified line's widest space: a gutter the file crossed without a line end.
    return char.left - last.right > 3 * em or char.right < last.left - 0.5 * em


def _joined(chars: list[_Char]) -> str:
    """The characters' text with a space where PDFium generated or the file drew one, or where
    the gap between two letters is a word's; none before closing punctuation set tight after
    an italic run (PDFium generates one there, the page shows none)."""
    out: list[str] = []
    previous: _Char | None = None
    pending_space: _Char | None = None
    for char in chars:
        if char.text == " ":
            pending_space = pending_space or char
            continue
        if previous is not None:
            gap = char.left - previous.right
            em = max(previous.size, char.size, 1.0)
            mark = char.size < 0.8 * previous.size and _MARK.match(char.text)
            if pending_space is not None and mark and gap < 0.3 * em:
                pass  # a note mark set after its word: "godzin.² Straż", not "godzin. ²"
            elif pending_space is not None:
                tight = pending_space.generated and gap < 0.12 * em
                if not (tight and char.text[0] in _PUNCTUATION_AFTER):
                    out.append(" ")
            elif gap > 0.25 * em:
                out.append(" ")
        out.append(char.text)
        previous = char
        pending_space = None
    return "".join(out)


def _merge_runs(runs: list[Line], gutter: float | None = None) -> list[Line]:
    """Pieces of one line drawn apart (a line PDFium broke at a raised note mark, a run the
    file draws later) joined, whichever side they stand; a column gutter keeps two columns'
    lines apart. Sorted by their feet: a raised mark lifts a line's top, not its foot."""
    runs = sorted(runs, key=lambda run: (run.bottom, run.left))
    lines: list[Line] = []
    for run in runs:
        for last in reversed(lines[-4:]):
            overlap = min(last.bottom, run.bottom) - max(last.top, run.top)
            if overlap <= 0.6 * min(run.height, last.height):
                continue
            em = max(run.size, last.size, 1.0)
            if gutter is not None and (
                min(run.right, last.right) <= gutter <= max(run.left, last.left)
            ):
                continue  # one line of each column
            if -0.1 * em <= run.left - last.right < 1.2 * em:
                last.text = _join_pieces(last.text, run.text, run.left - last.right, em)
            elif -0.1 * em <= last.left - run.right < 1.2 * em:
                last.text = _join_pieces(run.text, last.text, last.left - run.right, em)
            else:
                continue
            last.left, last.right = min(last.left, run.left), max(last.right, run.right)
            last.top, last.bottom = min(last.top, run.top), max(last.bottom, run.bottom)
            break
        else:
            lines.append(run)
    return lines


def _join_pieces(before: str, after: str, gap: float, em: float) -> str:
    space = "" if gap < 0.12 * em or after[:1] in _PUNCTUATION_AFTER else " "
    return f"{before.removesuffix(chr(2))}{space}{after}"


def reading_order(page: PageLines, body_type: float) -> tuple[list[Line], list[Line]]:
    """The page's body lines in reading order, and its footnotes (small type at its foot
    from a line that begins with a mark on); `body_type` is the body's type size."""
    notes_from = None
    for line in page.lines:
        if (
            line.top >= page.height * 0.6
            and line.size < body_type * 0.88
            and re.match(r"^[\d*†‡¹²³⁴⁵⁶⁷⁸⁹]", line.text)
        ):
            notes_from = line.top if notes_from is None else min(notes_from, line.top)
    notes = [
        line
        for line in page.lines
        if notes_from is not None and line.top >= notes_from and line.size < body_type * 0.88
    ]
    notes.sort(key=_down_the_page)
    body = [line for line in page.lines if line not in notes]
    middle = page.width / 2
    slack = page.width * 0.02
    left = [line for line in body if line.right <= middle + slack]
    right = [line for line in body if line.left >= middle - slack]
    if len(left) < 3 or len(right) < 3:
        return sorted(body, key=_down_the_page), notes
    # Notes at the foot of each column: the left column's first.
    notes.sort(key=lambda line: (line.left >= middle - slack, line.bottom, line.left))
    columns_top = min(line.top for line in left + right)
    spanning = [line for line in body if line not in left and line not in right]
    above = [line for line in spanning if line.top < columns_top]
    below = [line for line in spanning if line.top >= columns_top]
    order = sorted(above, key=_down_the_page)
    order += sorted(left, key=_down_the_page) + sorted(right, key=_down_the_page)
    return order + sorted(below, key=_down_the_page), notes


def _down_the_page(line: Line) -> tuple[float, float]:
    # By the line's foot: a raised note mark lifts its top.
    return (line.bottom, line.left)
