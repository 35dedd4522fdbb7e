"""What a front cache (Varnish, a CDN) may keep of the public pages, and telling it what changed.

Every public answer to a reader without a session says how long a shared cache may keep it
(`s-maxage`), that it may serve it stale while it asks again or while the desk is down
(`stale-while-revalidate`, `stale-if-error`, RFC 5861), and names what it shows in a
`Surrogate-Key` header: `public` (every public answer), `briefings` (pages listing briefings),
`briefing:<slug>` and `item:<id>`. When a decision changes what readers see, the keys it affects
are purged after commit through the purger named in FRONT_CACHE_PURGER (desk.public.purging), so
a front cache can keep pages for a day and still show a publication within a second.

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
    response["Surrogate-Key"] = " ".join(dict.fromkeys(keys))


def keys_changed_by(excerpt_id: int) -> list[str]:
    """What a decision on one item may change for readers: its own pages, every briefing it is
    or was in (a correction may move it), and the pages listing briefings (their counts)."""
    from desk.models import ExcerptRevision

    slugs = (
        ExcerptRevision.objects.filter(excerpt_id=excerpt_id)
        .order_by()
        .values_list("briefing__slug", flat=True)
        .distinct()
    )
    return [item_key(excerpt_id), BRIEFING_LISTS, *(briefing_key(s) for s in slugs if s)]
