"""Exports of excerpts: CSV for spreadsheets, W3C Web Annotation JSON-LD for other tools.

Both go through the visibility verbs: the desk's staff export what the review queue lists (each
excerpt's working revision), everyone else what readers see (published items, as published).
"""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from desk.api.conditional import ConditionalReads
from desk.api.filtering import ApiFilterBackend
from desk.api.filters import ExcerptApiFilter
from desk.api.webannotation import collection, to_annotation
from desk.models import Excerpt
from desk.project.site_url import absolute
from desk.public.filters import PublishedItemFilter
from desk.readers_view import Publication
from desk.roles import is_staff_member
from sources.pages import quoted_pages

# A cell that begins so is a formula to a spreadsheet: prefixed with ' it stays text (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        # The byte order mark tells spreadsheets the file is UTF-8 (Excel guesses otherwise).
        out = io.StringIO("\ufeff")
        out.seek(1)
        writer = csv.writer(out)
        for row in data if isinstance(data, list) else []:
            writer.writerow([_cell(value) for value in row])
        return out.getvalue().encode("utf-8")


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


class JsonAsLdRenderer(JsonLdRenderer):
    """The same JSON-LD for a client that asks for plain JSON, which it is."""

    media_type = "application/json"
    format = "json"


class Export(ConditionalReads, APIView):
    """An export in the formats its Accept header (or ?format=) allows: 406 for any other."""

    permission_classes = [AllowAny]
    filter_backends = [ApiFilterBackend]
    filename = ""

    @property
    def staff(self) -> bool:
        return is_staff_member(self.request.user)

    def get_filterset_class(self):
        # The schema documents what readers may filter by; the staff have the review queue's.
        if getattr(self, "swagger_fake_view", False):
            return PublishedItemFilter
        return ExcerptApiFilter if self.staff else PublishedItemFilter

    # DjangoFilterBackend asks the view for its FilterSet class this way.
    @property
    def filterset_class(self):
        return self.get_filterset_class()

    def excerpts(self) -> list[tuple[Excerpt, object]]:
        """Each excerpt this user may export, with the revision they may see."""
        if self.staff:
            excerpts = (
                Excerpt.objects.visible_to(self.request.user)
                .with_current()
                .select_related("current_revision__source_version")
                .defer(
                    "current_revision__source_version__text",
                    "current_revision__source_version__blocks",
                )
                .prefetch_related(
                    "current_revision__topics",
                    "current_revision__actors",
                    "current_revision__events",
                )
            )
        else:
            excerpts = Excerpt.objects.visible_to(self.request.user).for_public_page()
        excerpts = ApiFilterBackend().filter_queryset(self.request, excerpts, self)
        excerpts = excerpts.order_by("pk")
        field = "current_revision" if self.staff else "published_revision"
        return [(excerpt, getattr(excerpt, field)) for excerpt in excerpts]

    def source_iri(self, source) -> str:
        """The source's own URL when known, else its page on this desk (the import reads both)."""
        return source.url or absolute(source.get_absolute_url())

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (a bad filter, a throttled client, a format it lacks) are problem details in
        # JSON, never an empty CSV: DRF renders the response with the request's renderer.
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and self.filename:
            response["Content-Disposition"] = (
                f'attachment; filename="{self.filename}.{request.accepted_renderer.format}"'
            )
        return response


STAFF_COLUMNS = [
    "id", "status", "source", "source_title", "source_url", "source_version", "start", "end",
    "pages", "quote", "annotation", "kind", "briefing", "topics", "actors", "events",
    "created_by", "created_at", "updated_at",
]  # fmt: skip
PUBLIC_COLUMNS = [
    "id", "public_url", "briefing", "source_title", "source_author", "source_outlet",
    "source_url", "source_published", "start", "end", "pages", "quote", "annotation", "kind",
    "topics", "actors", "events", "first_published_at", "correction_note",
]  # fmt: skip


def _names(manager, attribute: str = "name") -> str:
    return "; ".join(getattr(thing, attribute) for thing in manager.all())


class ExcerptCsvExport(Export):
    """Excerpts as CSV, one row each; topics, actors and events separated by “; ”; the quote's
    pages ("p. 4", "pp. 4–5") for a paged source (the version's page breaks are a column of the
    row already loaded, so no query more)."""

    renderer_classes = [CsvRenderer]
    filename = "excerpts"

    @extend_schema(
        operation_id="excerpts_export_csv",
        summary="Excerpts as CSV",
        description=(
            "Readers filter as on a briefing's page; the desk's staff also as the review queue "
            "does (status, source, editor…). A briefing is named by its slug."
        ),
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, "One row per excerpt.")},
    )
    def get(self, request: Request) -> Response:
        rows = [STAFF_COLUMNS if self.staff else PUBLIC_COLUMNS]
        for excerpt, revision in self.excerpts():
            rows.append(self._staff_row(excerpt, revision) if self.staff else self._row(excerpt))
        return Response(rows)

    def _staff_row(self, excerpt, revision) -> list:
        source = excerpt.source
        return [
            excerpt.pk, excerpt.status, source.pk, source.display_title, source.url,
            revision.source_version.number, revision.start, revision.end,
            quoted_pages(revision), revision.quote,
            revision.annotation, revision.kind, revision.briefing.slug, _names(revision.topics),
            _names(revision.actors), _names(revision.events, "title"),
            excerpt.created_by.username, excerpt.created_at.isoformat(),
            excerpt.updated_at.isoformat(),
        ]  # fmt: skip

    def _row(self, item) -> list:
        # Readers get the citation and links as approved (desk.readers_copy), not as they read now.
        item = Publication.of(item)
        source = item.citation
        return [
            item.id, absolute(item.url),
            item.briefing.slug, source.display_title, source.author, source.outlet,
            source.url, source.published, item.start, item.end,
            item.pages, item.quote,
            item.annotation, item.kind, "; ".join(t.name for t in item.topics),
            "; ".join(a.name for a in item.actors), "; ".join(e.title for e in item.events),
            item.first_published_at.isoformat(),
            "\n".join(correction.note for correction in item.corrections),
        ]  # fmt: skip


class ExcerptJsonLdExport(Export):
    """Excerpts as a W3C Web Annotation AnnotationCollection (application/ld+json)."""

    renderer_classes = [JsonLdRenderer, JsonAsLdRenderer]
    filename = "excerpts"

    @extend_schema(
        operation_id="excerpts_export_jsonld",
        summary="Excerpts as W3C Web Annotations",
        description="Filters as for the CSV export; also served to Accept: application/json.",
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, "An AnnotationCollection."
            ),
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, "An AnnotationCollection."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        annotations = []
        for excerpt, revision in self.excerpts():
            if self.staff:
                path, shown = reverse("api:excerpt-detail", args=[excerpt.pk]), None
                source_iri = self.source_iri(excerpt.source)
            else:
                # Readers get the links and citation as approved (desk.readers_view).
                shown = Publication.of(excerpt)
                path = shown.url
                # A source without an address of its own is targeted where readers can open
                # the quote: the item's page (the desk's source pages are for its staff).
                source_iri = shown.citation.url or absolute(path)
            annotations.append(
                to_annotation(
                    excerpt,
                    revision,
                    iri=absolute(path),
                    source_iri=source_iri,
                    staff=self.staff,
                    shown=shown,
                    positions=self.staff or bool(shown.citation.url),
                )
            )
        return Response(
            collection(
                annotations,
                iri=absolute(request.get_full_path()),
                label="Briefing Desk excerpts",
            )
        )
