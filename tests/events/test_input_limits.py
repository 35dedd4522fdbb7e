"""Every text the events pages take has a limit the server enforces, checked before any work.

A 400,000-character date took 6 s to read: the length is now refused before the date reader
runs, which the tests count in calls to it, not in seconds.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.dates import EventDate
from events.forms import ALIASES_MAX_CHARS, DATE_MAX_CHARS, DESCRIPTION_MAX_CHARS
from events.models import Actor, Event

pytestmark = pytest.mark.django_db
HUGE_DATE = "17 November 2025 " * 25_000  # 425,000 characters


@pytest.fixture
def date_reads(monkeypatch):
    """Every call to the date reader."""
    calls = []
    parse = EventDate.parse.__func__

    def counted(cls, text, **kwargs):
        calls.append(text)
        return parse(cls, text, **kwargs)

    monkeypatch.setattr(EventDate, "parse", classmethod(counted))
    return calls


def event_form(**fields) -> dict:
    data = {
        "title": "Poland reopens two crossings",
        "date": "17 November 2025",
        "place": "Kuźnica",
        "description": "",
        "actors-TOTAL_FORMS": "0",
        "actors-INITIAL_FORMS": "0",
    }
    return data | fields


def test_a_400000_character_date_is_refused_unread(as_user, editor, date_reads):
    response = as_user(editor).post(reverse("events:create"), event_form(date=HUGE_DATE))
    assert response.status_code == 200
    assert f"at most {DATE_MAX_CHARS} characters" in response.content.decode()
    assert date_reads == []
    assert not Event.objects.exists()


def test_a_date_at_the_limit_is_still_read(as_user, editor, date_reads):
    date = "17 November 2025".ljust(DATE_MAX_CHARS)
    response = as_user(editor).post(reverse("events:create"), event_form(date=date))
    assert response.status_code == 302
    assert Event.objects.get().date == "2025-11-17"


def test_the_date_preview_refuses_a_huge_date_unread(as_user, editor, date_reads):
    response = as_user(editor).get(reverse("events:understand_date"), {"text": HUGE_DATE})
    assert response.json()["ok"] is False
    assert "at most" in response.json()["error"]
    assert date_reads == []


def test_the_timeline_filter_refuses_a_huge_date_unread(as_user, editor, date_reads):
    response = as_user(editor).get(reverse("events:list"), {"date_from": HUGE_DATE})
    assert response.status_code == 200
    assert date_reads == []


def test_an_event_description_has_a_limit(as_user, editor):
    text = "x" * (DESCRIPTION_MAX_CHARS + 1)
    response = as_user(editor).post(reverse("events:create"), event_form(description=text))
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_an_actor_alias_list_and_description_have_limits(as_user, editor):
    url = reverse("events:actor_create")
    for field, limit in (("aliases", ALIASES_MAX_CHARS), ("description", DESCRIPTION_MAX_CHARS)):
        data = {"name": "Someone", "kind": "person", "aliases": "", "description": ""}
        data[field] = "Alias\n" * (limit // 6 + 1)
        response = as_user(editor).post(url, data)
        assert response.status_code == 200, field
        assert not Actor.objects.exists()
