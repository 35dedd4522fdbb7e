"""The public briefing: what anyone can read without an account."""

from __future__ import annotations

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from desk.models import Briefing, Excerpt


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


def briefing_detail(request: HttpRequest, slug: str) -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    items = (
        Excerpt.objects.for_public_page()
        .filter(published_revision__briefing=briefing)
        .order_by("-visible_from", "-pk")
    )
    return render(request, "briefings/detail.html", {"briefing": briefing, "items": items})


def briefing_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The permalink of one published item."""
    briefing = get_object_or_404(Briefing.objects.public(), slug=slug)
    item = get_object_or_404(
        Excerpt.objects.for_public_page().filter(published_revision__briefing=briefing), pk=pk
    )
    return render(request, "briefings/item.html", {"briefing": briefing, "item": item})
