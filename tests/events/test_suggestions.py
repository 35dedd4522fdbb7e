"""Event suggestions: the dates a source mentions, found, shown in their sentence, used or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.layers import reader_suggestions_layer
from events.models import DateSuggestion, Event, SuggestionRefused, SuggestionStatus
from events.suggestions import sentence_bounds, suggest_events
from tests.factories import ActorAliasFactory, ActorFactory, make_source

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"
PUBLISHED = {
    "000_e180362b89ccddc6.txt": "2025-11",
    "002_a54d937e01fa7ca1.txt": "2025-12",
    "003_4c57bf254df6c335.txt": "2025",
}

# Every date mention in the three seed texts, found by reading them: (file, a passage that
# occurs once, the date's words in it, the date they mean). Relative times ("today", "within
# months", "the past 31 years", "since then") are not dates and are not listed.
MENTIONS = [
    ("000_e180362b89ccddc6.txt", "On November 17, Poland", "November 17", "2025-11-17"),
    ("000_e180362b89ccddc6.txt", "had been closed in 2021 amid", "2021", "2021"),
    ("000_e180362b89ccddc6.txt", "was suspended in 2023 after", "2023", "2023"),
    ("000_e180362b89ccddc6.txt", "which on October 29 closed", "October 29", "2025-10-29"),
    ("000_e180362b89ccddc6.txt", "reopened as of November 20", "November 20", "2025-11-20"),
    ("000_e180362b89ccddc6.txt", "dates back to 2020, when", "2020", "2020"),
    ("000_e180362b89ccddc6.txt", "after the 1996 constitutional", "1996", "1996"),
    ("000_e180362b89ccddc6.txt", "It happened again in 1998", "1998", "1998"),
    ("000_e180362b89ccddc6.txt", "followed the 2001, 2006", "2001", "2001"),
    ("000_e180362b89ccddc6.txt", "2001, 2006, and 2010", "2006", "2006"),
    ("000_e180362b89ccddc6.txt", "2006, and 2010 presidential", "2010", "2010"),
    ("000_e180362b89ccddc6.txt", "once predicted in 2020", "2020", "2020"),
    ("000_e180362b89ccddc6.txt", "fled the 2020 crackdown", "2020", "2020"),
    ("000_e180362b89ccddc6.txt", "against Ukraine in 2022", "2022", "2022"),
    ("000_e180362b89ccddc6.txt", "published in 2008", "2008", "2008"),
    ("002_a54d937e01fa7ca1.txt", "since Lukashenka’s 2020 crackdown", "2020", "2020"),
    ("002_a54d937e01fa7ca1.txt", "Since 2020, Belarus", "Since 2020", "2020/.."),
    ("003_4c57bf254df6c335.txt", "Moscow, February 18, 2022.", "February 18, 2022", "2022-02-18"),
    ("003_4c57bf254df6c335.txt", "In September 2025, Belarus", "September 2025", "2025-09"),
    ("003_4c57bf254df6c335.txt", "came to power in 1994", "1994", "1994"),
    ("003_4c57bf254df6c335.txt", "Soviet Union in 1991", "1991", "1991"),
    ("003_4c57bf254df6c335.txt", "signed a deal in 1997", "1997", "1997"),
    ("003_4c57bf254df6c335.txt", "rose to power in 2000", "2000", "2000"),
    ("003_4c57bf254df6c335.txt", "stagnant since 2012", "since 2012", "2012/.."),
    ("003_4c57bf254df6c335.txt", "2020 and 2022 Developments", "2020", "2020"),
    ("003_4c57bf254df6c335.txt", "2020 and 2022 Developments", "2022", "2022"),
    ("003_4c57bf254df6c335.txt", "Events in 2020 and 2022", "2020", "2020"),
    ("003_4c57bf254df6c335.txt", "Events in 2020 and 2022", "2022", "2022"),
    ("003_4c57bf254df6c335.txt", "In the 2020 Belarusian", "2020", "2020"),
    ("003_4c57bf254df6c335.txt", "Russia’s 2022 full-scale", "2022", "2022"),
    ("003_4c57bf254df6c335.txt", "the winter of 2021 and 2022", "winter of 2021 and 2022",
     "2021-24"),
    # February of the year the paragraph is about (2022), which the text leaves to the reader.
    ("003_4c57bf254df6c335.txt", "exercises concluded in February", "February", "2022-02"),
    ("003_4c57bf254df6c335.txt", "protected his rule in 2020", "2020", "2020"),
]  # fmt: skip


def seed_source(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    return make_source(text=text, title=name, published=PUBLISHED[name])


def test_the_hand_made_list_holds_33_mentions_each_standing_once_in_its_text():
    assert len(MENTIONS) == 33
    for name, passage, words, _ in MENTIONS:
        text = (SEEDS / name).read_text(encoding="utf-8")
        assert text.count(passage) == 1, passage
        assert words in passage


def test_suggestions_find_at_least_nine_in_ten_of_the_dates_in_the_seed_texts():
    found: dict[str, list[DateSuggestion]] = {}
    for name in PUBLISHED:
        found[name] = suggest_events(seed_source(name).current_version)
    hits, missed = 0, []
    for name, passage, words, edtf in MENTIONS:
        text = (SEEDS / name).read_text(encoding="utf-8")
        start = text.index(passage) + passage.index(words)
        end = start + len(words)
        # Found means: at that place in the text, and understood as the right date.
        if any(s.start < end and start < s.end and s.date == edtf for s in found[name]):
            hits += 1
        else:
            missed.append(passage)
    recall = hits / len(MENTIONS)
    assert recall >= 0.9, (recall, missed)
    assert missed == ["exercises concluded in February"]  # 32 of 33: recall 0.97


def test_a_date_without_a_year_takes_the_year_of_publication_and_says_so():
    suggestions = suggest_events(seed_source("000_e180362b89ccddc6.txt").current_version)
    inferred = {s.phrase: s.date for s in suggestions if s.year_inferred}
    assert inferred == {
        "November 17": "2025-11-17",
        "October 29": "2025-10-29",
        "November 20": "2025-11-20",
    }


def test_each_suggestion_carries_its_sentence():
    version = seed_source("000_e180362b89ccddc6.txt").current_version
    by_phrase = {s.phrase: s for s in suggest_events(version)}
    assert by_phrase["November 17"].sentence == (
        "On November 17, Poland reopened two border crossings with Belarus."
    )
    assert by_phrase["October 29"].sentence.startswith("However, Warsaw reluctantly delayed")
    assert by_phrase["October 29"].sentence.endswith("carrying cheap Belarusian cigarettes.")
    # "Dr." does not end the author's bio sentence.
    assert by_phrase["2008"].sentence.startswith("Dr. Ioffe is the author of")
    before, phrase, after = by_phrase["November 17"].sentence_parts
    assert (before, phrase, after[:8]) == ("On ", "November 17", ", Poland")


@pytest.mark.parametrize(
    ("text", "phrase", "sentence"),
    [
        ("One. It was in 1998. Two.", "1998", "It was in 1998."),
        ("The U.S. State Department said so in 2020. Then.", "2020",
         "The U.S. State Department said so in 2020."),
        ("He said “it ends in 2025.” Then he left.", "2025", "He said “it ends in 2025.”"),
        ("Heading 2020\nBody text.", "2020", "Heading 2020"),
        ("First line.\nIn c. 1998 they met. Later.", "1998", "In c. 1998 they met."),
        ("Was it 1998? Nobody knows.", "1998", "Was it 1998?"),
    ],
)  # fmt: skip
def test_sentences_end_where_a_reader_would_end_them(text, phrase, sentence):
    start = text.index(phrase)
    first, last = sentence_bounds(text, start, start + len(phrase))
    assert text[first:last] == sentence


def test_finding_again_adds_nothing_and_keeps_what_editors_decided(editor):
    version = seed_source("002_a54d937e01fa7ca1.txt").current_version
    first = suggest_events(version)
    assert len(first) == 2
    DateSuggestion.objects.first().dismiss(editor)
    assert suggest_events(version) == []
    assert DateSuggestion.objects.count() == 2
    assert DateSuggestion.objects.filter(status=SuggestionStatus.DISMISSED).count() == 1


def test_without_a_publication_date_yearless_dates_are_not_suggested():
    source = make_source(text="On November 17, Poland reopened. In 1994 he won.")
    assert [s.phrase for s in suggest_events(source.current_version)] == ["1994"]


def test_a_suggestion_is_decided_once(editor):
    suggest_events(make_source(text="It was 1998.", published="2025").current_version)
    suggestion = DateSuggestion.objects.get()
    suggestion.dismiss(editor)
    with pytest.raises(SuggestionRefused, match="already “dismissed”"):
        suggestion.dismiss(editor)
    suggestion.restore(editor)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (SuggestionStatus.PENDING, editor)


def test_the_command_reads_every_source_and_can_run_again(capsys):
    for name in PUBLISHED:
        seed_source(name)
    call_command("suggest_events")
    assert capsys.readouterr().out.strip() == "3 sources read, 32 new event suggestions."
    call_command("suggest_events")
    assert capsys.readouterr().out.strip() == "3 sources read, 0 new event suggestions."


# The pages.


@pytest.fixture
def seeded():
    return seed_source("000_e180362b89ccddc6.txt")


def page_url(source):
    return reverse("events:source_suggestions", args=[source.pk])


def test_the_source_page_lists_each_date_in_its_sentence(as_user, reviewer, seeded):
    html = as_user(reviewer).get(page_url(seeded)).content.decode()
    assert "15 dates mentioned, 15 waiting for an editor." in html
    assert "On <mark>November 17</mark>, Poland reopened" in html
    assert "Understood as <strong>17 November 2025</strong>" in html
    assert html.count("year inferred from the publication date") == 3
    assert "Make an event" not in html  # reviewers look; editors decide


def test_a_date_outside_the_body_text_says_where_it_stands(as_user, editor):
    source = make_source(
        text="By A. Writer, March 2025\nThe talks began in 1998 and went nowhere.",
        published="2025",
    )
    html = as_user(editor).get(page_url(source)).content.decode()
    byline = html[html.index("<mark>March 2025</mark>") :]
    assert byline.index("in the byline") < byline.index("</li>")
    assert html.count("in the byline") == 1


def test_the_source_page_takes_the_same_queries_however_many_dates(
    as_user, editor, seeded, django_assert_num_queries
):
    client = as_user(editor)
    client.get(page_url(seeded))  # finds the dates
    # Prevents an N+1 over suggestions and their text (session, user, 2 permissions, desk
    # roles, source, dates already found, suggestions with their events; the navigation's count
    # of what needs attention is kept, desk.desk_state).
    with django_assert_num_queries(8):
        html = client.get(page_url(seeded)).content.decode()
    assert html.count("Make an event") == 15


@pytest.mark.parametrize(("who", "expected"), [("outsider", 403), (None, 302)])
def test_suggestion_pages_are_for_desk_staff(as_user, request, seeded, who, expected):
    client = as_user(request.getfixturevalue(who) if who else None)
    assert client.get(page_url(seeded)).status_code == expected
    assert client.get(reverse("events:suggestions")).status_code == expected
    assert DateSuggestion.objects.count() == 0


def test_the_index_lists_sources_with_what_waits(as_user, editor, seeded):
    client = as_user(editor)
    assert "not read yet" in client.get(reverse("events:suggestions")).content.decode()
    client.get(page_url(seeded))
    html = client.get(reverse("events:suggestions")).content.decode()
    assert "<td>15</td>" in html


def test_an_editor_dismisses_and_restores_a_suggestion(as_user, editor, seeded):
    suggest_events(seeded.current_version)
    suggestion = DateSuggestion.objects.get(phrase="2008")
    client = as_user(editor)
    response = client.post(reverse("events:dismiss_suggestion", args=[suggestion.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(seeded)}#suggestion-{suggestion.pk}"
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (SuggestionStatus.DISMISSED, editor)
    again = client.post(reverse("events:dismiss_suggestion", args=[suggestion.pk]), follow=True)
    assert "already “dismissed”" in again.content.decode()
    client.post(reverse("events:restore_suggestion", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


@pytest.mark.parametrize(("who", "expected"), [("reviewer", 403), ("outsider", 403), (None, 302)])
def test_only_editors_dismiss(as_user, request, seeded, who, expected):
    suggest_events(seeded.current_version)
    suggestion = DateSuggestion.objects.first()
    client = as_user(request.getfixturevalue(who) if who else None)
    assert client.post(reverse("events:dismiss_suggestion", args=[suggestion.pk])).status_code == (
        expected
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


def test_dismissing_takes_a_post(as_user, editor, seeded):
    suggest_events(seeded.current_version)
    suggestion = DateSuggestion.objects.first()
    assert (
        as_user(editor).get(reverse("events:dismiss_suggestion", args=[suggestion.pk])).status_code
        == 405
    )


@pytest.fixture
def poland_and_belarus():
    poland = ActorFactory(name="Poland", kind="state")
    ActorAliasFactory(actor=poland, name="Warsaw")
    return poland, ActorFactory(name="Belarus", kind="state")


def test_make_an_event_opens_the_form_prefilled_from_the_sentence(
    as_user, editor, seeded, poland_and_belarus
):
    suggest_events(seeded.current_version)
    suggestion = DateSuggestion.objects.get(phrase="November 17")
    html = as_user(editor).get(reverse("events:create"), {"suggestion": suggestion.pk})
    html = html.content.decode()
    # A short title, not the whole sentence: the sentence less its date.
    assert 'value="Poland reopened two border crossings with Belarus"' in html
    assert 'value="17 November 2025"' in html
    assert "2025 is inferred from the publication date" in html
    poland, belarus = poland_and_belarus
    assert f'<option value="{poland.pk}" selected>Poland</option>' in html
    assert f'<option value="{belarus.pk}" selected>Belarus</option>' in html


def test_saving_the_event_uses_the_suggestion(as_user, editor, seeded, settings):
    settings.EVENT_FROM_SUGGESTION_REDIRECT = None  # without the desk's hook: the event page
    suggest_events(seeded.current_version)
    suggestion = DateSuggestion.objects.get(phrase="November 17")
    url = reverse("events:create") + f"?suggestion={suggestion.pk}"
    data = {"title": "Poland reopens two crossings", "date": "November 17",
            "actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"}  # fmt: skip
    response = as_user(editor).post(url, data)
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.date == "2025-11-17"  # the year of publication completes what was typed
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.event, suggestion.decided_by) == ("used", event, editor)
    page = as_user(editor).get(event.get_absolute_url()).content.decode()
    assert "On <mark>November 17</mark>, Poland reopened" in page
    # A used suggestion cannot make a second event.
    again = as_user(editor).get(url)
    assert again.status_code == 302 and again["Location"] == event.get_absolute_url()


def desk_excerpt_form(request, event, suggestion):
    return f"/desk/excerpt-form/?event={event.pk}&start={suggestion.sentence_start}"


def test_the_desk_takes_over_after_saving_through_the_redirect_setting(
    as_user, editor, seeded, settings
):
    settings.EVENT_FROM_SUGGESTION_REDIRECT = "tests.events.test_suggestions.desk_excerpt_form"
    suggest_events(seeded.current_version)
    suggestion = DateSuggestion.objects.get(phrase="November 17")
    data = {"title": "Reopened", "date": "17 November 2025",
            "actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"}  # fmt: skip
    response = as_user(editor).post(reverse("events:create") + f"?suggestion={suggestion.pk}", data)
    event = Event.objects.get()
    assert response["Location"] == f"/desk/excerpt-form/?event={event.pk}&start=114"
    assert seeded.current_version.text[114:].startswith("On November 17")


def test_a_missing_suggestion_is_404(as_user, editor):
    assert as_user(editor).get(reverse("events:create"), {"suggestion": "9"}).status_code == 404
    assert as_user(editor).get(reverse("events:create"), {"suggestion": "x"}).status_code == 404


def test_the_reader_layer_counts_the_dates_found(rf, editor, seeded):
    suggest_events(seeded.current_version)
    DateSuggestion.objects.first().dismiss(editor)
    layer = reader_suggestions_layer(rf.get("/"), seeded, seeded.current_version)
    assert (layer.found, layer.waiting) == (15, 14)
    assert layer.url == page_url(seeded) and layer.template == "events/_reader_layer.html"


def test_record_and_go_back_to_the_dates_skips_the_desk(as_user, editor, seeded, settings):
    settings.EVENT_FROM_SUGGESTION_REDIRECT = "tests.events.test_suggestions.desk_excerpt_form"
    suggest_events(seeded.current_version)
    suggestion = DateSuggestion.objects.get(phrase="November 17")
    url = reverse("events:create") + f"?suggestion={suggestion.pk}"
    form = as_user(editor).get(url).content.decode()
    assert "Record and go back to the dates" in form
    data = {"title": "Reopened", "date": "17 November 2025", "then": "dates",
            "actors-TOTAL_FORMS": "0", "actors-INITIAL_FORMS": "0"}  # fmt: skip
    response = as_user(editor).post(url, data)
    suggestion.refresh_from_db()
    back = reverse("events:source_suggestions", args=[seeded.pk])
    assert response["Location"] == f"{back}#suggestion-{suggestion.pk}"
    assert suggestion.status == "used"  # recorded all the same
    # A plain event form offers no such button.
    assert (
        "go back to the dates" not in as_user(editor).get(reverse("events:create")).content.decode()
    )
