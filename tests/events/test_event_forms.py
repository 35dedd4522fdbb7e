"""The event form: a date typed as people write it, shown back as understood, or refused."""

from __future__ import annotations

import pytest

from events.forms import ActorForm, EventForm, ParticipantFormSet
from events.models import Event
from tests.factories import ActorAliasFactory, ActorFactory, EventFactory

pytestmark = pytest.mark.django_db


def event_form(date: str, **kwargs) -> EventForm:
    return EventForm({"title": "Something happened", "date": date}, **kwargs)


@pytest.mark.parametrize(
    ("typed", "shown", "edtf"),
    [
        ("17 November 2025", "17 November 2025", "2025-11-17"),
        ("November 17, 2025", "17 November 2025", "2025-11-17"),
        ("Sept. 2025", "September 2025", "2025-09"),
        ("in 1994", "1994", "1994"),
        ("the 1990s", "1990s", "199X"),
        ("winter 2021-22", "winter 2021–22", "2021-24"),
        ("the winter of 2021 and 2022", "winter 2021–22", "2021-24"),
        ("autumn 2025", "autumn 2025", "2025-23"),
        ("circa 1998", "c. 1998", "1998~"),
        ("1998?", "1998?", "1998?"),
        ("2021 to 2022", "2021–2022", "2021/2022"),
        ("September to November 2025", "September–November 2025", "2025-09/2025-11"),
        ("before 2000", "before 2000", "../2000"),
        ("since September 2025", "since September 2025", "2025-09/.."),
        ("2025-11-17", "17 November 2025", "2025-11-17"),
        ("2025-09", "September 2025", "2025-09"),
        # Not two years (1999–1924 runs backwards), so only the EDTF season remains.
        ("1999-24", "winter 1999–2000", "1999-24"),
    ],
)
def test_each_kind_of_date_is_understood_and_stored_as_edtf(typed, shown, edtf):
    form = event_form(typed)
    assert form.is_valid(), form.errors
    assert (str(form.understood), form.understood.edtf()) == (shown, edtf)
    event = form.save()
    event.refresh_from_db()
    assert (event.date, str(event.event_date)) == (edtf, shown)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        ("yesterday", "“yesterday” is not a date this desk can read: write it as"),
        ("31 September 2025", "“31 September 2025” is not a date: September 2025 has 30 days."),
        ("2025-13", "“2025-13” is not a date: there is no month 13."),
        ("11/12/2025", "“11/12/2025” is ambiguous: write the month as a word: 17 November 2025."),
        ("2022/2021", "it ends (2021) before it starts (2022)"),
        ("November 17", "“November 17” has no year: write it in full"),
        ("winter 2021-2023", "a winter runs from one year into the next"),
    ],
)
def test_what_is_not_a_date_is_refused_with_the_reason(typed, message):
    form = event_form(typed)
    assert not form.is_valid()
    assert message in form.errors["date"][0]
    assert form.understood is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2021-22", "“2021-22” could mean two things: write 2021–2022 for the years, or summer "
         "2021 for the season."),
        ("2021-24", "“2021-24” could mean two things: write 2021–2024 for the years, or winter "
         "2021–22 for the season."),
    ],
)  # fmt: skip
def test_a_pair_of_years_that_edtf_reads_as_a_season_is_asked_about(typed, message):
    form = event_form(typed)
    assert not form.is_valid()
    assert form.errors["date"] == [message]


def test_the_default_year_completes_a_yearless_date():
    form = event_form("On November 17", default_year=2025)
    assert form.is_valid()
    assert form.understood.edtf() == "2025-11-17"


def test_editing_shows_the_date_as_people_write_it_and_it_reads_back_the_same():
    event = EventFactory(date="2021-24")
    form = EventForm(instance=event)
    assert form.initial["date"] == "winter 2021–22"
    again = EventForm({"title": event.title, "date": form.initial["date"]}, instance=event)
    assert again.is_valid() and again.cleaned_data["date"] == "2021-24"


def test_the_same_actor_in_the_same_role_twice_is_refused():
    actor = ActorFactory()
    data = {
        "actors-TOTAL_FORMS": "2",
        "actors-INITIAL_FORMS": "0",
        "actors-0-actor": actor.pk,
        "actors-0-role": "mediator",
        "actors-1-actor": actor.pk,
        "actors-1-role": "mediator",
    }
    formset = ParticipantFormSet(data, instance=Event(), prefix="actors")
    assert not formset.is_valid()
    assert "duplicate" in str(formset.non_form_errors()).lower()


def test_an_actor_form_stores_aliases_one_per_line_without_repeats():
    form = ActorForm(
        {
            "name": "Alyaksandr Lukashenka",
            "kind": "person",
            "aliases": "Lukashenko\n  lukashenko \n\nAlexander  Lukashenko\nAlyaksandr Lukashenka",
        }
    )
    assert form.is_valid(), form.errors
    actor = form.save()
    assert [a.name for a in actor.aliases.all()] == ["Alexander Lukashenko", "Lukashenko"]
    edit = ActorForm(
        {"name": actor.name, "kind": "person", "aliases": "Lukashenka"}, instance=actor
    )
    assert edit.is_valid()
    edit.save()
    assert [a.name for a in actor.aliases.all()] == ["Lukashenka"]


@pytest.mark.parametrize("name", ["Lukashenko", "alyaksandr lukashenka"])
def test_an_actor_already_in_the_register_under_any_spelling_is_not_added_twice(name):
    actor = ActorFactory(name="Alyaksandr Lukashenka")
    ActorAliasFactory(actor=actor, name="Lukashenko")
    form = ActorForm({"name": name, "kind": "person"})
    assert not form.is_valid()
    assert "already in the register as Alyaksandr Lukashenka" in form.errors["name"][0]
