"""Reading scans with Tesseract: a PDF without a text layer, or an image (PNG, JPEG, TIFF).

Each page is rendered (PDFium) and recognised (pytesseract, Tesseract 5 with the languages in
settings.SOURCE_OCR_LANGUAGES). Tesseract's own paragraphs become blocks; each keeps the mean
confidence of its words, so the reader can mark the paragraphs to check against the original,
and the pages it is on. A letter of the other script inside a word is set right, or its
paragraph marked for checking (sources.scripts).
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterable
from functools import lru_cache
from io import BytesIO

import pytesseract
from django.conf import settings
from django.utils.translation import gettext
from PIL import Image

from sources.importing import ImportRefused, PreparedText, SourceMetadata
from sources.pdf import Paragraph, Progress, open_pdf, refuse_if_too_long, too_long
from sources.scripts import one_script_per_word
from sources.structure import BlockKind

# Rendering resolution: Tesseract reads body type best at about 300 dots per inch.
DPI = 300
# Below this, Tesseract no longer reads body type: a page that would need less is refused.
LEAST_DPI = 100
# Tesseract's own threads fight the worker's neighbours for the cores: one page, one thread is
# several times faster on a busy machine (measured: 5 s instead of 20 s a page on 2 cores).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        return frozenset()


def languages() -> str:
    """The configured OCR languages that are installed, as Tesseract's "eng+rus" form."""
    installed = installed_languages()
    if not installed:
        raise ImportRefused(
            gettext(
                "This looks like a scan, and reading scans needs Tesseract, which is not "
                "installed on this server. Ask an administrator to install it (see the README)."
            )
        )
    wanted = [code for code in settings.SOURCE_OCR_LANGUAGES.split("+") if code in installed]
    return "+".join(wanted or sorted(installed - {"osd"})[:1])


def _page_paragraphs(
    image: Image.Image, page: int, lang: str, *, seconds: float
) -> list[tuple[Paragraph, int]]:
    data = pytesseract.image_to_data(
        image, lang=lang, output_type=pytesseract.Output.DICT, timeout=seconds
    )
    grouped: dict[tuple, list[tuple[int, str, int]]] = {}
    for index, word in enumerate(data["text"]):
        word = word.strip()
        if not word:
            continue
        key = (data["block_num"][index], data["par_num"][index])
        line = data["line_num"][index]
        grouped.setdefault(key, []).append((line, word, int(float(data["conf"][index]))))
    found = []
    for words in grouped.values():
        paragraph = Paragraph(BlockKind.PARAGRAPH, "", [])
        line_text, current_line = "", None
        lines = []
        for line, word, _ in words:
            if current_line is not None and line != current_line:
                lines.append(line_text)
                line_text = ""
            current_line = line
            line_text = f"{line_text} {word}".strip()
        lines.append(line_text)
        for text in lines:
            paragraph.add_text(text, page)
        scores = [score for _, _, score in words if score >= 0]
        found.append((paragraph, round(sum(scores) / len(scores)) if scores else 0))
    return found


def _read_images(
    images: Iterable[Image.Image], total: int, *, name: str, progress: Progress | None
) -> PreparedText:
    lang = languages()
    started = time.monotonic()
    lines, kinds, confidence, breaks = [], [], [], []
    offset = 0
    for number, image in enumerate(images, start=1):
        # Tesseract is given what is left of the reading's time, and stopped when it is up.
        left = settings.SOURCE_READING_MAX_SECONDS - (time.monotonic() - started)
        refuse_if_too_long(started, name, page=number, total=total)
        try:
            found = _page_paragraphs(image, number, lang, seconds=max(left, 0.1))
        except RuntimeError as error:
            if "timeout" not in str(error).lower():
                raise
            raise too_long(name, page=number, total=total) from None
        for paragraph, score in found:
            text, mixed = one_script_per_word(paragraph.finished_text)
            if not text.strip():
                continue
            if mixed:
                # A word still in two scripts is not one the page printed: check the paragraph.
                score = min(score, settings.SOURCE_OCR_LOW_CONFIDENCE - 1)
            if not breaks or breaks[-1][1] != number:
                breaks.append([offset, number])
            lines.append(text)
            kinds.append(str(BlockKind.PARAGRAPH))
            confidence.append(score)
            offset += len(text) + 1
        if progress:
            progress(number, total)
        refuse_if_too_long(started, name, page=number, total=total)
    if not lines:
        raise ImportRefused(gettext("No text could be recognised in %(name)s.") % {"name": name})
    return PreparedText(
        "\n".join(lines),
        SourceMetadata(),
        kinds,
        name,
        pages=breaks,
        page_count=total,
        confidence=confidence,
    )


def _too_many_pixels(name: str, page: int, width: int, height: int) -> ImportRefused:
    return ImportRefused(
        gettext(
            "Page %(page)s of %(name)s is %(width)s × %(height)s pixels (%(size)s megapixels); "
            "the desk reads scanned pages of up to %(most)s megapixels."
        )
        % {
            "name": name,
            "page": page,
            "width": f"{width:,}",
            "height": f"{height:,}",
            "size": f"{width * height / 1e6:,.0f}",
            "most": f"{settings.SOURCE_MAX_PAGE_PIXELS / 1e6:,.0f}",
        }
    )


def render_scale(width: float, height: float, *, name: str, page: int) -> float:
    """The scale to render a page of `width` × `height` points at: 300 dpi, or less so that it
    keeps within SOURCE_MAX_PAGE_PIXELS; ImportRefused for a page too large to be read even at
    the least resolution Tesseract reads."""
    scale = DPI / 72
    pixels = (width * scale) * (height * scale)
    most = settings.SOURCE_MAX_PAGE_PIXELS
    if pixels <= most:
        return scale
    # A hair under the limit: the page is drawn in whole pixels.
    scale *= (most / pixels) ** 0.5 * 0.999
    if scale * 72 < LEAST_DPI:
        raise ImportRefused(
            gettext(
                "Page %(page)s of %(name)s is %(width)s × %(height)s inches, too large to read "
                "as a scanned page."
            )
            % {
                "name": name,
                "page": page,
                "width": f"{width / 72:,.0f}",
                "height": f"{height / 72:,.0f}",
            }
        )
    return scale


def read_scanned_pdf(data: bytes, *, name: str, progress: Progress | None = None) -> PreparedText:
    document = open_pdf(data, name=name)
    languages()  # Refuse before rendering anything when OCR is not installed.

    def images():
        for index in range(len(document)):
            page = document[index]
            try:
                # Measured before anything is drawn: a 200-inch page at 300 dpi is 3.6 GB.
                width, height = page.get_size()
                scale = render_scale(width, height, name=name, page=index + 1)
                yield page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()

    try:
        return _read_images(images(), len(document), name=name, progress=progress)
    finally:
        document.close()


def read_image(data: bytes, *, name: str, progress: Progress | None = None) -> PreparedText:
    """A scanned page or pages (a multi-page TIFF); a page too large to be a scan is refused,
    every page measured before it is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImportRefused(
            gettext("%(name)s is too large an image to be a scanned page.") % {"name": name}
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ImportRefused(
            gettext("%(name)s is not an image the desk can read.") % {"name": name}
        ) from None
    if frames > settings.SOURCE_MAX_PAGES:
        raise ImportRefused(
            gettext("%(name)s has %(count)s pages; the desk reads up to %(most)s.")
            % {"name": name, "count": f"{frames:,}", "most": f"{settings.SOURCE_MAX_PAGES:,}"}
        )

    def damaged(page: int) -> ImportRefused:
        return ImportRefused(
            gettext("Page %(page)s of %(name)s is damaged: the desk cannot read it.")
            % {"name": name, "page": page}
        )

    def pages():
        for number in range(frames):
            try:
                image.seek(number)
            except (EOFError, OSError, ValueError):
                raise damaged(number + 1) from None
            width, height = image.size
            if width * height > settings.SOURCE_MAX_PAGE_PIXELS:
                raise _too_many_pixels(name, number + 1, width, height)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", Image.DecompressionBombWarning)
                    page = image.convert("L")
            except (
                Image.DecompressionBombError,
                Image.DecompressionBombWarning,
                EOFError,
                OSError,
                SyntaxError,
                ValueError,
            ):
                raise damaged(number + 1) from None
            yield page

    return _read_images(pages(), frames, name=name, progress=progress)
