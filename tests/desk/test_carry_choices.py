"""The carry page item by item (issue #31, item 3): each item shown by its quote and briefing, what
changed marked word by word, and the reviewer's choice of the items to correct or to decline;
four eyes and the stale-page guard hold for both, and bad input changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk.models import AuditEntry, Excerpt
from desk.publishing.audit import sentence
from desk.readers_copy import changed_items
from tests.desk.shared_records import NAME, URL, page_form
from tests.factories import BriefingFactory, make_excerpt, make_source
from tests.factories import publish as publish_item

NEW_NAME = "Sviatlana Tikhanovskaya"


@pytest.fixture
def live_items(editor, reviewer, actor):
    """Three live items naming the actor, each quoting its own source, in two briefings."""
    briefings = [BriefingFactory(title="Exile politics"), BriefingFactory(title="Minsk watch")]
    items = []
    for number in range(3):
        text = f"Statement {number}: Tsikhanouskaya spoke in Vilnius."
        item = make_excerpt(
            editor=editor,
            source=make_source(text, title=f"Report {number}"),
            briefing=briefings[number % 2],
            quote=text,
            actors=[actor],
        )
        items.append(publish_item(item, editor=editor, reviewer=reviewer))
    return items


def _rename(client, actor, name: str = NEW_NAME):
    response = client.post(
        reverse("events:actor_edit", args=[actor.slug]),
        {"name": name, "kind": "person", "aliases": "", "description": ""},
    )
    assert response.status_code == 302
    return response


def _readers_see(client, item) -> str:
    briefing = item.published_revision.briefing
    return client.get(reverse("briefings:item", args=[briefing.slug, item.pk])).content.decode()


def _copies(items) -> list[int]:
    return [Excerpt.objects.get(pk=item.pk).readers_copy_id for item in items]


def test_each_item_shows_its_quote_its_briefing_and_the_words_that_change(
    as_user, editor2, reviewer, live_items, actor
):
    _rename(as_user(editor2), actor, "Sviatlana <script>alert(1)</script>")
    page = as_user(reviewer).get(URL).content.decode()
    for item in live_items:
        assert f"<q>{item.published_revision.quote}</q>" in page
    assert "Exile politics" in page and "Minsk watch" in page
    # Only the surname changed: the first name is left unmarked, the rest escaped.
    assert (
        "Sviatlana <del>Tsikhanouskaya</del> <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"
        in page
    )
    assert "<script>alert(1)" not in page
    assert page.count('type="checkbox" name="items"') == 3
    assert page.count(" checked") == 3  # every item ticked at first


def test_a_long_quote_is_cut_short_on_the_list(as_user, editor, editor2, reviewer, actor):
    words = " ".join(f"word{n}" for n in range(60))
    text = f"Tsikhanouskaya said {words}."
    item = make_excerpt(editor=editor, source=make_source(text), quote=text, actors=[actor])
    publish_item(item, editor=editor, reviewer=reviewer)
    _rename(as_user(editor2), actor)
    page = as_user(reviewer).get(URL).content.decode()
    assert "word20" in page
    assert "word50" not in page


def test_only_the_ticked_items_are_corrected(
    client, as_user, editor2, reviewer, live_items, actor, django_capture_on_commit_callbacks
):
    _rename(as_user(editor2), actor)
    desk = as_user(reviewer)
    form = page_form(desk.get(URL))
    first, second, third = live_items
    form["items"] = [first.pk, third.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(URL, {**form, "note": "Her name as she spells it.", "do": "carry"})
    assert response.status_code == 302

    for item in (first, third):
        assert NEW_NAME in _readers_see(client, item)
        assert "Her name as she spells it." in _readers_see(client, item)
    assert NEW_NAME not in _readers_see(client, second)
    assert NAME in _readers_see(client, second)
    # The unticked item still waits for a decision.
    assert [i.excerpt.pk for i in changed_items()] == [second.pk]
    assert AuditEntry.objects.filter(action="carry_correction").count() == 2
    assert len(set(AuditEntry.objects.filter(action="carry_correction").values_list(
        "action_id", flat=True))) == 1  # fmt: skip


def test_declining_keeps_the_approved_name_and_stops_the_wait(
    client, as_user, editor2, reviewer, live_items, actor
):
    _rename(as_user(editor2), actor)
    desk = as_user(reviewer)
    first, second, third = live_items
    form = {**page_form(desk.get(URL)), "items": [second.pk], "do": "decline"}
    before = _copies(live_items)

    response = desk.post(URL, form, follow=True)

    assert "Declined for 1 published item" in response.content.decode()
    assert [i.excerpt.pk for i in changed_items()] == [first.pk, third.pk]
    declined = Excerpt.objects.get(pk=second.pk).readers_copy
    assert declined.pk != before[1] and declined.correction_note == ""
    assert declined.links.actors[0].name == NAME
    assert NAME in _readers_see(client, second)
    assert "Corrected on" not in _readers_see(client, second)
    entry = AuditEntry.objects.get(kind="carry_declined")
    assert (entry.excerpt_id, entry.actor) == (second.pk, reviewer)
    assert "Declined to carry" in sentence(entry) and NEW_NAME in sentence(entry)
    # A later change of the record waits again, for the declined item too.
    _rename(as_user(editor2), actor, "Sviatlana H. Tsikhanouskaya")
    assert second.pk in [i.excerpt.pk for i in changed_items()]


def test_nothing_ticked_changes_nothing(as_user, editor2, reviewer, live_items, actor):
    _rename(as_user(editor2), actor)
    desk = as_user(reviewer)
    form = {**page_form(desk.get(URL)), "items": [], "note": "Renamed."}
    before = _copies(live_items)
    for do in ("carry", "decline"):
        response = desk.post(URL, {**form, "do": do})
        assert response.status_code == 200
        assert "Tick at least one item: nothing was changed." in response.content.decode()
    assert _copies(live_items) == before


def test_an_item_not_on_the_list_changes_nothing(as_user, editor2, reviewer, live_items, actor):
    _rename(as_user(editor2), actor)
    desk = as_user(reviewer)
    form = page_form(desk.get(URL))
    before = _copies(live_items)
    for wrong in ("999999", "first"):
        response = desk.post(URL, {**form, "items": [live_items[0].pk, wrong], "note": "Renamed."})
        assert response.status_code == 200
        assert "is not on this list" in response.content.decode()
    assert _copies(live_items) == before
    assert not AuditEntry.objects.filter(action="carry_correction").exists()


def test_a_button_the_page_never_had_changes_nothing(as_user, editor2, reviewer, live_items, actor):
    _rename(as_user(editor2), actor)
    desk = as_user(reviewer)
    before = _copies(live_items)
    response = desk.post(URL, {**page_form(desk.get(URL)), "note": "Renamed.", "do": "publish"})
    assert response.status_code == 200
    assert "Choose to correct or to decline the ticked items." in response.content.decode()
    assert _copies(live_items) == before


def test_a_decline_after_the_records_changed_again_changes_nothing(
    as_user, editor2, reviewer, live_items, actor
):
    _rename(as_user(editor2), actor)
    desk = as_user(reviewer)
    form = {**page_form(desk.get(URL)), "do": "decline"}
    _rename(as_user(editor2), actor, "Another name nobody reviewed")
    before = _copies(live_items)
    response = desk.post(URL, form)
    assert "changed since you opened this page" in response.content.decode()
    assert _copies(live_items) == before
    assert not AuditEntry.objects.filter(kind="carry_declined").exists()


def test_whoever_made_the_change_cannot_decline_it_either(as_user, chief, live_items, actor):
    _rename(as_user(chief), actor)
    desk = as_user(chief)
    form = {**page_form(desk.get(URL)), "do": "decline"}
    form["items"] = [item.pk for item in live_items]  # the page offers them disabled
    before = _copies(live_items)
    response = desk.post(URL, form)
    assert response.status_code == 403
    assert "another reviewer must carry these changes" in response.content.decode()
    assert _copies(live_items) == before
    assert not AuditEntry.objects.filter(kind="carry_declined").exists()


def test_a_declined_change_is_not_seen_for_four_eyes(as_user, chief, reviewer, live_items, actor):
    # Declining showed readers nothing of the change: whoever made it is still held to four eyes
    # on the next item that would publish it.
    from desk.four_eyes import unseen_change

    _rename(as_user(chief), actor)
    desk = as_user(reviewer)
    desk.post(URL, {**page_form(desk.get(URL)), "do": "decline"})
    assert changed_items() == []
    assert unseen_change(Excerpt.objects.get(pk=live_items[0].pk), chief) is not None


def test_the_page_asks_as_many_questions_for_six_items_as_for_two(
    as_user, editor, editor2, reviewer, actor
):
    # Guards the N+1 of reading each item's quote, briefing, links and changes row by row.
    def count_queries() -> int:
        client = as_user(reviewer)
        client.get(URL)  # the session and the person are read once, before counting
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    def add_items(n: int) -> None:
        for _ in range(n):
            text = f"Tsikhanouskaya spoke, item {Excerpt.objects.count()}."
            item = make_excerpt(editor=editor, source=make_source(text), quote=text, actors=[actor])
            publish_item(item, editor=editor, reviewer=reviewer)

    add_items(2)
    _rename(as_user(editor2), actor)
    two = count_queries()
    add_items(4)
    _rename(as_user(editor2), actor, "Sviatlana T.")
    assert len(changed_items()) == 6
    assert count_queries() == two
