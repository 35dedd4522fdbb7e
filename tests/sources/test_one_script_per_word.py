"""Text recognised from a scan keeps one script per word: a Cyrillic look-alike inside an English
word (or the reverse) is set right, and a word that cannot be is marked for checking."""

from __future__ import annotations

import pytest

from sources.scripts import one_script, one_script_per_word


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("bоrder", "border"),  # Cyrillic о
        ("Pоlаnd", "Poland"),  # Cyrillic о and а
        ("СOVID", "COVID"),  # Cyrillic С
        ("грaница", "граница"),  # Latin a in a Russian word
        ("Лукашенкo", "Лукашенко"),  # Latin o
        ("Białowieża", "Białowieża"),  # Polish letters are Latin: nothing to do
        ("Мінск", "Мінск"),  # Belarusian і is Cyrillic
    ],
)
def test_a_look_alike_letter_is_set_in_the_words_own_script(read, printed):
    assert one_script(read) == (printed, False)


def test_a_word_that_cannot_be_set_right_is_flagged_and_left_as_read():
    # Latin "g" has no Cyrillic twin; a half-and-half word has no script of its own.
    assert one_script("дорgа") == ("дорgа", True)
    assert one_script("abвг") == ("abвг", True)


def test_a_text_keeps_its_length_and_counts_what_is_still_mixed():
    text = "The bоrder at Kuźnica, the грaница, and дорgа 2025."
    repaired, mixed = one_script_per_word(text)
    assert repaired == "The border at Kuźnica, the граница, and дорgа 2025."
    assert len(repaired) == len(text) and mixed == 1


def test_ocr_paragraphs_are_repaired_and_a_mixed_word_marks_its_paragraph(monkeypatch, settings):
    from PIL import Image

    from sources import ocr

    def found(image, page, lang, *, seconds):
        first = ocr.Paragraph("paragraph", "", [])
        first.add_text("The bоrder was closed.", page)
        second = ocr.Paragraph("paragraph", "", [])
        second.add_text("A road, дорgа, was closed.", page)
        return [(first, 95), (second, 95)]

    monkeypatch.setattr(ocr, "_page_paragraphs", found)
    monkeypatch.setattr(ocr, "languages", lambda: "eng+rus")
    prepared = ocr._read_images([Image.new("L", (10, 10))], 1, name="scan.png", progress=None)
    assert prepared.text.split("\n") == ["The border was closed.", "A road, дорgа, was closed."]
    assert prepared.confidence[0] == 95
    assert prepared.confidence[1] < settings.SOURCE_OCR_LOW_CONFIDENCE
