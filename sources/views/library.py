"""The library's list of sources: filtered, sorted, a page at a time."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sources.access import can_add, library_required
from sources.filters import DEFAULT_SORT, SourceFilter, sort_sources
from sources.hooks import source_list_counts
from sources.models import Source

PAGE_SIZE = 25


@require_GET
@library_required
def source_list(request: HttpRequest) -> HttpResponse:
    sources = sort_sources(Source.objects.annotate(version_count=Count("versions")), DEFAULT_SORT)
    filters = SourceFilter(request.GET or None, queryset=sources)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # Other apps' figures per source (the desk: excerpts by status), through SOURCE_LIST_COUNTS.
    counts = source_list_counts([source.pk for source in page.object_list])
    rows = [{"source": source, "counts": counts.get(source.pk, ())} for source in page.object_list]
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
