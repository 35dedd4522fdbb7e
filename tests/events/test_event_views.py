"""Desk pages for events: each role, each method, the state afterwards, and the page hooks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from events.hooks import EventPageLayer
from events.models import Event, EventActor
from tests.factories import ActorFactory, EventFactory

pytestmark = pytest.mark.django_db
STAFF = [("editor", 200), ("reviewer", 200), ("outsider", 403), (None, 302)]
EDITORS = [("editor", 200), ("chief", 200), ("reviewer", 403), ("outsider", 403), (None, 302)]


def persona(request, name):
    return request.getfixturevalue(name) if name else None


def form_data(**fields) -> dict:
    data = {
        "title": "Poland reopens two crossings",
        "date": "17 November 2025",
        "place": "Kuźnica",
        "description": "",
        "actors-TOTAL_FORMS": "3",
        "actors-INITIAL_FORMS": "0",
    }
    return data | fields


def assert_refused(response, expected):
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "expected"), STAFF)
def test_the_list_and_an_event_page_are_for_desk_staff(as_user, request, who, expected):
    event = EventFactory()
    client = as_user(persona(request, who))
    for url in (reverse("events:list"), event.get_absolute_url()):
        assert_refused(client.get(url), expected)


def test_the_event_page_shows_date_precision_actors_and_roles(as_user, reviewer):
    event = EventFactory(title="Troops stationed", date="2021-24", place="Belarus")
    russia = ActorFactory(name="Russia", kind="state")
    EventActor.objects.create(event=event, actor=russia, role="sending party")
    html = as_user(reviewer).get(event.get_absolute_url()).content.decode()
    assert "winter 2021–22" in html and "season" in html and "<code>2021-24</code>" in html
    assert "Russia</a> — sending party" in html
    assert "Edit event" not in html  # a reviewer may look, not change


@dataclass(frozen=True, kw_only=True)
class SaidLayer(EventPageLayer):
    said: str


def desk_layer(request, event):
    return SaidLayer(template="events/_test_layer.html", said=f"Cited {event.pk} times")


def test_other_apps_add_to_the_event_page_through_the_layers_setting(
    as_user, editor, settings, tmp_path
):
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "_test_layer.html").write_text("<p>{{ layer.said }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    settings.EVENT_PAGE_LAYERS = ["tests.events.test_event_views.desk_layer"]
    event = EventFactory()
    html = as_user(editor).get(event.get_absolute_url()).content.decode()
    assert f"<p>Cited {event.pk} times</p>" in html


@pytest.mark.parametrize(("who", "expected"), EDITORS)
def test_only_editors_open_the_new_event_form(as_user, request, who, expected):
    assert_refused(as_user(persona(request, who)).get(reverse("events:create")), expected)


@pytest.mark.parametrize(("who", "expected"), [e for e in EDITORS if e[1] != 200])
def test_only_editors_record_or_change_events(as_user, request, who, expected):
    event = EventFactory(title="Before")
    client = as_user(persona(request, who))
    assert_refused(client.post(reverse("events:create"), form_data()), expected)
    assert_refused(client.post(reverse("events:edit", args=[event.pk]), form_data()), expected)
    event.refresh_from_db()
    assert Event.objects.count() == 1 and event.title == "Before"


def test_an_editor_records_an_event_with_its_actors_and_roles(as_user, editor):
    poland, belarus = ActorFactory(name="Poland"), ActorFactory(name="Belarus")
    data = form_data(
        **{
            "actors-0-actor": poland.pk,
            "actors-0-role": "reopening party",
            "actors-1-actor": belarus.pk,
        }
    )
    response = as_user(editor).post(reverse("events:create"), data, follow=True)
    event = Event.objects.get()
    assert response.redirect_chain == [(event.get_absolute_url(), 302)]
    assert "Event recorded, dated 17 November 2025 (EDTF 2025-11-17)." in response.content.decode()
    assert (event.date, event.date_precision, event.created_by) == ("2025-11-17", "day", editor)
    assert sorted((p.actor.name, p.role) for p in event.participants.all()) == [
        ("Belarus", ""),
        ("Poland", "reopening party"),
    ]


def test_checking_the_date_shows_how_it_was_understood_and_saves_nothing(as_user, editor):
    response = as_user(editor).post(
        reverse("events:create"), form_data(date="winter 2021-22", preview="1")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Understood as: <strong>winter 2021–22</strong> (EDTF <code>2021-24</code>)" in html
    assert Event.objects.count() == 0


def test_a_date_that_is_not_one_keeps_the_form_with_the_reason(as_user, editor):
    response = as_user(editor).post(reverse("events:create"), form_data(date="30 February 2025"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "“30 February 2025” is not a date: February 2025 has 28 days." in html
    assert 'value="30 February 2025"' in html  # what was typed stays, to be corrected
    assert Event.objects.count() == 0


def test_an_editor_changes_an_event_and_its_actors(as_user, editor2):
    event = EventFactory(title="Old", date="2025-11")
    kept, dropped = ActorFactory(name="Kept"), ActorFactory(name="Dropped")
    keep_row = EventActor.objects.create(event=event, actor=kept, role="")
    drop_row = EventActor.objects.create(event=event, actor=dropped, role="")
    client = as_user(editor2)
    form = client.get(reverse("events:edit", args=[event.pk])).content.decode()
    assert 'value="November 2025"' in form
    data = form_data(
        title="New",
        date="c. November 2025",
        **{
            "actors-TOTAL_FORMS": "5",
            "actors-INITIAL_FORMS": "2",
            "actors-0-id": keep_row.pk,
            "actors-0-event": event.pk,
            "actors-0-actor": kept.pk,
            "actors-0-role": "mediator",
            "actors-1-id": drop_row.pk,
            "actors-1-event": event.pk,
            "actors-1-actor": dropped.pk,
            "actors-1-DELETE": "on",
        },
    )
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.date, str(event.event_date)) == (
        "New",
        "2025-11~",
        "c. November 2025",
    )
    assert [(p.actor.name, p.role) for p in event.participants.all()] == [("Kept", "mediator")]


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_wrong_methods_are_refused(as_user, editor, method):
    event = EventFactory()
    client = as_user(editor)
    for url in (reverse("events:create"), reverse("events:edit", args=[event.pk])):
        assert getattr(client, method)(url).status_code == 405
    assert client.post(event.get_absolute_url()).status_code == 405
    assert client.post(reverse("events:list")).status_code == 405


def test_a_missing_event_is_404(as_user, editor):
    assert as_user(editor).get(reverse("events:detail", args=[999])).status_code == 404
    assert as_user(editor).get(reverse("events:edit", args=[999])).status_code == 404


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        (
            {"text": "winter 2021-22"},
            {"ok": True, "shown": "winter 2021–22", "edtf": "2021-24"},
        ),
        ({"text": "November 17", "year": "2025"}, {"ok": True, "shown": "17 November 2025",
                                                   "edtf": "2025-11-17"}),
        ({"text": "Smarch 2025"}, {"ok": False, "error": "“Smarch 2025” is not a date this desk "
          "can read: write it as 17 November 2025, September 2025, 1994, winter 2021–22, c. 1998 "
          "or 2021–2022."}),
    ],
)  # fmt: skip
def test_the_form_asks_the_server_how_it_reads_a_date_as_it_is_typed(
    as_user, reviewer, query, answer
):
    response = as_user(reviewer).get(reverse("events:understand_date"), query)
    assert response.json() == answer


def test_reading_a_date_is_for_desk_staff_only(as_user, outsider):
    assert as_user(outsider).get(reverse("events:understand_date")).status_code == 403


def test_the_list_filters_by_actor_and_takes_the_same_queries_for_any_number_of_events(
    as_user, editor, django_assert_num_queries
):
    client = as_user(editor)
    client.get(reverse("events:list"))
    actor = ActorFactory(name="Poland")
    for n in range(20):
        EventActor.objects.create(event=EventFactory(date=f"{2000 + n}"), actor=actor, role="r")
    # Prevents an N+1 over events' actors (session, user, 2 permissions, desk roles, count,
    # events, their actors, and the desk's briefing and source choices for the filters; the
    # navigation's count of what needs attention).
    with django_assert_num_queries(11):
        html = client.get(reverse("events:list")).content.decode()
    assert html.count("Poland (r)") == 20
    assert "20 events" in client.get(reverse("events:list"), {"actor": "poland"}).content.decode()
