"""An event made from a suggested date: a short title, and a word about events already recorded."""

from __future__ import annotations

from django.urls import reverse

from events.from_suggestion import recorded_alike, short_title
from events.models import DateSuggestion
from events.suggestions import suggest_events
from tests.factories import EventFactory, make_source

SENTENCE = (
    "On 17 November 2025, Poland reopened two border crossings with Belarus, which had been "
    "closed since September after a military exercise near the frontier raised tensions."
)


def _suggestion():
    source = make_source(text=f"Heading\n{SENTENCE}", published="2025-11")
    suggest_events(source.current_version)
    return DateSuggestion.objects.get(phrase__contains="17 November")


def test_the_title_is_the_sentence_less_its_date_cut_to_its_first_clause(db):
    title = short_title(_suggestion())
    assert title == "Poland reopened two border crossings with Belarus"
    assert len(title) < len(SENTENCE) / 2


def test_events_of_the_same_day_with_words_in_common_are_named(db):
    same = EventFactory(title="Poland reopens crossings", date="2025-11-17")
    EventFactory(title="Budget vote in Minsk", date="2025-11-17")  # same day, other words
    EventFactory(title="Poland closes crossings", date="2025-09-12")  # other day
    assert recorded_alike(_suggestion()) == [same]


def test_the_event_form_offers_the_short_title_and_warns(as_user, editor):
    EventFactory(title="Poland reopens crossings", date="2025-11-17")
    suggestion = _suggestion()
    page = (
        as_user(editor)
        .get(reverse("events:create") + f"?suggestion={suggestion.pk}")
        .content.decode()
    )
    assert 'value="Poland reopened two border crossings with Belarus"' in page
    assert "Already recorded for 17 November 2025" in page
    assert "Poland reopens crossings" in page


def test_new_from_a_picker_brings_the_typed_name(as_user, editor):
    client = as_user(editor)
    assert (
        'value="Tsikhanouskaya"'
        in client.get(reverse("events:actor_create") + "?name=Tsikhanouskaya").content.decode()
    )
    assert (
        'value="Talks in Vilnius"'
        in client.get(reverse("events:create") + "?title=Talks+in+Vilnius").content.decode()
    )
