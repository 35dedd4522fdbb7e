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

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from desk.models import Briefing, Excerpt
from desk.models.excerpt import ExcerptQuerySet
from desk.public.cache import current_state
from desk.readers_copy import CorrectionLine, correction_lines, corrections_seen
from desk.readers_view import Publication

# What an item shows inside its <article>: the page writes the article itself, with the words a
# search found in it, so that one kept fragment serves every search and grouping.
ITEM_TEMPLATE = "briefings/_item_content.html"
# Whatever the item template includes: a change to any of them is a new version.
TEMPLATES = (ITEM_TEMPLATE, "includes/citation.html")
TIMEOUT = 24 * 3600


@once
def template_version() -> str:
    """A digest of the item templates' source, read once per process."""
    sources = "".join(get_template(name).template.source for name in TEMPLATES)
    return hashlib.sha256(sources.encode()).hexdigest()[:12]


def _key(item: Excerpt, slug: str, records: int) -> str:
    published = item.first_published_at.timestamp() if item.first_published_at else ""
    return (
        # The fragment's words ("Published", "Topics"…) are in the reader's language.
        f"public:item:{template_version()}:{get_language()}:{records}:{slug}:"
        f"{item.pk}:{item.published_revision_id}:{item.readers_copy_id}:{published}"
    )


# What finding an item's kept fragment needs (see _key); the page loads nothing else per item.
KEY_COLUMNS = ("pk", "published_revision", "readers_copy", "first_published_at")


def page_rows(items: ExcerptQuerySet) -> ExcerptQuerySet:
    """The page's items with only the columns that find their fragments.

    Loading each item with its source, revision, briefing and readers' copy (five objects and
    about a hundred columns a row) was the largest cost of a page whose fragments are kept;
    the few items whose fragment is missing are loaded whole by attach_fragments.
    """
    return items.select_related(None).prefetch_related(None).only(*KEY_COLUMNS)


def attach_fragments(items: list[Excerpt], *, slug: str) -> int:
    """Give each item its rendered HTML as `item.fragment`; returns how many were rendered now.

    `items` may be page_rows: only the items whose fragment is not kept are loaded whole
    (for_public_page: revision, source, briefing, readers' copy and links), in one go.
    """
    records = current_state()["records"]
    keys = {item.pk: _key(item, slug, records) for item in items}
    # This worker's memory first, then the cache every worker shares, then render.
    # (A deployment that turns the shared cache off keeps nothing in memory either.)
    near = caches["default"] if isinstance(caches["default"], DummyCache) else caches["in_process"]
    kept = near.get_many(list(keys.values()))
    if len(kept) < len(keys):
        shared = cache.get_many([key for key in keys.values() if key not in kept])
        near.set_many(shared, TIMEOUT)
        kept.update(shared)
    missing = [item for item in items if keys[item.pk] not in kept]
    fresh = {}
    if missing:
        whole = Excerpt.objects.for_public_page().in_bulk([item.pk for item in missing])
        for item in missing:
            shown = Publication.of(whole[item.pk])
            fresh[keys[item.pk]] = render_to_string(ITEM_TEMPLATE, {"item": shown})
        cache.set_many(fresh, TIMEOUT)
        near.set_many(fresh, TIMEOUT)
    for item in items:
        html = kept.get(keys[item.pk]) or fresh.get(keys[item.pk], "")
        # Rendered by our own template, which escapes what it shows.
        item.fragment = html if isinstance(html, SafeString) else mark_safe(html)  # noqa: S308
    return len(fresh)


# How many items' corrections are read to fill the list's lines: one carried change may have
# corrected many items, and shows as one line.
ITEMS_READ_PER_LINE = 25


def briefing_corrections(briefing: Briefing, limit: int) -> list[CorrectionLine]:
    """The briefing's latest corrections readers see, at most `limit` lines, kept per public
    state.

    A correction reaches readers only with a publication, which moves the public state's
    generation, so the list is good until then; the page no longer asks for it each time.
    """
    key = f"public:correction-lines:{current_state()['generation']}:{briefing.pk}:{limit}"
    kept = cache.get(key)
    if kept is None:
        read = corrections_seen(Excerpt.objects.all(), briefing, limit=limit * ITEMS_READ_PER_LINE)
        kept = correction_lines(read)[:limit]
        cache.set(key, kept, 3600)
    return kept
