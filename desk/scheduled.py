"""Scheduled excerpts falling due: the clock records their publication (the kernel's
desk.publishing.schedule, for every kind of subject), and holds back the ones whose quote
re-anchoring flagged.

An item whose quote changed or went from a newer version of its source must not reach readers
unchecked: it is held, that is taken back to approved with no time (as *Unschedule* does),
with the reason in its history and an e-mail to the reviewer who scheduled it, and it stays
among the reviewers' "Flagged by re-anchoring" until someone checks the quote. The re-anchoring
task holds it as soon as the flag is set; `publish_due` holds any it finds on the way.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from desk.models import AnchorStatus, AuditEntry, Excerpt
from desk.notifications import is_muted, opted_in
from desk.publishing import audit, schedule
from desk.publishing.announcements import announce_decision, announce_publication_change
from desk.publishing.states import Action, Status
from desk.publishing.subjects import type_of
from desk.publishing.workflow import take_back

logger = logging.getLogger(__name__)


def publish_due(now: dt.datetime | None = None) -> int:
    """Hold the scheduled excerpts whose quote is flagged, then record the publication of every
    scheduled subject that fell due (desk.publishing.schedule); returns how many were published.

    Periodic work of the desk's clock (desk.periodic); `manage.py publish_due` runs it once.
    """
    hold_flagged()
    return schedule.publish_due(now)


def hold_flagged(source_id: int | None = None) -> int:
    """Hold every scheduled excerpt (of this source, if given) whose quote is flagged: how many."""
    flagged = Excerpt.objects.filter(status=Status.SCHEDULED).exclude(anchor_status=AnchorStatus.OK)
    if source_id is not None:
        flagged = flagged.filter(source_id=source_id)
    held = sum(hold_if_flagged(pk) for pk in flagged.values_list("pk", flat=True))
    if held:
        announce_publication_change(Excerpt)
    return held


def _reason(excerpt: Excerpt) -> str:
    version = excerpt.proposed_version.number if excerpt.proposed_version else None
    where = f"version {version} of its source" if version else "the newest version of its source"
    if excerpt.anchor_status == AnchorStatus.MISSING:
        found = f"its quote is not found in {where}"
    else:
        found = f"the quoted words changed in {where}"
    return f"Held, not published at its time: {found}. Check the quote, then schedule it again."


def hold_if_flagged(pk: int) -> bool:
    """Take a scheduled excerpt whose quote is flagged back to approved, with no time, so that
    readers never see it unchecked; record why and tell the reviewer who scheduled it."""
    with transaction.atomic():
        excerpt = (
            Excerpt.objects.select_for_update()
            .filter(pk=pk, status=Status.SCHEDULED)
            .exclude(anchor_status=AnchorStatus.OK)
            .first()
        )
        if excerpt is None:
            return False
        revision_id = excerpt.current_revision_id
        changes: dict = {"status": Status.APPROVED, "updated_at": timezone.now()}
        # As Unschedule takes it back (the kernel's take_back): readers' copy goes only if it is
        # this revision's, and the first publication only if it was this schedule.
        changes.update(take_back(type_of(Excerpt), excerpt, excerpt.current_revision))
        updated = Excerpt.objects.filter(
            pk=pk, status=Status.SCHEDULED, current_revision_id=revision_id
        ).update(**changes)
        if not updated:
            return False
        reason = _reason(excerpt)
        audit.record(
            AuditEntry.Kind.TRANSITION,
            excerpt_id=pk,
            subject_id=pk,
            revision_id=revision_id,
            action=Action.UNSCHEDULE,
            from_status=Status.SCHEDULED,
            to_status=Status.APPROVED,
            actor=None,
            note=reason,
        )
        announce_decision(Excerpt, pk, Action.UNSCHEDULE, revision_id)
        _tell_scheduler(excerpt, reason)
    return True


def _tell_scheduler(excerpt: Excerpt, reason: str) -> None:
    """E-mail the reviewer who scheduled the excerpt (its newest schedule), once it commits."""
    scheduled = (
        AuditEntry.objects.filter(
            excerpt_id=excerpt.pk,
            action__in=[Action.SCHEDULE, Action.RESCHEDULE],
            actor__isnull=False,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if is_muted() or scheduled is None or not opted_in([scheduled.actor]):
        return
    link = settings.SITE_URL.rstrip("/") + reverse("desk:excerpt", args=[excerpt.pk])
    quote = excerpt.current_revision.quote if excerpt.current_revision_id else ""
    subject = f"[Briefing Desk] Excerpt {excerpt.pk} held: its quote needs checking"
    body = (
        f"Excerpt {excerpt.pk}, which you scheduled, was not published.\n\n"
        f"“{quote[:300]}”\n\n{reason}\n\nOpen it: {link}\n\n"
        "You get this because email notifications are on in your desk preferences."
    )
    recipient = scheduled.actor.email

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        except OSError:
            # The hold stands even when the mail server is down; say so in the log.
            logger.exception("Could not tell the reviewer of held excerpt %s", excerpt.pk)

    transaction.on_commit(send)
