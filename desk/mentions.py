"""@name in a comment: the person named hears of it, in their inbox and by email.

This module reads the names in a text and says which reached nobody; desk.discussion records
the mentions of every new comment, on any subject, and sends the emails.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import ngettext

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
