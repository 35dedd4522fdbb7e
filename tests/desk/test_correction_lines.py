"""The briefing's list of corrections shows one carried change as one line (issue #31, item 3):
"Corrected on DATE: note (5 items: 1, 2, …)", each number a link to an item it corrected, drawn
from readers' copies only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from desk.publishing.states import Action
from desk.publishing.workflow import perform
from desk.readers_copy import carry, changed_items
from tests.factories import make_excerpt, make_source, start_correction
from tests.factories import publish as publish_item

NOTE = "Her name as she spells it."


@pytest.fixture
def five_live_items(editor, reviewer, briefing, actor):
    items = []
    for number in range(5):
        text = f"Tsikhanouskaya spoke, statement {number}."
        item = make_excerpt(
            editor=editor, source=make_source(text), briefing=briefing, quote=text, actors=[actor]
        )
        items.append(publish_item(item, editor=editor, reviewer=reviewer))
    return items


def _corrections(client, briefing) -> list[str]:
    page = client.get(reverse("briefings:detail", args=[briefing.slug])).content.decode()
    section = re.search(r'<section[^>]*class="corrections">(.*?)</section>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", section.group(1), re.S) if section else []


def test_one_carried_change_is_one_line_linking_every_item(
    client, editor2, reviewer, briefing, actor, five_live_items, django_capture_on_commit_callbacks
):
    actor.name = "Sviatlana Tikhanovskaya"
    actor.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert carry(changed_items(), reviewer, NOTE) == 5
    (line,) = _corrections(client, briefing)
    assert line.startswith("Corrected on <time")
    assert f"{NOTE} (5 items:" in line
    links = re.findall(r'<a href="([^"]+)">(\d)</a>', line)
    assert [text for _, text in links] == ["1", "2", "3", "4", "5"]
    assert {href for href, _ in links} == {
        reverse("briefings:item", args=[briefing.slug, item.pk]) for item in five_live_items
    }


def test_two_carries_and_a_corrected_revision_are_three_lines(
    client, editor, reviewer, briefing, actor, five_live_items, django_capture_on_commit_callbacks
):
    actor.name = "Sviatlana Tikhanovskaya"
    actor.save()
    first, *rest = changed_items()
    with django_capture_on_commit_callbacks(execute=True):
        carry([first], reviewer, "First spelling.")
        carry(rest, reviewer, "First spelling.")  # the same words, another decision
        # A correction of the item's own words: a new revision, published with its note.
        corrected = start_correction(five_live_items[0], editor=editor, annotation="Better.")
        corrected = perform(corrected, Action.SUBMIT, editor)
        corrected = perform(corrected, Action.APPROVE, reviewer, correction_note="Reworded.")
        perform(corrected, Action.PUBLISH, reviewer)
    lines = _corrections(client, briefing)
    assert len(lines) == 3
    assert "Reworded. (<a" in lines[0] and "the item</a>)" in lines[0]
    assert sorted(("the item</a>)" in line, "(4 items:" in line) for line in lines[1:]) == [
        (False, True),
        (True, False),
    ]


def test_a_single_corrected_item_still_links_the_item(
    client, reviewer, briefing, five_live_items, actor, django_capture_on_commit_callbacks
):
    actor.name = "Sviatlana Tikhanovskaya"
    actor.save()
    with django_capture_on_commit_callbacks(execute=True):
        carry(changed_items()[:1], reviewer, NOTE)
    (line,) = _corrections(client, briefing)
    item = five_live_items[0]
    assert f'{NOTE} (<a href="{reverse("briefings:item", args=[briefing.slug, item.pk])}">' in line


def test_the_line_shows_what_readers_copies_say_not_the_live_record(
    client, reviewer, briefing, five_live_items, actor, django_capture_on_commit_callbacks
):
    actor.name = "Sviatlana Tikhanovskaya"
    actor.save()
    with django_capture_on_commit_callbacks(execute=True):
        carry(changed_items(), reviewer, NOTE)
    actor.name = "A name nobody reviewed"
    actor.save()
    page = client.get(reverse("briefings:detail", args=[briefing.slug])).content.decode()
    assert "A name nobody reviewed" not in page
    assert "Sviatlana Tikhanovskaya" in page
