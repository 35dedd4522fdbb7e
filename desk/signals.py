"""Keeping the public pages true when what they show is edited outside the workflow.

A published revision never changes, so only the things it points at (briefings, topics,
sources, actors, events) need watching here; the workflow itself reports its own changes.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from desk.public_cache import public_changed


def _changed(sender, **kwargs) -> None:
    public_changed()


def _refresh_search_text(sender, instance, created, **kwargs) -> None:
    """A retitled source: its excerpts' search text names the new title."""
    from desk.models import ExcerptRevision
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


def _reanchor(sender, source, version, previous=None, user=None, **kwargs) -> None:
    """A source got a new text: find every excerpt of it again (desk.reanchoring)."""
    from desk.reanchoring import reanchor_source

    reanchor_source(version, user)
    public_changed()


def connect() -> None:
    from sources.signals import version_added

    version_added.connect(_reanchor, dispatch_uid="desk-reanchor-on-new-version")

    from desk.models import Briefing, Topic
    from events.models import Actor, ActorAlias, Event, EventActor
    from sources.models import Source

    for model in (Briefing, Topic, Source, Actor, ActorAlias, Event, EventActor):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-{model.__name__}-delete")
    post_save.connect(_refresh_search_text, sender=Source, dispatch_uid="source-search-text")
