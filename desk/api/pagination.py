"""Pagination: cursors for the lists that grow without end, page numbers for the short ones."""

from __future__ import annotations

import binascii
from base64 import b64decode
from urllib.parse import parse_qs

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from desk.filters import ExcerptFilter
from desk.project.site_url import on_site

MAX_PAGE_SIZE = 100


def _whole_number(request, name: str) -> int | None:
    """A query parameter that must be a whole number from 1: a 400 naming it otherwise.

    DRF quietly falls back to the default for `?page_size=null`; a client that sent it meant
    something, and should learn it was not understood.
    """
    value = request.query_params.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and int(value) >= 1):
        raise ValidationError({name: [f"{name} must be a whole number from 1; {value!r} is not."]})
    return int(value)


class StrictPageSize:
    def get_page_size(self, request):
        size = _whole_number(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)


class OnSiteLinks:
    """next and previous on SITE_URL: DRF builds them from the request's Host."""

    def get_next_link(self):
        return on_site(super().get_next_link())

    def get_previous_link(self):
        return on_site(super().get_previous_link())


class PagePagination(OnSiteLinks, StrictPageSize, PageNumberPagination):
    """Short lists: sources, briefings, topics, events, actors."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_number(self, request, paginator):
        # A page past the end stays a 404 (DRF's answer); one that is no number is a 400.
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return super().get_page_number(request, paginator)
        number = _whole_number(request, self.page_query_param)
        return 1 if number is None else number


FORGED_CURSOR = (
    "This cursor is not one the desk gave out (it may be cut short or edited); "
    "follow the `next` and `previous` links, or start again without a cursor."
)


class _Cursor(OnSiteLinks, StrictPageSize, CursorPagination):
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
        if not request.query_params.get(self.cursor_query_param):
            return super().paginate_queryset(queryset, request, view)
        try:
            return super().paginate_queryset(queryset, request, view)
        except (NotFound, DjangoValidationError, ValueError, TypeError, OverflowError, DataError):
            raise ParseError(FORGED_CURSOR) from None

    def decode_cursor(self, request):
        # DRF reads any text as some cursor ("nope" and "!!!" mean "the first page"); only what
        # encode_cursor makes is one: strict base64 of a query string of o, r and p.
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded == "":
            # An empty `cursor=` is no cursor, as the schema's optional string allows: the first
            # page, not a forgery.
            return None
        if encoded is not None:
            try:
                text = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
                tokens = parse_qs(text, keep_blank_values=True, strict_parsing=True)
            except (ValueError, UnicodeError, binascii.Error):
                raise ParseError(FORGED_CURSOR) from None
            if not tokens or not set(tokens) <= {"o", "r", "p"}:
                raise ParseError(FORGED_CURSOR)
        return super().decode_cursor(request)


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
