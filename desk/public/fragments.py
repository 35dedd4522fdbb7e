"""Render once: each published item's HTML is kept and pages assemble the kept pieces.

A published revision never changes, nor does the readers' copy of its citation and links
(desk.readers_copy): an item's fragment is good until the template changes or something else it
shows does (whether its source has a newer text): the key holds the revision, the copy, the
template's version and the public state's `records` mark for that. Pages of
any filter, search or grouping then share the same fragments, and a page whose items are all kept
loads no item's topics, actors or events and renders no item template.
"""

from __future__ import annotations

import hashlib
from functools import cache as once

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from desk.models import Excerpt
from desk.public.cache import current_state

ITEM_TEMPLATE = "briefings/_item.html"
# Whatever the item template includes: a change to any of them is a new version.
TEMPLATES = (ITEM_TEMPLATE, "includes/citation.html")
TIMEOUT = 24 * 3600


@once
def template_version() -> str:
    """A digest of the item templates' source, read once per process."""
    sources = "".join(get_template(name).template.source for name in TEMPLATES)
    return hashlib.sha256(sources.encode()).hexdigest()[:12]


def _key(item: Excerpt, slug: str, group: str, records: int) -> str:
    # Grouped by topic, an item may appear twice on the page, so it carries no id then.
    anchored = "a" if group != "topic" else "n"
    published = item.first_published_at.timestamp() if item.first_published_at else ""
    return (
        f"public:item:{template_version()}:{records}:{slug}:"
        f"{item.pk}:{item.published_revision_id}:{item.readers_copy_id}:{published}:{anchored}"
    )


ITEM_LINKS = (
    "published_revision__topics",
    "published_revision__actors",
    "published_revision__events",
)


def attach_fragments(items: list[Excerpt], *, slug: str, group: str) -> int:
    """Give each item its rendered HTML as `item.fragment`; returns how many were rendered now.

    `items` come with their revision, source and briefing (for_public_page without its
    prefetches): only the items whose fragment is not kept get their links loaded, in one go.
    """
    records = current_state()["records"]
    keys = {item.pk: _key(item, slug, group, records) for item in items}
    kept = cache.get_many(list(keys.values()))
    missing = [item for item in items if keys[item.pk] not in kept]
    fresh = {}
    if missing:
        prefetch_related_objects(missing, *ITEM_LINKS)
        for item in missing:
            fresh[keys[item.pk]] = render_to_string(ITEM_TEMPLATE, {"item": item, "group": group})
        cache.set_many(fresh, TIMEOUT)
    for item in items:
        html = kept.get(keys[item.pk]) or fresh.get(keys[item.pk], "")
        # Rendered by our own template, which escapes what it shows.
        item.fragment = html if isinstance(html, SafeString) else mark_safe(html)  # noqa: S308
    return len(fresh)
