"""Finding quotes in texts: exact, forgiving or close, always whole words of the source."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.copy_damage import DAMAGE
from sources.anchoring import (
    MAX_OCCURRENCES,
    Kind,
    Selector,
    adjust_by_words,
    closest_passage,
    find_quote,
    is_whole_words,
    locate,
    paragraph_at,
    paragraphs_of,
    selection,
)
from sources.anchoring.folding import fold

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"
ECFR = (SEEDS / "002_a54d937e01fa7ca1.txt").read_text(encoding="utf-8")
IOFFE = (SEEDS / "000_e180362b89ccddc6.txt").read_text(encoding="utf-8")
THIRD = (SEEDS / "003_4c57bf254df6c335.txt").read_text(encoding="utf-8")
SEED_TEXTS = [IOFFE.strip(), ECFR.strip(), THIRD.strip()]


def test_selector_carries_context_and_offsets():
    selector = Selector.at("abc def ghi", 4, 7)
    assert (selector.exact, selector.prefix, selector.suffix) == ("def", "abc ", " ghi")
    assert (selector.char_before, selector.char_after) == (" ", " ")


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


def test_the_context_given_picks_the_occurrence():
    sentence = "Each minor concession is a reminder that Lukashenka is still bargaining with the West and has not yet been fully annexed."
    second = ECFR.index(sentence, ECFR.index(sentence) + 1)
    search = locate(ECFR, sentence, prefix=ECFR[second - 32 : second], near=second)
    assert search.matches[0].start == second


def test_typographic_quote_with_diacritics_anchors_exactly():
    quote = "in stark contradiction to the intransigent stance emphasized by Lithuanian Prime Minister Inga Ruginienė"
    [found] = find_quote(IOFFE, quote)
    assert IOFFE[found.start : found.end] == quote


def test_pasted_quote_with_straight_quotes_and_collapsed_spaces_finds_the_source_text():
    pasted = 'a  "brutal dictator" and Vladimir Putin\'s closest ally'
    [found] = find_quote(IOFFE, pasted)
    assert found.exact == "a “brutal dictator” and Vladimir Putin’s closest ally"


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("November 20-well ahead", "November 20—well ahead"),
        ("November 20 - well ahead", "November 20—well ahead"),
        ("November 20 -- well ahead", "November 20—well ahead"),
        ("Prime Minister Inga Ruginiene", "Prime Minister Inga Ruginienė"),
        ("Dzmitry Hurnievic of the", "Dźmitry Hurnievič of the"),
        ("Poland re\u00adopened two border", "Poland reopened two border"),
        ("Poland reopened\u200b two border", "Poland reopened two border"),
        ("Poland reo-\npened two border", "Poland reopened two border"),
        ("Poland\u00a0reopened two border", "Poland reopened two border"),
        ("Ｐoland reopened two border", "Poland reopened two border"),
    ],
)
def test_copy_damage_is_forgiven_and_the_source_words_are_quoted(pasted, expected):
    search = locate(IOFFE, pasted)
    assert [m.exact for m in search.found] == [expected]
    assert search.found[0].kind == Kind.FORGIVING


def test_ligatures_and_soft_hyphens_in_the_source_are_forgiven_too():
    text = "The ﬁnal oﬀer was nego\u00adtiated in secret."
    [match] = locate(text, "final offer was negotiated").found
    assert match.exact == "ﬁnal oﬀer was nego\u00adtiated"


def test_a_quote_is_never_found_inside_a_word():
    assert find_quote("Lukashenka and a deal", "a") == [
        Selector.at("Lukashenka and a deal", 15, 16)
    ]
    assert find_quote(ECFR, "ukashenka has every incentive") == []
    assert find_quote("Minsk—Vilnius", "Minsk") == [Selector.at("Minsk—Vilnius", 0, 5)]


def test_a_one_letter_quote_returns_a_bounded_number_of_places():
    search = locate("a b " * 50_000, "a")
    assert len(search.matches) == MAX_OCCURRENCES
    assert search.more


def test_a_close_passage_says_how_close_and_marks_its_differences():
    search = locate(IOFFE, "On November 17, Poland reopened three border crossings with Russia.")
    assert not search.found
    [match, *_] = search.close
    assert match.exact == "On November 17, Poland reopened two border crossings with Belarus."
    assert match.in_words == "close: 2 words differ"
    assert [piece for piece, differs in match.segments if differs] == ["two", "Belarus."]
    assert closest_passage(IOFFE, "Poland reopened three border crossings with Belarus.")


@pytest.mark.parametrize(
    "unrelated",
    [
        "The cat sat on the mat and watched the sunset over the hills.",
        "Quarterly revenue rose by four percent in the northern region.",
        "Nothing",
        "of the",
    ],
)
def test_nothing_close_offers_no_passage(unrelated):
    for text in SEED_TEXTS:
        search = locate(text, unrelated)
        assert not search.close, [m.exact for m in search.close]


def test_a_close_passage_stays_inside_its_paragraph():
    text = "Ministers met on Monday about the border.\nThe talks ended without any agreement."
    [match] = locate(text, "met on Monday about the border. The meetings").close
    assert match.exact == "met on Monday about the border"
    spanning = locate(text, "about the border.\nThe talks ended without an agreement").close
    assert spanning[0].exact == "about the border.\nThe talks ended without any agreement"


def test_a_quote_too_long_for_a_close_look_says_so():
    assert locate(IOFFE, "word " * 1500).too_long


def test_paragraph_numbers_for_pages():
    text = "Heading\nFirst paragraph here.\nSecond one."
    start = text.index("First")
    assert paragraph_at(text, start) == paragraph_at(text, start + 3)
    assert paragraph_at(text, start).number == 2
    assert list(paragraphs_of(text, start, len(text))) == [2, 3]
    assert list(paragraphs_of(text, 0, 7)) == [1]


def test_a_selection_is_widened_to_whole_words_and_adjusted_by_a_word():
    text = "One two three four five."
    assert selection(text, 5, 11).exact == "two three"
    start, end = 4, 13  # "two three"
    assert text[slice(*adjust_by_words(text, start, end, edge="start", step=1))] == (
        "One two three"
    )
    assert text[slice(*adjust_by_words(text, start, end, edge="start", step=-1))] == "three"
    assert text[slice(*adjust_by_words(text, start, end, edge="end", step=1))] == "two three four"
    assert text[slice(*adjust_by_words(text, start, end, edge="end", step=-1))] == "two"
    # The last word stays.
    assert adjust_by_words(text, 4, 7, edge="end", step=-1) == (4, 7)


def test_folding_maps_back_to_the_source_offsets():
    text = "a\u00adb — “c”  ﬁ"
    folded, offsets = fold(text)
    assert folded == 'ab-"c" fi'
    assert [text[offsets[i]] for i in range(len(folded))] == list("a") + [
        "b",
        "—",
        "“",
        "c",
        "”",
        " ",
        "ﬁ",
        "ﬁ",
    ]


# Properties: the ground the bench (bench/anchoring_accuracy.py) measures, in the suite.


@st.composite
def word_spans(draw, most: int = 30):
    text = draw(st.sampled_from(SEED_TEXTS))
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    first = draw(st.integers(0, len(starts) - 1))
    words = list(re.finditer(r"\S+", text[starts[first] :]))[: draw(st.integers(1, most))]
    start, end = starts[first], starts[first] + words[-1].end()
    assume("\n" not in text[start:end])
    return text, start, end


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(word_spans(), st.lists(st.sampled_from(DAMAGE), max_size=3), st.randoms())
def test_any_span_however_damaged_is_found_at_its_place(case, damages, rng):
    text, start, end = case
    pasted = text[start:end]
    for damage in damages:
        pasted = damage(pasted, rng)
    search = locate(text, pasted)
    places = [(m.start, m.end) for m in search.found]
    assert (start, end) in places or search.more, (text[start:end], pasted)
    for match in search.matches:
        assert is_whole_words(text, match.start, match.end)
        assert fold(match.exact)[0] == fold(text[start:end])[0]  # the same words, elsewhere


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    word_spans(most=25),
    st.sampled_from(["insert before", "delete before", "reword inside", "drop inside"]),
)
def test_a_quote_in_an_edited_version_is_found_where_its_words_now_stand_or_left_to_a_person(
    case, edit
):
    text, start, end = case
    quote = text[start:end]
    words = quote.split(" ")
    assume(len(words) >= 6)
    # Repeated quotes (the seeds' pull quote) are included: a twin is never reported as the
    # quote's place unless its context tells it apart; otherwise the search says it is ambiguous.
    before, after = text[:start], text[end:]
    if edit == "insert before":
        new_before, new_quote = "A new paragraph.\n" + before, quote
    elif edit == "delete before":
        new_before, new_quote = before[before.find("\n") + 1 :], quote
    elif edit == "reword inside":
        new_before, new_quote = before, " ".join([*words[:3], "differently", *words[4:]])
    else:
        new_before, new_quote = before, " ".join(words[:2] + words[3:])
    new = new_before + new_quote + after
    truth = (len(new_before), len(new_before) + len(new_quote))
    search = locate(new, quote, prefix=before[-32:], suffix=after[:32], near=start)
    assert search.matches, (quote, edit)
    for match in search.matches:
        assert is_whole_words(new, match.start, match.end)
    if search.ambiguous:
        assert search.best is None
        # A person chooses among the contenders, and the quote's own place is one of them.
        assert any(m.start < truth[1] and truth[0] < m.end for m in search.matches)
        return
    best = search.best
    if new_quote == quote:
        assert (best.start, best.end) == truth
    else:
        assert best.kind == Kind.APPROXIMATE
        overlap = min(best.end, truth[1]) - max(best.start, truth[0])
        assert overlap >= 0.5 * (truth[1] - truth[0])


def test_an_edited_pull_quote_whose_twin_kept_as_much_context_is_left_to_a_person():
    sentence = (
        "Each minor concession is a reminder that Lukashenka is still bargaining with the West "
        "and has not yet been fully annexed."
    )
    # The pull quote stands first, on a line of its own; its twin is in the body.
    pull_quote = ECFR.index(sentence)
    quote = "is still bargaining with the West and has not yet been fully annexed."
    at = pull_quote + sentence.index(quote)
    prefix, suffix = ECFR[at - 120 : at], ECFR[at + len(quote) : at + len(quote) + 120]
    # The next version rewords the pull quote and moves its paragraph to the end of the text.
    lines = ECFR.split("\n")
    [pull] = [i for i, line in enumerate(lines) if line == sentence]
    edited = lines.pop(pull).replace("not yet been", "not yet quite been")
    new = "\n".join([*lines, edited])
    search = locate(new, quote, prefix=prefix, suffix=suffix, near=at)
    assert search.ambiguous and search.best is None
    starts = {m.start for m in search.matches}
    assert new.index(quote) in starts  # the unedited twin in the body
    assert new.index(edited) + edited.index("is still") in starts  # its own, edited place


def test_a_twin_that_kept_clearly_more_context_is_the_quotes_place():
    sentence = "The border stays shut, officials said."
    text = f"In Minsk the mood was grim. {sentence}\nTrucks queued for days. {sentence}"
    second = text.rindex(sentence)
    search = locate(text, sentence, prefix="Trucks queued for days. ", near=second)
    assert not search.ambiguous
    assert search.best.start == second
    # With no context given, the paste path offers both places and the editor chooses.
    assert [m.start for m in locate(text, sentence).matches] == [text.index(sentence), second]


def test_twins_with_the_same_context_are_left_to_a_person():
    sentence = "The border stays shut, officials said."
    text = f"Trucks queued. {sentence}\nTrucks queued. {sentence}"
    search = locate(text, sentence, prefix="Trucks queued. ")
    assert search.ambiguous
    assert len(search.matches) == 2 and search.best is None


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60), st.sampled_from(SEED_TEXTS))
def test_whatever_is_pasted_every_place_reported_is_whole_words(pasted, text):
    for match in locate(text, pasted).matches:
        assert is_whole_words(text, match.start, match.end)
        assert match.exact == text[match.start : match.end]


# Bounds: what one request may cost, counted in operations (and, in the slow tier, in seconds).


def test_a_close_look_compares_a_bounded_number_of_runs(monkeypatch):
    from sources.anchoring import approximate

    calls = []
    real = approximate.Levenshtein.distance
    monkeypatch.setattr(
        approximate.Levenshtein, "distance", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    text = "\n".join(SEED_TEXTS) * 20
    quote = " ".join(IOFFE.split()[100:900])  # 800 words, then damaged beyond forgiving
    locate(text, quote.replace(" the ", " a "))
    per_candidate = approximate._RUNS**2 + 2 * 8 + 1
    assert 0 < len(calls) <= approximate.CANDIDATES * per_candidate


def test_a_quote_longer_than_any_excerpt_is_not_compared_at_all(monkeypatch):
    from sources.anchoring import approximate

    monkeypatch.setattr(approximate, "_compare", lambda *a: pytest.fail("compared"))
    assert locate(IOFFE, "x" * 10_001).too_long
    assert locate(IOFFE, "word " * 1001).too_long


@pytest.mark.slow
@pytest.mark.parametrize("quote", ["a", "the border", "word " * 1999, "q" * 9_999])
def test_hostile_quotes_in_a_five_megabyte_source_finish_promptly(quote):
    import time

    text = ("\n".join(SEED_TEXTS) + "\n") * 195
    assert len(text) > 4_800_000
    locate(text, "warm the folded text")
    began = time.monotonic()
    search = locate(text, quote)
    assert time.monotonic() - began < 5  # generous: the bench measures, this only bounds
    assert len(search.matches) <= MAX_OCCURRENCES
