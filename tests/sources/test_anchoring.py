"""Finding quotes in texts: exact first, then forgiving, and the stored quote is the source's."""

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sources.anchoring import Selector, closest_passage, find_quote

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"
ECFR = (SEEDS / "002_a54d937e01fa7ca1.txt").read_text(encoding="utf-8")
IOFFE = (SEEDS / "000_e180362b89ccddc6.txt").read_text(encoding="utf-8")


def test_selector_carries_context_and_offsets():
    selector = Selector.at("abc def ghi", 4, 7)
    assert (selector.exact, selector.prefix, selector.suffix) == ("def", "abc ", " ghi")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 2), (-1, 3), (0, 999)])
def test_selector_refuses_offsets_outside_the_text(start, end):
    with pytest.raises(ValueError):
        Selector.at("short text", start, end)


def test_the_repeated_ecfr_sentence_is_found_twice():
    sentence = "Each minor concession is a reminder that Lukashenka is still bargaining with the West and has not yet been fully annexed."
    found = find_quote(ECFR, sentence)
    assert len(found) == 2
    assert found[0].start < found[1].start
    assert all(ECFR[f.start : f.end] == sentence for f in found)


def test_typographic_quote_with_diacritics_anchors_exactly():
    quote = "in stark contradiction to the intransigent stance emphasized by Lithuanian Prime Minister Inga Ruginienė"
    [found] = find_quote(IOFFE, quote)
    assert IOFFE[found.start : found.end] == quote


def test_pasted_quote_with_straight_quotes_and_collapsed_spaces_finds_the_source_text():
    pasted = 'a  "brutal dictator" and Vladimir Putin\'s closest ally'
    [found] = find_quote(IOFFE, pasted)
    assert found.exact == "a “brutal dictator” and Vladimir Putin’s closest ally"


def test_pasted_quote_with_a_hyphen_for_an_em_dash():
    [found] = find_quote(IOFFE, "November 20-well ahead of previous announcements")
    assert found.exact == "November 20—well ahead of previous announcements"


def test_a_quote_not_in_the_text_is_not_found_but_the_closest_passage_is():
    assert find_quote(IOFFE, "Poland reopened three border crossings with Belarus.") == []
    closest = closest_passage(IOFFE, "Poland reopened three border crossings with Belarus.")
    assert "Poland reopened two border crossings with Belarus" in closest.passage


SEED_TEXTS = [IOFFE, ECFR, (SEEDS / "003_4c57bf254df6c335.txt").read_text(encoding="utf-8")]
STRAIGHTEN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "-", "–": "-"})


@st.composite
def pasted_spans(draw):
    text = draw(st.sampled_from(SEED_TEXTS)).strip()
    start = draw(st.integers(0, len(text) - 2))
    end = draw(st.integers(start + 1, min(len(text), start + 400)))
    span = text[start:end]
    assume(span.strip() and not span[0].isspace() and not span[-1].isspace())
    pasted = span
    if draw(st.booleans()):
        pasted = pasted.translate(STRAIGHTEN)
    spaces = draw(st.sampled_from([" ", "  ", "\n", " \n ", "\t"]))
    pasted = re.sub(r"\s+", lambda m: spaces, pasted)
    return text, span, pasted


@settings(max_examples=200, deadline=None)
@given(pasted_spans())
def test_any_span_pasted_with_altered_spaces_and_quotes_anchors_back(case):
    text, span, pasted = case
    found = find_quote(text, pasted)
    assert found, pasted
    assert any(text[f.start : f.end] == span for f in found), (
        span,
        pasted,
        [f.exact for f in found],
    )
    assert all(f.exact == text[f.start : f.end] for f in found)  # the source's own text
