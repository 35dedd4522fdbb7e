"""Scans made by the tests: text drawn onto page images at 300 dpi and saved as an image-only
PDF (no text layer) or a PNG, as a scanner would deliver them."""

from __future__ import annotations

import textwrap
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
WIDTH, HEIGHT = 1700, 2200  # Letter at 200 dpi: large enough type for Tesseract, small files.


def page_image(paragraphs: list[str], *, blur: float = 0.0, size: int = 34) -> Image.Image:
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size)
    y = 160
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, width=70):
            draw.text((150, y), line, font=font, fill=0)
            y += int(size * 1.5)
        y += size * 2  # A blank line between paragraphs, as in a typed letter.
    return image.filter(ImageFilter.GaussianBlur(blur)) if blur else image


def scanned_pdf(paragraphs: list[str], *, pages: int = 1, blur: float = 0.0) -> bytes:
    """An image-only PDF: each page shows the same paragraphs, numbered by page."""
    images = [
        page_image([f"Page {n} begins here.", *paragraphs], blur=blur) for n in range(1, pages + 1)
    ]
    buffer = BytesIO()
    images[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def scanned_png(paragraphs: list[str], *, blur: float = 0.0) -> bytes:
    buffer = BytesIO()
    page_image(paragraphs, blur=blur).save(buffer, "PNG")
    return buffer.getvalue()
