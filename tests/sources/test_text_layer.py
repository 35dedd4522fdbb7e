"""Telling a damaged text layer from a text: the checks of sources.text_layer on the seed
articles (which must pass) and on the damage seen in PDFs (which must not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.pdf import Paragraph, is_junk_title, resolve_hyphens
from sources.text_layer import damage

SEEDS = sorted((Path(__file__).parents[2] / "desk" / "demo" / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_real_prose_in_every_language_of_the_desk_is_not_damaged(path):
    text = path.read_text(encoding="utf-8")
    assert damage(text, characters=len(text), unmapped=0) is None


def seed() -> str:
    return SEEDS[0].read_text(encoding="utf-8")


def test_letters_split_by_shape_are_caught():
    """The way Chromium's PDFs were read: "Лукашенко" → "Л ашенко ук"."""
    scrambled = " ".join(
        " ".join([w[:1], w[3:], w[1:3]]) if len(w) > 3 else w for w in seed().split()
    )
    scrambled = " ".join(scrambled.replace(" ", "  ").replace("", " ").split("  "))
    found = damage(scrambled, characters=len(scrambled), unmapped=0)
    assert found is not None and "out of order" in found.reason


def test_a_shifted_unicode_map_is_caught():
    text = seed()
    shifted = "".join(chr(ord(c) + 1) if c.isascii() and c.isalpha() else c for c in text)
    found = damage(shifted, characters=len(text), unmapped=0)
    assert found is not None and "vowel" in found.reason


def test_cyrillic_read_as_latin1_is_caught():
    text = seed() + " Îôèöèàëüíûé Ìèíñê ïðåäñòàâèë îòêðûòèå ïåðåõîäîâ" * 30
    found = damage(text, characters=len(text), unmapped=0)
    assert found is not None and "another alphabet" in found.reason


def test_glyphs_without_unicode_are_caught():
    found = damage(seed(), characters=1000, unmapped=100)
    assert found is not None and "10%" in found.reason


@pytest.mark.parametrize(
    "title",
    ["about:blank", "Microsoft Word - report.docx", "Untitled", "scan0001.pdf", "Document1"],
)
def test_junk_titles(title):
    assert is_junk_title(title)


@pytest.mark.parametrize("title", ["Annual review 2025", "The U.S. and Belarus", "Dr. Who"])
def test_real_titles(title):
    assert not is_junk_title(title)


def hyphens(*texts: str) -> list[str]:
    blocks = [Paragraph("paragraph", text, [(0, 1)]) for text in texts]
    resolve_hyphens(blocks)
    return [block.text for block in blocks]


def test_a_line_end_hyphen_is_joined_or_kept_by_the_documents_own_words():
    assert hyphens("Lukashen\x03ko spoke.", "Lukashenko spoke again.")[0] == "Lukashenko spoke."
    assert (
        hyphens("a cross\x03border trade", "cross-border", "Lukashen\x03ko", "Lukashenko")[0]
        == "a cross-border trade"
    )
    # A name the document writes keeps its hyphen: "Grodno-based".
    assert (
        hyphens("a Grodno\x03based writer", "in Grodno", "Lukashen\x03ko", "Lukashenko")[0]
        == "a Grodno-based writer"
    )


def test_a_producer_that_never_hyphenates_keeps_every_line_end_hyphen():
    """No split word of the document is known joined: the hyphens are the writer's."""
    assert hyphens("a now\x03defunct body and a long\x03standing one")[0] == (
        "a now-defunct body and a long-standing one"
    )
