"""What the editorial core announces, and what it does when the leaf apps announce something.

The core never calls the public site: it says that a subject's publication may have changed
(`publication_changed`, sent after commit), and the public site (desk.public.changes) decides
whether readers' view changed.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import post_save
from django.dispatch import Signal

from desk.publishing.announcements import after_commit, send

# Sent with sender=the subject's model (Excerpt, …) after a workflow decision that may change what
# readers see: published, scheduled, withdrawn, a schedule taken back.
publication_changed = Signal()

# Sent with sender=the subject's model after the commit of each workflow decision on one subject,
# and of a scheduled publication the desk records when it falls due (desk.publishing.schedule),
# with subject_id, action (desk.states.Action) and revision_id (the revision acted on). It says
# what happened, not what readers see: a receiver asks the QuerySet verbs (desk.webhooks.events).
decision_recorded = Signal()


def announce_publication_change(model) -> None:
    """Say, once the transaction commits, that what readers see of this kind of subject may
    have changed.

    Robust, as every announcement (desk.publishing.announcements): a cache that is down is logged
    and never turns the decision already saved into an error, nor stops what was queued after it.
    """
    after_commit(
        "say that readers' view may have changed",
        lambda: send(publication_changed, "renew the public state", sender=model),
    )


def announce_decision(model, subject_id: int, action: str, revision_id: int | None) -> None:
    """Say, once the transaction commits, which decision was taken on which subject.

    Robust: a receiver that fails is logged, and never turns a decision already committed into an
    error for the person who took it, nor keeps the other receivers from hearing of it.
    """
    what = f"announce “{action}” on {model._meta.model_name} {subject_id}"
    after_commit(
        what,
        lambda: send(
            decision_recorded,
            what,
            sender=model,
            subject_id=subject_id,
            action=action,
            revision_id=revision_id,
        ),
    )


def _refresh_search_text(sender, instance, created, **kwargs) -> None:
    """A retitled source: its excerpts' search text on the desk names the new title (readers'
    copies keep the title readers see). On PostgreSQL, writing search text also stems the words
    again in the source's language, which may have changed (sources.search_index)."""
    from desk.models import ExcerptRevision, ReadersCopy
    from desk.search import search_text_for

    if created:
        return
    revisions = ExcerptRevision.objects.filter(source_version__source=instance)
    for revision in revisions.only("pk", "quote", "annotation"):
        text = search_text_for(
            quote=revision.quote,
            annotation=revision.annotation,
            source_title=instance.display_title,
        )
        ExcerptRevision.objects.filter(pk=revision.pk).update(search_text=text)
    copies = ReadersCopy.objects.filter(revision__source_version__source=instance)
    copies.update(search_text=F("search_text"))


def _reanchor(sender, source, version, previous=None, user=None, **kwargs) -> None:
    """A source got a new text: find every excerpt of it again (desk.reanchoring), in a
    background task so that saving a large source returns at once (desk.reanchoring_tasks)."""
    from desk.reanchoring_tasks import queue_reanchoring

    # The plan worked out before the version's transaction began (sources.versions.VersionImpact).
    queue_reanchoring(version, user, prepared=kwargs.get("prepared"))


def connect() -> None:
    from sources.signals import version_added

    version_added.connect(_reanchor, dispatch_uid="desk-reanchor-on-new-version")

    from sources.models import Source

    post_save.connect(_refresh_search_text, sender=Source, dispatch_uid="source-search-text")
