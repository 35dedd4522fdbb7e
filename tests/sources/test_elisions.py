"""Elided quotes: the source's passages found in order, the editor's bracketed words kept apart."""

from __future__ import annotations

import pytest

from sources.anchoring import Kind
from sources.anchoring.elisions import (
    MAX_ELIDED_WORDS,
    MAX_PASSAGES,
    Piece,
    has_elisions,
    locate_elided,
    parse,
)

TEXT = (
    "Minsk and Warsaw held talks in August.\n"
    "The talks, which lasted three days and involved officials from both capitals, were "
    "conducted without publicity. Lukashenka released 52 prisoners after the talks, and "
    "the border crossing at Kuźnica reopened in November.\n"
    "Lithuania closed its own crossings in October. Vilnius reopened them later."
)


def pieces(text: str, quote: str) -> list[tuple[str, str]]:
    found = locate_elided(text, quote)
    assert found.best is not None, found.why_not
    return [(p.kind, p.text) for p in found.best.pieces(text)]


@pytest.mark.parametrize("mark", ["…", "...", "[…]", "[...]", ". . ."])
def test_each_usual_mark_leaves_words_out(mark):
    quote = f"The talks {mark} were conducted without publicity"
    found = locate_elided(TEXT, quote)
    assert found.best is not None
    first, second = found.best.passages
    assert TEXT[first.start : first.end] == "The talks"
    assert TEXT[second.start : second.end] == "were conducted without publicity"
    assert pieces(TEXT, quote) == [
        (Piece.SOURCE, "The talks"),
        (Piece.ELIDED, ", which lasted three days and involved officials from both capitals,"),
        (Piece.SOURCE, "were conducted without publicity"),
    ]
    assert found.best.as_written(TEXT) == "The talks … were conducted without publicity"


def test_a_full_stop_before_the_mark_belongs_to_the_sentence():
    parsed = parse("conducted without publicity. . . . the border crossing")
    assert parsed.passages == ("conducted without publicity.", "the border crossing")
    parsed = parse("conducted without publicity.... the border crossing")
    assert parsed.passages == ("conducted without publicity.", "the border crossing")


def test_three_elisions_and_copy_damage_in_each_passage():
    quote = (
        "The talks ... involved officials ... were conducted without publicity… "
        "the border crossing at Kuznica reopened"
    )
    found = locate_elided(TEXT, quote)
    assert found.best is not None
    assert [TEXT[p.start : p.end] for p in found.best.passages] == [
        "The talks",
        "involved officials",
        "were conducted without publicity",
        "the border crossing at Kuźnica reopened",
    ]
    assert found.best.kinds[-1] == Kind.FORGIVING


def test_an_insertion_between_passages_stands_for_the_words_it_replaces():
    quote = "[He] released 52 prisoners after [the August talks], and the border crossing"
    result = pieces(TEXT, quote)
    assert result == [
        (Piece.REPLACED, "Lukashenka"),
        (Piece.INSERTED, "He"),
        (Piece.SOURCE, "released 52 prisoners after"),
        (Piece.REPLACED, "the talks"),
        (Piece.INSERTED, "the August talks"),
        (Piece.SOURCE, ", and the border crossing"),
    ]
    reading = locate_elided(TEXT, quote).best
    written = reading.as_written(TEXT)
    assert written == "[He] released 52 prisoners after [the August talks], and the border crossing"
    # The editor's words are never among the source's, and the replaced words never shown.
    source_words = " ".join(TEXT[p.start : p.end] for p in reading.passages)
    assert "August" not in source_words
    assert "Lukashenka" not in written


def test_an_insertion_beside_a_mark_is_added_and_the_words_are_left_out():
    quote = "The talks … [in Minsk] were conducted without publicity"
    assert pieces(TEXT, quote) == [
        (Piece.SOURCE, "The talks"),
        (Piece.ELIDED, ", which lasted three days and involved officials from both capitals,"),
        (Piece.INSERTED, "in Minsk"),
        (Piece.SOURCE, "were conducted without publicity"),
    ]


def test_a_leading_insertion_far_from_the_sentence_start_replaces_nothing():
    quote = "[Officials said] were conducted without publicity"
    # Twelve words back to the sentence's start: too many to be what "[Officials said]" stands for.
    assert pieces(TEXT, quote)[0] == (Piece.INSERTED, "Officials said")
    assert all(kind != Piece.REPLACED for kind, _ in pieces(TEXT, quote))


def test_passages_over_more_than_two_paragraphs_are_not_one_quote():
    found = locate_elided(TEXT, "Minsk and Warsaw held talks … Vilnius reopened them later")
    assert found.best is None and not found.ambiguous
    assert "not found together" in found.why_not


def test_neighbouring_paragraphs_may_be_joined():
    found = locate_elided(TEXT, "reopened in November. … Lithuania closed its own crossings")
    assert found.best is not None
    assert "\n" in TEXT[found.best.start : found.best.end]


def test_source_words_between_passages_without_a_mark_are_not_that_place():
    # "[sic]" adds a word where nothing is left out: passages must then be next to each other.
    found = locate_elided(TEXT, "Lukashenka released [sic] prisoners after the talks")
    assert found.best is not None
    (inserted,) = found.best.insertions
    assert inserted.replaces and TEXT[inserted.replaces_start : inserted.replaces_end] == "52"
    found = locate_elided(TEXT, "Lukashenka released prisoners [sic] after the talks")
    assert found.best is None


def test_a_passage_standing_twice_within_reach_is_left_to_a_person():
    text = (
        "The minister said the border would open. Officials added that the border would open "
        "soon, and the minister repeated it."
    )
    found = locate_elided(text, "The minister said … the border would open")
    assert found.ambiguous and found.best is None
    assert len(found.places) == 2


def test_the_sources_own_ellipsis_is_part_of_its_words():
    text = "He paused… and then said the talks had failed."
    found = locate_elided(text, "He paused… and then said the talks had failed")
    # Nothing was left out: one passage, the source's own "…" in it.
    assert found.best is not None and len(found.best.passages) == 1
    assert found.best.passages[0].exact == "He paused… and then said the talks had failed"


def test_too_far_apart_is_not_an_elision():
    filler = " ".join(["word"] * (MAX_ELIDED_WORDS + 5))
    text = f"The first passage stands here. {filler} The second passage stands there."
    found = locate_elided(text, "The first passage stands here. … The second passage stands")
    assert found.best is None


def test_bounded_number_of_passages():
    quote = " … ".join(["talks"] * (MAX_PASSAGES + 1))
    found = locate_elided(TEXT, quote)
    assert found.best is None and "too many places" in found.why_not


def test_marks_are_told_apart_from_plain_quotes():
    assert has_elisions("The talks … were")
    assert has_elisions("[He] released")
    assert not has_elisions("The talks were conducted without publicity.")
