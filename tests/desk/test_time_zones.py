"""Each person works in their own time zone: shown with every time, read from every time typed."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.models import AuditEntry, Preference
from desk.project.timezones import BROWSER_COOKIE
from desk.publishing.states import Action, Status
from desk.publishing.workflow import TransitionRefused, perform
from desk.templatetags.desk_time import audit_note, moment, publishes
from tests.factories import excerpt_in

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def _warsaw_tomorrow_at(hour: int, minute: int) -> dt.datetime:
    day = timezone.now().astimezone(WARSAW).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARSAW)


def _schedule(client, excerpt, local: str):
    return client.post(
        reverse("desk:excerpt_transition", args=[excerpt.pk, "schedule"]),
        {
            "seen_status": excerpt.status,
            "seen_revision": excerpt.current_revision_id,
            "publish_at": local,
        },
    )


@pytest.fixture
def approved(editor, reviewer, source, briefing):
    return excerpt_in(
        "approved", editor=editor, reviewer=reviewer, source=source, briefing=briefing
    )


def test_a_time_typed_in_a_browser_in_warsaw_is_read_as_warsaw_time(
    as_user, reviewer, approved, settings
):
    assert settings.TIME_ZONE == "UTC"
    client = as_user(reviewer)
    client.cookies[BROWSER_COOKIE] = "Europe/Warsaw"
    when = _warsaw_tomorrow_at(15, 30)

    _schedule(client, approved, when.strftime("%Y-%m-%dT%H:%M"))

    approved.refresh_from_db()
    assert approved.status == Status.SCHEDULED
    assert approved.visible_from == when  # 15:30 in Warsaw, not 15:30 UTC
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "Publishes" in page and when.strftime("%H:%M") in page
    assert "CET" in page or "CEST" in page


def test_a_zone_fixed_in_preferences_wins_over_the_browser(as_user, reviewer, approved):
    client = as_user(reviewer)
    client.cookies[BROWSER_COOKIE] = "Europe/Warsaw"
    response = client.post(
        reverse("desk:preferences"),
        {"email_notifications": "on", "time_zone": "America/New_York"},
    )
    assert response.status_code == 302
    assert Preference.objects.get(user=reviewer).time_zone == "America/New_York"
    day = timezone.now().date() + dt.timedelta(days=2)

    _schedule(client, approved, f"{day:%Y-%m-%d}T09:00")

    approved.refresh_from_db()
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert approved.visible_from == dt.datetime(day.year, day.month, day.day, 9, tzinfo=new_york)
    page = client.get(reverse("desk:home")).content.decode()
    assert "Times are shown in America/New_York, as set in your" in page


def test_the_fixed_zone_is_remembered_at_the_next_sign_in(client, reviewer, password):
    Preference.objects.create(user=reviewer, time_zone="Asia/Tokyo")
    client.post(reverse("login"), {"username": reviewer.username, "password": password})
    page = client.get(reverse("desk:home")).content.decode()
    assert "Times are shown in Asia/Tokyo" in page


def test_an_unknown_zone_is_refused_in_preferences_and_ignored_from_the_browser(as_user, reviewer):
    client = as_user(reviewer)
    response = client.post(
        reverse("desk:preferences"), {"email_notifications": "on", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert not Preference.objects.filter(user=reviewer, time_zone="Mars/Olympus").exists()
    client.cookies[BROWSER_COOKIE] = "../../etc/passwd"
    page = client.get(reverse("desk:home")).content.decode()
    assert "Times are shown in UTC" in page


def test_readers_pages_do_not_depend_on_a_zone_cookie(client, published):
    client.cookies[BROWSER_COOKIE] = "Pacific/Kiritimati"
    briefing = published.published_revision.briefing
    assert client.get(briefing.get_absolute_url()).status_code == 200
    assert timezone.get_current_timezone_name() == "UTC"


def test_times_name_their_zone():
    timezone.activate(WARSAW)
    try:
        winter = dt.datetime(2026, 1, 10, 14, 30, tzinfo=dt.UTC)
        assert moment(winter) == "10 Jan 2026 15:30 CET"
        assert audit_note(winter.isoformat()) == "To publish at 10 Jan 2026 15:30 CET"
        assert audit_note("Because.") == "Because."
        soon = timezone.now() + dt.timedelta(minutes=3, seconds=5)
        text = publishes(soon)
        local = timezone.localtime(soon)
        assert text.startswith(f"Publishes {local:%H:%M}") or f"{local:%H:%M}" in text
        assert text.endswith("(in 3\xa0minutes)")
    finally:
        timezone.deactivate()


def test_reschedule_moves_the_time_and_unschedule_takes_everything_back(
    editor, reviewer, source, briefing
):
    first = timezone.now() + dt.timedelta(days=1)
    excerpt = excerpt_in(
        "scheduled", editor=editor, reviewer=reviewer, source=source, briefing=briefing,
        publish_at=first,
    )  # fmt: skip
    later = first + dt.timedelta(hours=5)

    excerpt = perform(excerpt, Action.RESCHEDULE, reviewer, publish_at=later)
    assert excerpt.status == Status.SCHEDULED
    assert excerpt.visible_from == later == excerpt.first_published_at
    assert excerpt.current_revision.published_at == later

    with pytest.raises(TransitionRefused, match="future"):
        perform(excerpt, Action.RESCHEDULE, reviewer, publish_at=timezone.now())

    excerpt = perform(excerpt, Action.UNSCHEDULE, reviewer)
    assert excerpt.status == Status.APPROVED
    assert excerpt.published_revision_id is None
    assert excerpt.visible_from is None and excerpt.first_published_at is None
    excerpt.current_revision.refresh_from_db()
    assert excerpt.current_revision.published_at is None
    assert excerpt.current_revision.correction_note == ""
    assert list(
        AuditEntry.objects.filter(excerpt=excerpt, kind="transition").values_list(
            "action", flat=True
        )
    )[-2:] == ["reschedule", "unschedule"]


def test_unscheduling_drops_the_correction_note_it_was_to_publish(
    editor, editor2, reviewer, source, briefing
):
    excerpt = excerpt_in(
        "approved", editor=editor, reviewer=reviewer, source=source, briefing=briefing
    )
    revision = excerpt.current_revision
    revision.correction_note = "A note meant for readers."
    revision.save(allow_update=True, update_fields=["correction_note"])
    excerpt = perform(
        excerpt, Action.SCHEDULE, reviewer, publish_at=timezone.now() + dt.timedelta(hours=2)
    )
    excerpt = perform(excerpt, Action.UNSCHEDULE, reviewer)
    revision.refresh_from_db()
    assert revision.correction_note == ""


def test_the_desk_shows_the_publication_time_of_scheduled_items(
    as_user, editor, reviewer, source, briefing
):
    when = _warsaw_tomorrow_at(16, 30)
    excerpt_in(
        "scheduled", editor=editor, reviewer=reviewer, source=source, briefing=briefing,
        publish_at=when,
    )  # fmt: skip
    client = as_user(reviewer)
    client.cookies[BROWSER_COOKIE] = "Europe/Warsaw"
    page = client.get(reverse("desk:home")).content.decode()
    assert "Publishes " in page and "16:30 CE" in page
