"""Knowing when readers' view changed, so the public state (desk.public.cache) moves with it.

The workflow announces its decisions (desk.publishing.announcements.publication_changed) and the
state compares its fingerprint of what readers see. Briefings move it when they are or were public.
The things a published item points at (topics, sources, actors, events) are watched here as they are
saved or deleted, and move it only when a live item shows them: a new topic on a draft, an event no
published item names, a source only drafts quote tell outsiders nothing.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from desk.public.cache import public_changed, publication_may_have_changed
from desk.public.front_cache import keys_changed_by, purging_is_on
from desk.public.purging import purge_now


def _live_showing(instance) -> bool:
    """Whether some item readers see now shows this topic, source, actor, alias or event."""
    from desk.models import Excerpt, Topic
    from events.models import Actor, ActorAlias, Event, EventActor
    from sources.models import Source

    live = Excerpt.objects.published()
    if isinstance(instance, Topic):
        return live.filter(published_revision__topics=instance).exists()
    if isinstance(instance, Source):
        return live.filter(source=instance).exists()
    if isinstance(instance, Event):
        return live.filter(published_revision__events=instance).exists()
    if isinstance(instance, ActorAlias | EventActor):
        # An alias changes which items the actor filter finds; a participant, the timeline.
        return _live_showing(instance.actor)
    if isinstance(instance, Actor):
        return live.filter(
            Q(published_revision__actors=instance) | Q(published_revision__events__actors=instance)
        ).exists()
    return True


def _briefing_saving(sender, instance, **kwargs) -> None:
    # Whether readers saw it before this save: a briefing made private leaves their view.
    if instance.pk is not None:
        instance._was_public = sender.objects.filter(pk=instance.pk, is_public=True).exists()


def _briefing_saved(sender, instance, **kwargs) -> None:
    if instance.is_public or getattr(instance, "_was_public", False):
        public_changed()


def _saved(sender, instance, created: bool = False, **kwargs) -> None:
    if not created and _live_showing(instance):
        public_changed()


def _deleting(sender, instance, **kwargs) -> None:
    # Asked before the delete: afterwards the links to published revisions are gone.
    if _live_showing(instance):
        public_changed()


def _briefing_deleted(sender, instance, **kwargs) -> None:
    if instance.is_public:
        public_changed()


def _publication_changed(sender, **kwargs) -> None:
    publication_may_have_changed()


def _decision_recorded(sender, subject_id: int, action: str = "", **kwargs) -> None:
    # Sent after commit: the front cache drops exactly the pages this item is on.
    if purging_is_on():
        purge_now(keys_changed_by(subject_id, action))


def _version_added(sender, source, **kwargs) -> None:
    # Readers' items tell whether the source has a newer text than the one quoted.
    if _live_showing(source):
        public_changed()


def connect() -> None:
    from desk.models import Briefing, Excerpt, Topic
    from desk.publishing.announcements import decision_recorded, publication_changed
    from events.models import Actor, ActorAlias, Event, EventActor
    from sources.models import Source
    from sources.signals import version_added

    publication_changed.connect(_publication_changed, dispatch_uid="public-publication-changed")
    decision_recorded.connect(
        _decision_recorded, sender=Excerpt, dispatch_uid="public-front-cache-purge"
    )
    version_added.connect(_version_added, dispatch_uid="public-source-version-added")
    pre_save.connect(_briefing_saving, sender=Briefing, dispatch_uid="public-Briefing-saving")
    post_save.connect(_briefing_saved, sender=Briefing, dispatch_uid="public-Briefing-save")
    post_delete.connect(_briefing_deleted, sender=Briefing, dispatch_uid="public-Briefing-delete")
    for model in (Topic, Source, Actor, ActorAlias, Event, EventActor):
        post_save.connect(_saved, sender=model, dispatch_uid=f"public-{model.__name__}-save")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"public-{model.__name__}-delete")
