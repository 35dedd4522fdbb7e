"""Knowing when readers' view changed, so the public state (desk.public.cache) moves with it.

The workflow announces its decisions (desk.signals.publication_changed); the things a published
item points at (briefings, topics, sources, actors, events) are watched here as they are saved.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from desk.public.cache import public_changed


def _changed(sender, **kwargs) -> None:
    public_changed()


def connect() -> None:
    from desk.models import Briefing, Topic
    from desk.signals import publication_changed
    from events.models import Actor, ActorAlias, Event, EventActor
    from sources.models import Source
    from sources.signals import version_added

    publication_changed.connect(_changed, dispatch_uid="public-publication-changed")
    version_added.connect(_changed, dispatch_uid="public-source-version-added")
    for model in (Briefing, Topic, Source, Actor, ActorAlias, Event, EventActor):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-{model.__name__}-delete")
