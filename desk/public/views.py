"""The public briefing: what anyone can read without an account.

Every query here starts from the Excerpt QuerySet's visibility verbs (published(),
for_briefing(), corrections()), and every item is shown as readers see it, through its
Publication (desk.readers_view): its published revision's words and its readers' copy's links,
so no page can show what readers may not see.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from desk.models import Briefing, Excerpt
from desk.public import front_cache
from desk.public.cache import cached_public_page, current_state
from desk.public.filters import PARAMETERS, PublishedItemFilter
from desk.public.fragments import attach_fragments, briefing_corrections, page_rows
from desk.public.searching import searched
from desk.readers_copy import corrections_seen, events_as_approved
from desk.readers_view import Publication
from events.timeline import build_timeline

ITEMS_PER_PAGE = 50
GROUPINGS = {
    "latest": _("Latest first"),
    "topic": _("By topic"),
    "timeline": _("Along the timeline"),
}


@cached_public_page
def briefing_list(request: HttpRequest) -> HttpResponse:
    """Public briefings with their number of published items and when they last changed."""
    briefings = list(Briefing.objects.public())
    stats = {
        row["published_revision__briefing"]: row
        for row in Excerpt.objects.published()
        .values("published_revision__briefing")
        .annotate(items=Count("pk"), last=Max("published_revision__published_at"))
    }
    for briefing in briefings:
        row = stats.get(briefing.pk, {})
        briefing.item_count = row.get("items", 0)
        briefing.last_published = row.get("last")
    return render(request, "briefings/list.html", {"briefings": briefings})


def _group_by_topic(items) -> list[tuple[str, list]]:
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        # Named as approved (desk.readers_view): a topic renamed on the desk is not, until carried.
        topics = Publication.of(item).topics
        for topic in topics or [None]:
            groups[topic.name if topic else None].append(item)
    other = gettext("Other")
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] is None, (pair[0] or "").casefold()))
    return [(name if name is not None else other, items) for name, items in ordered]


def _along_the_timeline(items) -> list[tuple[str, list]]:
    def when(item):
        starts = [e.date_start for e in Publication.of(item).events if e.date_start]
        return (not starts, min(starts) if starts else None)

    dated = sorted(items, key=lambda item: (when(item)[0], when(item)[1] or timezone.now().date()))
    return [("", dated)]


def _page_number(value: str) -> str:
    # Anything but a page number shows the first page (Paginator.get_page), so it is keyed so.
    if not (value.isascii() and value.isdigit() and len(value) <= 6) or int(value) == 1:
        return ""
    return str(int(value))


def _grouping(value: str) -> str:
    return value if value in GROUPINGS and value != "latest" else ""


# The briefing page reads its filters, and how to arrange and page them; nothing else.
def _switch(value: str) -> str:
    # A ticked box sends "on"; links send 1: one cache entry for both.
    return "1" if value.lower() in ("1", "on", "true") else ""


PAGE_PARAMETERS = {
    **dict.fromkeys(PARAMETERS),
    "literal": _switch,
    "group": _grouping,
    "page": _page_number,
}


def _filter_fields(filters: PublishedItemFilter, briefing: Briefing, query) -> SafeString:
    """The filter form's fields, drawn once per public state and set of filter values.

    Their menus hold every topic, source and event the briefing's items use, and drawing them is
    the costliest part of the page; they change only with the public state and the values chosen.
    """
    chosen = urlencode(sorted((k, v) for k, v in query.items() if k in PARAMETERS))
    digest = hashlib.sha256(chosen.encode()).hexdigest()[:24]
    # Labels and menus are in the reader's language: one kept copy per language.
    language = get_language()
    key = f"public:filters:{current_state()['generation']}:{language}:{briefing.pk}:{digest}"
    html = cache.get(key)
    if html is None:
        menus_key = f"public:menus:{current_state()['generation']}:{language}:{briefing.pk}"
        menus = cache.get(menus_key)
        if menus is None:
            menus = filters.menus()
            cache.set(menus_key, menus, 3600)
        filters.offer(menus)
        # The filters' help texts describe the API's parameters ("a topic's slug"), not the
        # page's fields: readers get none, and no field points at a help text never shown.
        for field in filters.form:
            field.help_text = ""
        html = render_to_string("briefings/_filter_fields.html", {"filter": filters})
        cache.set(key, html, 3600)
    # Rendered by our own template, which escapes what it shows.
    return mark_safe(html)  # noqa: S308


# What the timeline's links read of each item: its quote's first words and its readers' copy.
CITING_COLUMNS = (
    "pk", "published_revision", "readers_copy", "published_revision__quote",
    "readers_copy__data", "readers_copy__correction_note", "readers_copy__made_at",
)  # fmt: skip


def _citing(briefing: Briefing) -> dict[int, list[tuple[str, str]]]:
    """For each event, the briefing's published items that speak of it: (link, first words)."""
    cited: dict[int, list[tuple[str, str]]] = {}
    items = (
        Excerpt.objects.for_briefing(briefing)
        .select_related("published_revision", "readers_copy")
        .only(*CITING_COLUMNS)
        .order_by("visible_from", "pk")
    )
    for item in items:
        shown = Publication.of(item, briefing=briefing)
        words = shown.quote.split()
        first = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        # The events as its readers' copy links them: the ones the timeline draws.
        for event in shown.events:
            cited.setdefault(event.id, []).append((shown.url, f"“{first}”"))
    return cited


@cached_public_page(known=PAGE_PARAMETERS)
def briefing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    # Each item's HTML is kept (desk.public.fragments): the page loads only the columns that
    # find it, and only items whose HTML is missing are loaded whole.
    live = page_rows(Excerpt.objects.for_public_page().for_briefing(briefing))
    filters = PublishedItemFilter(request.GET, queryset=live, briefing=briefing)
    valid = filters.is_valid()
    items = filters.qs if valid else live.none()
    if "rank" not in items.query.annotations:
        items = items.order_by("-visible_from", "-pk")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    group = request.GET.get("group", "latest")
    group = group if group in GROUPINGS else "latest"
    items_on_page = list(page.object_list)
    attach_fragments(items_on_page, slug=briefing.slug)
    if filters.search_query:
        # A searched page's snippets read each published revision's words: one query.
        prefetch_related_objects(items_on_page, "published_revision")
    if group == "topic":
        prefetch_related_objects(items_on_page, "readers_copy")
        groups = _group_by_topic(items_on_page)
    elif group == "timeline":
        prefetch_related_objects(items_on_page, "readers_copy")
        groups = _along_the_timeline(items_on_page)
    else:
        groups = [("", items_on_page)]
    filter_keys = set(filters.form.fields) | {"published_after", "published_before"}
    filter_keys.discard("literal")
    response = render(
        request,
        "briefings/detail.html",
        {
            "briefing": briefing,
            "filter": filters,
            "filter_fields": _filter_fields(filters, briefing, request.GET),
            "page": page,
            "groups": groups,
            "group": group,
            "groupings": GROUPINGS,
            "filtered": any(request.GET.get(key) for key in filter_keys),
            "corrections": briefing_corrections(briefing, limit=20),
            **searched(filters, items_on_page, request.GET, empty=not page.paginator.count),
        },
    )
    # Only the records the filter names, never those of the fifty items shown: hundreds of keys
    # would pass what front caches take in a header, and any carry into one of these items
    # purges this briefing's key anyway (front_cache.keys_changed_by).
    return front_cache.name_records(response, _filtered_records(filters) if valid else [])


def _filtered_records(filters: PublishedItemFilter) -> list[str]:
    """The surrogate keys of the records a briefing page is filtered by."""
    data = filters.form.cleaned_data
    keys = [front_cache.actor_key(pk) for pk in getattr(filters, "actors_named", ())]
    if data.get("source"):
        keys.append(front_cache.source_key(data["source"]))
    if data.get("event"):
        keys.append(front_cache.event_key(data["event"]))
    if data.get("topic"):
        keys.append(front_cache.topic_key(data["topic"]))
    return keys


@cached_public_page
def briefing_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The permalink of one published item; a withdrawn one answers 410 with its public note."""
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    item = Excerpt.objects.for_public_page().for_briefing(briefing).filter(pk=pk).first()
    if item is None:
        withdrawn = Excerpt.objects.withdrawn_from(briefing).filter(pk=pk).first()
        if withdrawn is None:
            return render(request, "404.html", status=404)
        return render(
            request,
            "briefings/withdrawn.html",
            {"briefing": briefing, "item": Publication.of(withdrawn, briefing=briefing)},
            status=410,
        )
    corrections = corrections_seen(Excerpt.objects.filter(pk=item.pk))[::-1]
    item = Publication.of(item, briefing=briefing)
    response = render(
        request,
        "briefings/item.html",
        {"briefing": briefing, "item": item, "corrections": corrections},
    )
    # The records as readers' copy shows them, never the live ones (desk.readers_view).
    shown = front_cache.records_shown(item.links, item.source_id)
    return front_cache.name_records(response, shown)


@cached_public_page
def briefing_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """The events that the briefing's published items speak of, along a time axis."""
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    # Titled and dated as approved: editing an event changes no live item by itself.
    events = events_as_approved(Excerpt.objects.for_briefing(briefing))
    timeline = build_timeline(events, name="briefing-timeline", cited_by=_citing(briefing))
    return render(request, "briefings/timeline.html", {"briefing": briefing, "timeline": timeline})
