"""What the desk tells whoever just changed a shared record: how many published items show it,
and that readers keep what they were shown until a reviewer carries the change (issue #31).

The source library and the events app ask through their hooks (SOURCE_CHANGE_NOTICE,
EVENT_CHANGE_NOTICE); the desk's own topics ask directly. One query each: the count.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from desk.models import RecordKind
from desk.readers_copy import live_items_showing
from desk.roles import is_reviewer
from events.models import Actor
from sources.hooks import ChangeNotice


def _sentence(kind: str, count: int) -> str:
    if kind == RecordKind.SOURCE:
        said = ngettext(
            "%(count)d published item shows this source; a reviewer must carry the change "
            "before readers see it.",
            "%(count)d published items show this source; a reviewer must carry the change "
            "before readers see it.",
            count,
        )
    elif kind == RecordKind.ACTOR:
        said = ngettext(
            "%(count)d published item shows this actor; a reviewer must carry the change "
            "before readers see it.",
            "%(count)d published items show this actor; a reviewer must carry the change "
            "before readers see it.",
            count,
        )
    elif kind == RecordKind.EVENT:
        said = ngettext(
            "%(count)d published item shows this event; a reviewer must carry the change "
            "before readers see it.",
            "%(count)d published items show this event; a reviewer must carry the change "
            "before readers see it.",
            count,
        )
    else:
        said = ngettext(
            "%(count)d published item shows this topic; a reviewer must carry the change "
            "before readers see it.",
            "%(count)d published items show this topic; a reviewer must carry the change "
            "before readers see it.",
            count,
        )
    return said % {"count": count}


def notice_for(request, kind: str, record_id: int) -> ChangeNotice | None:
    """The notice for a change of this record, or None when no published item shows it."""
    count = live_items_showing(kind, record_id)
    if not count:
        return None
    if not is_reviewer(request.user):
        return ChangeNotice(_sentence(kind, count))
    return ChangeNotice(
        _sentence(kind, count),
        url=reverse("desk:shared_records"),
        link_text=gettext("Carry or decline changes to shared records"),
    )


def source_notice(request, source) -> ChangeNotice | None:
    """SOURCE_CHANGE_NOTICE: a source's details changed."""
    return notice_for(request, RecordKind.SOURCE, source.pk)


def actor_or_event_notice(request, record) -> ChangeNotice | None:
    """EVENT_CHANGE_NOTICE: an actor (its name, its other names) or an event changed."""
    kind = RecordKind.ACTOR if isinstance(record, Actor) else RecordKind.EVENT
    return notice_for(request, kind, record.pk)
