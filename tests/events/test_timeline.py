"""The timeline: where each event is drawn, in what order, and the desk's timeline page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Q
from django.urls import reverse

from events.hooks import ScopeChoice
from events.models import Event, EventActor
from events.timeline import MIN_BAR_PERCENT, build_timeline
from tests.factories import ActorAliasFactory, ActorFactory, EventFactory, make_excerpt

pytestmark = pytest.mark.django_db
URL = reverse("events:timeline")


def entry_for(timeline, edtf):
    return next(entry for entry in timeline.entries if entry.event.date == edtf)


def test_a_year_is_a_bar_across_its_year_not_a_point_on_the_first_of_january():
    timeline = build_timeline([EventFactory(date="1994"), EventFactory(date="2003-06-15")])
    assert (timeline.axis_start, timeline.axis_end) == (dt.date(1994, 1, 1), dt.date(2004, 1, 1))
    year = entry_for(timeline, "1994")
    # Ten years on the axis: 1994 covers the first tenth, to the day.
    assert (year.start, year.end) == (0.0, pytest.approx(100 * 365 / 3652, abs=0.001))
    assert not year.is_day and "timeline-bar--year" in year.css_classes
    day = entry_for(timeline, "2003-06-15")
    assert day.is_day and day.end - day.start < 0.03


def test_each_precision_spans_what_it_allows():
    events = [EventFactory(date=edtf) for edtf in ("2021-24", "2021-12", "2022", "2020/2022")]
    timeline = build_timeline(events)
    spans = {e.event.date: (e.start, e.end) for e in timeline.entries}
    assert spans["2020/2022"] == (0.0, 100.0)
    winter, december = spans["2021-24"], spans["2021-12"]
    assert winter[0] == december[0] and winter[1] > december[1]
    assert spans["2022"][0] == pytest.approx(winter[0] + (winter[1] - winter[0]) * 31 / 90, 0.01)


def test_entries_are_in_timeline_order_across_precisions():
    for edtf in ("2021-12-01", "2021-24", "2021", "../2000", "2021-12"):
        EventFactory(date=edtf)
    timeline = build_timeline(Event.objects.all())
    assert [e.event.date for e in timeline.entries] == [
        "../2000",
        "2021",
        "2021-24",
        "2021-12",
        "2021-12-01",
    ]


def test_open_and_approximate_dates_are_marked_for_the_drawing():
    timeline = build_timeline(
        [EventFactory(date=edtf) for edtf in ("../2000", "2020/..", "1998~", "2010")]
    )
    before, since, about = (entry_for(timeline, d) for d in ("../2000", "2020/..", "1998~"))
    assert before.start == 0.0 and before.open_start and "open-start" in before.css_classes
    assert since.end == 100.0 and since.open_end and "open-end" in since.css_classes
    assert "timeline-bar--approximate" in about.css_classes


def test_a_bar_too_short_to_see_is_drawn_at_the_minimum_width():
    timeline = build_timeline([EventFactory(date="1900"), EventFactory(date="2025-11")])
    month = entry_for(timeline, "2025-11")
    assert month.end - month.start < MIN_BAR_PERCENT
    assert month.width == f"{MIN_BAR_PERCENT:.3f}%"


def test_ticks_fit_the_span():
    long = build_timeline([EventFactory(date="1991"), EventFactory(date="2025-12-13")])
    # Round years at both ends, so the first and last labels sit on the edges.
    assert [t.label for t in long.ticks] == [
        "1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025", "2030"
    ]  # fmt: skip
    assert (long.ticks[0].at, long.ticks[-1].at) == (0.0, 100.0)
    # Phones show every other label.
    assert [t.minor for t in long.ticks[:3]] == [False, True, False]
    short = build_timeline([EventFactory(date="2025-09"), EventFactory(date="2025-12-13")])
    assert [t.label for t in short.ticks] == ["Sep 2025", "Oct", "Nov", "Dec", "Jan 2026"]
    assert short.ticks[0].anchor == "start" and short.ticks[-1].anchor == "end"


def test_no_events_make_an_empty_timeline():
    timeline = build_timeline([])
    assert not timeline and timeline.summary == "No events."


# The desk's timeline page.


def test_the_page_draws_and_lists_events_in_order_with_their_precision(as_user, editor):
    for edtf, title in [("2025-11-17", "Reopened"), ("1994", "Elected"), ("2021-24", "Troops")]:
        EventFactory(date=edtf, title=title, place="Minsk" if title == "Elected" else "")
    html = as_user(editor).get(URL).content.decode()
    listed = html[html.index('class="timeline-list"') :]
    positions = [listed.index(text) for text in ("1994", "winter 2021–22", "17 November 2025")]
    assert positions == sorted(positions)
    assert 'Elected</a></span><span class="timeline-list-place">, Minsk' in listed
    assert 'role="img"' in html and "Timeline of 3 events, 1994 to 2025" in html
    # A strict content security policy is coming: no inline styles, no inline scripts.
    assert " style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)


@pytest.mark.parametrize(
    "spelling", ["Lukashenko", "Lukashenka", "Alyaksandr Lukashenka", "lukashenko", "Lukash"]
)
def test_the_actor_filter_matches_any_spelling(as_user, editor, spelling):
    actor = ActorFactory(name="Alyaksandr Lukashenka")
    ActorAliasFactory(actor=actor, name="Lukashenko")
    ActorAliasFactory(actor=actor, name="Lukashenka")
    EventActor.objects.create(event=EventFactory(title="His election", date="1994"), actor=actor)
    EventFactory(title="Not his", date="1995")
    html = as_user(editor).get(URL, {"actor": spelling}).content.decode()
    assert "His election" in html and "Not his" not in html


def test_the_date_filters_take_dates_as_people_write_them(as_user, editor):
    for edtf, title in [("1994", "Early"), ("2021-24", "Winter"), ("2025-11-17", "Late")]:
        EventFactory(date=edtf, title=title)
    html = as_user(editor).get(URL, {"date_from": "2022", "date_to": "September 2025"})
    html = html.content.decode()
    assert "Winter" in html and "Early" not in html and "Late" not in html


def test_a_date_filter_that_is_not_a_date_says_why(as_user, editor):
    EventFactory(title="Still listed")
    html = as_user(editor).get(URL, {"date_from": "yesterday"}).content.decode()
    assert "“yesterday” is not a date this desk can read" in html
    assert "Still listed" in html


def scopes(name, value):
    """A stand-in for the desk's hook: events linked to excerpts of a source or briefing."""
    if name == "source":
        return Q(excerpt_revisions__source_version__source=value)
    return Q(excerpt_revisions__briefing__slug=value)


def test_source_and_briefing_filters_narrow_through_the_settings_hook(
    as_user, editor, settings, source, briefing
):
    settings.EVENT_TIMELINE_SCOPES = "tests.events.test_timeline.scopes"
    cited, other = EventFactory(title="Cited one"), EventFactory(title="Uncited one")
    make_excerpt(editor=editor, source=source, briefing=briefing, events=[cited])
    by_source = as_user(editor).get(URL, {"source": source.pk}).content.decode()
    by_briefing = as_user(editor).get(URL, {"briefing": briefing.slug}).content.decode()
    for html in (by_source, by_briefing):
        assert "Cited one" in html and other.title not in html


def test_without_the_hook_there_are_no_source_or_briefing_filters(as_user, editor, settings):
    settings.EVENT_TIMELINE_SCOPES = None
    html = as_user(editor).get(URL).content.decode()
    assert 'name="source"' not in html and 'name="briefing"' not in html
    assert 'name="actor"' in html and 'name="date_from"' in html


def test_briefing_choices_come_from_the_choices_hook(as_user, editor, settings):
    settings.EVENT_TIMELINE_SCOPES = "tests.events.test_timeline.scopes"
    settings.EVENT_TIMELINE_SCOPE_CHOICES = "tests.events.test_timeline.scope_choices"
    html = as_user(editor).get(URL).content.decode()
    assert '<option value="the-border">The border</option>' in html


def scope_choices(name):
    return [ScopeChoice("the-border", "The border")] if name == "briefing" else None


def test_the_timeline_page_takes_the_same_number_of_queries_for_any_number_of_events(
    as_user, editor, django_assert_num_queries
):
    client = as_user(editor)
    client.get(URL)  # the session and permissions, cached from here on
    for n in range(30):
        EventFactory(date=f"{1990 + n}", title=f"Event {n}")
    # Prevents an N+1 over events (session, user, 2 for permissions, the desk's roles, events,
    # and the desk's briefing and source choices for the filters; the navigation's count of what
    # needs attention).
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.content.decode().count('class="timeline-row') == 30


@pytest.mark.parametrize(
    ("persona", "expected"), [("reviewer", 200), ("outsider", 403), (None, 302)]
)
def test_the_timeline_page_is_for_desk_staff(as_user, request, persona, expected):
    user = request.getfixturevalue(persona) if persona else None
    response = as_user(user).get(URL)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


def test_the_timeline_page_refuses_posts(as_user, editor):
    assert as_user(editor).post(URL).status_code == 405


def test_the_events_of_a_crowded_year_stand_apart():
    events = [EventFactory(date="1995")] + [
        EventFactory(date=f"2025-{month:02d}-01") for month in (3, 6, 9, 11, 12)
    ]
    timeline = build_timeline(events)
    starts = sorted(e.start for e in timeline.entries if e.event.date.startswith("2025"))
    # Linear over 31 years, five dates of 2025 would lie within 3% of the axis; widened, they
    # spread over a sixth of it.
    assert starts[-1] - starts[0] > 15
    assert all(b - a > 2 for a, b in zip(starts, starts[1:], strict=False))
    assert timeline.entries[0].start == 0.0
