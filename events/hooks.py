"""What other apps may add to the events pages, typed, and loaded by the library's one loader.

This app never imports the desk. The desk names its functions in settings
(desk/project/settings.py):

- EVENT_PAGE_LAYERS, a list: (request, event) -> EventPageLayer, shown on an event's page;
- EVENT_TIMELINE_SCOPES: (name, value) -> Q, narrowing events to a source or a briefing; without
  it the timeline offers no source or briefing filter;
- EVENT_TIMELINE_SCOPE_CHOICES: (name) -> [ScopeChoice] or None, the options of a scope's menu;
- EVENT_FROM_SUGGESTION_REDIRECT: (request, event, suggestion) -> URL or None, where an editor
  goes once a suggested date became an event (the desk: an excerpt of its sentence);
- EVENT_CHANGE_NOTICE: (request, actor or event) -> ChangeNotice or None, what the editor who
  just changed what readers may see of the record is told of the items that show it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q

from sources.hooks import ChangeNotice, expect, load_hook, load_hooks

SETTINGS = (
    "EVENT_PAGE_LAYERS",
    "EVENT_TIMELINE_SCOPES",
    "EVENT_TIMELINE_SCOPE_CHOICES",
    "EVENT_FROM_SUGGESTION_REDIRECT",
    "EVENT_CHANGE_NOTICE",
)


@dataclass(frozen=True, kw_only=True)
class EventPageLayer:
    """What one app adds to an event's page: a template shown with this object as `layer`.

    An app subclasses it with the fields its template needs.
    """

    template: str


class ScopeChoice(NamedTuple):
    """One option of a scope's menu, such as a briefing: the value filtered on, and its label."""

    value: str
    label: str


Scope = Callable[[str, object], Q]


def event_page_layers(request, event) -> list[EventPageLayer]:
    """Every app's layer on this event's page, in the order the setting lists them."""
    return [
        expect("EVENT_PAGE_LAYERS", EventPageLayer, layer(request, event))
        for layer in load_hooks("EVENT_PAGE_LAYERS")
    ]


def timeline_scope() -> Scope | None:
    """How to narrow events to a source or briefing, or None: then the filters are not offered."""
    scope = load_hook("EVENT_TIMELINE_SCOPES")
    if scope is None:
        return None

    def narrow(name: str, value: object) -> Q:
        return expect("EVENT_TIMELINE_SCOPES", Q, scope(name, value))

    return narrow


def timeline_scope_choices(name: str) -> list[ScopeChoice] | None:
    """The options of a scope's menu, or None for a free text field."""
    choices = load_hook("EVENT_TIMELINE_SCOPE_CHOICES")
    found = choices(name) if choices is not None else None
    if found is None:
        return None
    return [expect("EVENT_TIMELINE_SCOPE_CHOICES", ScopeChoice, choice) for choice in found]


def after_suggestion_url(request, event, suggestion) -> str | None:
    """Where to go once a suggested date became this event, if another app takes over."""
    redirect = load_hook("EVENT_FROM_SUGGESTION_REDIRECT")
    url = redirect(request, event, suggestion) if redirect is not None else None
    return expect("EVENT_FROM_SUGGESTION_REDIRECT", str, url) if url else None


def change_notice(request, record) -> ChangeNotice | None:
    """What other apps tell the person who just changed this actor or event, if anything."""
    notice = load_hook("EVENT_CHANGE_NOTICE")
    found = notice(request, record) if notice is not None else None
    return expect("EVENT_CHANGE_NOTICE", ChangeNotice, found) if found is not None else None
