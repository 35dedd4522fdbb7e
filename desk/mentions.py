"""@name in a comment: the person named hears of it, in their inbox and by email.

A comment is recorded with its excerpt (desk.excerpts.add_comment, or with a decision through
the kernel's desk.publishing.workflow); this module
listens for "a comment was made" and never changes the comment itself.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import ngettext

from desk.models import Comment, Mention
from desk.publishing.announcements import after_commit
from desk.roles import is_staff_member

# Django usernames: letters, digits and @ . + - _; a trailing dot or dash ends the sentence.
_MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")


def mentioned_names(body: str) -> list[str]:
    """The usernames written as @name in a text, each once, in the order they appear."""
    names: list[str] = []
    for match in _MENTION.finditer(body):
        name = match.group(1).rstrip(".-@+")
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def mentioned_people(body: str, author) -> list:
    """Desk members named in the text (at most 20 names are read), never the author."""
    names = mentioned_names(body)[:20]
    if not names:
        return []
    named = Q()
    for name in names:
        named |= Q(username__iexact=name)
    people = get_user_model().objects.filter(named, is_active=True).exclude(pk=author.pk)
    return [person for person in people if is_staff_member(person)]


def unknown_names(body: str) -> list[str]:
    """The @names in the text that are nobody on the desk, as written: nobody hears of them."""
    names = mentioned_names(body)[:20]
    if not names:
        return []
    named = Q()
    for name in names:
        named |= Q(username__iexact=name)
    people = get_user_model().objects.filter(named, is_active=True)
    known = {person.username.casefold() for person in people if is_staff_member(person)}
    return [name for name in names if name.casefold() not in known]


def warn_of_unknown_names(request, body: str) -> None:
    """Tell the person, after their comment is saved, which names reached nobody."""
    unknown = unknown_names(body)
    if unknown:
        messages.warning(
            request,
            ngettext(
                "Your comment is saved, but this name is not a person on the desk, so nobody "
                "was told: %(names)s. Check the spelling and mention them in a new comment.",
                "Your comment is saved, but these names are not people on the desk, so nobody "
                "was told: %(names)s. Check the spelling and mention them in a new comment.",
                len(unknown),
            )
            % {"names": ", ".join(f"@{name}" for name in unknown)},
        )


@receiver(post_save, sender=Comment, dispatch_uid="desk_mentions_on_comment")
def record_mentions(sender, instance: Comment, created: bool, raw: bool = False, **kwargs):
    if not created or raw:
        return
    from desk.notifications import is_muted, opted_in

    people = mentioned_people(instance.body, instance.author)
    if not people:
        return
    Mention.objects.bulk_create(
        [Mention(comment=instance, person=person) for person in people], ignore_conflicts=True
    )
    if is_muted():
        return
    readers = opted_in(people)
    if not readers:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("desk:excerpt", args=[instance.excerpt_id])
    subject = f"[Briefing Desk] {instance.author} mentioned you on excerpt {instance.excerpt_id}"
    revision = instance.excerpt.current_revision
    quote = revision.quote if revision else ""
    if len(quote) > 200:
        quote = quote[:199].rstrip() + "…"
    body = (
        f"{instance.author} wrote on excerpt {instance.excerpt_id}"
        + (f", “{quote}”" if quote else "")
        + ":\n\n"
        f"{instance.body[:1000]}\n\n"
        f"Open it: {link}\n\n"
        "You get this because email notifications are on in your desk preferences."
    )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [p.email]) for p in readers]
    after_commit(
        f"send mention emails for comment {instance.pk}",
        lambda: send_mass_mail(messages, fail_silently=False),
    )
