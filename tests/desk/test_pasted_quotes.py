"""The "new excerpt" form: a pasted quote is found in the source, never stored as pasted."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from desk.models import Excerpt
from sources.importing import SourceMetadata, import_source

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"
REPEATED = (
    "Each minor concession is a reminder that Lukashenka is still bargaining with the West "
    "and has not yet been fully annexed."
)


@pytest.fixture
def ecfr(db):
    text = (SEEDS / "002_a54d937e01fa7ca1.txt").read_text(encoding="utf-8")
    return import_source(text=text, metadata=SourceMetadata(outlet="ECFR"))


@pytest.fixture
def ioffe(db):
    text = (SEEDS / "000_e180362b89ccddc6.txt").read_text(encoding="utf-8")
    return import_source(text=text, metadata=SourceMetadata(title="Swallowing the Red Pill"))


def find(client, source, quote):
    return client.post(reverse("desk:excerpt_new"), {"source": source.pk, "quote": quote})


@pytest.mark.parametrize("occurrence", [0, 1])
def test_the_repeated_sentence_anchors_to_the_occurrence_chosen(
    as_user, editor, ecfr, briefing, occurrence
):
    client = as_user(editor)
    response = find(client, ecfr, REPEATED)
    occurrences = response.context["occurrences"]
    assert len(occurrences) == 2
    selector, url = occurrences[occurrence]
    query = parse_qs(urlparse(url).query)
    client.post(
        url.split("?")[0],
        {
            "version": query["version"][0], "start": query["start"][0], "end": query["end"][0],
            "annotation": "Pull quote or body?", "kind": "assessment", "briefing": briefing.pk,
        },
    )  # fmt: skip
    revision = Excerpt.objects.get().current_revision
    assert (revision.start, revision.end) == (selector.start, selector.end)
    assert revision.quote == REPEATED
    other = occurrences[1 - occurrence][0]
    assert revision.start != other.start


def test_a_quote_pasted_with_straight_quotes_and_collapsed_spaces_stores_the_source_text(
    as_user, editor, ioffe
):
    response = find(
        as_user(editor), ioffe, 'a "brutal   dictator" and Vladimir Putin\'s closest ally'
    )
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    start, end = int(query["start"][0]), int(query["end"][0])
    assert ioffe.text[start:end] == "a “brutal dictator” and Vladimir Putin’s closest ally"


@pytest.mark.parametrize(
    "quote",
    [
        "The Kuźnica checkpoint had been closed in 2021",
        "Lithuanian Prime Minister Inga Ruginienė",
        "An anecdote shared by Dźmitry Hurnievič of the Belarusian Service",
    ],
)
def test_diacritics_and_typography_anchor_exactly(as_user, editor, ioffe, quote):
    response = find(as_user(editor), ioffe, quote)
    query = parse_qs(urlparse(response["Location"]).query)
    assert ioffe.text[int(query["start"][0]) : int(query["end"][0])] == quote


def test_a_quote_not_in_the_text_is_refused_with_the_closest_passage(as_user, editor, ioffe):
    response = find(
        as_user(editor),
        ioffe,
        "On November 17, Poland reopened three border crossings with Russia.",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "not in the source" in html
    assert "Poland reopened two border crossings with Belarus" in response.context["closest"].exact
    assert Excerpt.objects.count() == 0


def test_an_empty_quote_is_refused(as_user, editor, ioffe):
    response = find(as_user(editor), ioffe, "   ")
    assert "cannot be empty or only spaces" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"), [("reviewer", 403), ("outsider", 403), (None, 302)]
)
def test_only_editors_use_the_form(as_user, request, ioffe, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    assert find(as_user(user), ioffe, "Poland").status_code == expected


def test_a_selection_spanning_paragraphs_is_kept_whole(as_user, editor, ioffe, briefing):
    start = ioffe.text.index("to an eight-year prison term.")
    end = ioffe.text.index("Warsaw had planned") + len("Warsaw had planned")
    as_user(editor).post(
        reverse("desk:excerpt_from_selection", args=[ioffe.pk]),
        {
            "version": 1,
            "start": start,
            "end": end,
            "annotation": "x",
            "kind": "claim",
            "briefing": briefing.pk,
        },
    )
    assert (
        Excerpt.objects.get().current_revision.quote
        == "to an eight-year prison term.\nWarsaw had planned"
    )


def test_an_overlapping_selection_says_so_without_blocking(as_user, editor, ioffe, briefing):
    from tests.factories import make_excerpt

    existing = make_excerpt(
        editor=editor, source=ioffe, briefing=briefing, quote="Poland reopened two border crossings"
    )
    start = ioffe.text.index("two border crossings with Belarus")
    response = as_user(editor).get(
        reverse("desk:excerpt_from_selection", args=[ioffe.pk])
        + f"?version=1&start={start}&end={start + 20}"
    )
    assert f"excerpt {existing.pk}" in response.content.decode()
    assert response.context["form"] is not None


def test_a_quote_over_the_limit_is_refused(as_user, editor, briefing):
    source = import_source(text="word " * 2000, metadata=SourceMetadata())
    response = as_user(editor).get(
        reverse("desk:excerpt_from_selection", args=[source.pk]) + "?version=1&start=0&end=9000",
        follow=True,
    )
    assert "at most 5,000" in response.content.decode()


def _offsets(response) -> tuple[int, int]:
    query = parse_qs(urlparse(response["Location"]).query)
    return int(query["start"][0]), int(query["end"][0])


@pytest.mark.parametrize(
    ("pasted", "source_words"),
    [
        ("November 20 - well ahead of previous announcements", "November 20—well"),
        ("Prime Minister Inga Ruginiene", "Ruginienė"),
        ("The Kuznica checkpoint had been closed in 2021", "Kuźnica"),
        ("Poland re\u00adopened two bor\u200bder crossings", "Poland reopened two border"),
        ("Poland reopened two bor-\nder crossings with Belarus", "border crossings"),
        ("Poland reopened two border\n\n crossings", "two border crossings"),
    ],
)
def test_a_damaged_quote_is_found_and_the_source_words_are_stored(
    as_user, editor, ioffe, pasted, source_words
):
    response = find(as_user(editor), ioffe, pasted)
    assert response.status_code == 302, response.content.decode()[:2000]
    start, end = _offsets(response)
    assert source_words in ioffe.text[start:end]
    assert "found=forgiving" in response["Location"]


def test_an_unrelated_sentence_gets_no_fragment_but_a_plain_answer(as_user, editor, ioffe):
    response = find(as_user(editor), ioffe, "The cat sat on the mat and watched the sunset.")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["close"] == []
    assert "Nothing close to this quote was found" in html
    assert "Quote this passage instead" not in html


def test_a_quote_pasted_from_inside_a_word_is_offered_only_whole_words(as_user, editor, ecfr):
    # The desk once offered, and saved, "e, Lukashenka has every incentive … sooner rather than l".
    response = find(
        as_user(editor),
        ecfr,
        "e, Lukashenka has every incentive to see a peace deal reached in Ukraine sooner rather than l",
    )
    close = response.context["close"]
    assert close, "the passage is close: one word differs at each end"
    match = close[0][0]
    assert match.exact.startswith("example, Lukashenka has every incentive")
    assert match.exact.endswith("sooner rather than later")
    assert "words differ" in response.content.decode()


def test_a_one_letter_quote_lists_at_most_a_few_dozen_places(as_user, editor, db):
    source = import_source(text=("A cat and a dog. " * 2000).strip(), metadata=SourceMetadata())
    response = find(as_user(editor), source, "a")
    assert response.status_code == 200
    assert len(response.context["occurrences"]) == 25
    assert "more than 25 places" in response.content.decode()


def test_the_passage_is_shown_in_its_paragraph_and_adjusted_by_a_word(
    as_user, editor, ioffe, briefing
):
    client = as_user(editor)
    start = ioffe.text.index("reopened two border crossings")
    end = start + len("reopened two border crossings")
    url = reverse("desk:excerpt_from_selection", args=[ioffe.pk])
    page = client.get(f"{url}?version=1&start={start}&end={end}")
    assert "On November 17, Poland " in page.context["passage"].before
    fields = {"version": 1, "start": start, "end": end, "annotation": "Kept while adjusting."}
    wider = client.post(url, {**fields, "adjust": "start-more"})
    assert wider.context["selector"].exact == "Poland reopened two border crossings"
    assert "Kept while adjusting." in wider.content.decode()
    shorter = client.post(url, {**fields, "adjust": "end-less"})
    assert shorter.context["selector"].exact == "reopened two border"
    longer = client.post(url, {**fields, "adjust": "end-more"})
    assert longer.context["selector"].exact == "reopened two border crossings with"
    assert Excerpt.objects.count() == 0  # adjusting saves nothing


def test_a_selection_cut_inside_words_is_widened_to_whole_words(as_user, editor, ioffe, briefing):
    start = ioffe.text.index("reopened two border crossings") + 3
    end = ioffe.text.index("reopened two border crossings") + len("reopened two bord")
    as_user(editor).post(
        reverse("desk:excerpt_from_selection", args=[ioffe.pk]),
        {"version": 1, "start": start, "end": end, "annotation": "x", "kind": "claim",
         "briefing": briefing.pk},
    )  # fmt: skip
    assert Excerpt.objects.get().current_revision.quote == "reopened two border"


@pytest.mark.django_db(transaction=True)
def test_a_slow_quote_search_holds_no_lock_a_sign_in_and_a_save_would_wait_for(
    editor, editor2, briefing, monkeypatch
):
    """A request looking for a close passage does its CPU work outside any transaction: on
    SQLite a transaction holds the one write lock, so a sign-in and a save beside it must
    both go through while it works (here with a lock timeout of a tenth of a second)."""
    import threading

    from django.db import connections
    from django.test import Client

    from sources.anchoring import matching
    from tests.factories import PASSWORD, make_source

    source = make_source(title="Long")
    searching, done = threading.Event(), threading.Event()
    real = matching.find_close

    def slow_find_close(*args, **kwargs):
        searching.set()
        done.wait(timeout=10)
        return real(*args, **kwargs)

    monkeypatch.setattr(matching, "find_close", slow_find_close)
    if connections["default"].vendor == "sqlite":
        options = connections.settings["default"].setdefault("OPTIONS", {})
        monkeypatch.setitem(options, "timeout", 0.1)
        connections["default"].close()  # this thread's next connection waits as briefly
    answers = {}

    def slow_request():
        client = Client()
        client.force_login(editor)
        answers["search"] = client.post(
            "/api/excerpts/",
            {
                "source": source.pk,
                "quote": "Ministers said the crossing will reopen soon",
                "annotation": "N.",
                "briefing": briefing.slug,
            },
            content_type="application/json",
        )
        connections.close_all()

    worker = threading.Thread(target=slow_request)
    worker.start()
    try:
        assert searching.wait(timeout=10), "the search never started"
        other = Client()
        answers["sign_in"] = other.post(
            reverse("login"), {"username": editor2.username, "password": PASSWORD}
        )
        start = source.text.index("Critics called")
        answers["save"] = other.post(
            reverse("desk:excerpt_from_selection", args=[source.pk]),
            {"version": 1, "start": start, "end": start + 14, "annotation": "Saved beside it.",
             "kind": "claim", "briefing": briefing.pk},
        )  # fmt: skip
    finally:
        done.set()
        worker.join(timeout=30)
    assert answers["sign_in"].status_code == 302
    assert answers["save"].status_code == 302
    assert Excerpt.objects.get().current_revision.quote == "Critics called"
    assert answers["search"].status_code == 400
    assert "closest" in answers["search"].json()


def _sources_with(client, quote):
    return client.get(reverse("desk:excerpt_new_sources"), {"quote": quote})


def test_which_source_is_this_from_finds_the_sources_holding_the_pasted_quote(
    as_user, editor, ecfr, ioffe, django_assert_max_num_queries
):
    from tests.factories import make_source

    for n in range(5):
        make_source(title=f"Unrelated {n}", text=f"Crossings, queues and prices, take {n}.")
    client = as_user(editor)
    # Typography of the paste does not matter: the same keys as the stored text.
    pasted = "Each minor concession is a reminder that LUKASHENKA is still bargaining"
    # A fixed number of queries, whatever the size of the library: the session, the user and
    # the index's answer; never one per source.
    with django_assert_max_num_queries(5):
        response = _sources_with(client, pasted)
    assert response.status_code == 200
    found = response.json()["sources"]
    assert [s["id"] for s in found] == [ecfr.pk]
    assert found[0]["title"] == ecfr.display_title
    assert found[0]["outlet"] == "ECFR"


def test_the_words_in_another_order_are_not_the_quote(as_user, editor, ecfr, ioffe):
    response = _sources_with(
        as_user(editor), "still bargaining Lukashenka is that reminder a concession minor Each"
    )
    assert response.json()["sources"] == []


def test_a_short_or_empty_paste_asks_for_more_and_finds_nothing(as_user, editor, ecfr):
    client = as_user(editor)
    for quote in ("", "   ", "Each"):
        response = _sources_with(client, quote)
        assert response.status_code == 200 and response.json()["sources"] == []


def test_an_overlong_paste_is_refused_plainly(as_user, editor, ecfr):
    from sources.anchoring import QUOTE_MAX_CHARS

    response = _sources_with(as_user(editor), "word " * QUOTE_MAX_CHARS)
    assert response.status_code == 400
    assert "too long" in response.json()["error"]


def test_only_editors_ask_which_source(as_user, reviewer, outsider, client, ecfr):
    assert _sources_with(as_user(reviewer), REPEATED).status_code == 403
    assert _sources_with(as_user(outsider), REPEATED).status_code == 403
    assert _sources_with(client, REPEATED).status_code == 302
    assert as_user(reviewer).post(reverse("desk:excerpt_new_sources")).status_code == 403
