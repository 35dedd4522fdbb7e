"""New versions of a source: numbered, kept, told to other apps, and editors' marks carried."""

from __future__ import annotations

import pytest
from django.db import transaction

from sources.importing import DuplicateSource, ImportRefused
from sources.models import SourceVersion
from sources.signals import version_added
from sources.versions import add_version, mark_block
from tests.factories import PARAGRAPHS, make_source

pytestmark = pytest.mark.django_db

CHANGED = [PARAGRAPHS[0], "Ministers said the crossing would reopen “next month”.", PARAGRAPHS[2]]


def test_a_new_version_is_numbered_kept_and_made_current(editor):
    source = make_source()
    first = source.current_version
    second = add_version(source, text="\n".join(CHANGED), user=editor, imported_from="b.txt")
    source.refresh_from_db()
    assert (second.number, second.created_by, second.imported_from) == (2, editor, "b.txt")
    assert source.current_version == second
    assert list(source.versions.values_list("number", flat=True)) == [1, 2]
    first.refresh_from_db()
    assert first.text == "\n".join(PARAGRAPHS)


def test_the_same_text_again_is_refused(editor):
    source = make_source()
    with pytest.raises(ImportRefused, match="same as version 1"):
        add_version(source, text="\n".join(PARAGRAPHS) + "\n", user=editor)
    assert source.versions.count() == 1


def test_another_sources_text_is_refused(editor):
    source = make_source()
    other = make_source(text="Another article entirely.", title="Other")
    with pytest.raises(DuplicateSource, match="already in the library as “Other”"):
        add_version(source, text="Another article entirely.", user=editor)
    assert source.versions.count() == 1 and other.versions.count() == 1


def test_an_older_text_may_come_back(editor):
    source = make_source()
    add_version(source, text="\n".join(CHANGED), user=editor)
    third = add_version(source, text="\n".join(PARAGRAPHS), user=editor)
    assert third.number == 3


def test_other_apps_are_told_inside_the_transaction(editor):
    source = make_source()
    heard = []

    def receiver(sender, source, version, previous, user, **kwargs):
        heard.append(
            (
                sender,
                source.pk,
                version.number,
                previous.number,
                user,
                transaction.get_connection().in_atomic_block,
            )
        )

    version_added.connect(receiver)
    try:
        add_version(source, text="\n".join(CHANGED), user=editor)
    finally:
        version_added.disconnect(receiver)
    assert heard == [(type(source), source.pk, 2, 1, editor, True)]


def test_a_receiver_that_fails_leaves_no_version(editor):
    source = make_source()

    def failing(**kwargs):
        raise ImportRefused("The desk could not re-anchor its excerpts.")

    version_added.connect(failing)
    try:
        with pytest.raises(ImportRefused, match="re-anchor"):
            add_version(source, text="\n".join(CHANGED), user=editor)
    finally:
        version_added.disconnect(failing)
    source.refresh_from_db()
    assert source.current_version.number == 1
    assert SourceVersion.objects.filter(source=source).count() == 1


def test_the_first_import_does_not_send_the_signal():
    heard = []

    def receiver(**kwargs):
        heard.append(kwargs)

    version_added.connect(receiver)
    try:
        make_source()
    finally:
        version_added.disconnect(receiver)
    assert heard == []


def test_an_editors_mark_is_carried_to_the_next_version_for_an_unchanged_line(editor):
    source = make_source(text="A caption that reads like a sentence.\n" + "\n".join(PARAGRAPHS))
    version = mark_block(source.current_version, 1, "caption")
    assert version.block_list[0].kind == "caption" and version.block_list[0].marked
    new_text = "A caption that reads like a sentence.\n" + "\n".join(CHANGED)
    second = add_version(source, text=new_text, user=editor)
    assert [b.kind for b in second.block_list] == ["caption", "paragraph", "paragraph", "paragraph"]
    assert second.block_list[0].marked
    # A changed line gets its kind afresh.
    third = add_version(source, text="A changed caption line.\n" + "\n".join(CHANGED), user=editor)
    assert third.block_list[0].kind == "paragraph"


def test_marking_a_block_checks_its_number_and_kind():
    source = make_source()
    with pytest.raises(ImportRefused, match="no paragraph 9"):
        mark_block(source.current_version, 9, "caption")
    with pytest.raises(ImportRefused, match="not a kind"):
        mark_block(source.current_version, 1, "sidebar")
    source.current_version.refresh_from_db()
    assert [b.kind for b in source.current_version.block_list] == ["paragraph"] * 3


def test_a_marked_caption_is_not_body_text():
    source = make_source()
    before = source.current_version.body_length
    version = mark_block(source.current_version, 3, "caption")
    assert version.body_length == before - len(PARAGRAPHS[2])
