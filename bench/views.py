"""The bench-only view: the API list's rows straight from values(), the ceiling the API can reach.

When /api/excerpts/ exists, the rows are the API's own: its view's queryset, filters, ordering
and page size, for the same signed-in user and query string; only the serializers and model
instances are left out. Before the API exists, the newest published excerpts stand in.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import Resolver404, resolve

from desk.models import Excerpt

API_PATH = "/api/excerpts/"
PAGE_SIZE = 50
# What a list item of the excerpts API carries, without serializers, model instances or M2M.
FIELDS = (
    "pk",
    "status",
    "updated_at",
    "visible_from",
    "first_published_at",
    "source_id",
    "source__title",
    "source__author",
    "source__outlet",
    "source__url",
    "source__published",
    "{revision}__number",
    "{revision}__quote",
    "{revision}__start",
    "{revision}__end",
    "{revision}__kind",
    "{revision}__annotation_html",
    "{revision}__published_at",
    "{revision}__correction_note",
    "{revision}__briefing__slug",
)


def _api_rows(request: HttpRequest):
    """(queryset, page size) exactly as the excerpts API's list would page them, or None."""
    try:
        match = resolve(API_PATH)
    except Resolver404:
        return None
    view_class = getattr(match.func, "cls", None)
    if view_class is None:
        return None
    view = view_class(**getattr(match.func, "initkwargs", {}))
    view.action_map = getattr(match.func, "actions", {"get": "list"})
    view.args, view.kwargs, view.format_kwarg = (), {}, None
    view.request = view.initialize_request(request)
    queryset = view.filter_queryset(view.get_queryset()).prefetch_related(None)
    paginator = view.paginator
    size = PAGE_SIZE
    if paginator is not None:
        size = paginator.get_page_size(view.request) or PAGE_SIZE
        if hasattr(paginator, "get_ordering"):
            queryset = queryset.order_by(*paginator.get_ordering(view.request, queryset, view))
    return queryset, size


def excerpt_values(request: HttpRequest) -> JsonResponse:
    """The API list's page of excerpts as plain dicts: one query, no model instances."""
    api = _api_rows(request)
    if api is None:
        queryset = Excerpt.objects.published().order_by("-visible_from", "-pk")
        size, revision = PAGE_SIZE, "published_revision"
    else:
        (queryset, size), revision = api, "current_revision"
    fields = [field.format(revision=revision) for field in FIELDS]
    rows = list(queryset.values(*fields)[:size])
    return JsonResponse({"count": len(rows), "results": rows})
