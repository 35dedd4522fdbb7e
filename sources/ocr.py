"""Reading scans with Tesseract: a PDF without a text layer, or an image (PNG, JPEG, TIFF).

Each page is rendered (PDFium) and recognised (pytesseract, Tesseract 5 with the languages in
settings.SOURCE_OCR_LANGUAGES). Tesseract's own paragraphs become blocks; each keeps the mean
confidence of its words, so the reader can mark the paragraphs to check against the original,
and the pages it is on.
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
from PIL import Image, ImageSequence

from sources.importing import ImportRefused, PreparedText, SourceMetadata
from sources.pdf import Paragraph, Progress, open_pdf, refuse_if_too_long
from sources.structure import BlockKind

# Rendering resolution: Tesseract reads body type best at about 300 dots per inch.
DPI = 300
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


def _page_paragraphs(image: Image.Image, page: int, lang: str) -> list[tuple[Paragraph, int]]:
    data = pytesseract.image_to_data(image, lang=lang, output_type=pytesseract.Output.DICT)
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
        for paragraph, score in _page_paragraphs(image, number, lang):
            text = paragraph.finished_text
            if not text.strip():
                continue
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


def read_scanned_pdf(data: bytes, *, name: str, progress: Progress | None = None) -> PreparedText:
    document = open_pdf(data, name=name)
    languages()  # Refuse before rendering anything when OCR is not installed.

    def images():
        for index in range(len(document)):
            page = document[index]
            try:
                yield page.render(scale=DPI / 72, grayscale=True).to_pil()
            finally:
                page.close()

    try:
        return _read_images(images(), len(document), name=name, progress=progress)
    finally:
        document.close()


def read_image(data: bytes, *, name: str, progress: Progress | None = None) -> PreparedText:
    """A scanned page or pages (a multi-page TIFF); images too large to be a page are refused."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            image.load()
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
    pages = (frame.convert("L") for frame in ImageSequence.Iterator(image))
    return _read_images(pages, frames, name=name, progress=progress)
