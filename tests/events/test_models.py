"""Events and actors in the database: precision kept, timeline order, any spelling finds an actor."""

from __future__ import annotations

import datetime as dt
import importlib
import random

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from events.dates import Precision
from events.models import Actor, ActorAlias, Event, EventActor
from tests.factories import ActorAliasFactory, ActorFactory, EventFactory

pytestmark = pytest.mark.django_db
D = dt.date

# Every precision, in the order a timeline shows them: a year before its months, a month before
# its days, an open start first, an open end before the closed dates that start with it.
TIMELINE_ORDER = [
    "../2000",
    "199X",
    "1994/1996",
    "1994",
    "1994-01",
    "1994-01-01",
    "1998~",
    "2020/..",
    "2020",
    "2021-24",
    "2021-12",
    "2021-12-01",
    "2025-11-17",
]


@pytest.fixture
def lukashenka():
    actor = ActorFactory(name="Alyaksandr Lukashenka")
    for alias in ("Lukashenko", "Alexander Lukashenko", "Lukashenka"):
        ActorAliasFactory(actor=actor, name=alias)
    return actor


def test_saving_an_event_keeps_its_bounds_and_precision():
    event = EventFactory(date="2021-24")
    event.refresh_from_db()
    assert (event.date_start, event.date_end) == (D(2021, 12, 1), D(2022, 2, 28))
    assert event.date_precision == Precision.SEASON
    assert str(event.event_date) == "winter 2021–22"


def test_the_database_orders_events_across_precisions_as_a_timeline_does():
    shuffled = TIMELINE_ORDER[:]
    random.Random(5).shuffle(shuffled)
    for edtf in shuffled:
        EventFactory(date=edtf, title=f"Event {edtf}")
    assert [e.date for e in Event.objects.all()] == TIMELINE_ORDER
    assert [e.date for e in Event.objects.ordered()] == TIMELINE_ORDER


def test_events_in_a_range_include_every_one_that_may_fall_in_it():
    for edtf in ("1994", "1999-12-31", "../2000", "2020/..", "2021-24", "2025-11-17"):
        EventFactory(date=edtf)
    found = Event.objects.in_range(D(2022, 1, 1), D(2022, 12, 31))
    # The winter of 2021–22 reaches into 2022; "since 2020" may too.
    assert sorted(e.date for e in found) == ["2020/..", "2021-24"]
    assert sorted(e.date for e in Event.objects.in_range(None, D(1995, 1, 1))) == [
        "../2000",
        "1994",
    ]
    assert Event.objects.in_range(None, None).count() == 6


@pytest.mark.parametrize(
    "spelling",
    ["Lukashenko", "lukashenko", "Alexander Lukashenko", "Alyaksandr Lukashenka", "LUKASHENKA"],
)
def test_an_event_is_found_by_any_spelling_of_its_actor(lukashenka, spelling):
    event = EventFactory()
    EventActor.objects.create(event=event, actor=lukashenka, role="winner")
    EventActor.objects.create(event=event, actor=lukashenka, role="incumbent")
    EventFactory(title="Someone else's")
    assert list(Event.objects.involving(spelling)) == [event]


def test_matching_is_exact_but_search_falls_back_to_the_start_of_a_word(lukashenka):
    belarus = ActorFactory(name="Belarus", kind="state")
    us = ActorFactory(name="United States", kind="state")
    ActorAliasFactory(actor=us, name="US")
    assert list(Actor.objects.matching("Lukash")) == []
    assert list(Actor.objects.search("Lukash")) == [lukashenka]
    assert list(Actor.objects.search("lukashenko")) == [lukashenka]
    # An exact spelling wins, so "US" is not every name holding the letters u-s (Belarus).
    assert list(Actor.objects.search("US")) == [us]
    assert list(Actor.objects.search("bel")) == [belarus]
    assert list(Actor.objects.search("  ")) == []


def test_accents_do_not_count_when_matching():
    actor = ActorFactory(name="Inga Ruginienė")
    assert list(Actor.objects.matching("inga ruginiene")) == [actor]
    assert list(Actor.objects.search("Ruginiene")) == [actor]


def test_actors_named_in_a_sentence_are_found_by_their_capitalised_names(lukashenka):
    us = ActorFactory(name="United States", kind="state")
    ActorAliasFactory(actor=us, name="US")
    poland = ActorFactory(name="Poland", kind="state")
    ActorAliasFactory(actor=poland, name="Warsaw")
    sentence = "Warsaw told us that Lukashenko met the US envoy."
    assert {a.name for a in Actor.objects.named_in(sentence)} == {
        "Alyaksandr Lukashenka",
        "Poland",
        "United States",
    }
    assert Actor.objects.named_in("Let us see what Belarusians think.") == []


@pytest.mark.parametrize(
    ("names", "slugs"),
    [
        (["Belarus", "Belarus!"], ["belarus", "belarus-2"]),
        (["New"], ["new-2"]),
        (["Лукашенко"], ["actor"]),
        (["Kuźnica"], ["kuznica"]),
    ],
)
def test_every_actor_gets_a_free_ascii_slug(names, slugs):
    assert [ActorFactory(name=name).slug for name in names] == slugs


def test_an_alias_is_stored_once_per_actor_whatever_its_case(lukashenka):
    with pytest.raises(Exception, match="UNIQUE|unique|duplicate"):
        ActorAlias.objects.create(actor=lukashenka, name="LUKASHENKO")


@pytest.mark.parametrize(
    ("typed", "edtf"),
    [("winter 2021–22", "2021-24"), ("c. 1998", "1998~"), ("2025-11-17", "2025-11-17")],
)
def test_model_validation_accepts_a_date_as_people_write_it(typed, edtf):
    event = Event(title="x", date=typed)
    event.full_clean()
    assert event.date == edtf


def test_model_validation_refuses_a_non_date_with_the_parsers_reason():
    with pytest.raises(ValidationError) as refused:
        Event(title="x", date="31 September 2025").full_clean()
    assert refused.value.message_dict["date"] == [
        "“31 September 2025” is not a date: September 2025 has 30 days."
    ]


@pytest.mark.parametrize(
    ("edtf", "attribute"),
    [
        ("2025-11-17", "2025-11-17"),
        ("2025-09", "2025-09"),
        ("1994", "1994"),
        ("1998~", ""),
        ("2021-24", ""),
        ("../2000", ""),
    ],
)
def test_only_dates_html_can_state_get_a_datetime_attribute(edtf, attribute):
    assert EventFactory(date=edtf).html_datetime == attribute


def test_the_data_migration_fills_precision_of_events_saved_before_it():
    event = EventFactory(date="1998~")
    Event.objects.filter(pk=event.pk).update(date_precision="", date_start=None, date_end=None)
    migration = importlib.import_module("events.migrations.0003_fill_event_date_precision")
    migration.fill_precision(apps, None)
    event.refresh_from_db()
    assert (event.date_precision, event.date_start, event.date_end) == (
        Precision.YEAR,
        D(1998, 1, 1),
        D(1998, 12, 31),
    )
