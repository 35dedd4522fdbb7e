"""The library's list of sources: filtered, sorted, a page at a time."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from sources.access import can_add, library_required
from sources.filters import DEFAULT_SORT, SourceFilter, sort_sources
from sources.models import Source

PAGE_SIZE = 25


def excerpt_counts(source_ids: list[int]) -> dict[int, dict[str, int]]:
    """Counts other apps keep per source (the desk: excerpts by status), through the
    SOURCE_LIST_COUNTS hook, one call per page."""
    path = getattr(settings, "SOURCE_LIST_COUNTS", None)
    if not path or not source_ids:
        return {}
    return import_string(path)(source_ids) or {}


@require_GET
@library_required
def source_list(request: HttpRequest) -> HttpResponse:
    sources = sort_sources(Source.objects.annotate(version_count=Count("versions")), DEFAULT_SORT)
    filters = SourceFilter(request.GET or None, queryset=sources)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = excerpt_counts([source.pk for source in page.object_list])
    rows = [
        {"source": source, "counts": sorted(counts.get(source.pk, {}).items())}
        for source in page.object_list
    ]
    return render(
        request,
        "sources/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in filters.filters if name != "sort"),
            "narrowed": any(
                request.GET.get(name) or filters.errors.get(name)
                for name in filters.filters
                if name not in {"q", "sort"}
            ),
            "can_add": can_add(request.user),
        },
    )
