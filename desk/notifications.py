"""Email about reviews: reviewers hear of submissions, editors of decisions on their work.

Mail goes out only after the transaction that made the change commits, so nobody is told of a
decision that was rolled back; each person can turn it off on their preferences page.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from desk.models import Excerpt
from desk.publishing.announcements import after_commit
from desk.publishing.states import Action
from desk.roles import REVIEWERS_GROUP

_muted: ContextVar[bool] = ContextVar("desk_notifications_muted", default=False)


@contextmanager
def muted():
    """No notifications inside: for loading demo data and restoring backups, which are not news."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def is_muted() -> bool:
    return _muted.get()


def opted_in(people: list) -> list:
    """Of these people, those who want email from the desk and have an address."""
    User = get_user_model()
    return list(_opted_in(User.objects.filter(pk__in=[p.pk for p in people])))


def _opted_in(users):
    return (
        users.filter(is_active=True)
        .exclude(email="")
        .exclude(desk_preference__email_notifications=False)
    )


def recipients(excerpt: Excerpt, action: Action, actor) -> list:
    """Who should hear of this action: never the person who took it."""
    User = get_user_model()
    if action == Action.SUBMIT:
        people = User.objects.filter(groups__name=REVIEWERS_GROUP).exclude(
            pk__in=[excerpt.created_by_id, excerpt.last_editor_id]
        )
    elif action == Action.REOPEN:
        return []
    else:
        people = User.objects.filter(pk__in=[excerpt.created_by_id, excerpt.last_editor_id])
    return list(_opted_in(people.exclude(pk=actor.pk)).distinct())


# Inside told_together(), decisions are gathered here instead of mailed one by one.
_gathered: ContextVar[list | None] = ContextVar("desk_notifications_gathered", default=None)


@contextmanager
def told_together():
    """Decisions inside are one email per excerpt: "approve and publish" is one piece of news."""
    gathered: list = []
    token = _gathered.set(gathered)
    try:
        yield
    finally:
        _gathered.reset(token)
    by_excerpt: dict = {}
    for excerpt, action, actor, comment in gathered:
        by_excerpt.setdefault((excerpt.pk, actor.pk), []).append((excerpt, action, actor, comment))
    for told in by_excerpt.values():
        excerpt, _, actor, _ = told[-1]
        # One comment box serves both decisions of "approve and publish": said once.
        comments = dict.fromkeys(comment for *_, comment in told if comment)
        _queue(excerpt, [action for _, action, _, _ in told], actor, "\n".join(comments))


def notify(excerpt: Excerpt, action: Action, actor, *, comment: str = "") -> None:
    """Queue the emails for this action, to be sent once the transaction commits."""
    if _muted.get():
        return
    gathered = _gathered.get()
    if gathered is not None:
        gathered.append((excerpt, action, actor, comment))
        return
    _queue(excerpt, [action], actor, comment)


def _queue(excerpt: Excerpt, actions: list[Action], actor, comment: str) -> None:
    people: dict = {}
    for action in actions:
        for person in recipients(excerpt, action, actor):
            people.setdefault(person.pk, person)
    if not people:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("desk:excerpt", args=[excerpt.pk])
    quote = excerpt.current_revision.quote if excerpt.current_revision else ""
    if actions == [Action.APPROVE, Action.PUBLISH]:
        subject = f"[Briefing Desk] Excerpt {excerpt.pk}: approved and published by {actor}"
        said = f"{actor} approved and published excerpt {excerpt.pk}."
    else:
        labels = " and ".join(str(action.label) for action in actions)
        subject = f"[Briefing Desk] Excerpt {excerpt.pk}: {labels.lower()} by {actor}"
        said = f"{actor} chose “{labels}” on excerpt {excerpt.pk}."
    body = (
        f"{said}\n\n"
        f"“{quote[:300]}”\n\n"
        + (f"Comment: {comment}\n\n" if comment else "")
        + f"Open it: {link}\n\n"
        "You get this because email notifications are on in your desk preferences."
    )
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]) for person in people.values()
    ]
    # The decision stands even when the mail server is down; the log says who was not told.
    after_commit(
        f"send review notifications for excerpt {excerpt.pk}",
        lambda: send_mass_mail(messages, fail_silently=False),
    )


def assigned(subject: str, page: str | None, person, by, due) -> None:
    """Tell someone a subject ("excerpt 12") was assigned to them, once the assignment commits;
    `page` is the path of the desk page showing it, if it has one."""
    if _muted.get() or not opted_in([person]):
        return
    link = settings.SITE_URL.rstrip("/") + page if page else ""
    title = f"[Briefing Desk] {subject[:1].upper()}{subject[1:]} assigned to you by {by}"
    body = (
        f"{by} assigned {subject} to you"
        + (f", due {due:%-d %B %Y}" if due else "")
        + ".\n\n"
        + (f"Open it: {link}\n\n" if link else "")
        + "You get this because email notifications are on in your desk preferences."
    )
    message = (title, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    after_commit(
        f"send the assignment email for {subject}",
        lambda: send_mass_mail([message], fail_silently=False),
    )
