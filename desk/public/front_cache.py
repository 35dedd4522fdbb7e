"""What a front cache (Varnish, a CDN) may keep of the public pages, and telling it what changed.

Every public answer to a reader without a session says how long a shared cache may keep it
(`s-maxage`), that it may serve it stale while it asks again or while the desk is down
(`stale-while-revalidate`, `stale-if-error`, RFC 5861), and names what it shows in a
`Surrogate-Key` header: `public` (every public answer), `briefings` (pages listing briefings),
`briefing:<slug>`, `item:<id>`, and the shared records a page shows: `source:<id>`, `actor:<id>`,
`event:<id>` and `topic:<slug>` (a readers' copy knows a topic by its slug, and `?topic=` names it
so), drawn from the readers' copy on an item's pages and from the filter on a briefing's. When a
decision changes what readers see, the keys it affects are purged after commit through the purger
named in FRONT_CACHE_PURGER (desk.public.purging), so a front cache can keep pages for a day and
still show a publication within a second.

Without a purger (the default) shared caches are told to ask again every time (`s-maxage=0`),
which the ETag makes cheap; nothing is kept longer than the desk can take back.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

EVERYTHING = "public"
BRIEFING_LISTS = "briefings"


def briefing_key(slug: str) -> str:
    return f"briefing:{slug}"


def item_key(pk: int | str) -> str:
    return f"item:{pk}"


def source_key(pk: int | str) -> str:
    return f"source:{pk}"


def actor_key(pk: int | str) -> str:
    return f"actor:{pk}"


def event_key(pk: int | str) -> str:
    return f"event:{pk}"


def topic_key(slug: str) -> str:
    return f"topic:{slug}"


# Keys a view adds for the records its page shows, at most this many: the header stays well
# inside what front caches accept (Varnish's default 8 KB of headers, Fastly's 16 KB of keys).
# An item linking more records than this loses nothing by it: every purge for a record carried
# into an item names the item's own key too (keys_changed_by).
MAX_RECORD_KEYS = 32


def records_shown(links, source_id: int | None = None) -> list[str]:
    """The keys of the records one readers' copy (desk.readers_view.Links) shows, capped."""
    keys = [source_key(source_id)] if source_id is not None else []
    keys += [actor_key(actor.id) for actor in links.actors]
    keys += [event_key(event.id) for event in links.events]
    keys += [topic_key(topic.slug) for topic in links.topics]
    return list(dict.fromkeys(keys))[:MAX_RECORD_KEYS]


def name_records(response: HttpResponse, keys: list[str]) -> HttpResponse:
    """Let a view name the records its answer shows; `share` adds them to the address's keys.

    Set on the response itself, so that a page kept by the public cache keeps its keys."""
    if keys:
        response["Surrogate-Key"] = " ".join(dict.fromkeys(keys[:MAX_RECORD_KEYS]))
    return response


def keys_for(request: HttpRequest, kwargs: dict) -> list[str]:
    """The surrogate keys of a public answer, from what its address names."""
    keys = [EVERYTHING]
    slug = kwargs.get("slug")
    if slug:
        keys.append(briefing_key(slug))
        if kwargs.get("pk") is not None:
            keys.append(item_key(kwargs["pk"]))
    else:
        # The briefings list, the sitemap, oEmbed: pages about every briefing.
        keys.append(BRIEFING_LISTS)
    return keys


def purging_is_on() -> bool:
    return bool(getattr(settings, "FRONT_CACHE_PURGER", ""))


def share(response: HttpResponse, keys: list[str], *, next_due: float | None) -> None:
    """Mark a reader's answer as one shared caches may keep, under these keys.

    With a purger, a front cache keeps it for FRONT_CACHE_SECONDS, but never past the moment a
    scheduled item falls due (nothing is purged then: the page simply stops being fresh).
    """
    if response.cookies:
        # An answer that sets a cookie is somebody's: it is never shared.
        response["Cache-Control"] = "private, no-store"
        return
    stale_if_error = settings.FRONT_CACHE_STALE_IF_ERROR
    if purging_is_on():
        seconds = settings.FRONT_CACHE_SECONDS
        if next_due is not None:
            seconds = max(0, min(seconds, int(next_due - time.time())))
        directives = [
            "public",
            "max-age=0",
            f"s-maxage={seconds}",
            f"stale-while-revalidate={settings.FRONT_CACHE_STALE_WHILE_REVALIDATE}",
        ]
    else:
        directives = ["public", "max-age=0", "s-maxage=0"]
    directives.append(f"stale-if-error={stale_if_error}")
    response["Cache-Control"] = ", ".join(directives)
    named = response.get("Surrogate-Key", "").split()
    response["Surrogate-Key"] = " ".join(dict.fromkeys([*keys, *named]))


def keys_changed_by(excerpt_id: int, action: str = "") -> list[str]:
    """What a decision on one item may change for readers: its own pages, every briefing it is
    or was in (a correction may move it), and the pages listing briefings (their counts); for
    a carried change of shared records, also the keys of the records that changed in its copy."""
    from desk.models import ExcerptRevision
    from desk.publishing.states import Action

    records = records_carried(excerpt_id) if action == Action.CARRY else []

    slugs = (
        ExcerptRevision.objects.filter(excerpt_id=excerpt_id)
        .order_by()
        .values_list("briefing__slug", flat=True)
        .distinct()
    )
    return [
        item_key(excerpt_id),
        BRIEFING_LISTS,
        *(briefing_key(s) for s in slugs if s),
        *records,
    ]


def records_carried(excerpt_id: int) -> list[str]:
    """The records whose readers' words changed between an item's last two copies: those
    added, taken away or reworded (an actor renamed, an event redated, a source retitled)."""
    from desk.models import Excerpt, ReadersCopy

    copies = list(ReadersCopy.objects.filter(excerpt_id=excerpt_id).order_by("-made_at", "-pk")[:2])
    if len(copies) < 2:
        return []
    now, then = copies[0].links, copies[1].links
    keys: list[str] = []
    if now.citations != then.citations:
        source_id = Excerpt.objects.filter(pk=excerpt_id).values_list("source_id", flat=True)
        keys += [source_key(pk) for pk in source_id]
    for part, key, ident in (
        ("actors", actor_key, lambda r: r.id),
        ("events", event_key, lambda r: r.id),
        ("topics", topic_key, lambda r: r.slug),
    ):
        before = {ident(r): r for r in getattr(then, part)}
        after = {ident(r): r for r in getattr(now, part)}
        keys += [key(i) for i in sorted(before.keys() | after.keys(), key=str)
                 if before.get(i) != after.get(i)]  # fmt: skip
    return keys
