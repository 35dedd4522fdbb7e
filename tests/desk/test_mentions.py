"""@name in a comment tells that person: in their inbox and, once the comment is saved, by email."""

from __future__ import annotations

from django.urls import reverse

from desk.excerpts import add_comment
from desk.mentions import mentioned_names
from desk.models import Mention
from desk.notifications import muted


def test_names_are_read_as_people_write_them():
    assert mentioned_names("Ask @rita, then @Ray. Not me@example.org; @rita again") == [
        "rita",
        "Ray",
    ]
    assert mentioned_names("no one") == []


def test_a_mention_notifies_by_email_after_commit_and_in_the_inbox(
    as_user, editor, reviewer, draft, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer.email = "rita@example.org"
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        as_user(editor).post(
            reverse("desk:excerpt_comment", args=[draft.pk]),
            {"body": "@rita can you check the date before I submit?"},
        )
    mention = Mention.objects.get()
    assert mention.person == reviewer and mention.seen_at is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["rita@example.org"]
    assert "mentioned you" in mailoutbox[0].subject
    assert "can you check the date" in mailoutbox[0].body

    client = as_user(reviewer)
    home = client.get(reverse("desk:home")).content.decode()
    assert "edna mentioned you on excerpt" in home
    client.get(draft.get_absolute_url())  # reading it clears the inbox entry
    assert Mention.objects.get().seen_at is not None
    assert "edna mentioned you on excerpt" not in client.get(reverse("desk:home")).content.decode()


def test_no_mail_before_commit_nor_to_the_author_nor_to_outsiders(
    editor, outsider, draft, mailoutbox, django_capture_on_commit_callbacks
):
    outsider.email = "olga@example.org"
    outsider.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_comment(draft, editor, "Note to self @edna; and @olga, who is not on the desk.")
    assert mailoutbox == []
    assert callbacks == []
    assert not Mention.objects.exists()


def test_muted_loading_records_mentions_but_sends_nothing(
    editor, reviewer, draft, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer.email = "rita@example.org"
    reviewer.save()
    with muted(), django_capture_on_commit_callbacks(execute=True):
        add_comment(draft, editor, "@rita hello")
    assert Mention.objects.count() == 1
    assert mailoutbox == []


def test_a_name_nobody_has_is_named_back_and_the_comment_is_kept(
    as_user, editor, reviewer, draft, mailoutbox, django_capture_on_commit_callbacks
):
    from desk.models import Comment

    typed = "@rita and @nosuchuser, and @Ghost too: is the date right?"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(editor).post(
            reverse("desk:excerpt_comment", args=[draft.pk]), {"body": typed}, follow=True
        )
    # The comment is not lost: saved as typed, and the page says whom nobody heard of.
    assert Comment.objects.get(excerpt=draft).body == typed
    page = response.content.decode()
    assert "not people on the desk, so nobody was told: @nosuchuser, @Ghost." in page
    assert [m.person for m in Mention.objects.all()] == [reviewer]


def test_a_decision_whose_comment_names_nobody_on_the_desk_says_so(
    as_user, submitted, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(reviewer).post(
            reverse("desk:excerpt_transition", args=[submitted.pk, "request_changes"]),
            {
                "seen_status": submitted.status,
                "seen_revision": submitted.current_revision_id,
                "comment": "Ask @nosuchuser for the date.",
            },
            follow=True,
        )
    submitted.refresh_from_db()
    assert submitted.status == "changes_requested"
    assert "not a person on the desk, so nobody was told: @nosuchuser." in response.content.decode()


def test_the_mention_card_shows_the_quote(as_user, editor, reviewer, draft):
    add_comment(draft, editor, "@rita look at this one")
    home = as_user(reviewer).get(reverse("desk:home")).content.decode()
    quote = draft.current_revision.quote
    assert quote[:30] in home.split("mentioned you on excerpt")[1].split("</li>")[0]


def test_the_mention_email_quotes_the_excerpt(
    editor, reviewer, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(draft, editor, "@rita look at this one")
    [message] = mailoutbox
    assert f"“{draft.current_revision.quote[:30]}" in message.body
