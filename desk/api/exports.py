"""Exports of excerpts: CSV for spreadsheets, W3C Web Annotation JSON-LD for other tools.

Both go through the visibility verbs: the desk's staff export what the review queue lists (each
excerpt's working revision), everyone else what readers see (published items, as published).
"""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from desk.api.conditional import ConditionalReads
from desk.api.webannotation import collection, to_annotation
from desk.filters import ExcerptFilter
from desk.models import Excerpt
from desk.public.filters import PublishedItemFilter
from desk.roles import is_staff_member

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
        out = io.StringIO()
        writer = csv.writer(out)
        for row in data if isinstance(data, list) else []:
            writer.writerow([_cell(value) for value in row])
        return out.getvalue().encode("utf-8")


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


class FirstRenderer(BaseContentNegotiation):
    """An export has one format, whatever the client's Accept header says."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class Export(ConditionalReads, APIView):
    permission_classes = [AllowAny]
    content_negotiation_class = FirstRenderer
    filter_backends = [DjangoFilterBackend]

    @property
    def staff(self) -> bool:
        return is_staff_member(self.request.user)

    def get_filterset_class(self):
        return ExcerptFilter if self.staff else PublishedItemFilter

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
        excerpts = DjangoFilterBackend().filter_queryset(self.request, excerpts, self)
        excerpts = excerpts.order_by("pk")
        field = "current_revision" if self.staff else "published_revision"
        return [(excerpt, getattr(excerpt, field)) for excerpt in excerpts]

    def source_iri(self, source) -> str:
        """The source's own URL when known, else its page on this desk (the import reads both)."""
        return source.url or self.request.build_absolute_uri(source.get_absolute_url())

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (a bad filter, a throttled client) are explained in JSON, not in the export.
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def _filter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, required=False, description=description)


# Readers filter what they see (PublishedItemFilter); the desk's staff filter as the review queue
# does (ExcerptFilter), whose other filters (status, source, editor…) they may add.
FILTERS = [
    _filter("briefing", "A briefing: its slug for readers, its id for the desk's staff."),
    _filter("topic", "A topic's slug."),
    _filter("kind", "The kind of statement."),
    _filter("actor", "An actor, by any spelling."),
    _filter("q", "Words in the quote or annotation."),
]

STAFF_COLUMNS = [
    "id", "status", "source", "source_title", "source_url", "source_version", "start", "end",
    "quote", "annotation", "kind", "briefing", "topics", "actors", "events", "created_by",
    "created_at", "updated_at",
]  # fmt: skip
PUBLIC_COLUMNS = [
    "id", "public_url", "briefing", "source_title", "source_author", "source_outlet",
    "source_url", "source_published", "start", "end", "quote", "annotation", "kind", "topics",
    "actors", "events", "first_published_at", "correction_note",
]  # fmt: skip


def _names(manager, attribute: str = "name") -> str:
    return "; ".join(getattr(thing, attribute) for thing in manager.all())


class ExcerptCsvExport(Export):
    """Excerpts as CSV, one row each; topics, actors and events separated by “; ”."""

    renderer_classes = [CsvRenderer]

    @extend_schema(
        operation_id="excerpts_export_csv",
        summary="Excerpts as CSV",
        parameters=FILTERS,
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
            revision.source_version.number, revision.start, revision.end, revision.quote,
            revision.annotation, revision.kind, revision.briefing.slug, _names(revision.topics),
            _names(revision.actors), _names(revision.events, "title"),
            excerpt.created_by.username, excerpt.created_at.isoformat(),
            excerpt.updated_at.isoformat(),
        ]  # fmt: skip

    def _row(self, item) -> list:
        # Readers get the citation and links as approved (desk.readers_copy), not as they read now.
        revision, copy = item.published_revision, item.copy_for_readers
        source = copy.citation
        return [
            item.pk, self.request.build_absolute_uri(item.get_public_url()),
            revision.briefing.slug, source.display_title, source.author, source.outlet,
            source.url, source.published, revision.start, revision.end, revision.quote,
            revision.annotation, revision.kind, "; ".join(t.name for t in copy.topics),
            "; ".join(a.name for a in copy.actors), "; ".join(e.title for e in copy.events),
            item.first_published_at.isoformat(), revision.correction_note,
        ]  # fmt: skip


class ExcerptJsonLdExport(Export):
    """Excerpts as a W3C Web Annotation AnnotationCollection (application/ld+json)."""

    renderer_classes = [JsonLdRenderer]

    @extend_schema(
        operation_id="excerpts_export_jsonld",
        summary="Excerpts as W3C Web Annotations",
        parameters=FILTERS,
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, "An AnnotationCollection."
            )
        },
    )
    def get(self, request: Request) -> Response:
        annotations = []
        for excerpt, revision in self.excerpts():
            if self.staff:
                path = reverse("api:excerpt-detail", args=[excerpt.pk])
            else:
                path = excerpt.get_public_url()
            annotations.append(
                to_annotation(
                    excerpt,
                    revision,
                    iri=request.build_absolute_uri(path),
                    source_iri=self.source_iri(excerpt.source),
                    staff=self.staff,
                )
            )
        return Response(
            collection(
                annotations,
                iri=request.build_absolute_uri(request.get_full_path()),
                label="Briefing Desk excerpts",
            )
        )
