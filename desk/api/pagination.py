"""Pagination: cursors for the lists that grow without end, page numbers for the short ones."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from desk.filters import ExcerptFilter

MAX_PAGE_SIZE = 100


class PagePagination(PageNumberPagination):
    """Short lists: sources, briefings, topics, events, actors."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


FORGED_CURSOR = (
    "This cursor is not one the desk gave out (it may be cut short or edited); "
    "follow the `next` and `previous` links, or start again without a cursor."
)


class _Cursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = FORGED_CURSOR

    def paginate_queryset(self, queryset, request, view=None):
        """A page; a 400 saying why for a cursor that cannot be read or does not fit the list.

        A cursor carries the position of the last item seen, which is compared with the
        ordering field: one edited by hand can hold a date that is no date or a number past the
        database's integers, which would otherwise surface as a 500.
        """
        if request.query_params.get(self.cursor_query_param) is None:
            return super().paginate_queryset(queryset, request, view)
        try:
            return super().paginate_queryset(queryset, request, view)
        except (NotFound, DjangoValidationError, ValueError, TypeError, OverflowError, DataError):
            raise ParseError(FORGED_CURSOR) from None


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
