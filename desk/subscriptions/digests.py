"""What a digest holds: what readers could newly see in one briefing, ready for a message.

A digest is what readers could newly see in one briefing between two moments: the items first
published then and the corrections made then, read through the same QuerySet verbs as the public
pages (`for_briefing`, `corrections`), so a draft, a scheduled item not yet due, a withdrawn item
or a private briefing can never reach a subscriber. Nothing new, no message (they are sent by
desk.subscriptions.sending).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from desk.models import Briefing, Excerpt
from desk.project.site_url import absolute
from desk.readers_copy import corrections_seen
from desk.readers_view import Publication

MOST_ITEMS = 50


@dataclass(frozen=True)
class DigestItem:
    url: str
    quote: str
    annotation: str  # plain text: the e-mail shows words, never the annotation's markup
    title: str
    has_title: bool
    author: str
    outlet: str
    published_at: datetime


@dataclass(frozen=True)
class DigestCorrection:
    url: str
    note: str
    quote: str
    corrected_at: datetime


@dataclass(frozen=True)
class Digest:
    briefing: Briefing
    items: list[DigestItem] = field(default_factory=list)
    more_items: int = 0  # new items beyond MOST_ITEMS, left to the briefing's page
    corrections: list[DigestCorrection] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.corrections

    @property
    def url(self) -> str:
        return absolute(self.briefing.get_absolute_url())


def _words(text: str, count: int) -> str:
    return Truncator(" ".join(text.split())).words(count, truncate="…")


def _item_url(briefing: Briefing, pk: int) -> str:
    return absolute(reverse("briefings:item", args=[briefing.slug, pk]))


def build_digest(briefing: Briefing, since: datetime, until: datetime) -> Digest:
    """What readers could newly see in the briefing after `since` and up to `until`; a fixed
    number of queries however many items there are."""
    new = (
        Excerpt.objects.for_briefing(briefing)
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .select_related("published_revision", "readers_copy")
        .defer("published_revision__search_text")
        .order_by("first_published_at", "pk")
    )
    found = list(new[: MOST_ITEMS + 1])
    more = new.count() - MOST_ITEMS if len(found) > MOST_ITEMS else 0
    items = []
    for excerpt in found[:MOST_ITEMS]:
        item = Publication.of(excerpt, briefing=briefing)
        citation = item.citation
        items.append(
            DigestItem(
                url=absolute(item.url),
                quote=_words(item.quote, 80),
                annotation=_words(html.unescape(strip_tags(item.annotation_html)), 60),
                title=citation.title,
                has_title=citation.has_title,
                author=citation.author,
                outlet=citation.outlet,
                published_at=item.first_published_at,
            )
        )
    corrections = _corrections(briefing, since, until, {excerpt.pk for excerpt in found})
    return Digest(briefing, items, more, corrections)


def _corrections(briefing: Briefing, since, until, new_items: set[int]) -> list[DigestCorrection]:
    # An item corrected since `since` was published again then (a corrected revision) or had a
    # record change carried into it then (a newer readers' copy): only those can have one.
    touched = Excerpt.objects.filter(
        Q(visible_from__gt=since) | Q(readers_copy__made_at__gt=since)
    ).filter(published_revision__briefing=briefing)
    found = [
        correction
        for correction in corrections_seen(touched, briefing)
        if since < correction.published_at <= until and correction.excerpt_id not in new_items
    ]
    if not found:
        return []
    corrected = (
        Excerpt.objects.for_briefing(briefing)
        .filter(pk__in={c.excerpt_id for c in found})
        .select_related("published_revision")
        .only("pk", "published_revision__quote")
    )
    quotes = {excerpt.pk: Publication.of(excerpt).quote for excerpt in corrected}
    return [
        DigestCorrection(
            url=_item_url(briefing, c.excerpt_id),
            note=c.correction_note,
            quote=_words(quotes.get(c.excerpt_id, ""), 16),
            corrected_at=c.published_at,
        )
        for c in sorted(found, key=lambda c: (c.published_at, c.excerpt_id))
    ]
