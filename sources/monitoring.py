"""Watching a source: its URL fetched again at an interval by a periodic background task.

A changed text becomes a new version (sources.versions.add_version, which sends version_added:
the desk's re-anchoring report follows as for any new version), the fetched page is kept as its
original, and the editors who watch the source are told by e-mail. An unchanged text, or a fetch
that fails, is only noted on the watch.

The desk's clock (desk.periodic) queues the periodic task (check_watched_sources, below)
every CHECK_EVERY, which checks what is due; `manage.py check_watched` does the same once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sources.fetching import fetch
from sources.formats import read_fetched_document
from sources.importing import ImportRefused, tidy_text
from sources.models import Source, Watch
from sources.originals import carry_over, keep_original
from sources.queues import Queue, task
from sources.versions import add_version

logger = logging.getLogger(__name__)
CHECK_EVERY = timedelta(minutes=5)


def start_watching(source: Source, user, every_hours: int = 24) -> Watch:
    """Watch a source (it must have a URL); the user is told of changes."""
    if not source.url:
        raise ImportRefused(gettext("Only a source with a web address can be watched."))
    if not 1 <= every_hours <= 24 * 30:
        raise ImportRefused(gettext("Check between every hour and every 30 days."))
    watch, _ = Watch.objects.get_or_create(
        source=source,
        defaults={
            "every_hours": every_hours,
            "next_check_at": timezone.now() + timedelta(hours=every_hours),
        },
    )
    if watch.every_hours != every_hours:
        watch.every_hours = every_hours
        watch.next_check_at = timezone.now() + timedelta(hours=every_hours)
        watch.save(update_fields=["every_hours", "next_check_at"])
    watch.watchers.add(user)
    return watch


def stop_watching(source: Source, user) -> None:
    """The user is no longer told; with no one left watching, the source is not fetched."""
    watch = Watch.objects.filter(source=source).first()
    if watch is None:
        return
    watch.watchers.remove(user)
    if not watch.watchers.exists():
        watch.delete()


def _read(url: str):
    fetched = fetch(url)
    return fetched, read_fetched_document(fetched)


def _tell_watchers(watch: Watch, version) -> None:
    emails = [user.email for user in watch.watchers.all() if user.email]
    if not emails:
        return
    source = watch.source
    link = settings.SITE_URL.rstrip("/") + reverse("sources:reader", args=[source.pk])
    subject = f"“{source.display_title}” changed: version {version.number}"
    body = (
        f"The page of “{source.display_title}” has a new text, saved as version "
        f"{version.number}.\n\nSee what changed and which excerpts it affects: {link}\n\n"
        "You are told because you watch this source; stop watching it from its page."
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, emails, fail_silently=True))


def check(watch: Watch) -> str:
    """Fetch a watched source now: what came of it, as the watch records it."""
    source = watch.source
    now = timezone.now()
    try:
        fetched, prepared = _read(source.url)
        text = tidy_text(prepared.text)
        current = source.current_version
        if current is not None and current.text == text:
            outcome = "Unchanged."
        else:
            with transaction.atomic():
                version = add_version(
                    source, text=text, imported_from=source.url, kinds=prepared.kinds or None
                )
                prepared.original = keep_original(
                    fetched.body, name=fetched.url, content_type=fetched.content_type
                )
                _carry(prepared, version)
                _tell_watchers(watch, version)
            outcome = f"Changed: saved as version {version.number}."
    except ImportRefused as error:
        outcome = f"Could not be checked: {error}"
    except Exception:
        logger.exception("Checking watched source %s failed", source.pk)
        outcome = "Could not be checked: something went wrong; it is tried again next time."
    watch.last_checked_at = now
    watch.next_check_at = now + timedelta(hours=watch.every_hours)
    watch.last_outcome = outcome[:500]
    watch.save(update_fields=["last_checked_at", "next_check_at", "last_outcome"])
    return outcome


def _carry(prepared, version) -> None:
    from sources.models import ImportPreview

    carry_over(
        ImportPreview(
            text=prepared.text,
            pages=prepared.pages,
            confidence=prepared.confidence,
            original=prepared.original,
        ),
        version,
    )


def check_due_sources(now=None) -> int:
    """Check every watch that is due; how many were checked."""
    now = now or timezone.now()
    due = Watch.objects.filter(next_check_at__lte=now).select_related("source__current_version")
    checked = 0
    for watch in due:
        check(watch)
        checked += 1
    return checked


@task(queue_name=Queue.PERIODIC)
def check_watched_sources() -> int:
    """Fetch the watched sources that are due: how many were due."""
    return check_due_sources()
