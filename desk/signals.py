"""What the excerpt does when the leaf apps announce something: a retitled source changes its
excerpts' search text, a new version of a source finds every excerpt of it again.

The kernel's own announcements (a decision recorded, readers' view that may have changed) are
desk.publishing.announcements.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import post_save


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
