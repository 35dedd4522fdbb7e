"""The bench-only view: the API's rows straight from values(), the ceiling an API list can reach."""

from django.http import HttpRequest, JsonResponse

from desk.models import Excerpt

PAGE_SIZE = 50
# What a list item of the excerpts API carries, without serializers, model instances or M2M.
FIELDS = (
    "pk",
    "status",
    "visible_from",
    "first_published_at",
    "source_id",
    "source__title",
    "source__author",
    "source__outlet",
    "source__url",
    "source__published",
    "published_revision__quote",
    "published_revision__start",
    "published_revision__end",
    "published_revision__kind",
    "published_revision__annotation_html",
    "published_revision__published_at",
    "published_revision__correction_note",
    "published_revision__briefing__slug",
)


def excerpt_values(request: HttpRequest) -> JsonResponse:
    """The newest published excerpts as plain dicts: one query, no model instances."""
    rows = list(
        Excerpt.objects.published().order_by("-visible_from", "-pk").values(*FIELDS)[:PAGE_SIZE]
    )
    return JsonResponse({"count": len(rows), "results": rows})
