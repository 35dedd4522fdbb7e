"""The messages readers receive: the confirmation link, and the digest.

Each message goes to one reader alone (To: that address, no copies), in the language they used
when they asked. The digest has a plain-text and an HTML part drawn from the same data; the HTML
escapes every word the desk's editors or sources wrote, and holds no image, no style sheet and
no address of any other site: nothing in it reports back when it is opened. Every link is
absolute from SITE_URL. RFC 8058's headers let a mail program offer one-click unsubscribing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from desk.project.site_url import absolute
from desk.subscriptions.digests import Digest
from desk.subscriptions.models import Frequency, Subscription
from desk.subscriptions.tokens import CONFIRM_WITHIN, confirmation_token, unsubscribe_token

# RFC 3834: written by a program, so vacation replies and the like stay quiet.
AUTOMATIC = {"Auto-Submitted": "auto-generated"}


def _one_line(text: str) -> str:
    # A header holds one line: a title with a line break in it would be refused by Django.
    return " ".join(text.split())


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription.pk)]))


def _list_id(subscription: Subscription) -> str:
    """RFC 2919: the briefing's slug under the desk's host name, "<slug.desk.example.org>"."""
    host = urlsplit(absolute("/")).hostname or "localhost"
    return f"<{subscription.briefing.slug}.{host}>"


def confirmation_message(subscription: Subscription, frequency: str, language: str) -> EmailMessage:
    """The link to confirm a subscription, as asked (daily or weekly, in that language)."""
    token = confirmation_token(subscription.pk, frequency, language)
    with translation.override(language):
        context = {
            "briefing": subscription.briefing,
            "frequency": Frequency(frequency).label,
            "confirm_url": absolute(reverse("subscriptions:confirm", args=[token])),
            "days": CONFIRM_WITHIN.days,
        }
        subject = gettext("Confirm: %(title)s by e-mail") % {
            "title": _one_line(subscription.briefing.title)
        }
        body = render_to_string("subscriptions/email/confirm.txt", context)
    return EmailMessage(subject, body, to=[subscription.email], headers=AUTOMATIC)


def digest_message(
    subscription: Subscription, digest: Digest, *, connection=None
) -> EmailMultiAlternatives:
    """One reader's digest: the same news for everyone, their own unsubscribe link."""
    unsubscribe = unsubscribe_url(subscription)
    with translation.override(subscription.language):
        context = {
            "digest": digest,
            "briefing": digest.briefing,
            "unsubscribe_url": unsubscribe,
            "subscribe_url": absolute(
                reverse("subscriptions:subscribe", args=[digest.briefing.slug])
            ),
            "frequency": Frequency(subscription.frequency).label,
        }
        text = render_to_string("subscriptions/email/digest.txt", context)
        page = render_to_string("subscriptions/email/digest.html", context)
        subject = _subject(digest)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[subscription.email],
        connection=connection,
        headers={
            **AUTOMATIC,
            "List-Id": _list_id(subscription),
            "List-Unsubscribe": f"<{unsubscribe}>",
            # RFC 8058: a POST of this pair to the address above unsubscribes, no page needed.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(page, "text/html")
    return message


def _subject(digest: Digest) -> str:
    items = len(digest.items) + digest.more_items
    parts = []
    if items:
        parts.append(
            ngettext("%(count)d new item", "%(count)d new items", items) % {"count": items}
        )
    if digest.corrections:
        count = len(digest.corrections)
        parts.append(
            ngettext("%(count)d correction", "%(count)d corrections", count) % {"count": count}
        )
    return gettext("%(title)s: %(news)s") % {
        "title": _one_line(digest.briefing.title),
        "news": ", ".join(parts),
    }
