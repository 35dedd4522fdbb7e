"""Pagination: cursors for the lists that grow without end, page numbers for the short ones."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination

from desk.filters import ExcerptFilter

MAX_PAGE_SIZE = 100


class PagePagination(PageNumberPagination):
    """Short lists: sources, briefings, topics, events, actors."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class _Cursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class ExcerptCursorPagination(_Cursor):
    """Excerpts, in the order ExcerptFilter's `ordering` names (the desk list's own choices).

    A cursor keeps its place while excerpts are added; pk breaks ties so no item is skipped.
    """

    ordering = ("-updated_at", "-pk")

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get("ordering", "").split(",")[0].strip()
        fields = ExcerptFilter.base_filters["ordering"].param_map
        name = value.lstrip("-")
        if name not in fields:
            return self.ordering
        if value.startswith("-"):
            return (f"-{fields[name]}", "-pk")
        return (fields[name], "pk")


class PublishedCursorPagination(_Cursor):
    """Published items, newest first, as the public briefing shows them."""

    ordering = ("-visible_from", "-pk")


class AuditCursorPagination(_Cursor):
    """The audit trail, newest first."""

    ordering = ("-at", "-pk")
