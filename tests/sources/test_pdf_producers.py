"""PDFs from producers the reader was not written against (bench/pdf_corpus), read against
their ground truth: every sentence stored verbatim, paragraphs whole, headings as headings,
footnotes as footnotes, running lines left out. The files in tests/sources/corpus/ were made
by bench.pdf_corpus.producers from texts.short_document() (generation is slow: a browser,
LibreOffice, TeX); reportlab and the rest are made here, the slow ones marked slow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.pdf_corpus.producers import PRODUCERS
from bench.pdf_corpus.scoring import score
from bench.pdf_corpus.texts import short_document
from sources.pdf import DamagedTextLayer, read_pdf
from sources.structure import BlockKind

CORPUS = Path(__file__).parent / "corpus"


def read(producer: str):
    path = CORPUS / f"{producer}.pdf"
    data = path.read_bytes() if path.exists() else PRODUCERS[producer](short_document())
    return read_pdf(data, name=f"{producer}.pdf")


def blocks(prepared) -> list[tuple[str, str]]:
    return list(zip(prepared.text.split("\n"), prepared.kinds, strict=True))


def assert_faithful(producer: str, prepared) -> None:
    document = short_document()
    judged = score(producer, document, blocks(prepared))
    assert judged.examples == [], judged.examples
    assert judged.verbatim == judged.sentences
    assert judged.whole == judged.paragraphs
    assert judged.headings_found == judged.headings
    assert judged.running_leaked == 0
    assert judged.wrong_words == 0


@pytest.mark.parametrize("producer", ["chromium-1col", "chromium-2col", "libreoffice-odt"])
def test_committed_files_from_other_producers_are_read_faithfully(producer):
    assert_faithful(producer, read(producer))


def test_lualatex_two_columns_drawn_line_by_line_across_the_gutter_are_read_column_by_column():
    prepared = read("lualatex-2col")
    document = short_document()
    judged = score("lualatex-2col", document, blocks(prepared))
    assert judged.verbatim == judged.sentences, judged.examples
    assert judged.headings_found == judged.headings
    assert judged.running_leaked == 0


def test_reportlab_two_frames_keep_every_body_line_in_its_sentence():
    prepared = read("reportlab-2frames")
    assert_faithful("reportlab-2frames", prepared)
    lines = prepared.text.split("\n")
    # The subtitle is its own block, not glued onto the first paragraph of the next page.
    assert "Analysis by Grigory Ioffe" in lines


def test_chromium_save_as_pdf_keeps_every_word_whole_and_in_order():
    """Chromium gives one box per glyph: "Лукашенко" was stored as "Л ашенко ук"."""
    text = read("chromium-1col").text
    assert "Лукашенко за терпение" in text
    assert "Kuźnicy kierowcy ciężarówek" in text
    # No space before punctuation after an italic run ("_ulgi_," in the ground truth).
    assert " ," not in text and " ." not in text


def test_a_heading_atop_every_page_that_changes_is_a_heading_not_a_running_line():
    prepared = read("chromium-1col")
    headings = [t for t, kind in blocks(prepared) if kind == BlockKind.HEADING]
    for number in range(1, 5):
        assert any(re.match(rf"Section {number}: ", heading) for heading in headings)


def test_footnotes_from_a_word_processor_are_labelled_footnotes():
    prepared = read("libreoffice-odt")
    notes = [t for t, kind in blocks(prepared) if kind == BlockKind.FOOTNOTE]
    assert any("Dane Straży Granicznej" in note for note in notes)
    assert all(re.match(r"^\d", note) for note in notes)


def test_a_pdfs_junk_title_is_not_taken_for_the_documents():
    assert read("chromium-1col").metadata.title == ""  # "about:blank"
    assert read("libreoffice-odt").metadata.title == ""  # "Microsoft Word - report….docx"


def test_a_text_layer_without_unicode_is_refused_as_text_and_says_why():
    data = (CORPUS / "ghostscript-distilled.pdf").read_bytes()
    with pytest.raises(DamagedTextLayer, match="damaged.*no letter behind them"):
        read_pdf(data, name="printed.pdf")


# LibreOffice lays a .docx out with the fonts the machine has: on a machine with Debian's
# LibreOffice 7.4.7 and TeX Live's fonts (7 December 2026), the last line of three paragraphs
# that end just above a footnote is lost ("… zapowiadają" without "rozmowy z wojewodą."). Known
# and open (#27); the test still runs and reports it.
DOCX_LAST_LINES = pytest.mark.xfail(
    reason="the last line of a paragraph above a footnote is lost on some machines' fonts",
    strict=False,
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "producer", ["weasyprint", pytest.param("libreoffice-docx", marks=DOCX_LAST_LINES)]
)
def test_files_made_now_by_other_producers_are_read_faithfully(producer):
    assert_faithful(producer, read_pdf(PRODUCERS[producer](short_document()), name="x.pdf"))


@pytest.mark.slow
def test_pdftex_cyrillic_in_bitmap_fonts_is_caught_as_a_damaged_layer():
    """Debian's TeX Live sets T2A Cyrillic in Type 3 bitmap fonts without Unicode: PDFium reads
    them as Latin-1 ("Ðåàêöèÿ"), which must not be stored as the document's words."""
    data = PRODUCERS["pdftex"](short_document())
    with pytest.raises(DamagedTextLayer, match="another alphabet"):
        read_pdf(data, name="tex.pdf")


@pytest.mark.slow
def test_a_damaged_text_layer_is_read_as_a_scan():
    from sources.formats import read_document
    from sources.ocr import installed_languages

    if not installed_languages():
        pytest.skip("Tesseract is not installed")
    prepared = read_document(
        "printed.pdf", (CORPUS / "ghostscript-distilled.pdf").read_bytes(), kind="pdf"
    )
    assert prepared.confidence, "not read by OCR"
    assert "Poland reopened two border crossings" in prepared.text
