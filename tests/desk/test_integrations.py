"""The desk's hooks into the library and the events app, seen from their pages."""

from __future__ import annotations

from django.urls import reverse

from events.models import DateSuggestion, Event
from events.suggestions import suggest_events
from tests.factories import EventFactory, make_excerpt, make_source


def test_the_event_page_shows_excerpts_from_every_source(as_user, editor, reviewer, briefing):
    event = EventFactory(title="Crossing reopens")
    first = make_source(text="The crossing reopened on Monday, officials said.", title="Paper A")
    second = make_source(text="Officials confirmed the crossing reopened.", title="Paper B")
    make_excerpt(
        editor=editor,
        source=first,
        briefing=briefing,
        quote="The crossing reopened",
        events=[event],
    )
    make_excerpt(
        editor=editor,
        source=second,
        briefing=briefing,
        quote="the crossing reopened",
        events=[event],
    )
    html = as_user(reviewer).get(event.get_absolute_url()).content.decode()
    assert "Paper A" in html and "Paper B" in html
    assert "corroborated across sources" in html


def test_a_suggested_date_leads_to_an_excerpt_of_its_sentence_linked_to_the_event(
    as_user, editor, briefing
):
    source = make_source(
        text="Heading\nOn November 17, Poland reopened two crossings.", published="2025-11"
    )
    suggest_events(source.current_version)
    suggestion = DateSuggestion.objects.get(phrase="November 17")
    client = as_user(editor)
    response = client.post(
        reverse("events:create") + f"?suggestion={suggestion.pk}",
        {
            "title": "Poland reopens",
            "date": "November 17",
            "actors-TOTAL_FORMS": "0",
            "actors-INITIAL_FORMS": "0",
        },
    )
    event = Event.objects.get()
    form_page = client.get(response["Location"])
    assert form_page.status_code == 200
    assert "On November 17, Poland reopened two crossings." in form_page.content.decode()
    assert form_page.context["form"].initial["events"] == [str(event.pk)]
    assert f'<option value="{event.pk}" selected>' in form_page.content.decode()


def test_the_sources_list_counts_excerpts_by_status(as_user, editor, source, draft):
    html = as_user(editor).get(reverse("sources:list")).content.decode()
    assert "1 draft" in html.lower()


def test_the_desk_timeline_filters_by_briefing(as_user, editor, briefing, source):
    linked = EventFactory(title="Linked event")
    EventFactory(title="Unlinked event")
    make_excerpt(
        editor=editor, source=source, briefing=briefing, quote="The Council met", events=[linked]
    )
    html = (
        as_user(editor)
        .get(reverse("events:timeline"), {"briefing": briefing.slug})
        .content.decode()
    )
    assert "Linked event" in html and "Unlinked event" not in html


def test_the_sources_list_says_each_count_in_the_right_number(as_user, editor, source, excerpt_in):
    excerpt_in("changes_requested")
    excerpt_in("draft")
    excerpt_in("draft")
    html = as_user(editor).get(reverse("sources:list")).content.decode()
    assert '<span class="count">1 with changes requested</span>' in html
    assert '<span class="count">2 drafts</span>' in html
    assert "changes requested</span>, <span" in html  # alphabetical by state, as before
