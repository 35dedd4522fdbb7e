"""Admin pages for events and actors: search over every spelling, filters by precision and dates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Event, EventActor
from tests.factories import ActorAliasFactory, ActorFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(as_user, superuser):
    return as_user(superuser)


@pytest.mark.parametrize("term", ["Lukashenko", "lukashenka", "Ruginiene", "Ruginienė"])
def test_actor_search_covers_aliases_accents_and_case(admin_client, term):
    lukashenka = ActorFactory(name="Alyaksandr Lukashenka")
    ActorAliasFactory(actor=lukashenka, name="Lukashenko")
    ruginiene = ActorFactory(name="Inga Ruginienė")
    html = admin_client.get(reverse("admin:events_actor_changelist"), {"q": term})
    html = html.content.decode()
    expected = ruginiene if term.startswith("Rugin") else lukashenka
    other = lukashenka if expected is ruginiene else ruginiene
    assert expected.name in html and other.name not in html


def test_event_search_covers_actor_aliases(admin_client):
    actor = ActorFactory(name="Alyaksandr Lukashenka")
    ActorAliasFactory(actor=actor, name="Lukashenko")
    EventActor.objects.create(event=EventFactory(title="Elected"), actor=actor)
    EventFactory(title="Unrelated")
    html = admin_client.get(reverse("admin:events_event_changelist"), {"q": "Lukashenko"})
    html = html.content.decode()
    assert "Elected" in html and "Unrelated" not in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"date_precision__exact": "season"}, ["Winter"]),
        ({"period": "1990s"}, ["Early", "Open"]),
        ({"period": "2025"}, ["Late"]),
        ({"period": "open"}, ["Open"]),
    ],
)
def test_events_filter_by_precision_and_date_range(admin_client, query, shown):
    for edtf, title in [("1994", "Early"), ("2021-24", "Winter"), ("2025-11-17", "Late"),
                        ("../2000", "Open")]:  # fmt: skip
        EventFactory(date=edtf, title=title)
    html = admin_client.get(reverse("admin:events_event_changelist"), query).content.decode()
    for title in ("Early", "Winter", "Late", "Open"):
        assert (f">{title}<" in html) == (title in shown), title


def test_the_admin_takes_a_date_as_people_write_it(admin_client):
    response = admin_client.post(
        reverse("admin:events_event_add"),
        {"title": "Troops stationed", "date": "winter 2021-22", "place": "", "description": "",
         "participants-TOTAL_FORMS": "0", "participants-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Event.objects.get().date == "2021-24"


def test_the_admin_refuses_a_non_date_with_the_reason(admin_client):
    response = admin_client.post(
        reverse("admin:events_event_add"),
        {"title": "x", "date": "31 September 2025", "participants-TOTAL_FORMS": "0",
         "participants-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "September 2025 has 30 days" in response.content.decode()
    assert not Event.objects.exists()


def test_suggestions_have_an_admin_page(admin_client):
    assert admin_client.get(reverse("admin:events_datesuggestion_changelist")).status_code == 200
