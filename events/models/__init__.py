"""Dated events and the register of actors who take part in them."""

from events.models.actor import (
    Actor,
    ActorAlias,
    ActorKind,
    ActorQuerySet,
    FormerSlug,
    fold_name,
    name_key,
    strip_accents,
)
from events.models.event import TIMELINE_ORDER, Event, EventActor, EventQuerySet
from events.models.suggestion import (
    DateSuggestion,
    DateSuggestionQuerySet,
    SuggestionRefused,
    SuggestionStatus,
)

__all__ = [
    "TIMELINE_ORDER",
    "Actor",
    "ActorAlias",
    "ActorKind",
    "ActorQuerySet",
    "DateSuggestion",
    "DateSuggestionQuerySet",
    "Event",
    "EventActor",
    "EventQuerySet",
    "FormerSlug",
    "SuggestionRefused",
    "SuggestionStatus",
    "fold_name",
    "name_key",
    "strip_accents",
]
